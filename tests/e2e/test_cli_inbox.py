"""`tipjar inbox`: an operator sees the backlog and dead events, puts them back in line or drops them."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from store.db import open_store
from store.runtime import runtime_units


def dead_events(database_url: str, count: int) -> list[int]:
    engine = open_store(database_url)
    runtime = runtime_units(engine)
    received = datetime.now(timezone.utc) - timedelta(hours=30)
    with runtime() as unit:
        for n in range(count + 1):
            payload = {"event": {"text": f"Bed {n}, MRN 4488{n}"}}
            unit.inbox.accept("slack", f"Ev{n}", "reaction_added", payload, received)
        items = unit.inbox.claim(received, timedelta(seconds=15), count)
        for item in items:
            unit.inbox.bury(item.id, received + timedelta(hours=24), "dead after 41 attempts: ConnectionError: reset")
        unit.commit()
    engine.dispose()
    return [item.id for item in items]


def payloads(database_url: str) -> str:
    engine = open_store(database_url)
    with engine.connect() as connection:
        found = str(connection.execute(text("SELECT id, payload FROM inbox ORDER BY id")).all())
    engine.dispose()
    return found


def test_the_backlog_shows_dead_events_which_can_be_retried_or_dropped(tipjar):
    url = tipjar.env["TIPJAR_DATABASE_URL"]
    first, second, third = dead_events(url, 3)
    shown = tipjar("inbox").stdout
    assert shown.startswith("1 waiting, 0 retrying, 3 dead; oldest still to process arrived 30 h 0 min ago.")
    assert f"dead #{first}  slack reaction_added" in shown and "ConnectionError: reset" in shown
    assert "MRN" not in shown, "the backlog never shows what the events carried"

    assert "1 dead event put back in line." in tipjar("inbox", "retry", "--id", str(first)).stdout
    assert "Dead event #%d dropped" % second in tipjar("inbox", "drop", "--id", str(second)).stdout
    assert "MRN 44881" not in payloads(url) and "MRN 44880" in payloads(url)
    assert tipjar("inbox", "drop", "--id", str(first), check=False).returncode == 1, "only dead events are dropped"
    assert "1 dead event put back in line." in tipjar("inbox", "retry", "--all-dead").stdout
    assert tipjar("inbox").stdout.startswith("3 waiting, 0 retrying, 0 dead")
    assert tipjar("inbox", "retry", check=False).returncode != 0
