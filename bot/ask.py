"""/ask: retrieve what the viewer may see, answer from those tips, and say so honestly when nothing is close."""
from __future__ import annotations

import re

from bot.commands import Ask, RecordFeedback
from bot.context import Context
from bot.learning import feedback_shifts
from bot.model import Feedback, Question, Tip, TipStatus
from bot.privacy.erase import forget_old_questions
from bot.retrieval import Found
from bot.replies import Answer, AnswerSource, Level, Notice, Reply
from bot.text import display_text, shorten
from bot.words import STOPWORDS, prefix

ASK_USAGE = "Usage: /ask <question> — for example: /ask how do I reprint a wristband?"
NO_ANSWER = (
    "I don't know: nothing in Tipjar matches that closely enough yet. The question is noted, so the trainers "
    "will see it in their digest."
)
_WORD = re.compile(r"\w{3,}")


class ExtractiveAnswerer:
    """Without a language model the answer is the matching tips themselves: no extra text to write."""

    def compose(self, question: str, sources: list[AnswerSource]) -> str:
        return ""


def snippet(text: str, question: str, limit: int) -> str:
    """A window of the readable tip text around the first word it shares with the question."""
    readable = " ".join(display_text(text).split())
    if len(readable) <= limit:
        return readable
    words = {w.lower() for w in _WORD.findall(question)}
    first = next((m.start() for m in _WORD.finditer(readable) if m.group().lower() in words), 0)
    start = max(0, min(first - limit // 4, len(readable) - limit))
    if start and " " in readable[start : first + 1]:
        start = readable.index(" ", start) + 1
    body = shorten(readable[start:], limit - (1 if start else 0))
    return ("…" + body) if start else body


def highlights(snippet_text: str, question: str) -> tuple[tuple[int, int], ...]:
    """Spans of the snippet's words that share their first letters with a word of the question."""
    stems = {prefix(w.lower()) for w in _WORD.findall(question) if w.lower() not in STOPWORDS}
    return tuple((m.start(), m.end()) for m in _WORD.finditer(snippet_text) if prefix(m.group().lower()) in stems)


def _source(found: Found, tip: Tip, question: str, ctx: Context) -> AnswerSource:
    text = snippet(tip.text, question, ctx.ask.snippet_chars)
    return AnswerSource(tip=tip, score=found.score, snippet=text, highlights=highlights(text, question))


def _sources(found: list[Found], tips: dict[int, Tip], question: str, ctx: Context) -> list[AnswerSource]:
    return [
        _source(f, tips[f.tip_id], question, ctx)
        for f in found
        if f.tip_id in tips and not tips[f.tip_id].deleted and tips[f.tip_id].status is not TipStatus.ARCHIVED
    ]


def _readable_private_channels(cmd: Ask, ctx: Context) -> frozenset[str]:
    """Private channels with tips that the viewer (and, for an answer shown in a channel, everyone there) can
    read, asked before any search (the platform may be slow)."""
    viewer = cmd.viewer
    with ctx.units() as uow:
        candidates = uow.tips.private_channels(viewer.platform, viewer.workspace_id)
    if cmd.within is not None:
        candidates &= cmd.within
    return ctx.directory.readable(viewer, candidates) if candidates else frozenset()


MAX_QUESTION_CHARS = 2_000


def ask(cmd: Ask, ctx: Context) -> Reply:
    # Stored and shown to others: never with identifiers. Capped first, so a pasted page costs no more to screen.
    question = ctx.screen(" ".join(cmd.text[:MAX_QUESTION_CHARS].split())).text
    if not question:
        return Notice(ASK_USAGE, Level.USAGE)
    limit = cmd.limit or ctx.ask.max_results
    viewer = cmd.viewer
    scope = ctx.sharing.scope(viewer.platform, viewer.workspace_id, _readable_private_channels(cmd, ctx), cmd.public)
    query = ctx.retriever.prepare(question[:1000])
    with ctx.units() as uow:
        shifts = feedback_shifts(uow, question, viewer, ctx.ask, ctx.clock.now())
        found = ctx.retriever.search(uow, query, scope, limit, shifts=shifts)
        tips = uow.tips.get_many(f.tip_id for f in found)
        found = ctx.retriever.relevant(question, found, {i: t.text for i, t in tips.items()})
        sources = _sources(found, tips, question, ctx)
        asked = uow.questions.add(Question(
            asker_id=viewer.user_id, text=question, asked_at=ctx.clock.now(), platform=viewer.platform,
            workspace_id=viewer.workspace_id, answered=bool(sources), tip_ids=[s.tip.id for s in sources],
        ))
        forget_old_questions(uow, ctx)
        uow.commit()
    text = ctx.answerer.compose(question, sources) if sources else NO_ANSWER
    return Answer(question=question, sources=sources, text=text, question_id=asked.id)


def record_feedback(cmd: RecordFeedback, ctx: Context) -> Reply:
    with ctx.units() as uow:
        if uow.questions.get(cmd.question_id) is None:
            return Notice("That answer is no longer on record, so the feedback could not be kept.", Level.ERROR)
        uow.feedback.record(Feedback(cmd.question_id, cmd.user_id, cmd.helpful, ctx.clock.now()))
        uow.commit()
    return Notice("Thanks, noted: the answer helped." if cmd.helpful else "Thanks, noted: the trainers will see this question.")
