"""One store, two databases: SQLite always (a temporary file), PostgreSQL when TIPJAR_TEST_DATABASE_URL is set.

PostgreSQL tests run in a schema of their own, created for the run and dropped after it, so they never
touch other tables in the test database; tables are emptied before every test.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator
from uuid import uuid4

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from store.db import make_engine, open_store
from store.repository import unit_of_work_factory

POSTGRES_URL_VARIABLE = "TIPJAR_TEST_DATABASE_URL"
BACKENDS = ["sqlite", "postgresql"]
TABLES = "tip, tip_saver, tip_tag, question, channel_member"


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"PostgreSQL not tested: set {POSTGRES_URL_VARIABLE}, "
                    "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    return url


@contextmanager
def scratch_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections work in a new, empty schema; the schema is dropped afterwards."""
    name = f"tipjar_contract_{uuid4().hex[:10]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


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
def uow(engine):
    return unit_of_work_factory(engine)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A database with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with scratch_schema(postgres_base_url()) as url:
        yield url
