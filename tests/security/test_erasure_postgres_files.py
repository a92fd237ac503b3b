"""Erasure on PostgreSQL: the erased words must not stay in the database's files. An erasure UPDATEs the tip's
text to "" and runs a plain VACUUM, which marks the dead row version's space free without overwriting it; the
GIN index on `search_vector` keeps the erased tip's lexemes as entry keys. Read back from the data files (as
anyone holding a disk image or a file-level backup can), the words are still there.
Run with TIPJAR_TEST_DATABASE_URL (a superuser: CHECKPOINT and pg_read_binary_file)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.commands import EraseTip
from tests.contract.conftest import engine, postgres_engine, units  # noqa: F401 (fixtures)
from tests.contract.test_erasure import OPERATOR, capture, make_bot

SECRET = "Pelicanquarry"


def relation_bytes(engine, relation: str) -> bytes:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CHECKPOINT"))  # what the buffers hold, written to the files
        return bytes(connection.execute(text("SELECT pg_read_binary_file(pg_relation_filepath(:r))"), {"r": relation}).scalar())


def test_an_erased_tips_words_leave_the_postgresql_table_and_search_index_files(engine, units):
    if engine.dialect.name != "postgresql":
        pytest.skip("the SQLite file is checked in tests/contract/test_erasure_everywhere.py")
    bot = make_bot(units)
    saved = capture(bot, words=f"Scanner on {SECRET} ward: hold the trigger ten seconds")
    assert SECRET.encode() in relation_bytes(engine, "tip")
    erased = bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    assert erased.tip_ids == (saved.tip.id,) and any("vacuumed" in line for line in erased.done)
    left = [relation for relation in ("tip", "ix_tip_search_vector")
            if SECRET.lower()[:10].encode() in relation_bytes(engine, relation).lower()]
    assert not left, f"the erased words are still in the data files of {left}"
