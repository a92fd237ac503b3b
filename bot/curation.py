"""Review states of a tip and the moves trainers may make between them."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.commands import Review
from bot.context import Context
from bot.model import Tip, TipStatus
from bot.replies import Level, Notice, Reply

S = TipStatus
ALLOWED: dict[TipStatus, frozenset[TipStatus]] = {
    S.NEW: frozenset({S.APPROVED, S.NEEDS_UPDATE, S.ARCHIVED}),
    S.APPROVED: frozenset({S.NEEDS_UPDATE, S.ARCHIVED}),
    S.NEEDS_UPDATE: frozenset({S.APPROVED, S.ARCHIVED}),
    S.ARCHIVED: frozenset({S.APPROVED, S.NEEDS_UPDATE}),
}
LABELS = {
    S.NEW: "not yet reviewed",
    S.APPROVED: "approved by a trainer",
    S.NEEDS_UPDATE: "flagged as outdated",
    S.ARCHIVED: "archived",
}


def can_move(current: TipStatus, target: TipStatus) -> bool:
    return target in ALLOWED[current]


def is_due_for_recheck(tip: Tip, now: datetime, review_after_days: int) -> bool:
    """An approved tip not touched for `review_after_days` should be looked at again."""
    last = tip.updated_at or tip.captured_at
    return tip.status is S.APPROVED and now - last >= timedelta(days=review_after_days)


def review(cmd: Review, ctx: Context) -> Reply:
    with ctx.uow() as uow:
        tip = uow.tips.get(cmd.tip_id)
        if tip is None or tip.deleted:
            return Notice(f"There is no tip #{cmd.tip_id} (it may have been deleted).", Level.ERROR)
        if tip.status is cmd.status:
            return Notice(f"Tip #{tip.id} is already {LABELS[tip.status]}.")
        if not can_move(tip.status, cmd.status):
            return Notice(f"Tip #{tip.id} is {LABELS[tip.status]} and cannot become {LABELS[cmd.status]}.", Level.ERROR)
        tip.status, tip.updated_at = cmd.status, ctx.clock.now()
        uow.tips.update(tip)
        uow.commit()
    return Notice(f"Tip #{tip.id} is now {LABELS[cmd.status]}.")
