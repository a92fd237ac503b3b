"""Releases, the audit trail of trainers' changes, and digest runs claimed once per (digest, period)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.model import DigestRun, PostedMessage, Release, TipChange
from store.db import dialect_insert
from store.tables import DigestRunRow, ReleaseRow, TipChangeRow


class SqlReleaseRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, release: Release) -> Release:
        row = ReleaseRow(name=release.name, released_at=release.released_at)
        self._session.add(row)
        self._session.flush()
        return Release(row.name, row.released_at, row.id)

    def list(self) -> list[Release]:
        rows = self._session.scalars(select(ReleaseRow).order_by(ReleaseRow.released_at, ReleaseRow.id))
        return [Release(row.name, row.released_at, row.id) for row in rows]


class SqlChangeLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, change: TipChange) -> None:
        self._session.add(TipChangeRow(
            tip_id=change.tip_id, actor_id=change.actor_id, actor_name=change.actor_name, action=change.action,
            at=change.at, before=dict(change.before), after=dict(change.after),
        ))
        self._session.flush()

    def list(self, tip_ids: Iterable[int] | None = None) -> list[TipChange]:
        query = select(TipChangeRow).order_by(TipChangeRow.at, TipChangeRow.id)
        if tip_ids is not None:
            query = query.where(TipChangeRow.tip_id.in_(list(tip_ids)))
        return [
            TipChange(r.tip_id, r.actor_id, r.actor_name, r.action, dict(r.before), dict(r.after), r.at, r.id)
            for r in self._session.scalars(query)
        ]


def posted_json(message: PostedMessage) -> dict:
    """A digest message's record as the run's JSON column keeps it. The keys are those of the first records
    ("channel", "ts"), so runs posted before the record was typed read the same."""
    return {"channel": message.conversation_id, "ts": message.message_id,
            "tips": list(message.tips), "questions": list(message.questions)}


def _ids(values: object) -> tuple[int, ...]:
    """The ids a stored record lists (records written before they listed any list none)."""
    if not isinstance(values, list):
        return ()
    return tuple(value for value in values if isinstance(value, int) and not isinstance(value, bool))


def posted_from_json(stored: object) -> PostedMessage:
    """A stored record read back; what is not a record of Tipjar's shape shows nothing and matches no message."""
    if not isinstance(stored, dict):
        return PostedMessage("", "")
    channel, ts = stored.get("channel"), stored.get("ts")
    return PostedMessage(channel if isinstance(channel, str) else "", ts if isinstance(ts, str) else "",
                         _ids(stored.get("tips")), _ids(stored.get("questions")))


def _run(row: DigestRunRow) -> DigestRun:
    messages = [posted_from_json(stored) for stored in row.messages]
    return DigestRun(row.id, row.name, row.period, row.state, row.attempts, messages, row.started_at)


class SqlDigestRuns:
    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(self, name: str, period: str, now: datetime, stale_after: timedelta) -> DigestRun | None:
        row = self._session.scalar(
            select(DigestRunRow).where(DigestRunRow.name == name, DigestRunRow.period == period).with_for_update()
        )
        if row is None:
            return self._first_claim(name, period, now)
        if row.state == "posted" or (row.state == "claimed" and row.claimed_at > now - stale_after):
            return None
        row.state, row.claimed_at, row.attempts, row.error = "claimed", now, row.attempts + 1, ""
        self._session.flush()
        return _run(row)

    def _first_claim(self, name: str, period: str, now: datetime) -> DigestRun | None:
        insert = dialect_insert(self._session)
        statement = insert(DigestRunRow).values(
            name=name, period=period, state="claimed", claimed_at=now, started_at=now, attempts=1, error="",
            messages=[],
        ).on_conflict_do_nothing(index_elements=["name", "period"]).returning(DigestRunRow.id)
        run_id = self._session.execute(statement).scalar()
        return DigestRun(run_id, name, period, "claimed", 1, [], now) if run_id is not None else None

    def renew(self, run_id: int, now: datetime) -> None:
        self._session.execute(update(DigestRunRow).where(DigestRunRow.id == run_id, DigestRunRow.state == "claimed")
                              .values(claimed_at=now))

    def in_flight(self, name: str, period: str, now: datetime, stale_after: timedelta) -> bool:
        query = select(DigestRunRow.id).where(DigestRunRow.name == name, DigestRunRow.period == period,
                                              DigestRunRow.state == "claimed", DigestRunRow.claimed_at > now - stale_after)
        return self._session.scalar(query) is not None

    def keep_message(self, run_id: int, message: PostedMessage) -> None:
        row = self._session.get(DigestRunRow, run_id, with_for_update=True)
        row.messages = [*row.messages, posted_json(message)]  # a new list: the JSON column notices only reassignment
        self._session.flush()

    def posted(self, run_id: int, now: datetime, messages: list[PostedMessage]) -> None:
        row = self._session.get(DigestRunRow, run_id)
        row.state, row.posted_at, row.messages, row.error = "posted", now, [posted_json(m) for m in messages], ""
        self._session.flush()

    def failed(self, run_id: int, error: str) -> None:
        row = self._session.get(DigestRunRow, run_id)
        row.state, row.error = "failed", error[:2000]
        self._session.flush()

    def find_message(self, channel: str, ts: str) -> DigestRun | None:
        rows = self._session.scalars(select(DigestRunRow).where(DigestRunRow.state == "posted"))
        return next((run for run in map(_run, rows) if any(
            (message.conversation_id, message.message_id) == (channel, ts) for message in run.messages)), None)

    def ever_posted(self, name: str) -> bool:
        query = select(DigestRunRow.id).where(DigestRunRow.name == name, DigestRunRow.state == "posted").limit(1)
        return self._session.scalar(query) is not None

    def last_channel(self, name: str) -> str | None:
        query = (select(DigestRunRow).where(DigestRunRow.name == name, DigestRunRow.state == "posted")
                 .order_by(DigestRunRow.posted_at.desc()).limit(1))
        row = self._session.scalar(query)
        return _run(row).messages[0].conversation_id if row is not None and row.messages else None
