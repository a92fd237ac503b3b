"""Review states of a tip, the moves trainers may make between them, corrections, and releases.

Every decision and edit is written to the audit trail in the same transaction as the change itself.
"""
from __future__ import annotations

from bot.commands import EditTip, RecordRelease, Review
from bot.context import Context
from bot.model import Release, TipChange, TipStatus
from bot.replies import Level, Notice, Reply
from bot.privacy.attachments import screen_tags
from bot.text import cap_tags, clean_tags, extract_tags

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
RELEASE_NAME_LIMIT = 100


def can_move(current: TipStatus, target: TipStatus) -> bool:
    return target in ALLOWED[current]


def review(cmd: Review, ctx: Context) -> Reply:
    with ctx.units() as uow:
        tip = uow.tips.get(cmd.tip_id)  # locks the tip: two trainers at once take turns
        if tip is None or tip.deleted:
            return Notice(f"There is no tip #{cmd.tip_id} (it may have been deleted).", Level.ERROR)
        if tip.status is cmd.status:
            return Notice(f"Tip #{tip.id} is already {LABELS[tip.status]}.")
        if not can_move(tip.status, cmd.status):
            return Notice(f"Tip #{tip.id} is {LABELS[tip.status]} and cannot become {LABELS[cmd.status]}.", Level.ERROR)
        before, now = tip.status, ctx.clock.now()
        tip.status, tip.updated_at = cmd.status, now
        uow.tips.update(tip)
        uow.changes.add(TipChange(tip.id, cmd.reviewer_id, cmd.reviewer_name, "status",
                                  {"status": before.value}, {"status": cmd.status.value}, now))
        uow.commit()
    return Notice(f"Tip #{tip.id} is now {LABELS[cmd.status]}.")


def edit_tip(cmd: EditTip, ctx: Context) -> Reply:
    text = cmd.text.strip()
    if not text:
        return Notice("A tip needs some text; to remove it, use Archive instead.", Level.ERROR)
    if len(text) > ctx.capture.max_text_chars:
        return Notice(f"That is longer than {ctx.capture.max_text_chars:,} characters; nothing was changed.", Level.ERROR)
    tags = screen_tags(ctx.screen, clean_tags(cmd.tags))
    with ctx.units() as uow:
        tip = uow.tips.get(cmd.tip_id)
        if tip is None or tip.deleted:
            return Notice(f"There is no tip #{cmd.tip_id} (it may have been deleted).", Level.ERROR)
        before = {"text": tip.text, "tags": list(tip.tags)}
        screened = ctx.screen(text)
        tip.previous_text, tip.text = tip.text, screened.text
        tip.tags = cap_tags(tags or extract_tags(screened.text))[0]
        tip.redacted = list(dict.fromkeys([*tip.redacted, *screened.kinds]))
        tip.updated_at = ctx.clock.now()
        uow.tips.update(tip)
        uow.changes.add(TipChange(tip.id, cmd.editor_id, cmd.editor_name, "edit", before,
                                  {"text": tip.text, "tags": list(tip.tags)}, tip.updated_at))
        uow.commit()
    return Notice(f"Tip #{tip.id} was corrected.")


def record_release(cmd: RecordRelease, ctx: Context) -> Reply:
    name = " ".join(cmd.name.split())
    if not name or len(name) > RELEASE_NAME_LIMIT:
        return Notice(f"Usage: tipjar release \"EMR 2.3\" [--date 2026-12-01] (a name of 1-{RELEASE_NAME_LIMIT} characters)",
                      Level.USAGE)
    when = cmd.released_at or ctx.clock.now()
    with ctx.units() as uow:
        uow.releases.add(Release(name, when))
        uow.commit()
    return Notice(f"Recorded release {name} ({when:%d %b %Y}). Tips captured before it will be listed for "
                  "re-checking in the next digest until a trainer approves them again.")
