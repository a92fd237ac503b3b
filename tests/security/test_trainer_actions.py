"""A trainer's action acts only on what the clicked message showed, in its own workspace, and only for trainers.

The ids a button sends back (the data of a Teams card's Action, the value of a Slack button) can be altered
by whoever clicks. Against `tipjar serve` over HTTP: a trainer editing a click to name a tip the message did
not show, or a tip of another tenant or workspace, is refused and nothing changes in the database; someone
who is not a trainer is refused; the genuine click works. And below the adapters: no trainer's command can be
built without its place, and no platform adapter can name the operator.

Teams runs without an app id here (loopback service URLs, as every Teams e2e test that needs the fake Bot
Connector to receive posts): with one, the token's service URL must be a Microsoft host the fake cannot be.
"""
from __future__ import annotations

import ast
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs

import pytest

from bot.commands import AnswerGap, DismissGap, EditTip, RecordRelease, Review
from bot.config import DigestSettings
from adapters.settings import Settings
from bot.model import Person, SourceRef, TipStatus
from bot.replies import Refused
from tests.e2e.slack.conftest import SECRET, TipjarServer, fake, wait_until  # noqa: F401 (fixture)
from tests.e2e.slack.signing import SlackClient, _interaction, block_actions, button, event_callback, reaction_added
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer, tenant
from tests.e2e.teams.fake_connector import FakeConnector, member
from tests.e2e.teams.test_conversations import count_to, sent_to
from tests.e2e.teams.test_digest import review_buttons
from tests.unit.conftest import clock, store  # noqa: F401 (fixtures of the tests below the adapters)
from tipjar.bootstrap import build_bot

ROOT = Path(__file__).resolve().parents[2]
ERASE = "tipjar_erase_tip"
THIS_WEEK = datetime.now(timezone.utc).strftime("%G-W%V")

# --- Teams ------------------------------------------------------------------------------------------------
OTHER_TENANT = "0b0b0b0b-0000-4000-8000-000000000002"
ELSEWHERE = "19:elsewhere-chat@thread.v2"
TEAMS_SETTINGS = f"""\
teams:
  enabled: true
digests:
  - name: weekly
    platform: teams
    channel: "{activities.TRAINERS['id']}"
    tenant: {activities.TENANT}
    trainers: [aad-jo]
"""


@pytest.fixture(scope="module")
def connector() -> Iterator[FakeConnector]:
    with FakeConnector() as running:
        tenant(running)
        running.add_conversation(ELSEWHERE, [member("aad-gus", "Gus Vendor")])
        yield running


@pytest.fixture(scope="module")
def teams(connector, tmp_path_factory) -> Iterator[TeamsServer]:
    running = TeamsServer(tmp_path_factory.mktemp("teams-trainers"), None, TEAMS_SETTINGS).start()
    yield running
    running.stop()


def teams_tip(teams, connector, who: str, words: str, where=None) -> tuple[object, str]:
    """`tip <words>` said by `who` (in General unless `where`): the stored tip and the id of Tipjar's tip card."""
    where = where or activities.in_channel()
    before = count_to(connector, where[0]["id"])
    activity = activities.mention(connector.url, who, f"tip {words}", where)
    if where[0]["id"] == ELSEWHERE:  # a chat of another tenant
        activity["conversation"]["tenantId"] = activity["channelData"]["tenant"]["id"] = OTHER_TENANT
    assert activities.post(teams.url, activity)[0] == 200
    tip = teams.wait_for_teams_tip(lambda tip: words in tip.text)
    (card,) = sent_to(connector, where[0]["id"], before)
    return tip, card.answer["id"]


def teams_click(teams, connector, who: str, card_id: str, verb: str, data: dict, where=None) -> None:
    status, _ = activities.post(teams.url, activities.card_click(connector.url, who, card_id, verb, data, where))
    assert status == 200
    wait_until(teams.drained, 15, "the click to be handled")


def stored(teams, tip_id: int):
    with teams.units()() as uow:
        return uow.tips.get(tip_id)


@pytest.fixture(scope="module")
def teams_digest(teams, connector):
    """Dev's tip on this week's digest card in the Trainers channel; then Maria's tip (on no digest) and Gus's
    tip in a chat of another tenant."""
    activities.post(teams.url, activities.installed(connector.url, activities.in_channel(activities.TRAINERS)))
    shown, shown_card = teams_tip(teams, connector, "dev", "Allergy banner refresh: F5 on the chart header")
    wait_until(teams.drained, 10, "the inbox to drain")
    before = count_to(connector, activities.TRAINERS["id"])
    done = teams.run("digest", "send", "--period", THIS_WEEK)
    assert f"posted to {activities.TRAINERS['id']}" in done.stdout, done.stdout + done.stderr
    (digest,) = sent_to(connector, activities.TRAINERS["id"], before)
    assert shown.id in review_buttons(digest.body)
    later, later_card = teams_tip(teams, connector, "maria", "Wristband printer: tray 2 holds the labels")
    elsewhere_chat = ({"id": ELSEWHERE, "conversationType": "groupChat", "isGroup": True}, None)
    foreign, _ = teams_tip(teams, connector, "gus", "Vendor portal resets passwords on Fridays", elsewhere_chat)
    assert foreign.source.ref.workspace_id == OTHER_TENANT and later.source.ref.workspace_id == activities.TENANT
    return dict(shown=shown, shown_card=shown_card, digest=digest.answer["id"], later=later, later_card=later_card,
                foreign=foreign)


def test_teams_a_trainer_cannot_delete_a_tip_the_clicked_card_does_not_show(teams, connector, teams_digest):
    shown, later = teams_digest["shown"], teams_digest["later"]
    for card in (teams_digest["shown_card"], teams_digest["digest"]):  # a tip card, and the digest card itself
        teams_click(teams, connector, "jo", card, ERASE, {"tip_id": later.id})
    here = activities.in_channel(activities.GENERAL)
    teams_click(teams, connector, "jo", teams_digest["shown_card"], ERASE, {"tip_id": later.id}, here)
    assert not stored(teams, later.id).deleted and "Wristband printer" in stored(teams, later.id).text
    assert not stored(teams, shown.id).deleted


def test_teams_a_trainer_cannot_delete_a_tip_of_another_tenant(teams, connector, teams_digest):
    foreign = teams_digest["foreign"]
    teams_click(teams, connector, "jo", teams_digest["digest"], ERASE, {"tip_id": foreign.id})
    teams_click(teams, connector, "jo", teams_digest["shown_card"], ERASE, {"tip_id": foreign.id},
                activities.in_channel(activities.GENERAL))
    assert not stored(teams, foreign.id).deleted and "Vendor portal" in stored(teams, foreign.id).text


def test_teams_reviews_act_only_on_the_cards_tips_for_trainers(teams, connector, teams_digest):
    shown, later, foreign = teams_digest["shown"], teams_digest["later"], teams_digest["foreign"]
    for tip in (later, foreign):  # a trainer naming a tip the card did not show, or another tenant's
        teams_click(teams, connector, "jo", teams_digest["digest"], "tipjar_review_archive", {"tip_id": tip.id})
        assert stored(teams, tip.id).status is TipStatus.NEW
    teams_click(teams, connector, "sam", teams_digest["digest"], "tipjar_review_archive", {"tip_id": shown.id})
    assert stored(teams, shown.id).status is TipStatus.NEW, "Sam is not a trainer"


def test_teams_a_non_trainer_cannot_delete_and_the_genuine_click_erases(teams, connector, teams_digest):
    later, card = teams_digest["later"], teams_digest["later_card"]
    general = activities.in_channel(activities.GENERAL)
    teams_click(teams, connector, "sam", card, ERASE, {"tip_id": later.id}, general)
    assert not stored(teams, later.id).deleted, "Sam neither wrote nor saved it, and is no trainer"
    teams_click(teams, connector, "jo", card, ERASE, {"tip_id": later.id}, general)
    assert stored(teams, later.id).deleted and stored(teams, later.id).text == ""


# --- Slack ------------------------------------------------------------------------------------------------
SLACK_SETTINGS = """\
digests:
  - name: weekly
    channel: C-TRAINERS
slack:
  trainers_channel: C-TRAINERS
"""


@pytest.fixture(scope="module")
def server(fake, tmp_path_factory) -> Iterator[TipjarServer]:
    running = TipjarServer(tmp_path_factory.mktemp("slack-trainers"), fake, SLACK_SETTINGS).start()
    yield running
    running.stop()


def slack_tip(fake, server, ts: str, words: str, team: str = "T1"):
    fake.post("C-GOLIVE", ts, "U-DEV", words)
    SlackClient(server.url, SECRET).post("/slack/events", *event_callback(
        reaction_added("U-MARIA", "bulb", "C-GOLIVE", ts, "U-DEV"), team_id=team))
    return wait_until(lambda: slack_stored(server, SourceRef("slack", team, "C-GOLIVE", ts)), what=f"the tip of {team}")


def slack_stored(server, ref: SourceRef):
    with server.units()() as uow:
        return uow.tips.get_by_source(ref)


def fresh(server, tip):
    return slack_stored(server, tip.source.ref)


@pytest.fixture(scope="module")
def slack_digest(fake, server):
    """Dev's tip on this week's digest in C-TRAINERS (Jo is its only member: its trainer); then a later tip of
    the same workspace and one of workspace T2."""
    shown = slack_tip(fake, server, "1800000901.000100", "Scanner frozen? Undock, hold the trigger 10 s")
    done = server.run("digest", "send", "--period", THIS_WEEK)
    assert "posted to C-TRAINERS" in done.stdout, done.stdout + done.stderr
    (message,) = [m for m in fake.messages["C-TRAINERS"].values() if "digest" in m["text"].lower()]
    later = slack_tip(fake, server, "1800000902.000100", "Bed alarm silences from the side rail panel")
    foreign = slack_tip(fake, server, "1800000903.000100", "Riverside badge printer needs ribbon R-7", team="T2")
    return dict(shown=shown, later=later, foreign=foreign, message=message)


def slack_click(fake, server, user: str, action: str, value: dict, ts: str, key: str, home: bool = False) -> dict:
    """A button pressed on the digest message at `ts` (or on the App Home), as Slack sends it; its answer."""
    body, kind = block_actions([button(action, json.dumps(value))], user_id=user, user_name=user.lower(),
                               channel_id="C-TRAINERS", message_ts=ts, response_url=fake.response_url(key),
                               trigger_id=f"trigger-{key}")
    if home:
        payload = json.loads(parse_qs(body.decode())["payload"][0])
        payload["container"] = {"type": "view", "view_id": "V-HOME"}
        payload.pop("channel")
        body, kind = _interaction(payload)
    assert SlackClient(server.url, SECRET).post("/slack/events", body, kind)[0] == 200
    (said,) = wait_until(lambda: fake.responses(key), what=f"the answer to {user}'s click")
    return said


def test_slack_reviews_act_only_on_the_messages_tips_for_trainers(fake, server, slack_digest):
    ts = slack_digest["message"]["ts"]
    for tip in (slack_digest["later"], slack_digest["foreign"]):
        said = slack_click(fake, server, "U-JO", "tipjar_review_archive", {"tip_id": tip.id}, ts, f"forged-{tip.id}")
        assert "not on the card or message" in said["text"], said
        assert fresh(server, tip).status is TipStatus.NEW
    shown = slack_digest["shown"]
    said = slack_click(fake, server, "U-SAM", "tipjar_review_archive", {"tip_id": shown.id}, ts, "sam-archive")
    assert "only the trainers" in said["text"] and fresh(server, shown).status is TipStatus.NEW
    slack_click(fake, server, "U-JO", "tipjar_review_archive", {"tip_id": shown.id}, ts, "jo-archive")
    assert fresh(server, shown).status is TipStatus.ARCHIVED


def test_slack_a_trainer_cannot_delete_a_tip_not_shown_where_they_clicked(fake, server, slack_digest):
    later, ts = slack_digest["later"], slack_digest["message"]["ts"]
    said = slack_click(fake, server, "U-JO", ERASE, {"tip_id": later.id}, ts, "erase-on-digest")
    assert "delete" in said["text"].lower() and not fresh(server, later).deleted


def test_slack_a_trainer_cannot_delete_a_tip_of_another_workspace(fake, server, slack_digest):
    foreign, ts = slack_digest["foreign"], slack_digest["message"]["ts"]
    for key, home in (("erase-foreign-home", True), ("erase-foreign-digest", False)):
        said = slack_click(fake, server, "U-JO", ERASE, {"tip_id": foreign.id, "home": home}, ts, key, home=home)
        assert "Deleted" not in said["text"], said
    assert not fresh(server, foreign).deleted and "badge printer" in fresh(server, foreign).text


def test_slack_a_non_trainer_cannot_delete_and_the_genuine_click_erases(fake, server, slack_digest):
    later, ts = slack_digest["later"], slack_digest["message"]["ts"]
    said = slack_click(fake, server, "U-SAM", ERASE, {"tip_id": later.id, "home": True}, ts, "erase-sam", home=True)
    assert "Only the tip's author" in said["text"] and not fresh(server, later).deleted
    said = slack_click(fake, server, "U-JO", ERASE, {"tip_id": later.id, "home": True}, ts, "erase-jo", home=True)
    assert f"Deleted tip #{later.id}" in said["text"] and fresh(server, later).deleted


# --- below the adapters -----------------------------------------------------------------------------------
def test_a_trainers_command_cannot_be_built_without_its_place():
    person = Person("U-JO", "Jo")
    for build in (lambda: Review(1, "U-JO", TipStatus.APPROVED), lambda: EditTip(1, "U-JO", "Press F5", ()),
                  lambda: RecordRelease("EMR 2.3", "U-JO"), lambda: AnswerGap(1, person, "Reprint it"),
                  lambda: DismissGap(1, person)):
        with pytest.raises(TypeError):
            build()


def test_bot_handle_refuses_a_trainers_command_carrying_neither_a_place_nor_the_operator(store, clock):
    from bot.trainers import NO_PLACE

    bot = build_bot(Settings(digests=[DigestSettings(name="weekly", channel="C-TRAINERS", trainers=["U-JO"])]),
                    units=store, clock=clock)
    person = Person("U-JO", "Jo")
    for command in (Review(1, "U-JO", TipStatus.APPROVED, at=None), EditTip(1, "U-JO", "Press F5", (), at=None),
                    RecordRelease("EMR 2.3", "U-JO", at=None), AnswerGap(1, person, "Reprint it", at=None),
                    DismissGap(1, person, at="the digest")):
        reply = bot.handle(command)
        assert isinstance(reply, Refused) and reply.text == NO_PLACE, type(command).__name__
    assert store.commits == 0


def _imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module or ""}
    return names


@pytest.mark.parametrize("folder", ["adapters/slack", "adapters/teams"])
def test_no_platform_adapter_imports_the_operator(folder):
    """pyproject.toml's import contract catches `import bot.operator`; this also catches the type taken from a
    module that happens to import it (`from bot.trainers import Operator`)."""
    modules = sorted((ROOT / folder).glob("*.py"))
    assert modules
    for path in modules:
        names = _imported_names(path)
        offending = {name for name in names if name == "bot.operator" or name.endswith(".Operator")}
        assert not offending, f"{path.relative_to(ROOT)} imports {offending}"
