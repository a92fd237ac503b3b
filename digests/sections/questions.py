"""Questions nobody could answer: the period's open question groups, earlier ones carried forward, and those a
trainer answered in the period (digests.gaps), at most `max_listed` of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from digests.inputs import DigestInput
from digests.model import DigestEntry, QuestionGroup, Section


@dataclass(frozen=True)
class OpenQuestions:
    """`total` counts every group that qualified, listed or not. Lists no tips."""

    kind: ClassVar[str] = "questions"
    heading: ClassVar[str] = "Questions nobody could answer"
    groups: tuple[QuestionGroup, ...] = ()
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.groups)

    @property
    def entries(self) -> tuple[DigestEntry, ...]:
        return ()

    @property
    def listed(self) -> bool:
        return bool(self.groups)


def build(given: DigestInput, earlier: tuple[Section, ...]) -> OpenQuestions:
    groups = given.gaps.groups
    return OpenQuestions(groups[: max(given.limits.max_listed, 0)], len(groups))
