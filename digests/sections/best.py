"""Best new tips: the period's highest-scoring qualifying tips (digests.ranking), grouped under their first tag."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from bot.model import Tip
from bot.text import clean_tags
from digests.inputs import DigestInput
from digests.model import DigestEntry, Section


@dataclass(frozen=True)
class TagGroup:
    """Best new tips under one heading; `tag` is None for the untagged group, which always comes last."""

    tag: str | None
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True)
class BestTips:
    """Always shown (saying so when there were none); `more` counts qualifying tips beyond `max_tips`."""

    kind: ClassVar[str] = "best"
    heading: ClassVar[str] = "Best new tips"
    groups: tuple[TagGroup, ...] = ()
    more: int = 0

    @property
    def entries(self) -> tuple[DigestEntry, ...]:
        """Every best new tip, in reading order (the order of their numbers)."""
        return tuple(sorted((e for group in self.groups for e in group.entries), key=lambda e: e.rank))

    @property
    def listed(self) -> bool:
        return bool(self.groups)


def first_tag(tip: Tip) -> str | None:
    """A tip's first tag, lower-case without '#'; None when it has none."""
    return next(iter(clean_tags(tip.tags)), None)


def by_tag(entries: list[DigestEntry]) -> tuple[TagGroup, ...]:
    """Ranked entries grouped by first tag; groups keep the order of their best entry, untagged last. Ranks
    are renumbered in that reading order, so the digest counts 1, 2, 3 from the top."""
    groups: dict[str | None, list[DigestEntry]] = {}
    for entry in entries:
        groups.setdefault(first_tag(entry.tip), []).append(entry)
    order = [tag for tag in groups if tag is not None] + ([None] if None in groups else [])
    numbers = iter(range(1, len(entries) + 1))  # renumbered in reading order: 1, 2, 3 down the page
    return tuple(TagGroup(tag, tuple(replace(e, rank=next(numbers)) for e in groups[tag])) for tag in order)


def build(given: DigestInput, earlier: tuple[Section, ...]) -> BestTips:
    return BestTips(by_tag(given.best), max(len(given.qualifying) - len(given.best), 0))
