"""An SQLite checkpoint a reader blocks is owed, recorded beside the database, and paid by whichever process
next uses the file once the reader is gone (tests/security/test_erasure_sqlite_log.py checks the bytes)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.commands import EraseTip
from store.compaction import OWED_SUFFIX
from store.db import open_store
from store.repository import unit_of_work_factory
from tests.contract.test_erasure import OPERATOR, capture, make_bot


def test_an_owed_checkpoint_is_recorded_and_paid_by_the_next_process_to_open_the_file(tmp_path: Path):
    path = tmp_path / "tipjar.db"
    marker = path.with_name(path.name + OWED_SUFFIX)
    engine = open_store(f"sqlite:///{path}")
    bot = make_bot(unit_of_work_factory(engine))
    saved = capture(bot, words="Scanner on the Pelicanquarry ward: hold the trigger")
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM tip").fetchone()
    erased = bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    assert any("owed" in line for line in erased.done), erased.done
    assert marker.exists()
    engine.dispose()  # this process goes away before the reader does
    reader.rollback()
    reader.close()
    assert marker.exists(), "nobody has checkpointed yet: the debt must still be on record"
    later = open_store(f"sqlite:///{path}")
    with unit_of_work_factory(later)() as unit:
        unit.tips.get(saved.tip.id)
    later.dispose()
    assert not marker.exists()
    assert b"Pelicanquarry" not in b"".join(p.read_bytes() for p in tmp_path.glob("tipjar.db*"))


def test_an_unblocked_erasure_owes_nothing(tmp_path: Path):
    path = tmp_path / "tipjar.db"
    engine = open_store(f"sqlite:///{path}")
    bot = make_bot(unit_of_work_factory(engine))
    saved = capture(bot, words="Label printer needs the blue ribbon")
    erased = bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    engine.dispose()
    assert any("emptied" in line for line in erased.done) and not list(tmp_path.glob(f"*{OWED_SUFFIX}"))
