"""One output's render functions, one per kind of digest section (digests.sections): every renderer of a
digest (Markdown, JSON, Slack Block Kit, Teams cards) renders it section by section, each section by the
function registered for its `kind`. A section kind without a function is refused by name, never skipped."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from digests.model import Section

R = TypeVar("R")
RenderFunction = Callable[..., Any]


class ByKind(Generic[R]):
    def __init__(self, output: str) -> None:
        self.output = output
        self._by_kind: dict[str, Callable[..., R]] = {}

    def register(self, *kinds: str) -> Callable[[RenderFunction], RenderFunction]:
        """Decorator: the function renders sections of these kinds (one function may serve kinds alike in shape)."""
        def registered(render: RenderFunction) -> RenderFunction:
            for kind in kinds:
                if kind in self._by_kind:
                    raise ValueError(f"{self.output}: the {kind!r} section already has a render function")
                self._by_kind[kind] = render
            return render
        return registered

    def __call__(self, section: Section, *args: Any) -> R:
        render = self._by_kind.get(section.kind)
        if render is None:
            raise LookupError(f"{self.output}: no render function for the digest's {section.kind!r} section")
        return render(section, *args)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._by_kind)
