"""The weekly digest as data: which tips, in what order, under which heading. Pure: no store, no clock.

`build_digest` takes everything it needs as arguments; later parts of the digest (open questions,
feedback, releases) arrive as further keyword arguments and fields, so callers never break.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.model import Tip, TipStatus, Visibility
from digests.period import Period


@dataclass(frozen=True)
class DigestEntry:
    tip: Tip
    rank: int
    savers: int


@dataclass(frozen=True)
class DigestSection:
    """The entries under one heading; `tag` is None for the untagged section, which always comes last."""

    tag: str | None
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True)
class Contributor:
    name: str
    tips: int


@dataclass(frozen=True)
class Digest:
    period: Period
    generated_at: datetime
    sections: tuple[DigestSection, ...] = ()
    tips_captured: int = 0
    contributors: int = 0
    top_contributors: tuple[Contributor, ...] = ()

    @property
    def entries(self) -> list[DigestEntry]:
        """Every entry, best first."""
        return sorted((e for s in self.sections for e in s.entries), key=lambda e: e.rank)

    @property
    def empty(self) -> bool:
        return not self.sections


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _may_show(tip: Tip, private_channels: frozenset[str]) -> bool:
    """Privacy screen: private-channel tips only from channels opted in to this digest."""
    return tip.visibility is Visibility.PUBLIC or tip.source.ref.channel_id in private_channels


def _saver_count(tip: Tip) -> int:
    return len(set(tip.savers))


def _rank_key(tip: Tip) -> tuple:
    return (-_saver_count(tip), _utc(tip.captured_at), tip.id is None, tip.id or 0)


def _heading(tip: Tip) -> str | None:
    for tag in tip.tags:
        clean = tag.strip().lstrip("#").lower()
        if clean:
            return clean
    return None


def _sections(entries: list[DigestEntry]) -> tuple[DigestSection, ...]:
    """Group ranked entries by first tag; groups keep the order of their best entry, untagged last."""
    groups: dict[str | None, list[DigestEntry]] = {}
    for entry in entries:
        groups.setdefault(_heading(entry.tip), []).append(entry)
    order = [tag for tag in groups if tag is not None] + ([None] if None in groups else [])
    return tuple(DigestSection(tag, tuple(groups[tag])) for tag in order)


def _top_contributors(tips: list[Tip], limit: int) -> tuple[Contributor, ...]:
    counts = Counter(tip.source.author.user_id for tip in tips)
    names = {tip.source.author.user_id: tip.source.author.display_name for tip in tips}
    ranked = sorted(counts, key=lambda user: (-counts[user], names[user].casefold(), user))
    return tuple(Contributor(names[user], counts[user]) for user in ranked[:limit])


def build_digest(
    tips: Iterable[Tip],
    period: Period,
    now: datetime,
    *,
    max_tips: int = 10,
    min_savers: int = 1,
    include_private_channels: Iterable[str] = frozenset(),
    max_contributors: int = 3,
) -> Digest:
    """The digest for `period`: the best tips flagged in it, ranked and grouped by tag.

    A tip belongs to the period of its `captured_at`. Deleted and archived tips, tips with fewer than
    `min_savers` distinct savers and private tips from channels not in `include_private_channels` are
    left out. `tips_captured` counts the period's tips that pass the privacy screen and are not
    deleted; contributors are the authors of the tips that pass every filter.
    """
    private_channels = frozenset(include_private_channels)
    in_period = [t for t in tips if not t.deleted and period.contains(t.captured_at)]
    visible = [t for t in in_period if _may_show(t, private_channels)]
    included = [t for t in visible if t.status is not TipStatus.ARCHIVED and _saver_count(t) >= min_savers]
    best = sorted(included, key=_rank_key)[: max(max_tips, 0)]
    entries = [DigestEntry(tip, rank, _saver_count(tip)) for rank, tip in enumerate(best, start=1)]
    return Digest(
        period=period,
        generated_at=now,
        sections=_sections(entries),
        tips_captured=len(visible),
        contributors=len({t.source.author.user_id for t in included}),
        top_contributors=_top_contributors(included, max_contributors),
    )
