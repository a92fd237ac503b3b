"""Tips for the contract tests: realistic, with only the fields a test cares about spelled out."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def sample_tip(
    message_id: str,
    text: str = "To unfreeze the wristband scanner, hold the trigger for 10 seconds",
    *,
    channel_id: str = "C-GENERAL",
    visibility: Visibility = Visibility.PUBLIC,
    status: TipStatus = TipStatus.NEW,
    savers: tuple[str, ...] = ("U-ANA",),
    tags: tuple[str, ...] = (),
    captured_at: datetime = MONDAY,
) -> Tip:
    source = Source(
        ref=SourceRef("slack", "T1", channel_id, message_id),
        author=Person("U-MARIA", "Maria"),
        thread_id="1700000000.000001",
        permalink=f"https://example.slack.com/archives/{channel_id}/p{message_id.replace('.', '')}",
        channel_name=channel_id.removeprefix("C-").lower(),
        posted_at=captured_at - timedelta(hours=1),
    )
    return Tip(
        source=source, text=text, visibility=visibility, origin=Origin.REACTION, captured_at=captured_at,
        status=status, tags=list(tags), savers=list(savers),
    )


def store_tips(units, *tips: Tip) -> list[Tip]:
    """Add and commit `tips` in one unit of work; returns them with ids."""
    with units() as uow:
        stored = [uow.tips.add(tip) for tip in tips]
        uow.commit()
    return stored


def change(units, tip_id: int, **fields) -> None:
    """Set fields of a stored tip and commit, as an edit or a review would."""
    with units() as uow:
        tip = uow.tips.get(tip_id)
        for name, value in fields.items():
            setattr(tip, name, value)
        uow.tips.update(tip)
        uow.commit()
