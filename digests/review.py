"""Tips that need a trainer: flagged as outdated, or due for re-check; and every tip's review label."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.model import Release, Tip, TipChange, TipStatus
from digests.model import DigestEntry, TipList, utc
from digests.ranking import saver_count

REVIEW_WORDS = {
    TipStatus.NEW.value: "Reopened by",
    TipStatus.APPROVED.value: "Approved by",
    TipStatus.NEEDS_UPDATE.value: "Flagged as outdated by",
    TipStatus.ARCHIVED.value: "Archived by",
}


class ReviewHistory:
    """The audit trail read once: each tip's latest review decision and its latest approval."""

    def __init__(self, changes: Iterable[TipChange]) -> None:
        self.latest: dict[int, TipChange] = {}
        self.approved_at: dict[int, datetime] = {}
        for change in changes:
            if change.action != "status":
                continue
            key = (utc(change.at), change.id or 0)
            known = self.latest.get(change.tip_id)
            if known is None or key >= (utc(known.at), known.id or 0):
                self.latest[change.tip_id] = change
            if change.after.get("status") == TipStatus.APPROVED.value:
                when = utc(change.at)
                self.approved_at[change.tip_id] = max(when, self.approved_at.get(change.tip_id, when))

    def label(self, tip: Tip) -> str:
        """"Approved by Jo Brennan" from the latest review decision; "" when nobody has reviewed the tip."""
        change = self.latest.get(tip.id) if tip.id is not None else None
        if change is None:
            return ""
        words = REVIEW_WORDS.get(str(change.after.get("status")), "Reviewed by")
        return f"{words} {change.actor_name or change.actor_id}"

    def last_approval(self, tip: Tip) -> datetime:
        """When the tip was last approved; its capture time when no approval is on record."""
        return self.approved_at.get(tip.id, utc(tip.captured_at)) if tip.id is not None else utc(tip.captured_at)


def _order(tip: Tip) -> tuple:
    return (-saver_count(tip), utc(tip.captured_at), tip.id is None, tip.id or 0)


def _listed(found: list[tuple[Tip, str]], history: ReviewHistory, limit: int) -> TipList:
    found.sort(key=lambda pair: _order(pair[0]))
    entries = tuple(
        DigestEntry(tip, rank, saver_count(tip), review=history.label(tip), reason=reason)
        for rank, (tip, reason) in enumerate(found[: max(limit, 0)], start=1)
    )
    return TipList(entries, len(found))


def outdated(tips: Iterable[Tip], history: ReviewHistory, limit: int) -> TipList:
    """Tips marked needs_update, whenever they were captured: most saved first."""
    return _listed([(t, "") for t in tips if t.status is TipStatus.NEEDS_UPDATE], history, limit)


def newest_release(releases: Iterable[Release], now: datetime) -> Release | None:
    """The latest release that has happened by `now` (a release planned for later does not count yet)."""
    past = [r for r in releases if utc(r.released_at) <= utc(now)]
    return max(past, key=lambda r: (utc(r.released_at), r.id or 0), default=None)


def _why_due(tip: Tip, history: ReviewHistory, now: datetime, stale: timedelta, release: Release | None) -> str:
    reasons = []
    approved = history.last_approval(tip)
    if tip.status is TipStatus.APPROVED and now - approved >= stale:
        reasons.append(f"last approved {(now - approved).days} days ago")
    if release is not None and utc(tip.captured_at) < utc(release.released_at) and approved < utc(release.released_at):
        reasons.append(f"captured before {release.name}, not re-approved since")
    return "; ".join(reasons)


def due(
    tips: Iterable[Tip], history: ReviewHistory, now: datetime, review_after_days: int,
    releases: Iterable[Release], limit: int,
) -> TipList:
    """Approved tips whose last approval is `review_after_days` old or more, and new or approved tips
    captured before the newest release that nobody approved since it: most saved first."""
    now, stale, release = utc(now), timedelta(days=review_after_days), newest_release(releases, now)
    found = []
    for tip in tips:
        if tip.status in (TipStatus.APPROVED, TipStatus.NEW):
            reason = _why_due(tip, history, now, stale, release)
            if reason:
                found.append((tip, reason))
    return _listed(found, history, limit)
