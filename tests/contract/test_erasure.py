"""Erasure on SQLite and PostgreSQL: the words leave the tip, the audit trail, the inbox, the questions, the
search index and, on SQLite, the database file and its write-ahead log."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from bot.commands import Ask, CaptureMessage, DeleteSource, EditSource, EditTip, Purge
from bot.config import AskSettings, SemanticSettings
from adapters.settings import Settings
from bot.model import Viewer, Visibility
from bot.operator import Operator
from bot.replies import Erased
from tests.contract.samples import MONDAY, sample_tip
from tests.unit.fakes import FixedClock
from tipjar.bootstrap import build_bot

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

SECRET = "Zanzibarquokka"
TIP = f"Scanner frozen on {SECRET} unit? hold the trigger ten seconds"


def make_bot(units, clock=None):
    settings = Settings(ask=AskSettings(retrieval="lexical"), semantic=SemanticSettings(provider="off"))
    return build_bot(settings, units=units, clock=clock or FixedClock(MONDAY))


def capture(bot, message_id="1700000000.000100", words=TIP, saver="U-JO"):
    source = sample_tip(message_id).source
    return bot.handle(CaptureMessage(source, words, saver, Visibility.PUBLIC))


TEXT_COLUMNS = {"tip": ["text", "previous_text"], "tip_change": ["before", "after"], "inbox": ["payload"],
                "question": ["text"]}


def words_anywhere(engine, word: str, tables: dict[str, list[str]] = TEXT_COLUMNS) -> list[str]:
    """The columns (table.column) whose rows still hold `word`, in any case, in text or JSON."""
    found = []
    with engine.connect() as connection:
        for table, columns in tables.items():
            for column in columns:
                hits = connection.execute(text(f"SELECT count(*) FROM {table} WHERE lower(CAST({column} AS TEXT)) LIKE :w"),
                                          {"w": f"%{word.lower()}%"}).scalar()
                if hits:
                    found.append(f"{table}.{column}")
    return found


def test_a_deleted_source_is_erased_from_every_table_and_the_search_index(engine, units, runtime):
    bot = make_bot(units)
    saved = capture(bot)
    bot.handle(EditSource(saved.tip.source.ref, TIP + " (edited)"))
    bot.handle(EditTip(saved.tip.id, "U-TRAINER", TIP + " for sure", (), at=OPERATOR))
    with runtime() as unit:
        edit_waiting = {"event": {"subtype": "message_changed", "message": {"ts": saved.tip.source.ref.message_id,
                                                                             "text": TIP + " again"}}}
        unit.inbox.accept("slack", "Ev1", "message_changed", edit_waiting, MONDAY)
        unit.commit()
    assert words_anywhere(engine, SECRET)
    assert bot.handle(Ask(Viewer("slack", "T1", "U-JO"), SECRET)).answered
    reply = bot.handle(DeleteSource(saved.tip.source.ref))
    assert isinstance(reply, Erased) and reply.tip_ids == (saved.tip.id,)
    assert words_anywhere(engine, SECRET) == ["question.text"]  # the question asked just above, in its own words
    assert not bot.handle(Ask(Viewer("slack", "T1", "U-JO"), SECRET)).answered
    with units() as unit:
        (change,) = unit.changes.list([saved.tip.id])
        assert change.before["text"] == change.after["text"] == "[erased]" and change.actor_id == "U-TRAINER"


def test_purge_by_words_reaches_questions_and_a_dry_run_changes_nothing(engine, units):
    bot = make_bot(units)
    capture(bot)
    capture(bot, "1700000000.000200", "Nothing to hide here about scanners")
    bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), f"what is {SECRET}?"))
    dry = bot.handle(Purge(match=SECRET.lower(), dry_run=True))
    assert dry.dry_run and len(dry.tip_ids) == 1 and "1 stored questions would be erased" in dry.done
    assert set(words_anywhere(engine, SECRET)) == {"tip.text", "question.text"}
    done = bot.handle(Purge(match=SECRET.lower()))
    assert done.tip_ids == dry.tip_ids and words_anywhere(engine, SECRET) == []
    assert len(bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), "scanners")).sources) == 1


def test_purge_by_person_and_old_questions_forgotten(engine, units):
    clock = FixedClock(MONDAY)
    bot = make_bot(units, clock)
    capture(bot)
    bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), "how do I reprint a Quokkaband label"))
    assert bot.handle(Purge(user_id="U-MARIA")).tip_ids
    clock.advance(days=91)
    bot.handle(Ask(Viewer("slack", "T1", "U-JO"), "anything new"))
    assert words_anywhere(engine, "Quokkaband") == []
    assert words_anywhere(engine, "anything new") == ["question.text"]


def test_the_sqlite_file_and_its_log_hold_no_erased_bytes(tmp_path: Path):
    from store.db import open_store
    from store.repository import unit_of_work_factory

    path = tmp_path / "tipjar.db"
    engine = open_store(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    bot = make_bot(unit_of_work_factory(engine))
    for n in range(30):  # enough rows that the index has several segments
        capture(bot, f"1700000000.{n:06d}", f"tip {n} about scanners and {SECRET}{n} labels")
    assert SECRET.encode() in _all_bytes(path)
    bot.handle(Purge(match=SECRET))
    engine.dispose()
    assert SECRET.encode() not in _all_bytes(path)
    assert SECRET.lower().encode() not in _all_bytes(path)


def _all_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
