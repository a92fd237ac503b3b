"""What every command handler is given: the store, the clock, the retriever, the answerer, the settings and the
trainer rule."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from bot.config import AskSettings, CaptureSettings
from bot.ports import Answerer, Clock, Directory, UnitOfWorkFactory
from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen
from bot.retrieval import Retriever
from bot.sharing import PublicSharing
from bot.trainers import TrainerRule


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Context:
    units: UnitOfWorkFactory
    """Opens a unit of work (`with ctx.units() as uow:`)."""
    clock: Clock
    answerer: Answerer
    directory: Directory
    capture: CaptureSettings
    ask: AskSettings
    retriever: Retriever = field(default_factory=lambda: Retriever(AskSettings()))
    screen: Screen = field(default_factory=lambda: Screen(RuleDetector()))
    """Applied to every text before it is stored (privacy.patient_data)."""
    question_days: int = 90
    """How long the words of an /ask question are kept (privacy.question_days)."""
    sharing: PublicSharing = field(default_factory=PublicSharing)
    """Which workspaces read one another's public tips (public_tips.shared_between)."""
    trainers: TrainerRule = field(default_factory=TrainerRule)
    """Who may send a trainer's command: the digests' settings and each platform's Members (bot.trainers)."""
