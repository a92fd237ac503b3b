"""The digest schedule keeps local time across daylight-saving changes."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from bot.config import DigestSettings
from runtime.digest_schedule import cron_trigger

LONDON = ZoneInfo("Europe/London")


def test_monday_nine_oclock_stays_nine_oclock_across_the_clock_change():
    trigger = cron_trigger(DigestSettings(schedule="0 9 * * mon", timezone="Europe/London"))
    before = trigger.get_next_fire_time(None, datetime(2026, 10, 12, tzinfo=timezone.utc))  # summer time
    after = trigger.get_next_fire_time(None, datetime(2026, 10, 27, tzinfo=timezone.utc))  # after 25 October
    assert before.astimezone(LONDON).hour == 9 and before.astimezone(timezone.utc).hour == 8
    assert after.astimezone(LONDON).hour == 9 and after.astimezone(timezone.utc).hour == 9
    assert after.astimezone(LONDON).weekday() == 0
