"""The digest as data: which sections, in what order, and the numbers under its title. Pure: no store, no
clock. Rendering is separate (digests.render: Markdown and JSON; the platform adapters: Slack Block Kit, Teams
Adaptive Cards), one render function per section kind.

SECTIONS is the digest's reading order. Each entry is a section kind's rule (digests.sections): the best new
tips of the period, the questions nobody could answer, tips flagged as outdated and tips due for re-check.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot.model import Feedback, Question, Release, Tip, TipChange
from digests.inputs import DigestInput, DigestLimits
from digests.model import Contributor, Digest, DigestEntry, DigestStats, QuestionGroup, Section, TipList
from digests.period import Period
from digests.ranking import ScoreWeights, top_contributors
from digests.sections import best, due, outdated, questions as open_questions

__all__ = [
    "Contributor", "Digest", "DigestEntry", "QuestionGroup", "ScoreWeights", "SECTIONS", "TipList", "build_digest",
]

SectionRule = Callable[[DigestInput, tuple[Section, ...]], Section]
SECTIONS: tuple[SectionRule, ...] = (best.build, open_questions.build, outdated.build, due.build)


def _stats(given: DigestInput) -> DigestStats:
    gaps, qualifying = given.gaps, given.qualifying
    return DigestStats(
        tips_captured=len(given.in_period),
        contributors=len({t.source.author.user_id for t in qualifying}),
        top_contributors=top_contributors(qualifying, given.limits.max_contributors),
        questions_asked=gaps.asked,
        share_answered=gaps.share_answered,
        gaps_answered=gaps.answered,
        gaps_total=gaps.answered + gaps.still_open,
        more_tips=max(len(qualifying) - len(given.best), 0),
    )


def build_sections(given: DigestInput, rules: Iterable[SectionRule] = SECTIONS) -> tuple[Section, ...]:
    """Each rule in turn, each seeing the sections built before it."""
    sections: tuple[Section, ...] = ()
    for rule in rules:
        sections += (rule(given, sections),)
    return sections


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
    them a digest may use is digests.inputs'. Best new tips: the `max_tips` qualifying tips highest by
    `weights`, numbered in reading order (`more_tips` counts the rest). Questions (digests.gaps): asked in the
    period and open, near-duplicates grouped, then earlier open ones carried forward (oldest first), then
    those a trainer answered in the period; the share answered is of the period's questions. Outdated and due
    tips come from any period, leaving out tips an earlier section lists. Those two lists and the question
    groups show at most `max_listed` items each and keep their totals. Contributors: authors of the period's
    qualifying tips.
    """
    limits = DigestLimits(max_tips, min_savers, frozenset(include_private_channels), review_after_days, weights,
                          max_listed, max_contributors)
    given = DigestInput(tips, period, now, limits, questions=questions, feedback=feedback, releases=releases,
                        changes=changes)
    return Digest(period=period, generated_at=now, sections=build_sections(given), stats=_stats(given), name=name)
