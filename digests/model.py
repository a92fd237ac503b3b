"""What a built digest holds: plain frozen data, made by digests.build and read by the renderers.

A digest is its period, its numbers and an ordered list of sections. Each kind of section is one module of
digests.sections (its data and the rule that fills it); every renderer finds a section's render function by its
`kind` (digests.renderers), so no renderer reads a digest's parts by name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import ClassVar, Protocol

from bot.model import Tip
from digests.period import Period


def utc(when: datetime) -> datetime:
    """An aware UTC instant; naive values (as stores often return them) are taken to be UTC already."""
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


@dataclass(frozen=True)
class DigestEntry:
    """One tip in one section of the digest.

    `review` is the latest review decision in words ("Approved by Jo Brennan"), "" when nobody has
    reviewed it; `reason` says why a tip is due for re-check. Both hold chat-derived names: renderers
    pass them through their display function like any other chat text.
    """

    tip: Tip
    rank: int
    savers: int
    score: float = 0.0
    served: int = 0
    feedback: int = 0
    review: str = ""
    reason: str = ""


class Section(Protocol):
    """One part of a digest. `kind` names it to the renderers; `heading` is its title in every rendering;
    `entries` are the tips it lists (each tip is listed, with its review buttons, by one section only);
    `listed` says whether it lists anything at all (a digest none of whose sections does is empty)."""

    kind: ClassVar[str]
    heading: ClassVar[str]

    @property
    def entries(self) -> tuple[DigestEntry, ...]: ...

    @property
    def listed(self) -> bool: ...


@dataclass(frozen=True)
class TipList:
    """Tips listed for review, best first; `total` counts every tip that qualified, listed or not."""

    entries: tuple[DigestEntry, ...] = ()
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.entries)

    @property
    def listed(self) -> bool:
        return bool(self.entries)


@dataclass(frozen=True)
class QuestionGroup:
    """Near-duplicate /ask questions nobody could answer; `text` is the first one asked (raw chat text)."""

    text: str
    askers: int
    asked: int
    question_ids: tuple[int, ...] = ()
    first_asked: datetime | None = field(default=None, compare=False)
    age_days: int = field(default=0, compare=False)
    """Days since the group's first question, as of the digest (derived: left out of comparisons)."""
    carried: bool = False
    """First asked before this digest's period and still open: carried forward until answered or dismissed."""
    answered_by: str = ""
    """The trainer who answered it (raw chat text, for the renderers' display function); "" while open."""

    @property
    def question_id(self) -> int | None:
        """The question an Answer or Dismiss button refers to (the decision covers the whole group)."""
        return self.question_ids[0] if self.question_ids else None


@dataclass(frozen=True)
class Contributor:
    name: str
    tips: int


@dataclass(frozen=True)
class DigestStats:
    """The digest's numbers, shown under its title: the period's tips and people, questions and gaps."""

    tips_captured: int = 0
    contributors: int = 0
    top_contributors: tuple[Contributor, ...] = ()
    questions_asked: int = 0
    share_answered: float = 0.0
    gaps_answered: int = 0
    """Question groups a trainer answered in this period (they are listed too, marked "answered by")."""
    gaps_total: int = 0
    """gaps_answered plus the groups still open (this period's and those carried forward)."""
    more_tips: int = 0
    """Tips that qualified as best new tips but did not fit in the digest's `max_tips`."""
    dead_events: int = 0
    """Chat events Tipjar gave up on (a tip or vote may be missing): an operator should look at `tipjar inbox`."""


@dataclass(frozen=True)
class Digest:
    """The digest for one period: its sections in reading order (digests.build.SECTIONS), and its numbers."""

    period: Period
    generated_at: datetime
    sections: tuple[Section, ...] = ()
    stats: DigestStats = DigestStats()
    name: str = ""

    def section(self, kind: str) -> Section:
        """The section of this kind (KeyError when the digest has none)."""
        found = next((section for section in self.sections if section.kind == kind), None)
        if found is None:
            raise KeyError(f"the digest has no {kind!r} section")
        return found

    @property
    def empty(self) -> bool:
        """Nothing listed in any section: no new tips, no open questions, nothing to review."""
        return not any(section.listed for section in self.sections)
