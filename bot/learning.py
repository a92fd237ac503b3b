"""What people said about earlier answers moves tips for similar questions: a bounded, documented nudge.

Each "Helpful" / "Not helpful" is a verdict on the tips one answer showed. When a new question is similar to
the answered one (at least `SIMILAR` of their content words in common, Jaccard over the words' first letters),
every tip of that answer moves up (helpful) or down (not helpful) by `ask.feedback_step` times the
similarity divided by the tip's place in that answer (the first tip shown is the one a verdict is most
about), summed over verdicts and people, and eased into ±`ask.feedback_limit` (a tanh, so the order between tips
with more and fewer verdicts survives the bound): in the same units as
the approval boost (standard deviations of the ranking score), so a few verdicts reorder close tips but never
lift an unrelated one over a clear match. Only verdicts of the asker's own workspace from the last
`ask.feedback_days` count; a question erased for privacy takes its verdicts with it.

Saves count too: a tip that more people saved (voted for) rises by up to `ask.saves_boost`, by the logarithm
of its savers, so the first few extra savers matter most and no crowd lifts a tip past the bound.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta

from bot.config import AskSettings
from bot.model import Viewer
from bot.ports import UnitOfWork
from bot.relevance import content_words

SAVES_FULL = 8
"""Savers at which the saves boost reaches its bound (`ask.saves_boost`); each doubling before counts the same."""
SIMILAR = 0.5
"""Share of content words two questions must have in common (Jaccard) for a verdict to carry over."""
MAX_VERDICTS = 500
"""The most recent verdicts read per question: the cost of an /ask stays bounded however busy the bot is."""


def similarity(a: str, b: str) -> float:
    words_a, words_b = set(content_words(a)), set(content_words(b))
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


def feedback_shifts(uow: UnitOfWork, question: str, viewer: Viewer, settings: AskSettings,
                    now: datetime) -> dict[int, float]:
    """Per tip, how far the verdicts on answers to similar questions move it (within ±feedback_limit)."""
    if settings.feedback_step == 0 or settings.feedback_limit == 0:
        return {}
    verdicts = uow.feedback.list(since=now - timedelta(days=settings.feedback_days))[-MAX_VERDICTS:]
    asked = {}
    net: dict[int, float] = defaultdict(float)
    for verdict in verdicts:
        if verdict.question_id not in asked:
            asked[verdict.question_id] = uow.questions.get(verdict.question_id)
        earlier = asked[verdict.question_id]
        if earlier is None or (earlier.platform, earlier.workspace_id) != (viewer.platform, viewer.workspace_id):
            continue
        alike = similarity(question, earlier.text)
        if alike >= SIMILAR:
            for rank, tip_id in enumerate(earlier.tip_ids, 1):  # the first tip shown is the one most read
                net[tip_id] += (alike if verdict.helpful else -alike) / rank
    limit = settings.feedback_limit
    # tanh: about feedback_step per verdict at first, never beyond ±limit, and more verdicts always count more
    return {tip_id: limit * math.tanh(settings.feedback_step * value / limit) for tip_id, value in net.items() if value}


def saves_shift(saves: int, boost: float) -> float:
    """How far a tip rises for the people who saved it: nothing for one saver (the one who captured it), then
    the same step for each doubling, up to `boost` at SAVES_FULL savers or more. Logarithmic and bounded, so a
    popular tip wins among tips that match about equally well and never over a clearly better match."""
    if saves <= 1 or boost == 0:
        return 0.0
    return boost * min(1.0, math.log2(saves) / math.log2(SAVES_FULL))
