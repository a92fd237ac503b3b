"""Install, mention commands and personal-chat commands, against the real `tipjar serve` and a fake connector."""
from __future__ import annotations

import json

from bot.model import Visibility
from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities


def sent_to(connector, conversation: str, after: int = 0, count: int = 1) -> list:
    """The activities Tipjar sent to `conversation` (after the first `after` of them), waiting for `count`."""
    def arrived():
        records = [r for r in connector.requests if r.method == "POST" and r.status == 201
                   and r.conversation_id and r.conversation_id.split(";")[0] == conversation]
        return records[after:] if len(records) >= after + count else None
    return wait_until(arrived, 15, f"{count} message(s) to {conversation}")


def card_text(activity: dict) -> str:
    """Every text of a card message (or the message's own text), joined."""
    texts = [activity.get("text") or ""]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                texts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(activity.get("attachments") or [])
    return "\n".join(texts)


def count_to(connector, conversation: str) -> int:
    return len([r for r in connector.requests if r.method == "POST" and r.status == 201
                and (r.conversation_id or "").split(";")[0] == conversation])


def test_installing_in_a_team_posts_a_welcome_and_remembers_the_team(teams, connector):
    before = count_to(connector, activities.GENERAL["id"])
    status, _ = activities.post(teams.url, activities.installed(connector.url, activities.in_channel()))
    assert status == 200
    (welcome,) = sent_to(connector, activities.GENERAL["id"], before)
    assert "tip <what you learned>" in welcome.body["text"] and welcome.body["textFormat"] == "plain"
    with teams.runtime()() as uow:
        general = uow.conversations.get("teams", activities.TEAM["id"])  # a team's id is its General channel's
        assert (general.kind, general.name, general.address["teamName"]) == ("channel", "General", "Go-live")
        assert general.address["serviceUrl"] == connector.url and general.address["scope"] == activities.TEAM["id"]


def test_a_mention_saves_a_tip_for_the_team_and_posts_its_card_in_the_thread(teams, connector):
    before = count_to(connector, activities.GENERAL["id"])
    activity = activities.mention(connector.url, "maria", "tip Scanner frozen? Hold F12 for 5 s, then rescan #scanner @channel")
    assert activities.post(teams.url, activity)[0] == 200
    tip = teams.wait_for_teams_tip(lambda tip: "Hold F12" in tip.text)
    assert tip.source.ref.channel_id == activities.TEAM["id"] and tip.visibility is Visibility.PRIVATE
    assert tip.tags == ["scanner"] and tip.source.author.user_id == "aad-maria"
    (card,) = sent_to(connector, activities.GENERAL["id"], before)
    assert card.activity_id == activity["id"]  # a reply in the mention's thread
    text = card_text(card.body)
    assert f"Saved as tip #{tip.id}" in text and "Maria Lopez in Go-live › General" in text
    assert "@channel" not in text and "@\u200bchannel" in text


def test_a_personal_chat_command_needs_no_mention_and_answers_with_sources(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "dev", "tip Wristband printer jammed: open tray B, pull the green lever"))
    teams.wait_for_teams_tip(lambda tip: "green lever" in tip.text)
    before = count_to(connector, activities.personal("dev"))
    assert activities.post(teams.url, activities.said(connector.url, "dev", "ask how do I fix a jammed wristband printer"))[0] == 200
    (answer,) = sent_to(connector, activities.personal("dev"), before)
    attachment = answer.body["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "green lever" in card_text(answer.body) and answer.activity_id is None
    helpful = [action for action in attachment["content"]["actions"] if action["verb"] == "tipjar_helpful"]
    assert helpful and helpful[0]["type"] == "Action.Execute" and helpful[0]["data"]["question_id"]


def test_team_tips_stay_out_of_answers_for_people_outside_the_team(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "sam", "tip Night pharmacy fax number is on the crash cart"))
    teams.wait_for_teams_tip(lambda tip: "crash cart" in tip.text)
    before = count_to(connector, activities.personal("priya"))
    activities.post(teams.url, activities.said(connector.url, "priya", "ask night pharmacy fax number"))
    (answer,) = sent_to(connector, activities.personal("priya"), before)
    assert "crash cart" not in card_text(answer.body) and "I don't know" in card_text(answer.body)


def test_a_group_chat_answer_leaves_out_tips_the_chat_cannot_read(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "sam", "tip Insulin drip calculator lives under Tools > Drips"))
    teams.wait_for_teams_tip(lambda tip: "Insulin drip" in tip.text)
    before = count_to(connector, activities.PHARMACY_CHAT)
    activities.post(teams.url, activities.mention(connector.url, "sam", "ask insulin drip calculator", activities.in_group_chat()))
    (answer,) = sent_to(connector, activities.PHARMACY_CHAT, before)
    # Sam is in the Go-live team, but Priya in this chat is not: the team's tip is not shown here.
    assert "Tools" not in card_text(answer.body)


def test_unknown_words_and_empty_commands_get_help_or_usage(teams, connector):
    before = count_to(connector, activities.personal("jo"))
    activities.post(teams.url, activities.said(connector.url, "jo", "hello there"))
    activities.post(teams.url, activities.said(connector.url, "jo", "tip #scanner"))
    texts = sorted(r.body["text"] for r in sent_to(connector, activities.personal("jo"), before, count=2))
    assert texts[0].startswith("Tipjar keeps the tips") and "ask <question>" in texts[0]
    assert texts[1].startswith("Usage: tip <what you learned>")  # two workers: either may answer first


def test_the_same_activity_delivered_twice_is_processed_once(teams, connector):
    activity = activities.mention(connector.url, "jo", "tip Downtime reports print from Reports > Downtime #downtime")
    before = count_to(connector, activities.GENERAL["id"])
    assert activities.post(teams.url, activity)[0] == 200
    assert activities.post(teams.url, json.loads(json.dumps(activity)))[0] == 200
    sent_to(connector, activities.GENERAL["id"], before)
    wait_until(teams.drained, 10, "the inbox to drain")
    assert count_to(connector, activities.GENERAL["id"]) == before + 1
    assert len([tip for tip in teams.teams_tips() if "Downtime reports" in tip.text]) == 1


def test_a_connector_that_answers_429_and_503_is_retried_and_nothing_is_lost(teams, connector):
    before = count_to(connector, activities.personal("maria"))
    connector.fail_next(1, status=429, retry_after=0, method="POST")
    connector.fail_next(1, status=503, method="POST")
    activities.post(teams.url, activities.said(connector.url, "maria", "ask scanner frozen"))
    (answer,) = sent_to(connector, activities.personal("maria"), before)
    assert "F12" in card_text(answer.body) and len(connector.failed) >= 2


def test_a_tip_saved_in_a_personal_chat_is_for_its_author_only(teams, connector):
    before_card = count_to(connector, activities.personal("jo"))
    activities.post(teams.url, activities.said(connector.url, "jo", "tip My badge PIN reset desk is in room B12 #badge"))
    tip = teams.wait_for_teams_tip(lambda tip: "room B12" in tip.text)
    assert tip.source.ref.channel_id == activities.personal("jo")
    sent_to(connector, activities.personal("jo"), before_card)  # the tip's card
    before_jo, before_maria = count_to(connector, activities.personal("jo")), count_to(connector, activities.personal("maria"))
    activities.post(teams.url, activities.said(connector.url, "jo", "ask badge pin reset desk"))
    activities.post(teams.url, activities.said(connector.url, "maria", "ask badge pin reset desk"))
    (mine,) = sent_to(connector, activities.personal("jo"), before_jo)
    (theirs,) = sent_to(connector, activities.personal("maria"), before_maria)
    assert "room B12" in card_text(mine.body) and "room B12" not in card_text(theirs.body)
