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
    # The erasure closes the inbox events naming the message, the deletion being handled among them: the inbox
    # is drained before its handler publishes the Homes again, so wait for the Homes themselves.
    showing = lambda: [user for user in ("U-JO", "U-SAM") if "Pelicanridge" in last_home(fake, user)]  # noqa: E731
    wait_until(lambda: not showing(), what="every App Home showing the erased tip to be published without it")


def test_delete_on_the_home_tab_leaves_no_words_in_the_database_file(fake, server, slack):
    """Slack sends a click on the App Home with the whole Home view in it, each tip's words in Slack's escaped
    form ("Orders &gt; Discharge"). The erasure this click causes looks for the tip's stored text and message id
    in the inbox (neither is in that view), compacts the store with the click's payload still in it, and only
    then does the inbox close the event and empty its payload: the words are left in the database file."""
    from tests.e2e.slack.signing import _interaction
    from tests.e2e.slack.test_patient_data import database_bytes

    words = "Orders > Discharge > right-click > Undo on Kestrelmoor ward, then re-sign"
    saved(fake, server, slack, "C-GOLIVE", "1800000306.000100", "U-DEV", words, "U-JO")
    event = {"type": "app_home_opened", "user": "U-JO", "channel": "D-U-JO", "tab": "home", "event_ts": "1800000306.1"}
    slack.post("/slack/events", *event_callback(event))
    wait_until(lambda: "Kestrelmoor" in last_home(fake, "U-JO"), what="Jo's Home")
    view = json.loads(last_home(fake, "U-JO"))
    (delete,) = [b["accessory"] for b in view["blocks"] if "Kestrelmoor" in json.dumps(b) and "accessory" in b][:1]
    click = {"type": "block_actions", "token": "verification-token", "api_app_id": "A-TIPJAR", "trigger_id": "trigger-home",
             "team": {"id": "T1", "domain": "stmarys"}, "user": {"id": "U-JO", "name": "jo", "team_id": "T1"},
             "container": {"type": "view", "view_id": "V-HOME-JO"}, "view": view | {"id": "V-HOME-JO"},
             "actions": [{"type": "button", "action_id": delete["action_id"], "block_id": "b1", "value": delete["value"],
                          "action_ts": "1800000306.2"}]}
    assert slack.post("/slack/events", *_interaction(click))[0] == 200
    server.wait_for_tip("C-GOLIVE", "1800000306.000100", lambda t: t.deleted)
    wait_until(server.drained, what="the inbox to drain")
    stored = database_bytes(server)
    at = stored.find(b"Kestrelmoor")
    assert at < 0, f"the words are still on disk: {stored[max(at - 120, 0):at + 40]!r}"
