"""The digest of one period from what the store holds: the one read that preview, send and review share."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.config import DigestSettings
from bot.model import Visibility
from bot.ports import TipFilter, UnitOfWork
from bot.sharing import PublicSharing
from digests.build import Digest, build_digest
from digests.period import Period


def digest_for(uow: UnitOfWork, config: DigestSettings, period: Period, now: datetime,
               audience_channels: frozenset[str] = frozenset(), workspace: str | None = None,
               sharing: PublicSharing = PublicSharing(), dead_events: int = 0, public: bool = True) -> Digest:
    """`audience_channels`: private channels whose tips everyone who sees the digest may read anyway.
    `workspace`: the id of the workspace (of `config.platform`) whose members read the digest; it then holds
    that workspace's tips and questions, and the public tips `sharing` shares with it. None: every workspace's.
    `dead_events`: how many chat events the inbox gave up on (the runtime's count), for the stats line.
    `public`: False when the digest's readers may include people of other workspaces (a Teams shared channel):
    then it holds no public tip, only the private tips of the channels its readers may read."""
    tips = uow.tips.list(TipFilter(include_archived=False))
    questions = uow.questions.list(None, period.end)  # earlier open questions are carried forward
    if workspace is not None:
        tips = [tip for tip in tips if sharing.shown_in(tip, config.platform, workspace)]
        questions = [q for q in questions if (q.platform, q.workspace_id) == (config.platform, workspace)]
    if not public:
        tips = [tip for tip in tips if tip.visibility is not Visibility.PUBLIC]
    digest = build_digest(
        tips, period, now,
        questions=questions,
        feedback=uow.feedback.list(None, period.end),
        releases=uow.releases.list(),
        changes=uow.changes.list(),
        max_tips=config.max_tips, min_savers=config.min_savers,
        include_private_channels=frozenset(config.include_private_channels) | audience_channels,
        review_after_days=config.review_after_days, name=config.name,
    )
    return replace(digest, stats=replace(digest.stats, dead_events=dead_events))
