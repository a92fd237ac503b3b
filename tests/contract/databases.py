"""The PostgreSQL side of the contract tests: where it is, and schemas of their own to work in."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterator
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from store.db import make_engine

POSTGRES_URL_VARIABLE = "TIPJAR_TEST_DATABASE_URL"


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


@contextmanager
def throwaway_postgres() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """A database and login role of this test's own: (url, break_it, mend_it)."""
    base = postgres_base_url()
    name = f"tipjar_fault_{uuid4().hex[:10]}"
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        connection.execute(text(f'CREATE DATABASE "{name}" OWNER "{name}"'))
        connection.execute(text(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC'))

    def break_it() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'REVOKE CONNECT ON DATABASE "{name}" FROM "{name}"'))
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                               {"d": name})

    def mend_it() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'GRANT CONNECT ON DATABASE "{name}" TO "{name}"'))

    url = make_url(base).set(database=name, username=name, password=None)
    try:
        yield url.render_as_string(hide_password=False), break_it, mend_it
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()
