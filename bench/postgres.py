"""A PostgreSQL database of the benchmark's own, at head, dropped afterwards; and `tipjar serve` on it."""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from uuid import uuid4

from sqlalchemy import text
from sqlalchemy.engine import make_url

from store.db import make_engine, upgrade


@contextmanager
def scratch_database(base_url: str, upgrade_to_head: bool = True):
    """(url, engine) of a new database on the server of `base_url`, at this checkout's schema head unless told
    not to (an earlier Tipjar upgrades it to its own); it is dropped on the way out."""
    name = f"tipjar_bench_{uuid4().hex[:8]}"
    admin = make_engine(base_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        if upgrade_to_head:
            upgrade(engine)
        yield url, engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def database_for(base_url: str | None, upgrade_to_head: bool = True):
    """A scratch PostgreSQL database when `base_url` is given; otherwise (None, None): the SQLite default."""
    return scratch_database(base_url, upgrade_to_head) if base_url else nullcontext((None, None))


def on_database(server, url: str | None):
    """Point a TipjarServer (not started yet) at `url`, for its processes and its own look-ups alike."""
    if url:
        server.env["TIPJAR_DATABASE_URL"] = server.database_url = url
    return server
