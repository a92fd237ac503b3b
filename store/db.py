"""Engines from a URL (SQLite or PostgreSQL), schema migrations, and the one-line StoreError."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError

from bot.ports import Conflict, StoreUnavailable
from store.compaction import finish_owed_compaction

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_CONNECT_TIMEOUT_S = 10
UPGRADE_HINT = "run `tipjar db upgrade`"


class StoreError(StoreUnavailable):
    """The store cannot be used. The message is one line, fit to show an operator as it is."""


def database_url(url: str) -> URL:
    """The URL SQLAlchemy should use: PostgreSQL always through psycopg 3."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a port that is not a number: the message would quote the URL's parts
        raise StoreError("not a database URL (expected sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DB)") from None
    if "@" in (parsed.host or ""):  # the host would be the password's tail, and every error would name it
        raise StoreError("not a database URL: write an @, : or / in the password as %40, %3A or %2F") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {parsed.drivername!r}: use sqlite or postgresql")
    return parsed


@dataclass(frozen=True)
class PoolOptions:
    """PostgreSQL connections of one process: each replica holds up to pool_size + max_overflow of them, so
    replicas x that must stay below the server's max_connections. A statement running longer than
    statement_timeout_seconds is cancelled (0: never), so one stuck query cannot hold a worker or a lock."""

    pool_size: int = 5
    max_overflow: int = 10
    statement_timeout_seconds: float = 30


def make_engine(url: str, pool: PoolOptions | None = None) -> Engine:
    parsed = database_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            # SQLite has one writer at a time, and every transaction here takes the write lock. Sharing one
            # connection makes the threads of this process queue for it in order, at once, instead of
            # polling SQLite's busy handler, whose growing sleeps put hundreds of milliseconds into the tail.
            engine = create_engine(parsed, pool_size=1, max_overflow=0, pool_timeout=SQLITE_BUSY_TIMEOUT_MS / 1000 * 6)
            event.listen(engine, "connect", _configure_sqlite)
            event.listen(engine, "begin", _begin_immediate)
            finish_owed_compaction(engine, SQLITE_BUSY_TIMEOUT_MS)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, **_postgres_pool(parsed, pool))
    except (NoSuchModuleError, ImportError):
        raise StoreError("PostgreSQL needs psycopg 3: pip install 'tipjar[postgres]'") from None
    event.listen(engine, "handle_error", _translate_error)
    return engine


def _postgres_pool(parsed: URL, pool: PoolOptions | None) -> dict:
    connect = {} if "connect_timeout" in parsed.query else {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}
    if pool is None:
        return {"connect_args": connect}
    if pool.statement_timeout_seconds:
        given = parsed.query.get("options", "")  # the URL's own options (a search_path, say) are kept
        given = " ".join(given) if isinstance(given, tuple) else given
        timeout = f"-c statement_timeout={round(pool.statement_timeout_seconds * 1000)}"
        connect["options"] = f"{given} {timeout}".strip()
    return {"connect_args": connect, "pool_size": pool.pool_size, "max_overflow": pool.max_overflow}


def _configure_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN, not pysqlite
    cursor = dbapi_connection.cursor()
    # WAL + synchronous=FULL: an acknowledged commit survives a crash of the bot and a power cut alike.
    # secure_delete: deleted and overwritten content is zeroed, so erased words do not stay in free space
    # (some SQLite builds have it on by default, others not).
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "secure_delete=ON",
                   f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _begin_immediate(connection) -> None:
    """Take the write lock up front: a read-then-write transaction then waits instead of failing busy."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


SECRET_PARAMETERS = ("password", "sslpassword")
"""libpq's parameters a URL may carry a password in (postgresql://USER@HOST/DB?password=...)."""


def shown(url: URL) -> str:
    """The URL with its passwords hidden, fit for a log line or an error message."""
    return url.difference_update_query(SECRET_PARAMETERS).render_as_string(hide_password=True)


def _translate_error(context: ExceptionContext) -> None:
    """Unique violations become Conflict; unreachable or refusing databases become StoreError."""
    if getattr(context, "is_pre_ping", False):
        return  # a pooled connection found dead (after a failover): the pool replaces it, nobody need know
    original = context.original_exception
    reason = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    if isinstance(context.sqlalchemy_exception, IntegrityError) and _is_unique_violation(original):
        raise Conflict(reason)
    if context.connection is None or context.is_disconnect:
        where = shown(context.engine.url) if context.engine else "the database"
        raise StoreError(f"cannot connect to {where}: {reason}")
    if isinstance(context.sqlalchemy_exception, OperationalError):
        raise StoreError(f"the database refused the work: {reason}")


def _is_unique_violation(error: BaseException) -> bool:
    return getattr(error, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(error)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


# Importing Alembic costs more than half a second, on every command that opens the store. Checking the schema
# needs only the revision ids, which every migration file states on two lines of its own: they are read
# from the files, and Alembic is imported only to migrate.
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*(?:['\"]([^'\"]+)['\"]|None)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def _revisions() -> dict[str, str | None]:
    """Each migration's revision id and the revision it follows, read from the migration files."""
    chain: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        stated = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if stated.get("revision"):
            chain[stated["revision"]] = stated.get("down_revision") or None
    return chain


def head_revision() -> str:
    """The newest migration: the one revision no other follows."""
    chain = _revisions()
    heads = set(chain) - set(chain.values())
    if len(heads) != 1:
        raise StoreError(f"the migrations have {len(heads)} heads ({', '.join(sorted(heads))}); expected one")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return stored_revision(connection)


def stored_revision(connection: Connection) -> str | None:
    """The schema's revision as the database records it (Alembic's own table), None for an empty database."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the schema forward, in one transaction."""
    _migrate(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    _migrate(engine, "downgrade", revision)


def _migrate(engine: Engine, action_name: str, revision: str) -> None:
    from alembic import command
    from alembic.util import CommandError

    action = getattr(command, action_name)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        try:
            action(config, revision)
        except CommandError as exc:
            raise StoreError(f"cannot migrate the database schema: {exc}") from None


def dialect_insert(session: "Session"):
    """The INSERT construct of the session's database: both have ON CONFLICT DO NOTHING, each its own. Imported
    here: PostgreSQL's dialect module (with its asyncio drivers) costs a one-shot command on SQLite ~40 ms."""
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    from sqlalchemy.dialects.postgresql import insert as postgres_insert

    return postgres_insert


def open_store(url: str, auto_upgrade: bool | None = None, pool: PoolOptions | None = None) -> Engine:
    """An engine whose schema is at head. `auto_upgrade` None: SQLite upgrades itself, PostgreSQL must be at head.
    `pool`: PostgreSQL's pool and statement timeout (None: SQLAlchemy's pool, no timeout)."""
    engine = make_engine(url, pool)
    if auto_upgrade is None:
        auto_upgrade = engine.dialect.name == "sqlite"
    try:
        _ensure_head(engine, auto_upgrade)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _ensure_head(engine: Engine, auto_upgrade: bool) -> None:
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is not None and not _known_revision(current):
        raise StoreError(f"the database schema ({current}) is newer than this Tipjar (head {head}): upgrade Tipjar")
    if not auto_upgrade:
        state = f"at revision {current}" if current else "empty"
        raise StoreError(f"the database schema is {state}, this Tipjar needs {head}: {UPGRADE_HINT}")
    upgrade(engine)


def _known_revision(revision: str) -> bool:
    return revision in _revisions()
