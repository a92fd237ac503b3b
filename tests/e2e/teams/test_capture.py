""""Save as tip" (a message action with messagePayload) and likes on Tipjar's own posts."""
from __future__ import annotations

from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to

RICH_HTML = (
    '<p>Frozen scanner fix, per <at id="0">Dev Patel</at>:</p>'
    '<ol><li>Undock it</li><li>Hold the trigger 10&nbsp;s</li></ol>'
    '<table><tr><th>Model</th><th>Key</th></tr><tr><td>DS8178</td><td>F12</td></tr></table>'
    '<p><img src="https://x/photo.png" alt="dock photo"> <img itemtype="http://schema.skype.com/Emoji" alt="👍"></p>'
)


def test_save_as_tip_keeps_the_message_as_clean_text_with_its_author_link_and_tags(teams, connector):
    payload = activities.message_payload("dev", RICH_HTML, reply_to=None)
    before = count_to(connector, activities.GENERAL["id"])
    status, answer = activities.post(teams.url, activities.save_as_tip(connector.url, "maria", payload, tags="#scanner, nights"))
    assert status == 200 and "Saving it as a tip" in answer["task"]["value"]
    tip = teams.wait_for_teams_tip(lambda tip: "DS8178" in tip.text)
    assert tip.text.splitlines()[:3] == ["Frozen scanner fix, per Dev Patel:", "1. Undock it", "2. Hold the trigger 10 s"]
    assert "DS8178 | F12" in tip.text and "[image: dock photo] 👍" in tip.text and "<" not in tip.text
    assert tip.tags == ["scanner", "nights"] and tip.savers == ["aad-maria"]
    assert (tip.source.author.user_id, tip.source.author.name) == ("aad-dev", "Dev Patel")
    assert tip.source.permalink == payload["linkToMessage"] and tip.source.posted_at.minute == 55
    assert (tip.source.ref.channel_id, tip.source.ref.message_id) == (activities.TEAM["id"], payload["id"])
    (card,) = sent_to(connector, activities.GENERAL["id"], before)
    assert card.activity_id == payload["id"] and f"Saved as tip #{tip.id}" in card_text(card.body)


def test_a_message_saved_in_another_channel_of_the_team_is_kept_under_the_team_too(teams, connector):
    payload = activities.message_payload("sam", "<p>Trainer login for the sandbox is on the wiki</p>")
    activities.post(teams.url, activities.save_as_tip(connector.url, "jo", payload, where=activities.in_channel(activities.TRAINERS)))
    tip = teams.wait_for_teams_tip(lambda tip: "sandbox" in tip.text)
    assert (tip.source.ref.channel_id, tip.source.ref.message_id) == (activities.TEAM["id"], f"{activities.TRAINERS['id']}|{payload['id']}")
    assert tip.source.channel_name == "Go-live › Trainers"


def test_messages_posted_by_apps_and_messages_without_text_are_refused_at_once(teams, connector):
    before = len(teams.teams_tips())
    status, answer = activities.post(teams.url, activities.save_as_tip(connector.url, "maria", activities.message_payload(None, "<p>Page 4410</p>")))
    assert status == 200 and "posted by apps are not saved" in answer["task"]["value"]
    status, answer = activities.post(teams.url, activities.save_as_tip(connector.url, "maria", activities.message_payload("dev", "<p> </p>")))
    assert status == 200 and "no text" in answer["task"]["value"]
    assert len(teams.teams_tips()) == before


def test_a_like_on_a_tip_post_counts_as_a_save_and_unliking_takes_it_back(teams, connector):
    before = count_to(connector, activities.GENERAL["id"])
    activities.post(teams.url, activities.mention(connector.url, "maria", "tip Badge reader resets with a long press on the logo"))
    tip = teams.wait_for_teams_tip(lambda tip: "Badge reader" in tip.text)
    (card,) = sent_to(connector, activities.GENERAL["id"], before)
    posted_id = card.answer["id"]
    activities.post(teams.url, activities.reaction(connector.url, "sam", posted_id, "heart"))
    teams.wait_for_teams_tip(lambda t: t.id == tip.id and t.savers == ["aad-maria", "aad-sam"], "Sam's save")
    activities.post(teams.url, activities.reaction(connector.url, "sam", posted_id, "heart", added=False))
    teams.wait_for_teams_tip(lambda t: t.id == tip.id and t.savers == ["aad-maria"], "Sam's save taken back")
    activities.post(teams.url, activities.reaction(connector.url, "dev", "not-a-tipjar-post", "like"))
    wait_until(teams.drained, 10, "the inbox to drain")
    assert next(t for t in teams.teams_tips() if t.id == tip.id).savers == ["aad-maria"]


def test_a_like_on_an_answer_counts_as_helpful(teams, connector):
    activities.post(teams.url, activities.mention(connector.url, "jo", "tip Code cart checklist is pinned in the Nursing tab"))
    teams.wait_for_teams_tip(lambda tip: "Code cart" in tip.text)
    before = count_to(connector, activities.personal("jo"))
    activities.post(teams.url, activities.said(connector.url, "jo", "ask code cart checklist"))
    (answer,) = sent_to(connector, activities.personal("jo"), before)
    activities.post(teams.url, activities.reaction(connector.url, "jo", answer.answer["id"], "like", where=activities.in_personal_chat("jo")))

    def verdicts():
        with teams.units()() as uow:
            return [(f.user_id, f.helpful) for f in uow.feedback.list()]
    wait_until(lambda: ("aad-jo", True) in verdicts(), 10, "Jo's helpful verdict")


def test_an_edited_message_updates_its_tip_and_a_deleted_one_takes_its_words_away(teams, connector):
    payload = activities.message_payload("dev", "<p>Crash cart key is with the charge nurse</p>")
    activities.post(teams.url, activities.save_as_tip(connector.url, "maria", payload))
    tip = teams.wait_for_teams_tip(lambda tip: "Crash cart key" in tip.text)
    activities.post(teams.url, activities.edited(connector.url, "dev", payload["id"], "<p>Crash cart key is in the Pyxis, drawer 2</p>"))
    teams.wait_for_teams_tip(lambda t: t.id == tip.id and t.text == "Crash cart key is in the Pyxis, drawer 2", "the edit")
    activities.post(teams.url, activities.deleted(connector.url, "dev", payload["id"]))
    wait_until(lambda: all(t.id != tip.id for t in teams.teams_tips()), 10, "the deleted tip to leave listings")
    with teams.units()() as uow:
        gone = uow.tips.get(tip.id)
        assert gone.deleted and gone.text == "" and gone.previous_text is None


def test_deleting_a_tip_command_message_deletes_the_tip_it_made(teams, connector):
    command = activities.mention(connector.url, "sam", "tip Patient's room code is 4471, do not share")
    activities.post(teams.url, command)
    tip = teams.wait_for_teams_tip(lambda tip: "4471" in tip.text)
    activities.post(teams.url, activities.deleted(connector.url, "sam", command["id"]))
    wait_until(lambda: all(t.id != tip.id for t in teams.teams_tips()), 10, "the deleted tip to leave listings")


def test_hostile_html_is_saved_as_text_and_never_taken_for_an_app_message(teams, connector):
    """<ol start="²"> made the old parser raise ValueError, which the route read as "posted by an app"."""
    payload = activities.message_payload("dev", '<ol start="²"><li>Badge reader: tap twice for the ED door</li></ol>')
    status, answer = activities.post(teams.url, activities.save_as_tip(connector.url, "maria", payload))
    assert status == 200 and "Saving it as a tip" in answer["task"]["value"], answer
    tip = teams.wait_for_teams_tip(lambda tip: "tap twice for the ED door" in tip.text)
    assert tip.text == "1. Badge reader: tap twice for the ED door"
    hostile = "<p>Hostile but readable</p>" + "<ol start='²'><li>" * 40_000 + "<a x " * 1_000 + "</" * 2_000
    payload = activities.message_payload("dev", hostile)
    status, answer = activities.post(teams.url, activities.save_as_tip(connector.url, "maria", payload))
    assert status == 200 and "Saving it as a tip" in answer["task"]["value"], answer
    assert teams.wait_for_teams_tip(lambda tip: tip.text.startswith("Hostile but readable"))
    assert teams.healthy()
