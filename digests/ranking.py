"""The best new tips of a period: a documented, tunable score, the top few, grouped by first tag."""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.model import Question, Tip
from digests.model import Contributor, DigestEntry, utc
from digests.period import Period


@dataclass(frozen=True)
class ScoreWeights:
    """How a new tip's score is made; the digest lists the highest scores first.

        score = savers   × distinct people who saved the tip
              + served   × /ask answers in the period that cited it
              + feedback × (helpful − not helpful) verdicts on those answers, each person's latest verdict
              + recency  × how late in the period it was captured (0 at the start, 1 at the very end)

    Defaults: a saver counts 1; two /ask answers count as much as one saver; each net helpful verdict as
    much as a saver (a net "not helpful" takes one away); recency is worth at most half a saver, so it
    favours a tip flagged on Sunday (less time to collect savers) over an equal one from Monday, and never
    outweighs a saver. Equal scores: captured earlier first, then lower id.
    """

    savers: float = 1.0
    served: float = 0.5
    feedback: float = 1.0
    recency: float = 0.5


@dataclass(frozen=True)
class Usage:
    """How /ask used each tip (by id) during the period."""

    served: Counter
    feedback: Counter


def saver_count(tip: Tip) -> int:
    return len(set(tip.savers))


def usage(questions: Iterable[Question], verdicts: dict[tuple[int, str], bool]) -> Usage:
    """Answers that cited each tip, and the net helpful verdicts on those answers."""
    served: Counter = Counter()
    cited: dict[int, set[int]] = {}
    for question in questions:
        tip_ids = set(question.tip_ids)
        served.update(tip_ids)
        if question.id is not None:
            cited[question.id] = tip_ids
    feedback: Counter = Counter()
    for (question_id, _), helpful in verdicts.items():
        for tip_id in cited.get(question_id, ()):
            feedback[tip_id] += 1 if helpful else -1
    return Usage(served, feedback)


def _recency(tip: Tip, period: Period) -> float:
    """0 for a tip captured as the period starts, up to 1 for one captured as it ends."""
    start = utc(period.start)
    return min(max((utc(tip.captured_at) - start) / (utc(period.end) - start), 0.0), 1.0)


def score(tip: Tip, use: Usage, period: Period, weights: ScoreWeights) -> float:
    return (
        weights.savers * saver_count(tip)
        + weights.served * use.served[tip.id]
        + weights.feedback * use.feedback[tip.id]
        + weights.recency * _recency(tip, period)
    )


def best_tips(
    tips: Iterable[Tip], use: Usage, period: Period, weights: ScoreWeights, limit: int, review: Callable[[Tip], str]
) -> list[DigestEntry]:
    """The `limit` best tips by score, as ranked entries (rank 1 is the best)."""
    scored = ((score(t, use, period, weights), t) for t in tips)
    best = heapq.nsmallest(
        max(limit, 0), scored, key=lambda p: (-p[0], utc(p[1].captured_at), p[1].id is None, p[1].id or 0)
    )
    return [
        DigestEntry(tip, rank, saver_count(tip), round(value, 3), use.served[tip.id], use.feedback[tip.id], review(tip))
        for rank, (value, tip) in enumerate(best, start=1)
    ]


def top_contributors(tips: list[Tip], limit: int) -> tuple[Contributor, ...]:
    """Authors with the most tips, by name; equal counts in alphabetical order."""
    counts = Counter(tip.source.author.user_id for tip in tips)
    names = {tip.source.author.user_id: tip.source.author.display_name for tip in tips}
    ranked = sorted(counts, key=lambda user: (-counts[user], names[user].casefold(), user))
    return tuple(Contributor(names[user], counts[user]) for user in ranked[:limit])
