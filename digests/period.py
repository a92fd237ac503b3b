"""Digest periods: ISO weeks, Monday 00:00 to the next Monday 00:00 in the digest's timezone.

Boundaries are computed on the local calendar and then fixed as instants, so a week that contains a
daylight-saving change is 167 or 169 hours long and still starts and ends at local midnight.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_LABEL = re.compile(r"(\d{4})-?W(\d{1,2})")


def _zone(tz: tzinfo | str) -> tzinfo:
    """A tzinfo from an IANA name (e.g. "Europe/London") or an existing tzinfo."""
    if not isinstance(tz, str):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"timezone: unknown IANA timezone {tz!r}") from exc


def _as_utc(when: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken to be UTC already (as stores often return them)."""
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def _weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True)
class Period:
    """One ISO week. `start` is inclusive, `end` exclusive; both are aware local midnights."""

    label: str
    start: datetime
    end: datetime

    @classmethod
    def week_of(cls, monday: date, tz: tzinfo | str) -> Period:
        """The week starting on `monday` (any day of the week is accepted and moved back to its Monday)."""
        zone = _zone(tz)
        monday = monday - timedelta(days=monday.weekday())
        year, week, _ = monday.isocalendar()
        start = datetime.combine(monday, time(0), tzinfo=zone)
        end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
        return cls(f"{year}-W{week:02d}", start, end)

    @classmethod
    def parse(cls, label: str, tz: tzinfo | str) -> Period:
        """The week named like "2026-W48" (also "2026w48", "2026-W8"), in timezone `tz`."""
        match = _LABEL.fullmatch(str(label).strip().upper())
        if not match:
            raise ValueError(f"period: expected an ISO week like 2026-W48, got {label!r}")
        year, week = int(match.group(1)), int(match.group(2))
        if not 1 <= year <= 9998:
            raise ValueError(f"period: year out of range in {label!r}")
        if not 1 <= week <= _weeks_in(year):
            raise ValueError(f"period: {year} has weeks 1 to {_weeks_in(year)}, got week {week} in {label!r}")
        return cls.week_of(date.fromisocalendar(year, week, 1), tz)

    @classmethod
    def containing(cls, when: datetime, tz: tzinfo | str) -> Period:
        """The week, in timezone `tz`, that the instant `when` falls in."""
        zone = _zone(tz)
        return cls.week_of(_as_utc(when).astimezone(zone).date(), zone)

    @classmethod
    def latest_complete(cls, now: datetime, tz: tzinfo | str) -> Period:
        """The last week that has fully ended at `now`: the one before the week containing `now`."""
        return cls.containing(now, tz).previous()

    @property
    def tz(self) -> tzinfo:
        assert self.start.tzinfo is not None
        return self.start.tzinfo

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return self.end.date() - timedelta(days=1)

    def previous(self) -> Period:
        return Period.week_of(self.first_day - timedelta(days=7), self.tz)

    def next(self) -> Period:
        return Period.week_of(self.first_day + timedelta(days=7), self.tz)

    def contains(self, when: datetime) -> bool:
        """Whether the instant `when` is in this week (compared as instants, never as wall-clock times)."""
        instant = _as_utc(when)
        return _as_utc(self.start) <= instant < _as_utc(self.end)

    def __str__(self) -> str:
        return self.label
