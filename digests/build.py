"""The weekly digest as data: which tips and questions, in what order, under which heading. Pure: no
store, no clock. Rendering is separate (digests.render: Markdown and JSON; adapters.slack.digest_blocks: Slack Block Kit).

The parts, in order: the best new tips of the period (digests.ranking), the questions nobody could answer
(digests.questions), tips flagged as outdated and tips due for re-check (digests.review), and the numbers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.model import Feedback, Question, Release, Tip, TipChange, TipStatus, Visibility
from digests.model import Contributor, Digest, DigestEntry, DigestSection, QuestionGroup, TipList
from digests.period import Period
from digests.gaps import gap_lists
from digests.questions import latest_verdicts
from digests.ranking import ScoreWeights, best_tips, by_tag, saver_count, top_contributors, usage
from digests.review import ReviewHistory, due, outdated

__all__ = [
    "Contributor", "Digest", "DigestEntry", "DigestSection", "QuestionGroup", "ScoreWeights", "TipList",
    "build_digest",
]


def _may_show(tip: Tip, private_channels: frozenset[str]) -> bool:
    """Privacy screen: private-channel tips only from channels opted in to this digest."""
    return tip.visibility is Visibility.PUBLIC or tip.source.ref.channel_id in private_channels


@dataclass(frozen=True)
class _Candidates:
    """The tips a digest may use. Deleted tips and private tips from channels not opted in are never used, in
    any part: `live` holds the rest, from any period."""

    live: list[Tip]
    in_period: list[Tip]
    """Captured in the period."""
    qualifying: list[Tip]
    """Captured in the period, not archived, with at least `min_savers` distinct savers: the best new tips
    are chosen from these, and their authors are the period's contributors."""

    @classmethod
    def of(cls, tips: Iterable[Tip], period: Period, private_channels: frozenset[str], min_savers: int) -> _Candidates:
        live = [t for t in tips if not t.deleted and _may_show(t, private_channels)]
        in_period = [t for t in live if period.contains(t.captured_at)]
        qualifying = [t for t in in_period if t.status is not TipStatus.ARCHIVED and saver_count(t) >= min_savers]
        return cls(live, in_period, qualifying)


def _review_lists(live: list[Tip], best: list[DigestEntry], history: ReviewHistory, now: datetime,
                  review_after_days: int, releases: Iterable[Release], max_listed: int) -> dict[str, TipList]:
    """Outdated and due tips, from any period (rules in digests.review), leaving out the tips already listed
    as best new tips, so each tip appears (and carries review buttons) once."""
    shown = {id(entry.tip) for entry in best}
    not_shown = [t for t in live if id(t) not in shown]
    return {"outdated": outdated(not_shown, history, max_listed),
            "due": due(not_shown, history, now, review_after_days, releases, max_listed)}


def build_digest(
    tips: Iterable[Tip],
    period: Period,
    now: datetime,
    *,
    questions: Iterable[Question] = (),
    feedback: Iterable[Feedback] = (),
    releases: Iterable[Release] = (),
    changes: Iterable[TipChange] = (),
    max_tips: int = 10,
    min_savers: int = 1,
    include_private_channels: Iterable[str] = frozenset(),
    review_after_days: int = 90,
    weights: ScoreWeights = ScoreWeights(),
    max_listed: int = 25,
    max_contributors: int = 3,
    name: str = "",
) -> Digest:
    """The digest `name` for `period`, as of `now`. `tips` is every live tip, not only the period's; which of
    them a digest may use is `_Candidates`'. Best new tips: the `max_tips` qualifying tips highest by
    `weights`, numbered in reading order (`more_tips` counts the rest). Questions (digests.gaps): asked in the
    period and open, near-duplicates grouped, then earlier open ones carried forward (oldest first), then
    those a trainer answered in the period; the share answered is of the period's questions. Outdated and due
    tips: `_review_lists`. Those two lists and the question groups show at most `max_listed` items each and
    keep their totals. Contributors: authors of the period's qualifying tips.
    """
    candidates = _Candidates.of(tips, period, frozenset(include_private_channels), min_savers)
    questions = list(questions)
    asked = [q for q in questions if period.contains(q.asked_at)]
    verdicts = latest_verdicts(feedback)
    history = ReviewHistory(changes)
    best = best_tips(candidates.qualifying, usage(asked, verdicts), period, weights, max_tips, history.label)
    return Digest(
        period=period,
        generated_at=now,
        sections=by_tag(best),
        tips_captured=len(candidates.in_period),
        contributors=len({t.source.author.user_id for t in candidates.qualifying}),
        top_contributors=top_contributors(candidates.qualifying, max_contributors),
        name=name,
        more_tips=max(len(candidates.qualifying) - len(best), 0),
        **_review_lists(candidates.live, best, history, now, review_after_days, releases, max_listed),
        **gap_lists(questions, period, now, verdicts, max_listed),
    )
