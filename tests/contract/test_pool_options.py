"""app.yaml's database settings reach PostgreSQL: the pool's size and the statement timeout."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.ports import StoreUnavailable
from store.db import PoolOptions, make_engine
from tests.contract.databases import postgres_base_url, scratch_schema
from tipjar.settings import load_settings


def test_a_statement_running_past_the_timeout_is_cancelled_and_the_url_options_are_kept():
    with scratch_schema(postgres_base_url()) as url:
        engine = make_engine(url, PoolOptions(pool_size=2, max_overflow=1, statement_timeout_seconds=0.2))
        try:
            with engine.connect() as connection:
                assert connection.execute(text("SHOW statement_timeout")).scalar() == "200ms"
                assert connection.execute(text("SHOW search_path")).scalar().startswith("tipjar_contract_")
            with pytest.raises(StoreUnavailable, match="refused the work"):
                with engine.connect() as connection:
                    connection.execute(text("SELECT pg_sleep(2)"))
            assert engine.pool.size() == 2 and engine.pool._max_overflow == 1
        finally:
            engine.dispose()


def test_zero_means_no_statement_timeout():
    with scratch_schema(postgres_base_url()) as url:
        engine = make_engine(url, PoolOptions(statement_timeout_seconds=0))
        try:
            with engine.connect() as connection:
                assert connection.execute(text("SHOW statement_timeout")).scalar() == "0"
        finally:
            engine.dispose()


def test_the_documented_defaults(tmp_path):
    (tmp_path / "app.yaml").write_text("")
    settings = load_settings(tmp_path / "app.yaml", {})
    assert (settings.database.pool_size, settings.database.max_overflow) == (5, 10)
    assert settings.database.statement_timeout_seconds == 30 and settings.server.claim_batch == 10
    assert PoolOptions() == PoolOptions(5, 10, 30)
