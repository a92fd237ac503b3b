"""People's verdicts on answers move tips for similar questions, over real HTTP: bounded, never hiding a tip."""
from __future__ import annotations

import json

import pytest

from tests.e2e.slack.conftest import SETTINGS, TipjarServer, wait_until
from tests.e2e.slack.signing import block_actions, button
from tests.e2e.slack.test_ask import ask, saved

OPEN_DOOR = "Label printer jammed: open the side door"
HELP_DESK = "Label printer jammed: call the help desk"


@pytest.fixture(scope="module")
def server(fake, tmp_path_factory):
    """Words only, so the two tips tie exactly and only the verdicts can part them."""
    running = TipjarServer(tmp_path_factory.mktemp("learning"), fake, SETTINGS + 'semantic:\n  provider: "off"\n').start()
    yield running
    running.stop()


def order(answer) -> list[str]:
    """The two tips in the order the answer shows them (both must be there)."""
    shown = json.dumps(answer["blocks"])
    places = {text: shown.find(text.split(": ")[1]) for text in (OPEN_DOOR, HELP_DESK)}
    assert min(places.values()) >= 0, shown
    return sorted(places, key=places.get)


def not_helpful(fake, slack, answer, user, key) -> None:
    value = answer["blocks"][-1]["elements"][1]["value"]
    body = block_actions([button("tipjar_not_helpful", value)], user_id=user, user_name=user.lower(),
                         channel_id="C-GOLIVE", message_ts="1800000301.000900",
                         response_url=fake.response_url(key), trigger_id=f"trigger-{key}")
    assert slack.post("/slack/events", *body)[0] == 200
    wait_until(lambda: fake.responses(key), what="the feedback note")


def test_not_helpful_moves_the_first_tip_down_for_similar_questions_within_a_bound(fake, server, slack):
    saved(fake, server, slack, "C-GOLIVE", "1800000301.000100", "U-DEV", OPEN_DOOR, "U-MARIA")
    saved(fake, server, slack, "C-GOLIVE", "1800000301.000200", "U-SAM", HELP_DESK, "U-MARIA")
    first = ask(slack, fake, "U-MARIA", "label printer jammed", "learn-1")
    assert order(first) == [OPEN_DOOR, HELP_DESK]  # a tie, broken by age
    not_helpful(fake, slack, first, "U-MARIA", "learn-fb-1")
    assert order(ask(slack, fake, "U-SAM", "label printer jammed again", "learn-2")) == [HELP_DESK, OPEN_DOOR]
    for n, user in enumerate(("U-DEV", "U-JO", "U-PRIYA", "U-SAM")):
        not_helpful(fake, slack, first, user, f"learn-fb-{n + 2}")
    later = ask(slack, fake, "U-JO", "label printer jammed", "learn-3")
    assert order(later) == [HELP_DESK, OPEN_DOOR]  # bounded: five verdicts lower it, never hide it
