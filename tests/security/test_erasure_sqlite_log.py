"""Erasure and the SQLite write-ahead log when someone else is reading: the serving process keeps pooled
connections and workers reading (an /ask, a digest, the inbox worker) while an erasure commits. Its TRUNCATE
checkpoint then reports busy and is left at that: the database file keeps the page with the erased words and
nothing empties the log later, so the words stay on disk after the erasure has said it is done."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.contract.test_erasure import OPERATOR, capture, make_bot
from bot.commands import EraseTip

SECRET = "Pelicanquarry"


def all_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def test_an_erasure_during_a_read_leaves_no_words_in_the_file_or_its_log(tmp_path: Path):
    from store.db import open_store
    from store.repository import unit_of_work_factory

    path = tmp_path / "tipjar.db"
    engine = open_store(f"sqlite:///{path}")
    bot = make_bot(unit_of_work_factory(engine))
    saved = capture(bot, words=f"Scanner on {SECRET} ward: hold the trigger ten seconds")
    checkpoint = sqlite3.connect(path)  # the capture's pages into the database file, as after any compaction
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM tip").fetchone()  # a read in progress (an /ask, a digest)
    erased = bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    reader.rollback()
    reader.close()
    assert erased.tip_ids == (saved.tip.id,)
    for _ in range(3):  # the server carries on with ordinary work: nothing containing the words
        capture(bot, f"1700000001.{_:06d}", "Label printer needs the blue ribbon")
    stored = all_bytes(path)
    engine.dispose()
    assert SECRET.encode() not in stored and SECRET.lower().encode() not in stored, (
        "the erased words are still in the database file or its write-ahead log: "
        + "; ".join(erased.done))
