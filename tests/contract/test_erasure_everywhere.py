"""Erasure reaches every copy of a tip's words on SQLite and PostgreSQL: its tags, the tags in its audit trail,
its file names and links, the inbox's record of the events about it (whose outcomes never held words), and the
private message that told an asker it answered their question (returned for the adapters to replace). On
SQLite, the database file and its write-ahead log keep none of those bytes either."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import text

from bot.commands import Ask, AnswerGap, CaptureMessage, EditTip, EraseTip, Purge
from bot.model import FileRef, Person, Post, Viewer, Visibility
from bot.replies import Erased, GapAnswered
from tests.contract.samples import MONDAY, sample_tip
from tests.contract.test_erasure import OPERATOR, make_bot, words_anywhere

SECRET = "Quillbrackenmoor"
COLUMNS = {"tip": ["text", "previous_text", "files"], "tip_tag": ["tag"], "tip_change": ["before", "after"],
           "inbox": ["payload", "outcome"], "question": ["text"]}


def copies(engine, word: str) -> list[str]:
    """Every column still holding `word` (any case), in any row."""
    return words_anywhere(engine, word, COLUMNS)


def with_file(message_id: str, words: str):
    attached = FileRef(f"{SECRET}-settings.png", "image/png", 4_096, f"https://files.example.org/F1/{SECRET}-settings.png")
    return replace(sample_tip(message_id).source, files=(attached,)), words


def capture_with_file(bot, message_id: str = "1700000000.000100"):
    source, words = with_file(message_id, f"Pump alarm on the {SECRET} ward: silence then reseat #{SECRET}")
    return bot.handle(CaptureMessage(source, words, "U-JO", Visibility.PUBLIC))


def record_outcome(runtime, key: str, reply) -> None:
    """What the inbox keeps of an event once handled: the adapters close it with `reply.summary`."""
    with runtime() as unit:
        unit.inbox.accept("slack", key, "ask", {"text": "handled already"}, MONDAY)
        (item,) = [i for i in unit.inbox.claim(MONDAY, MONDAY - MONDAY, 10) if i.event_key == key]
        unit.inbox.finish(item.id, MONDAY, reply.summary)
        unit.commit()


def answered_gap(bot, runtime) -> GapAnswered:
    """A question nobody had answered, answered by a trainer with the secret word; the asker's private message
    recorded as a post about the answer tip, as the adapters record it."""
    asked = bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), "how do I restart the infusion pump"))
    record_outcome(runtime, "Ev-ask", asked)
    answer = f"Hold Power for {SECRET} seconds, then reseat #{SECRET}"
    answered = bot.handle(AnswerGap(asked.question_id, Person("U-TESS", "Tess"), answer, (SECRET,), at=OPERATOR))
    assert isinstance(answered, GapAnswered)
    record_outcome(runtime, "Ev-gap", answered)
    with runtime() as unit:
        unit.posts.add(Post("slack", "D-U-SAM", "1700000009.000100", tip_id=answered.tip.id, question_id=asked.question_id))
        unit.commit()
    return answered


def test_tags_audit_tags_files_and_outcomes_keep_no_copy_after_an_erasure(engine, units, runtime):
    bot = make_bot(units)
    saved = capture_with_file(bot)
    record_outcome(runtime, "Ev-capture", saved)
    bot.handle(EditTip(saved.tip.id, "U-TRAINER", f"Silence the {SECRET} alarm, then reseat", (SECRET, "pumps"), at=OPERATOR))
    asked_about_it = bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), f"{SECRET} alarm"))
    assert asked_about_it.answered
    record_outcome(runtime, "Ev-answer", asked_about_it)
    assert {"tip.files", "tip_tag.tag", "tip_change.before", "tip_change.after"} <= set(copies(engine, SECRET))
    assert "inbox.outcome" not in copies(engine, SECRET), "an outcome says what happened, never in whose words"

    erased = bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    assert isinstance(erased, Erased) and erased.tip_ids == (saved.tip.id,)
    assert copies(engine, SECRET) == ["question.text"]  # the question, in the asker's own words: a purge's job
    with units() as unit:
        tip = unit.tips.get(saved.tip.id)
        (change,) = unit.changes.list([saved.tip.id])
    assert tip.tags == [] and tip.source.files == ()
    assert change.before["tags"] == change.after["tags"] == [] and change.actor_id == "U-TRAINER"


def test_the_private_message_of_an_answered_gap_is_among_the_posts_to_replace(engine, units, runtime):
    bot = make_bot(units)
    answered = answered_gap(bot, runtime)
    assert {"tip.text", "tip_tag.tag"} <= set(copies(engine, SECRET))
    erased = bot.handle(EraseTip(answered.tip.id, "U-TESS", at=OPERATOR))
    assert [(p.conversation_id, p.message_id) for p in erased.posts] == [("D-U-SAM", "1700000009.000100")]
    assert copies(engine, SECRET) == []
    with engine.connect() as connection:
        outcomes = list(connection.execute(text("SELECT outcome FROM inbox ORDER BY id")).scalars())
    assert outcomes == [f"question {answered.askers[0].id} not answered", f"gap answered with tip {answered.tip.id}; 1 askers to tell"]


def test_a_purge_dry_run_changes_no_tag_or_file(engine, units):
    bot = make_bot(units)
    saved = capture_with_file(bot)
    assert bot.handle(Purge(tip_id=saved.tip.id, dry_run=True)).dry_run
    with units() as unit:
        kept = unit.tips.get(saved.tip.id)
    assert kept.tags == [SECRET.lower()] and kept.source.files[0].name == f"{SECRET}-settings.png"


def test_the_sqlite_file_and_its_log_keep_no_erased_tag_file_name_link_or_gap_answer(tmp_path: Path):
    from store.db import open_store
    from store.repository import unit_of_work_factory
    from store.runtime import runtime_units

    path = tmp_path / "tipjar.db"
    engine = open_store(f"sqlite:///{path}")
    units, runtime = unit_of_work_factory(engine), runtime_units(engine)
    bot = make_bot(units)
    saved = [capture_with_file(bot, f"1700000000.{n:06d}") for n in range(12)]  # several pages and index segments
    for reply in saved[:3]:
        bot.handle(EditTip(reply.tip.id, "U-TRAINER", "Silence the alarm, then reseat", (SECRET,), at=OPERATOR))
    answered = answered_gap(bot, runtime)
    assert SECRET.encode() in _all_bytes(path)
    bot.handle(Purge(match=SECRET))
    bot.handle(EraseTip(answered.tip.id, "U-TESS", at=OPERATOR))
    assert not copies(engine, SECRET)
    engine.dispose()
    stored = _all_bytes(path)
    assert SECRET.encode() not in stored and SECRET.lower().encode() not in stored


def _all_bytes(path: Path) -> bytes:
    """The database file, its write-ahead log and shared memory: every place SQLite keeps bytes."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
