"""The digest's gaps: this period's open question groups, older ones carried forward until a trainer answers
or dismisses them, and the groups answered in the period (shown "answered by Jo Brennan" and counted).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.model import Question
from digests.model import QuestionGroup, utc
from digests.period import Period
from digests.questions import group_questions, open_questions


def _aged(group: QuestionGroup, period: Period, now: datetime, answered_by: str = "") -> QuestionGroup:
    first = group.first_asked or now
    return replace(group, age_days=max((utc(now) - first).days, 0), carried=first < period.start,
                   answered_by=answered_by)


@dataclass(frozen=True)
class Gaps:
    """A period's question groups in the order the digest lists them (this period's open ones, then earlier open
    ones carried forward, oldest first, then those a trainer answered in the period), and the numbers about them."""

    groups: tuple[QuestionGroup, ...]
    asked: int
    """Questions asked in the period."""
    share_answered: float
    """Of the period's questions, the share no longer open."""
    answered: int
    """Groups a trainer answered in the period."""
    still_open: int
    """Groups still open, this period's and carried ones."""


def gaps(questions: list[Question], period: Period, now: datetime, verdicts: dict) -> Gaps:
    """`questions` may reach back before the period (carried gaps)."""
    asked = [q for q in questions if period.contains(q.asked_at)]
    earlier = [q for q in questions if utc(q.asked_at) < period.start and not q.resolved]
    still_open = [q for q in open_questions(asked + earlier, verdicts) if not q.resolved]
    open_groups = [_aged(g, period, now) for g in group_questions(still_open)]
    fresh = [g for g in open_groups if not g.carried]
    carried = sorted((g for g in open_groups if g.carried), key=lambda g: g.first_asked)
    answered_now = [q for q in questions if q.resolution == "answered" and q.resolved_at and period.contains(q.resolved_at)]
    names = {q.id: q.resolved_by for q in answered_now}
    answered = [_aged(g, period, now, names.get(g.question_id, "")) for g in group_questions(answered_now)]
    in_period = {id(q) for q in asked}
    share = (len(asked) - sum(id(q) in in_period for q in still_open)) / len(asked) if asked else 0.0
    return Gaps(tuple(fresh + carried + answered), len(asked), share, len(answered), len(open_groups))
