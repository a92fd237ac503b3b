"""The trainers' digest as a proactive Adaptive Card in a Teams channel, reviewed in place by trainers only."""
from __future__ import annotations

from datetime import datetime, timezone

from digests.period import Period
from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities as a
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


def test_the_digest_is_posted_unasked_and_only_trainers_review_it_in_place(teams, connector):
    a.post(teams.url, a.installed(connector.url, a.in_channel(a.TRAINERS)))  # Tipjar learns the channel's name
    a.post(teams.url, a.mention(connector.url, "dev", "tip Allergy banner refresh: F5 on the chart header #allergy"))
    tip = teams.wait_for_teams_tip(lambda tip: "Allergy banner" in tip.text)
    wait_until(teams.drained, 10, "the inbox to drain")
    before = count_to(connector, a.TRAINERS["id"])
    week = Period.containing(datetime.now(timezone.utc), "UTC").label
    done = teams.run("digest", "send", "--period", week)
    assert "posted to Trainers" in done.stdout, done.stdout + done.stderr
    (digest,) = sent_to(connector, a.TRAINERS["id"], before)
    assert digest.activity_id is None and "Allergy banner" in card_text(digest.body)
    approve = review_buttons(digest.body)[tip.id]["tipjar_review_approve"]
    digest_id = digest.answer["id"]

    status, answer = a.post(teams.url, a.card_click(connector.url, "sam", digest_id, approve["verb"], approve["data"]))
    assert status == 200 and "only the trainers" in answer["value"]
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert next(t for t in teams.teams_tips() if t.id == tip.id).status.value == "new"

    status, answer = a.post(teams.url, a.card_click(connector.url, "jo", digest_id, approve["verb"], approve["data"]))
    assert status == 200 and "Done" in answer["value"]
    teams.wait_for_teams_tip(lambda t: t.id == tip.id and t.status.value == "approved", "the approval")
    update = connector.wait_for(lambda r: r.method == "PUT" and r.activity_id == digest_id)
    assert "Approved by Jo Brennan" in card_text(update.body)
    with teams.uow()() as uow:
        (change,) = [c for c in uow.changes.list([tip.id])]
        assert (change.actor_id, change.actor_name, change.after) == ("aad-jo", "Jo Brennan", {"status": "approved"})


def test_helpful_and_not_helpful_buttons_are_thanked_privately_and_kept(teams, connector):
    a.post(teams.url, a.mention(connector.url, "maria", "tip IV pump library updates overnight, restart at 7"))
    teams.wait_for_teams_tip(lambda tip: "IV pump" in tip.text)
    before = count_to(connector, a.personal("maria"))
    a.post(teams.url, a.said(connector.url, "maria", "ask iv pump library"))
    (answer,) = sent_to(connector, a.personal("maria"), before)
    question_id = answer.body["attachments"][0]["content"]["actions"][1]["data"]["question_id"]
    status, thanks = a.post(teams.url, a.card_click(connector.url, "maria", answer.answer["id"], "tipjar_not_helpful",
                                                    {"question_id": question_id}, a.in_personal_chat("maria")))
    assert status == 200 and thanks["value"] == "Thanks, noted."

    def verdicts():
        with teams.uow()() as uow:
            return [(f.question_id, f.helpful) for f in uow.feedback.list()]
    wait_until(lambda: (question_id, False) in verdicts(), 10, "the verdict")
