"""One store, two databases: SQLite always (a temporary file), PostgreSQL when TIPJAR_TEST_DATABASE_URL is set.

PostgreSQL tests run in a schema of their own, created for the run and dropped after it, so they never
touch other tables in the test database; tables are emptied before every test.
"""
from __future__ import annotations

from typing import Iterator

import pytest
from sqlalchemy import Engine, text

from store.db import open_store
from store.repository import unit_of_work_factory
from store.runtime import runtime_units
from tests.contract.databases import postgres_base_url, scratch_schema

BACKENDS = ["sqlite", "postgresql"]
TABLES = "tip, tip_saver, tip_tag, tip_embedding, question, feedback, channel_member, inbox, release, tip_change, digest_run, conversation, bot_post, event_reply"


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    with scratch_schema(postgres_base_url()) as url:
        engine = open_store(url, auto_upgrade=True)
        yield engine
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path) -> Iterator[Engine]:
    """A store at the head revision with no rows in it."""
    if request.param == "postgresql":
        engine = request.getfixturevalue("postgres_engine")
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
        yield engine
        return
    engine = open_store(f"sqlite:///{tmp_path / 'tipjar.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def units(engine):
    """Opens the domain's units of work (bot.ports.UnitOfWork)."""
    return unit_of_work_factory(engine)


@pytest.fixture
def runtime(engine):
    """Opens the runtime's units of work (runtime.ports.RuntimeUnitOfWork): inbox, digest runs, conversations, posts."""
    return runtime_units(engine)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A database with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with scratch_schema(postgres_base_url()) as url:
        yield url
