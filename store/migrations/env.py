"""Alembic environment. store.db.upgrade() hands over a connection; `alembic -x url=...` works too."""
from __future__ import annotations

from alembic import context

from store.db import database_url, make_engine
from store.tables import metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("no database: pass -x url=DATABASE_URL")
    return url


def main() -> None:
    if context.is_offline_mode():
        context.configure(url=database_url(_url()), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.begin() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


main()
