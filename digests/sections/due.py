"""Due for re-check: approved tips not re-approved for `review_after_days`, and tips from before the newest
release nobody approved since, from any period (digests.review)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from digests.inputs import DigestInput
from digests.model import Section, TipList
from digests.review import due


@dataclass(frozen=True)
class Due(TipList):
    kind: ClassVar[str] = "due"
    heading: ClassVar[str] = "Due for re-check"


def build(given: DigestInput, earlier: tuple[Section, ...]) -> Due:
    limits = given.limits
    found = due(given.not_listed(earlier), given.history, given.now, limits.review_after_days, given.releases,
                limits.max_listed)
    return Due(found.entries, found.total)
