"""A channel's tips are for the people in that channel: scoped by the channel's own roster, not by what
channelData says (the private and shared channels here send no membershipType, as Teams often does)."""
from __future__ import annotations

from bot.model import Visibility
from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to


def answer_for(teams, connector, who: str, question: str) -> str:
    before = count_to(connector, activities.personal(who))
    activities.post(teams.url, activities.said(connector.url, who, f"ask {question}"))
    (answer,) = sent_to(connector, activities.personal(who), before)
    return card_text(answer.body)


def test_a_private_channels_tip_is_for_its_members_only(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "maria", "tip Heparin drip double check goes to the charge nurse",
                                activities.in_channel(activities.SECRET)))
    tip = teams.wait_for_teams_tip(lambda tip: "Heparin drip" in tip.text)
    assert tip.source.ref.channel_id == activities.SECRET["id"] and tip.visibility is Visibility.PRIVATE
    assert "charge nurse" not in answer_for(teams, connector, "dev", "heparin drip double check")  # team, not channel
    assert "charge nurse" in answer_for(teams, connector, "jo", "heparin drip double check")  # in the channel


def test_an_answer_in_a_shared_channel_leaves_out_the_teams_tips(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "sam", "tip Vendor escalation line is 4471 for the go-live team"))
    teams.wait_for_teams_tip(lambda tip: "escalation line" in tip.text)
    before = count_to(connector, activities.SHARED["id"])
    activities.post(teams.url, activities.mention(connector.url, "jo", "ask vendor escalation line", activities.in_channel(activities.SHARED)))
    (answer,) = sent_to(connector, activities.SHARED["id"], before)
    assert "4471" not in card_text(answer.body)  # Gus, a guest from another tenant, reads this channel
    assert "4471" not in answer_for(teams, connector, "gus", "vendor escalation line")


def test_a_standard_channel_is_still_read_by_its_whole_team(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "jo", "tip Sandbox resets every Sunday night", activities.in_channel(activities.TRAINERS)))
    tip = teams.wait_for_teams_tip(lambda tip: "Sandbox resets" in tip.text)
    assert tip.source.ref.channel_id == activities.TEAM["id"]
    assert "Sunday" in answer_for(teams, connector, "dev", "when does the sandbox reset")
    wait_until(teams.drained, 10, "the inbox to drain")
