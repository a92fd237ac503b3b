"""Dropping the bytes an erasure freed, and finishing that later when a reader stands in the way.

SQLite keeps deleted words in three places after an UPDATE: the freed space of the page (zeroed because every
connection runs with `secure_delete`), old full-text index segments (rewritten by the FTS5 'optimize'
command) and the write-ahead log and the database file's old pages (both replaced by a TRUNCATE checkpoint).
A checkpoint cannot copy pages into the file while another connection reads an older snapshot of it (an
/ask, a digest, another process): it waits for readers up to the busy timeout, and if one is still there the
compaction is owed. It is recorded in a marker file beside the database (`<database>-compaction-owed`, empty:
any process using the file sees it) and completed when a connection of any engine on that file goes back to
its pool with the readers gone, or when a process opens the file. Never skipped: the marker stays until a
checkpoint has emptied the log.

PostgreSQL keeps dead row versions until VACUUM, and a GIN index never drops an entry key (a lexeme of the
erased text) once written: VACUUM removes its postings, not the word. The search index is rebuilt
concurrently (REINDEX INDEX CONCURRENTLY: reads and writes carry on; the old index's files are unlinked).
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

VACUUMED_TABLES = ("tip", "tip_tag", "tip_change", "tip_embedding", "question", "inbox", "bot_post")
REBUILT_INDEXES = ("ix_tip_search_vector",)
"""PostgreSQL indexes whose keys are the tips' words (GIN keeps a key after its last posting is gone)."""
OWED_SUFFIX = "-compaction-owed"


def compact(engine: Engine, log_only: bool = False) -> list[str]:
    """Drop the freed bytes of an erasure already committed (see the module's docstring). `log_only`: just
    the SQLite write-ahead log, which still holds old copies of pages just overwritten."""
    if engine.dialect.name != "sqlite":
        return [] if log_only else _vacuum_postgres(engine)
    connection = engine.raw_connection()  # outside any transaction: SQLite connections here are in autocommit
    try:
        return _compact_sqlite(connection, log_only, _owed_marker(engine))
    finally:
        connection.close()


def _compact_sqlite(connection, log_only: bool, marker: Path | None) -> list[str]:
    cursor = connection.cursor()
    done = []
    if not log_only:
        cursor.execute("INSERT INTO tip_fts(tip_fts) VALUES ('optimize')")
        done.append("full-text index merged into one segment (old segments gone)")
    cursor.close()
    if _checkpoint(connection):  # waits for readers up to the connection's busy timeout
        _settle(marker)
        return done + ["write-ahead log checkpointed and emptied"]
    if marker is None:  # an in-memory database: no file to keep words in, gone with the process
        return done + ["write-ahead log checkpoint busy (in-memory database, nothing on disk)"]
    marker.touch()
    log.warning("erasure: a reader held the database; the write-ahead log checkpoint is owed (%s)", marker.name)
    return done + [f"write-ahead log checkpoint owed: a reader held the database; completed as soon as it is "
                   f"gone (recorded in {marker.name})"]


def _checkpoint(connection) -> bool:
    """A TRUNCATE checkpoint: every page of the log copied into the file, the log emptied. False when busy."""
    cursor = connection.cursor()
    try:
        busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        cursor.close()
    return not busy


def _owed_marker(engine: Engine) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).with_name(Path(database).name + OWED_SUFFIX)


def _settle(marker: Path | None) -> None:
    if marker is not None and marker.exists():
        marker.unlink(missing_ok=True)
        log.info("erasure: the owed write-ahead log checkpoint is done")


def finish_owed_compaction(engine: Engine, busy_timeout_ms: int) -> None:
    """Complete an owed checkpoint whenever a connection of `engine` is back in its pool (no transaction of
    ours open), and once when the file is opened. Costs one stat of the marker per unit of work."""
    marker = _owed_marker(engine)
    if marker is None:
        return

    def try_now(dbapi_connection, _record) -> None:
        if dbapi_connection is not None and marker.exists():  # None: a connection invalidated on its way back
            _checkpoint_without_waiting(dbapi_connection, marker, busy_timeout_ms)

    event.listen(engine, "checkin", try_now)
    event.listen(engine, "connect", try_now)


def _checkpoint_without_waiting(dbapi_connection, marker: Path, busy_timeout_ms: int) -> None:
    """One attempt that does not wait for readers (the next unit of work tries again); the connection's busy
    timeout is put back whatever happens, or its next writer would fail at once on a held lock."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=0")
        if _checkpoint(dbapi_connection):
            _settle(marker)
    except sqlite3.Error as exc:  # the marker stays: the next attempt retries
        log.warning("erasure: owed checkpoint not done yet: %s", exc)
    finally:
        try:
            cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        finally:
            cursor.close()


def _vacuum_postgres(engine: Engine) -> list[str]:
    # VACUUM and REINDEX CONCURRENTLY cannot run inside a transaction; the pool restores the isolation level.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM {', '.join(VACUUMED_TABLES)}")
        for index in REBUILT_INDEXES:
            connection.exec_driver_sql(f"REINDEX INDEX CONCURRENTLY {index}")
    return [f"dead row versions vacuumed ({', '.join(VACUUMED_TABLES)})",
            f"search index rebuilt without the erased words ({', '.join(REBUILT_INDEXES)})"]
