"""The read side: what the adapters and the command line show about the domain, read through the core.

Writes go through `Bot.handle`; reads that change nothing go through `Views`, so the core stays the one door
to the store for domain data. Each read opens its own unit of work and leaves it without committing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.model import Question, Tip
from bot.ports import Scope, TipFilter, UnitOfWorkFactory

if TYPE_CHECKING:
    from bot.config import DigestSettings
    from bot.context import Context
    from bot.retrieval import Found, Query
    from digests.build import Digest
    from digests.period import Period

HOME_SAVED = 20
"""How many of the viewer's own saved tips the Home tab lists, newest first."""
HOME_TOP = 10
"""How many of the week's best public tips the Home tab lists."""


@dataclass(frozen=True)
class HomeTips:
    saved: list[Tip]
    """The viewer's saved tips of this workspace, newest first."""
    top: list[Tip]
    """The week's public tips in this workspace, best first by the digest's own score."""


class Views:
    def __init__(self, context: "Context") -> None:
        self.context = context

    @property
    def units(self) -> UnitOfWorkFactory:
        return self.context.units

    def tip(self, tip_id: int) -> Tip | None:
        with self.units() as uow:
            return uow.tips.get_many([tip_id]).get(tip_id)

    def question(self, question_id: int) -> Question | None:
        if not 0 < question_id < 2**31:  # a number from a button: never one a database integer cannot hold
            return None
        with self.units() as uow:
            return uow.questions.get(question_id)

    def tips(self, where: TipFilter = TipFilter()) -> list[Tip]:
        """Live tips matching `where`, oldest capture first."""
        with self.units() as uow:
            return uow.tips.list(where)

    def workspaces(self) -> frozenset[tuple[str, str]]:
        """(platform, workspace id) of every workspace that holds live tips."""
        with self.units() as uow:
            return uow.tips.workspaces()

    def public_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        with self.units() as uow:
            return uow.tips.public_channels(platform, workspace_id)

    def home(self, platform: str, workspace_id: str, user: str, week: "Period") -> HomeTips:
        """The Home tab: the viewer's saved tips, and the week's best public tips ranked as the digest ranks
        them (digests.ranking), so the Home tab and the digest never disagree about what is best."""
        from digests.questions import latest_verdicts
        from digests.ranking import ScoreWeights, best_tips, usage

        here = (platform, workspace_id)
        with self.units() as uow:
            saved = [tip for tip in uow.tips.list(TipFilter(saver=user, include_archived=False))
                     if (tip.source.ref.platform, tip.source.ref.workspace_id) == here]
            this_week = uow.tips.list(TipFilter(captured_from=week.start, captured_until=week.end,
                                                include_archived=False))
            asked = [q for q in uow.questions.list(week.start, week.end) if (q.platform, q.workspace_id) == here]
            verdicts = latest_verdicts(uow.feedback.list(None, week.end))
        sharing = self.context.sharing
        public_here = [tip for tip in this_week if sharing.public_in(tip, platform, workspace_id)]
        best = best_tips(public_here, usage(asked, verdicts), week, ScoreWeights(), HOME_TOP, lambda tip: "")
        return HomeTips(saved[-HOME_SAVED:][::-1], [entry.tip for entry in best])

    def digest(self, config: "DigestSettings", period: "Period", audience_channels: frozenset[str] = frozenset(),
               workspace: str | None = None, dead_events: int = 0) -> "Digest":
        """The digest `config` for `period` as its readers (of `workspace`, when named) may see it;
        `dead_events`: the inbox's count of events given up on (the runtime's), for the stats line."""
        from digests.assemble import digest_for

        with self.units() as uow:
            return digest_for(uow, config, period, self.context.clock.now(), audience_channels, workspace,
                              self.context.sharing, dead_events)

    def search(self, query: "Query", scope: Scope, depth: int) -> list["Found"]:
        """The retriever's ranked hits for a prepared query (the evaluation reads them without answering)."""
        with self.units() as uow:
            return self.context.retriever.search(uow, query, scope, depth)

    def unembedded(self, model: str, after_tip: int, limit: int) -> list[tuple[int, str]]:
        with self.units() as uow:
            return uow.embeddings.unembedded(model, after_tip, limit)

    def count_unembedded(self, model: str) -> int:
        with self.units() as uow:
            return uow.embeddings.count_unembedded(model)
