"""Erasure and the Slack App Home: a published Home view is kept by Slack and shown as it was until the app
publishes another. The Home lists this week's top tips (to everyone who opens it) and the viewer's saved
tips, with their words: when one of them is erased, every Home that shows it must be published again without
it, not only the Home of the person who clicked Delete there."""
from __future__ import annotations

import json

from tests.e2e.slack.conftest import fake, server, slack, clean_slate, wait_until  # noqa: F401 (fixtures)
from tests.e2e.slack.signing import event_callback, message_deleted
from tests.e2e.slack.test_ask import saved

WORDS = "Pelicanridge bed alarm: silence it from the footboard, never the wall panel"


def last_home(fake, user: str) -> str:
    published = [c for c in fake.calls_to("views.publish") if c["user_id"] == user]
    view = published[-1]["view"] if published else {}
    return json.dumps(json.loads(view) if isinstance(view, str) else view)


def test_a_home_tab_showing_an_erased_tip_is_published_again_without_it(fake, server, slack):
    saved(fake, server, slack, "C-GOLIVE", "1800000305.000100", "U-DEV", WORDS, "U-JO")
    for user in ("U-JO", "U-SAM"):  # the saver (her saved tips) and a colleague (this week's top tips)
        event = {"type": "app_home_opened", "user": user, "channel": f"D-{user}", "tab": "home",
                 "event_ts": f"1800000305.{user}"}
        slack.post("/slack/events", *event_callback(event))
        wait_until(lambda user=user: "Pelicanridge" in last_home(fake, user), what=f"{user}'s Home")
    slack.post("/slack/events", *event_callback(message_deleted("C-GOLIVE", "1800000305.000100", "U-DEV", WORDS)))
    server.wait_for_tip("C-GOLIVE", "1800000305.000100", lambda t: t.deleted)
    wait_until(server.drained, what="the inbox to drain")
    still = [user for user in ("U-JO", "U-SAM") if "Pelicanridge" in last_home(fake, user)]
    assert not still, f"the App Home of {still} still shows the erased tip's words"
