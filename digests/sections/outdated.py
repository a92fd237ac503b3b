"""Flagged as outdated: tips a trainer or reader marked needs_update, from any period (digests.review)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from digests.inputs import DigestInput
from digests.model import Section, TipList
from digests.review import outdated


@dataclass(frozen=True)
class Outdated(TipList):
    kind: ClassVar[str] = "outdated"
    heading: ClassVar[str] = "Flagged as outdated"


def build(given: DigestInput, earlier: tuple[Section, ...]) -> Outdated:
    found = outdated(given.not_listed(earlier), given.history, given.limits.max_listed)
    return Outdated(found.entries, found.total)
