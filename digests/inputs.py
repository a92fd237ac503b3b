"""What a digest is built from: one period's tips, questions and review history, the digest's limits, and
what several sections derive from them (each derived once, whichever section asks first). Pure: no store, no clock.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from bot.model import Feedback, Question, Release, Tip, TipChange, TipStatus, Visibility
from digests.gaps import Gaps, gaps
from digests.model import DigestEntry, Section
from digests.period import Period
from digests.questions import latest_verdicts
from digests.ranking import ScoreWeights, best_tips, saver_count, usage
from digests.review import ReviewHistory


@dataclass(frozen=True)
class DigestLimits:
    """How much a digest lists, and which tips qualify (app.yaml's digest settings)."""

    max_tips: int = 10
    min_savers: int = 1
    include_private_channels: frozenset[str] = frozenset()
    review_after_days: int = 90
    weights: ScoreWeights = ScoreWeights()
    max_listed: int = 25
    max_contributors: int = 3


def _may_show(tip: Tip, private_channels: frozenset[str]) -> bool:
    """Privacy screen: private-channel tips only from channels opted in to this digest."""
    return tip.visibility is Visibility.PUBLIC or tip.source.ref.channel_id in private_channels


class DigestInput:
    """The material of one digest. Deleted tips and private tips from channels not opted in are never used, by
    any section: `live` holds the rest, from any period."""

    def __init__(self, tips: Iterable[Tip], period: Period, now: datetime, limits: DigestLimits, *,
                 questions: Iterable[Question] = (), feedback: Iterable[Feedback] = (),
                 releases: Iterable[Release] = (), changes: Iterable[TipChange] = ()) -> None:
        self.period, self.now, self.limits = period, now, limits
        private = frozenset(limits.include_private_channels)
        self.live = [t for t in tips if not t.deleted and _may_show(t, private)]
        self.questions, self.feedback = list(questions), feedback
        self.releases, self.changes = list(releases), changes

    @cached_property
    def in_period(self) -> list[Tip]:
        """Captured in the period."""
        return [t for t in self.live if self.period.contains(t.captured_at)]

    @cached_property
    def qualifying(self) -> list[Tip]:
        """Captured in the period, not archived, with at least `min_savers` distinct savers: the best new tips
        are chosen from these, and their authors are the period's contributors."""
        least = self.limits.min_savers
        return [t for t in self.in_period if t.status is not TipStatus.ARCHIVED and saver_count(t) >= least]

    @cached_property
    def verdicts(self) -> dict:
        return latest_verdicts(self.feedback)

    @cached_property
    def history(self) -> ReviewHistory:
        return ReviewHistory(self.changes)

    @cached_property
    def best(self) -> list[DigestEntry]:
        """The `max_tips` qualifying tips highest by the weights, ranked (rank 1 is the best)."""
        asked = [q for q in self.questions if self.period.contains(q.asked_at)]
        use = usage(asked, self.verdicts)
        return best_tips(self.qualifying, use, self.period, self.limits.weights, self.limits.max_tips,
                         self.history.label)

    @cached_property
    def gaps(self) -> Gaps:
        return gaps(self.questions, self.period, self.now, self.verdicts)

    def not_listed(self, earlier: Iterable[Section]) -> list[Tip]:
        """The live tips no earlier section lists: each tip appears (and carries review buttons) once."""
        listed = {id(entry.tip) for section in earlier for entry in section.entries}
        return [t for t in self.live if id(t) not in listed]
