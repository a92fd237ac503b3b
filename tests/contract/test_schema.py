"""Migrations, opening a store, and the errors an operator sees when that goes wrong."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from bot.ports import Scope
from store.db import (
    StoreError, alembic_config, current_revision, downgrade, head_revision, make_engine, open_store, upgrade,
)
from store.tables import TipSaverRow, metadata
from tests.contract.databases import postgres_base_url, scratch_schema
from tests.contract.samples import sample_tip, store_tips

SEARCH_OBJECTS = ("tip_fts", "search_vector", "ix_tip_search_vector")


def not_search_object(_object, name, _type, _reflected, _compare_to) -> bool:
    """The full-text objects exist only in the migration (they differ per database)."""
    return not (name or "").startswith(SEARCH_OBJECTS)


def test_the_migrated_schema_matches_the_table_definitions(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": not_search_object})
        assert compare_metadata(context, metadata) == []


def test_migrations_go_down_to_nothing_and_back_up(empty_database_url):
    engine = open_store(empty_database_url, auto_upgrade=True)
    try:
        downgrade(engine)
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_the_head_read_from_the_migration_files_is_alembics_head():
    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()


def test_a_schema_newer_than_this_tipjar_is_refused(empty_database_url):
    engine = open_store(empty_database_url, auto_upgrade=True)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(StoreError, match="newer than this Tipjar"):
            open_store(empty_database_url, auto_upgrade=True)
    finally:
        engine.dispose()


def test_a_database_not_at_head_is_refused_with_the_command_to_run(empty_database_url):
    with pytest.raises(StoreError, match="tipjar db upgrade") as raised:
        open_store(empty_database_url, auto_upgrade=False)
    assert "\n" not in str(raised.value)


def test_embedded_sqlite_creates_itself_on_first_use(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'new.db'}")
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_postgresql_is_never_upgraded_implicitly():
    with scratch_schema(postgres_base_url()) as url, pytest.raises(StoreError, match="tipjar db upgrade"):
        open_store(url)


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:1/test",
    "postgres://postgres:secret@127.0.0.1:1/test",
    "sqlite:////no/such/directory/tipjar.db",
])
def test_an_unreachable_database_is_one_clear_line(url):
    with pytest.raises(StoreError, match="cannot connect to") as raised:
        open_store(url)
    message = str(raised.value)
    assert "\n" not in message and "secret" not in message


@pytest.mark.parametrize("url", ["not a url", "mysql://localhost/tipjar"])
def test_an_unsupported_url_is_one_clear_line(url):
    with pytest.raises(StoreError) as raised:
        make_engine(url)
    assert "\n" not in str(raised.value)


def test_removing_a_tip_row_removes_its_savers_and_search_entry(units, engine):
    (tip,) = store_tips(units, sample_tip("1.1", "scanner frozen", savers=("U-ANA", "U-BEN")))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM tip WHERE id = :id"), {"id": tip.id})
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(TipSaverRow)) == 0
    with units() as u:
        assert u.search.search("scanner", Scope(), 5) == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'tipjar.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    engine.dispose()
