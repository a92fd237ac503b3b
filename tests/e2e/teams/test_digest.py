"""The trainers' digest as a proactive Adaptive Card in a Teams channel, reviewed in place by trainers only.

A click acts only on what the clicked card showed: Tipjar records each card's tips when it posts it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from digests.period import Period
from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to


def review_buttons(card_message: dict) -> dict[int, dict[str, dict]]:
    """tip id -> verb -> the Action.Execute button, for every tip on a digest card."""
    buttons: dict[int, dict[str, dict]] = {}
    for container in card_message["attachments"][0]["content"]["body"]:
        for item in container.get("items", []):
            for action in item.get("actions", []):
                if "tip_id" in action.get("data", {}):  # questions carry Answer and Dismiss instead
                    buttons.setdefault(action["data"]["tip_id"], {})[action["verb"]] = action
    return buttons


RENAMED_CHAT = {"id": "19:renamed-chat@thread.v2", "conversationType": "groupChat", "isGroup": True,
                "name": "Trainers"}


@pytest.fixture(scope="module")
def posted(teams, connector) -> SimpleNamespace:
    """This week's digest, posted to the Trainers channel (app.yaml names it by id), showing Dev's allergy banner tip.

    Before it is sent, Sam renames a group chat "Trainers" and mentions Tipjar there: the digest must not go there.
    """
    activities.post(teams.url, activities.installed(connector.url, activities.in_channel(activities.TRAINERS)))  # Tipjar learns where it is
    activities.post(teams.url, activities.mention(connector.url, "dev", "tip Allergy banner refresh: F5 on the chart header #allergy"))
    tip = teams.wait_for_teams_tip(lambda tip: "Allergy banner" in tip.text)
    activities.post(teams.url, activities.mention(connector.url, "sam", "tip hello from the chat", (RENAMED_CHAT, None)))
    wait_until(teams.drained, 10, "the inbox to drain")
    before = count_to(connector, activities.TRAINERS["id"])
    week = Period.containing(datetime.now(timezone.utc), "UTC").label
    done = teams.run("digest", "send", "--period", week)
    assert f"posted to {activities.TRAINERS['id']}" in done.stdout, done.stdout + done.stderr
    (digest,) = sent_to(connector, activities.TRAINERS["id"], before)
    assert count_to(connector, RENAMED_CHAT["id"]) == 1  # only the card of Sam's own tip
    return SimpleNamespace(tip=tip, card=digest, buttons=review_buttons(digest.body))


def test_the_digest_is_posted_unasked_and_only_trainers_review_it_in_place(teams, connector, posted):
    tip, digest = posted.tip, posted.card
    assert digest.activity_id is None and "Allergy banner" in card_text(digest.body)
    approve = posted.buttons[tip.id]["tipjar_review_approve"]
    digest_id = digest.answer["id"]

    status, answer = activities.post(teams.url, activities.card_click(connector.url, "sam", digest_id, approve["verb"], approve["data"]))
    assert status == 200 and "only the trainers" in answer["value"]
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert next(t for t in teams.teams_tips() if t.id == tip.id).status.value == "new"

    status, answer = activities.post(teams.url, activities.card_click(connector.url, "jo", digest_id, approve["verb"], approve["data"]))
    assert status == 200 and "Done" in answer["value"]
    teams.wait_for_teams_tip(lambda t: t.id == tip.id and t.status.value == "approved", "the approval")
    update = connector.wait_for(lambda r: r.method == "PUT" and r.activity_id == digest_id)
    assert "Approved by Jo Brennan" in card_text(update.body)
    with teams.units()() as uow:
        (change,) = [c for c in uow.changes.list([tip.id])]
        assert (change.actor_id, change.actor_name, change.after) == ("aad-jo", "Jo Brennan", {"status": "approved"})


def test_helpful_and_not_helpful_buttons_are_thanked_privately_and_kept(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "maria", "tip IV pump library updates overnight, restart at 7"))
    teams.wait_for_teams_tip(lambda tip: "IV pump" in tip.text)
    before = count_to(connector, activities.personal("maria"))
    activities.post(teams.url, activities.said(connector.url, "maria", "ask iv pump library"))
    (answer,) = sent_to(connector, activities.personal("maria"), before)
    question_id = answer.body["attachments"][0]["content"]["actions"][1]["data"]["question_id"]
    status, thanks = activities.post(teams.url, activities.card_click(connector.url, "maria", answer.answer["id"], "tipjar_not_helpful",
                                                    {"question_id": question_id}, activities.in_personal_chat("maria")))
    assert status == 200 and thanks["value"] == "Thanks, noted."

    def verdicts():
        with teams.units()() as uow:
            return [(f.question_id, f.helpful) for f in uow.feedback.list()]
    wait_until(lambda: (question_id, False) in verdicts(), 10, "the verdict")


def _status(teams, tip_id: int) -> str:
    return next(t for t in teams.teams_tips() if t.id == tip_id).status.value


def test_a_click_naming_a_tip_the_card_did_not_show_is_refused(teams, connector, posted):
    activities.post(teams.url, activities.mention(connector.url, "maria", "tip Label printer: tray 2 for wristbands #printer"))
    other = teams.wait_for_teams_tip(lambda tip: "tray 2 for wristbands" in tip.text)
    archive = posted.buttons[posted.tip.id]["tipjar_review_archive"]
    forged = {**archive["data"], "tip_id": other.id}
    status, answer = activities.post(teams.url, activities.card_click(connector.url, "jo", posted.card.answer["id"], archive["verb"], forged))
    assert status == 200 and "not on the card" in answer["value"], answer
    for data in ({**archive["data"], "tip_id": str(posted.tip.id)}, {"digest": "weekly"}):
        status, answer = activities.post(teams.url, activities.card_click(connector.url, "jo", posted.card.answer["id"], archive["verb"], data))
        assert status == 200 and "not on the card" in answer["value"], (data, answer)
    wait_until(teams.drained, 10, "the inbox to drain")
    assert _status(teams, other.id) == "new"


def test_a_click_naming_another_digest_is_refused(teams, connector, posted):
    """The "ward" digest has no trainers list (its channel's members review it): naming it must not let Sam,
    a member of the team but not a trainer of "weekly", review the weekly card."""
    archive = posted.buttons[posted.tip.id]["tipjar_review_archive"]
    forged = {**archive["data"], "digest": "ward"}
    status, answer = activities.post(teams.url, activities.card_click(connector.url, "sam", posted.card.answer["id"], archive["verb"], forged))
    assert status == 200 and "not on the card" in answer["value"], answer
    wait_until(teams.drained, 10, "the inbox to drain")
    assert _status(teams, posted.tip.id) != "archived"


def test_a_click_on_a_message_that_is_not_a_posted_digest_card_is_refused(teams, connector, posted):
    archive = posted.buttons[posted.tip.id]["tipjar_review_archive"]
    status, answer = activities.post(teams.url, activities.card_click(connector.url, "jo", "1799999999999", archive["verb"], archive["data"]))
    assert status == 200 and "not on a digest" in answer["value"], answer
    assert _status(teams, posted.tip.id) != "archived"


def test_feedback_counts_only_for_the_answer_the_clicked_card_carried(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "maria", "tip Crash cart checklist lives in the Nursing tab"))
    teams.wait_for_teams_tip(lambda tip: "Crash cart checklist" in tip.text)
    before_dev, before_maria = count_to(connector, activities.personal("dev")), count_to(connector, activities.personal("maria"))
    activities.post(teams.url, activities.said(connector.url, "dev", "ask crash cart checklist"))
    (devs,) = sent_to(connector, activities.personal("dev"), before_dev)
    activities.post(teams.url, activities.said(connector.url, "maria", "ask where is the crash cart checklist"))
    (marias,) = sent_to(connector, activities.personal("maria"), before_maria)
    devs_question = devs.body["attachments"][0]["content"]["actions"][0]["data"]["question_id"]
    marias_question = marias.body["attachments"][0]["content"]["actions"][0]["data"]["question_id"]
    forged = activities.card_click(connector.url, "maria", marias.answer["id"], "tipjar_not_helpful",
                          {"question_id": devs_question}, activities.in_personal_chat("maria"))
    elsewhere = activities.card_click(connector.url, "maria", "1799999999998", "tipjar_not_helpful",
                             {"question_id": devs_question}, activities.in_personal_chat("maria"))
    honest = activities.card_click(connector.url, "maria", marias.answer["id"], "tipjar_helpful", {}, activities.in_personal_chat("maria"))
    for click in (forged, elsewhere, honest):
        assert activities.post(teams.url, click)[0] == 200

    def verdicts():
        with teams.units()() as uow:
            return [(f.question_id, f.helpful) for f in uow.feedback.list()]
    wait_until(lambda: (marias_question, True) in verdicts(), 10, "the honest verdict")
    wait_until(teams.drained, 10, "the inbox to drain")
    assert [verdict for verdict in verdicts() if verdict[0] == devs_question] == []
