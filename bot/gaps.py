"""The questions nobody could answer, closed by the trainers: answered (the answer becomes an approved tip
and the askers hear back) or dismissed ("Not a question for us").

A decision covers the question and every open question Tipjar groups with it (digests.questions), so one
answer reaches everyone who asked the same thing in other words.
"""
from __future__ import annotations

from datetime import datetime, tzinfo

from bot.commands import AnswerGap, DismissGap
from bot.context import Context
from bot.model import Origin, Person, Question, Source, SourceRef, Tip, TipChange, TipStatus, Visibility
from bot.ports import Conflict, UnitOfWork
from bot.replies import GapAnswered, Level, Notice, Reply
from bot.privacy.attachments import screen_tags
from bot.text import cap_tags, clean_tags, extract_tags
from digests.questions import group_questions

ANSWERS_CHANNEL = "answers"
"""The channel id (and name) an answer tip is filed under: it was written to Tipjar, not posted in chat."""
NO_SUCH_QUESTION = "That question is no longer on record (it may have been erased)."
ANSWER_USAGE = "An answer needs some text: write what the people who asked should know."


def _open_group(uow: UnitOfWork, question: Question) -> list[Question]:
    """`question` and the open questions of its workspace grouped with it, oldest first."""
    candidates = [
        q for q in uow.questions.list()
        if not q.resolved and q.platform == question.platform and q.workspace_id == question.workspace_id
    ]
    for group in group_questions(candidates):
        if question.id in group.question_ids:
            members = set(group.question_ids)
            return [q for q in candidates if q.id in members]
    return [question]


def _first_per_asker(questions: list[Question]) -> tuple[Question, ...]:
    firsts: dict[str, Question] = {}
    for question in sorted(questions, key=lambda q: (q.asked_at, q.id or 0)):
        firsts.setdefault(question.asker_id, question)
    return tuple(firsts.values())


def _answer_tip(question: Question, cmd: AnswerGap, text: str, kinds: tuple[str, ...], ctx: Context) -> Tip:
    now = ctx.clock.now()
    ref = SourceRef(question.platform, question.workspace_id, ANSWERS_CHANNEL, f"answer-{question.id}")
    tags = cap_tags(clean_tags([*screen_tags(ctx.screen, clean_tags(cmd.tags)), *extract_tags(text)]))[0]
    return Tip(
        source=Source(ref, Person(cmd.trainer.user_id, cmd.trainer.name), channel_name=ANSWERS_CHANNEL, posted_at=now),
        text=text, visibility=Visibility.PUBLIC, origin=Origin.ANSWER, captured_at=now, status=TipStatus.APPROVED,
        tags=tags, savers=[cmd.trainer.user_id], updated_at=now, redacted=list(kinds),
    )


def _unresolved(uow: UnitOfWork, question_id: int) -> Question | Notice:
    if not 0 < question_id < 2**31:  # a number from a button: never one a database integer cannot hold
        return Notice(NO_SUCH_QUESTION, Level.ERROR)
    question = uow.questions.get(question_id)
    if question is None:
        return Notice(NO_SUCH_QUESTION, Level.ERROR)
    if question.resolved:
        verb = "answered" if question.resolution == "answered" else "dismissed"
        return Notice(f"That question was already {verb} by {question.resolved_by or 'a trainer'}.")
    return question


def answer_gap(cmd: AnswerGap, ctx: Context) -> Reply:
    if not cmd.text.strip():
        return Notice(ANSWER_USAGE, Level.USAGE)
    if len(cmd.text) > ctx.capture.max_text_chars:
        return Notice(f"That is longer than {ctx.capture.max_text_chars:,} characters; nothing was saved.", Level.ERROR)
    screened = ctx.screen(cmd.text.strip())  # stored and sent to the askers: never with identifiers
    try:
        with ctx.units() as uow:
            question = _unresolved(uow, cmd.question_id)
            if isinstance(question, Notice):
                return question
            group = _open_group(uow, question)
            tip = uow.tips.add(_answer_tip(question, cmd, screened.text, screened.kinds, ctx))
            uow.changes.add(TipChange(tip.id, cmd.trainer.user_id, cmd.trainer.name, "status",
                                      {"status": TipStatus.NEW.value}, {"status": TipStatus.APPROVED.value},
                                      tip.captured_at))
            uow.questions.resolve([q.id for q in group], "answered", cmd.trainer.display_name, tip.captured_at, tip.id)
            uow.commit()
    except Conflict:  # another trainer answered the same question a moment ago
        return Notice("Another trainer has just answered that question.")
    ctx.retriever.indexer.index_later(ctx.units, [(tip.id, tip.text)])
    return GapAnswered(tip=tip, trainer=cmd.trainer.display_name, askers=_first_per_asker(group))


def dismiss_gap(cmd: DismissGap, ctx: Context) -> Reply:
    with ctx.units() as uow:
        question = _unresolved(uow, cmd.question_id)
        if isinstance(question, Notice):
            return question
        group = _open_group(uow, question)
        uow.questions.resolve([q.id for q in group], "dismissed", cmd.trainer.display_name, ctx.clock.now())
        uow.commit()
    return Notice(f"Dismissed: {len(group)} question{'s' if len(group) != 1 else ''} left the digest.")


def weekday(when: datetime, tz: tzinfo) -> str:
    """"Tuesday": the day a question was asked, in the hospital's time zone, for "You asked … on Tuesday"."""
    return when.astimezone(tz).strftime("%A")
