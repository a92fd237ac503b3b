"""Teams activities to core commands: pure translation, on activities shaped as the Bot Connector sends them."""
from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from adapters.teams import translate
from adapters.teams import mentions
from adapters.teams import audience
from adapters.teams.saved import saved_message
from bot.actions import HELPFUL
from bot.commands import RecordFeedback
from bot.model import Origin, Person, SourceRef, Viewer, Visibility
from tests.e2e.teams.activities import (
    BOT, GENERAL, PHARMACY_CHAT, TEAM, TENANT, TRAINERS, card_click, in_channel, in_group_chat, in_personal_chat,
    deleted, edited, installed, mention, message_payload, reaction, said, save_as_tip,
)

URL = "https://smba.trafficmanager.net/emea/"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def in_private_channel(kind: str = "private") -> tuple[dict, dict]:
    channel = {"id": "19:golive-secret@thread.tacv2", "name": "Secret", "membershipType": kind}
    return {"id": channel["id"], "conversationType": "channel", "isGroup": True}, channel


def test_a_channel_thread_is_split_and_a_standard_channel_is_read_by_its_team():
    place = translate.where(mention(URL, "maria", "tip x", in_channel(TRAINERS, thread="17")))
    assert (place.conversation_id, place.thread_id) == (TRAINERS["id"], "17")
    assert (place.kind, place.scope, place.team_id) == ("channel", TEAM["id"], TEAM["id"])
    assert (place.tenant, place.name, place.service_url) == (TENANT, "Go-live › Trainers", URL)
    assert translate.split_conversation("19:x@thread.tacv2;messageid=17") == ("19:x@thread.tacv2", "17")
    assert translate.split_conversation("19:x@thread.tacv2") == ("19:x@thread.tacv2", None)


@pytest.mark.parametrize("membership", ["private", "shared"])
def test_private_and_shared_channels_are_their_own_scope(membership):
    place = translate.where(mention(URL, "maria", "tip x", in_private_channel(membership)))
    assert (place.kind, place.scope, place.team_id) == ("channel", "19:golive-secret@thread.tacv2", TEAM["id"])
    conversation, channel = in_private_channel(membership)
    del channel["membershipType"]
    activity = mention(URL, "maria", "tip x", (conversation, {**channel, "type": membership.capitalize()}))
    assert translate.where(activity).scope == conversation["id"]  # the Agents SDK's name for the field


def test_a_channel_whose_kind_is_not_said_is_its_own_scope_and_general_is_the_teams():
    """A roster says nothing of a channel's kind (a private channel may start with the whole team): only
    General, whose id is the team's, and a channel channelData calls standard are read as the team's."""
    conversation, channel = in_private_channel()
    del channel["membershipType"]
    unsaid = translate.where(mention(URL, "maria", "tip x", (conversation, channel)))
    assert unsaid.scope == conversation["id"] and translate.visibility(unsaid, [TEAM["id"]]).value == "private"
    assert translate.ask(mention(URL, "maria", "ask x", (conversation, channel)), "x").public is False
    standard = mention(URL, "maria", "tip x", (conversation, {**channel, "membershipType": "Standard"}))
    assert translate.where(standard).scope == TEAM["id"]
    both = {**channel, "membershipType": "standard", "type": "private"}  # fields that disagree: the narrower
    assert translate.where(mention(URL, "maria", "tip x", (conversation, both))).scope == conversation["id"]
    assert translate.where(mention(URL, "maria", "tip x", in_channel(GENERAL))).scope == TEAM["id"]


def test_a_shared_channel_or_one_of_unsaid_kind_does_not_read_the_tenants_public_tips():
    def record(channel: dict):
        conversation = {"id": channel["id"], "conversationType": "channel", "isGroup": True}
        return translate.conversations(mention(URL, "jo", "x", (conversation, channel)), NOW)[0]
    secret = {"id": "19:golive-secret@thread.tacv2", "name": "Secret"}
    assert not audience.reads_tenant_public(record({**secret, "membershipType": "shared"}))
    assert not audience.reads_tenant_public(record(secret))
    assert audience.reads_tenant_public(record({**secret, "type": "private"}))
    assert audience.reads_tenant_public(record(TRAINERS)) and audience.reads_tenant_public(record(GENERAL))
    (chat,) = translate.conversations(said(URL, "jo", "x"), NOW)
    assert audience.reads_tenant_public(chat)


@pytest.mark.parametrize("tenants", [("a", "b"), ("", "b"), ("a", ""), ("A", "a")])
def test_an_activity_names_one_tenant_or_is_malformed(tenants):
    activity = said(URL, "jo", "x")
    activity["channelData"]["tenant"]["id"], activity["conversation"]["tenantId"] = tenants
    if tenants[0] and tenants[1] and tenants[0].lower() != tenants[1].lower():
        with pytest.raises(translate.Malformed):
            translate.where(activity)
    else:
        assert translate.where(activity).tenant.lower() == (tenants[0] or tenants[1]).lower()


def test_a_narrowed_channel_is_its_own_scope_and_never_public():
    activity = mention(URL, "maria", "tip x", in_channel(TRAINERS))
    assert translate.visibility(translate.where(activity), [TEAM["id"]]).value == "public"
    place = translate.where(translate.narrowed(activity))
    assert (place.scope, place.team_id) == (TRAINERS["id"], TEAM["id"])
    assert translate.visibility(place, [TEAM["id"]]).value == "private"
    assert translate.ask(translate.narrowed(activity), "x").within == frozenset({TRAINERS["id"]})


def test_chats_are_their_own_scope_and_the_tenant_may_come_from_the_conversation():
    group = mention(URL, "maria", "tip x", in_group_chat())
    group["conversation"]["name"] = "Pharmacy"
    place = translate.where(group)
    assert (place.kind, place.scope, place.team_id, place.name) == ("group", PHARMACY_CHAT, "", "Pharmacy")
    chat = said(URL, "jo", "ask x")
    del chat["channelData"]["tenant"]
    place = translate.where(chat)
    assert (place.kind, place.scope, place.tenant, place.thread_id) == ("personal", "a:personal-jo", TENANT, None)
    legacy = said(URL, "jo", "ask x")
    legacy["conversation"] = {"id": "19:old@thread.v2", "isGroup": True}
    assert translate.where(legacy).kind == "group"


def test_an_activity_without_a_conversation_is_malformed():
    activity = said(URL, "jo", "hi")
    del activity["conversation"]
    with pytest.raises(translate.Malformed):
        translate.where(activity)
    activity["conversation"] = {"id": ""}
    with pytest.raises(translate.Malformed):
        translate.where(activity)


def test_classify_names_what_tipjar_acts_on():
    assert translate.classify(said(URL, "jo", "ask x")) == "message"
    blank = said(URL, "jo", "  ")
    assert translate.classify(blank) is None
    blank["text"] = None
    assert translate.classify(blank) is None
    assert translate.classify(reaction(URL, "jo", "1")) == "reaction"
    assert translate.classify(save_as_tip(URL, "jo", message_payload("maria", "<p>x</p>"))) == "save_tip"
    assert translate.classify(card_click(URL, "jo", "1", HELPFUL, {})) == "card_action"
    assert translate.classify({"type": "invoke", "name": "composeExtension/query"}) is None
    assert translate.classify({"type": "typing"}) is None
    assert translate.classify(installed(URL, in_channel())) == "conversation_update"
    assert translate.classify({"type": "installationUpdate", "action": "add"}) == "conversation_update"


def test_event_keys_are_the_activity_id_or_the_content_of_an_update():
    activity = said(URL, "jo", "ask x")
    assert translate.event_key(activity) == activity["id"]
    update = installed(URL, in_group_chat())
    del update["id"]
    key = translate.event_key(update)
    assert key.startswith("update:") and len(key) == len("update:") + 32
    assert translate.event_key(copy.deepcopy(update)) == key
    other = copy.deepcopy(update)
    other["membersAdded"] = [{"id": "29:aad-sam"}]
    assert translate.event_key(other) != key
    del activity["id"]
    with pytest.raises(translate.Malformed):
        translate.event_key(activity)


def test_the_person_is_their_entra_object_id_when_teams_sends_it():
    activity = said(URL, "jo", "ask x")
    assert translate.person(activity) == Person("aad-jo", "Jo Brennan")
    del activity["from"]["aadObjectId"]
    assert translate.person(activity).user_id == "29:aad-jo"
    del activity["from"]
    with pytest.raises(translate.Malformed):
        translate.person(activity)


@pytest.mark.parametrize("text, expected", [
    ("<at>Tipjar</at> tip Hold F12 #scanner", ("tip", "Hold F12 #scanner")),
    ('<at id="0">Tipjar</at>  ASK  how do I reprint?', ("ask", "how do I reprint?")),
    ("<p><at>Tipjar</at>&nbsp;tip Hold <b>F12</b> #scanner</p>", ("tip", "Hold F12 #scanner")),
    ("/tip Use F9", ("tip", "Use F9")),
    ("help", ("help", "")),
    ("<at>Tipjar</at> thanks a lot", ("", "thanks a lot")),
])
def test_commands_are_read_without_mentions_or_markup(text, expected):
    activity = said(URL, "jo", "")
    activity["text"] = text
    assert mentions.parse_command(mentions.command_text(activity)) == expected


def test_a_tip_typed_in_a_listed_teams_channel_is_public_and_its_id_is_the_activitys():
    activity = mention(URL, "maria", "tip Hold F12 #scanner", in_channel(TRAINERS, thread="17"))
    command = translate.submit_tip(activity, "Hold F12 #scanner", [TEAM["id"]])
    assert command.source.ref == SourceRef("teams", TENANT, TEAM["id"], f"tip-{activity['id']}")
    assert command.source.author.user_id == "aad-maria" and command.source.thread_id == "17"
    assert command.source.channel_name == "Go-live › Trainers" and command.text == "Hold F12 #scanner"
    assert command.visibility is Visibility.PUBLIC
    assert translate.submit_tip(activity, "x", []).visibility is Visibility.PRIVATE


def test_visibility_is_public_only_for_a_standard_channel_of_a_listed_team():
    listed = [TEAM["id"], PHARMACY_CHAT, "19:golive-secret@thread.tacv2"]
    assert translate.visibility(translate.where(mention(URL, "jo", "x")), listed) is Visibility.PUBLIC
    assert translate.visibility(translate.where(mention(URL, "jo", "x", in_private_channel())), listed) is Visibility.PRIVATE
    assert translate.visibility(translate.where(mention(URL, "jo", "x", in_group_chat())), listed) is Visibility.PRIVATE
    assert translate.visibility(translate.where(said(URL, "jo", "x")), listed) is Visibility.PRIVATE


def test_an_answer_shown_to_a_conversation_is_limited_to_its_scope():
    assert translate.ask(said(URL, "jo", "ask x"), "x").within is None
    command = translate.ask(mention(URL, "jo", "ask x", in_channel(TRAINERS)), "scanner?")
    assert command.within == frozenset({TEAM["id"]}) and command.text == "scanner?"
    assert command.viewer == Viewer("teams", TENANT, "aad-jo")
    assert translate.ask(mention(URL, "jo", "ask x", in_group_chat()), "x").within == frozenset({PHARMACY_CHAT})


def test_a_saved_message_is_cleaned_credited_and_tagged_once():
    payload = message_payload("maria", "<p>Scanner frozen?</p><p>Hold <b>F12</b> #scanner</p>", message_id="1700")
    activity = save_as_tip(URL, "jo", payload, tags="#Scanner, wristband, #wristband")
    command = saved_message(activity, [TEAM["id"]])
    assert command.text == "Scanner frozen?\nHold F12 #scanner\n#wristband"
    assert command.source.ref == SourceRef("teams", TENANT, TEAM["id"], "1700")
    assert command.source.author == Person("aad-maria", "Maria Lopez")
    assert command.source.permalink == payload["linkToMessage"] and command.source.thread_id is None
    assert command.source.posted_at == datetime(2026, 11, 30, 8, 55, 12, 345000, tzinfo=timezone.utc)
    assert command.source.channel_name == "Go-live › General"
    assert (command.saver_id, command.visibility, command.origin) == ("aad-jo", Visibility.PUBLIC, Origin.SHORTCUT)


def test_a_reply_in_another_channel_is_stored_with_its_channel_and_a_built_link():
    payload = message_payload("sam", "Use Refresh", message_id="1801", reply_to="1800")
    del payload["linkToMessage"]
    payload["body"] = {"contentType": "text", "content": "  Use <F5> & wait #a  "}
    command = saved_message(save_as_tip(URL, "jo", payload, in_channel(TRAINERS), tags="a b"), [])
    assert command.text == "Use <F5> & wait #a\n#b"
    assert command.source.ref.message_id == f"{TRAINERS['id']}|1801" and command.source.thread_id == "1800"
    assert command.source.permalink == (f"https://teams.microsoft.com/l/message/{TRAINERS['id']}/1801"
                                        f"?tenantId={TENANT}&parentMessageId=1800")
    assert command.visibility is Visibility.PRIVATE


def test_a_thread_of_the_conversation_is_the_saved_messages_thread_unless_it_is_the_parent():
    reply = save_as_tip(URL, "jo", message_payload("sam", "x", message_id="1805"), in_channel(TRAINERS, "1800"))
    assert saved_message(reply, []).source.thread_id == "1800"
    parent = save_as_tip(URL, "jo", message_payload("sam", "x", message_id="1800"), in_channel(TRAINERS, "1800"))
    assert saved_message(parent, []).source.thread_id is None
    chat = save_as_tip(URL, "jo", message_payload("sam", "x", message_id="1806"), in_group_chat())
    assert saved_message(chat, []).source.ref.message_id == "1806"


def test_app_messages_and_actions_without_a_message_are_refused():
    with pytest.raises(translate.PostedByApp):
        saved_message(save_as_tip(URL, "jo", message_payload(None, "<p>Pager: code blue</p>")), [])
    activity = save_as_tip(URL, "jo", message_payload("maria", "x"))
    del activity["value"]["messagePayload"]
    with pytest.raises(translate.Malformed):
        saved_message(activity, [])


def test_only_likes_and_hearts_count_as_reactions():
    assert translate.reactions(reaction(URL, "jo", "1", "like")) == (True, False)
    assert translate.reactions(reaction(URL, "jo", "1", "heart", added=False)) == (False, True)
    assert translate.reactions(reaction(URL, "jo", "1", "laugh")) == (False, False)
    assert translate.reactions(reaction(URL, "jo", "1", "surprised", added=False)) == (False, False)


def test_card_actions_carry_their_verb_and_data():
    assert translate.card_action(card_click(URL, "jo", "1", HELPFUL, {"question_id": 3})) == (HELPFUL, {"question_id": 3})
    assert translate.card_action(card_click(URL, "jo", "1", "v", None)) == ("v", {})
    activity = card_click(URL, "jo", "1", HELPFUL, {})
    del activity["value"]["action"]["verb"]
    with pytest.raises(translate.Malformed):
        translate.card_action(activity)
    assert translate.feedback(activity, {"question_id": "3"}, False) == RecordFeedback(3, "aad-jo", False)


def test_a_channel_is_remembered_with_its_team_and_general_is_one_record():
    (general,) = translate.conversations(installed(URL, in_channel()), NOW)
    assert (general.conversation_id, general.kind, general.name) == (GENERAL["id"], "channel", "General")
    assert general.address == {"serviceUrl": URL, "tenantId": TENANT, "teamId": TEAM["id"], "teamName": "Go-live",
                               "botId": BOT["id"], "scope": TEAM["id"]}
    channel, team = translate.conversations(mention(URL, "jo", "x", in_channel(TRAINERS)), NOW)
    assert (channel.conversation_id, channel.kind, channel.name) == (TRAINERS["id"], "channel", "Trainers")
    assert (team.conversation_id, team.kind, team.name, team.updated_at) == (TEAM["id"], "team", "Go-live", NOW)
    (chat,) = translate.conversations(said(URL, "jo", "x"), NOW)
    assert (chat.platform, chat.workspace_id, chat.conversation_id, chat.kind) == (
        "teams", TENANT, "a:personal-jo", "personal")


def test_the_teams_record_carries_the_teams_scope_whichever_channel_spoke():
    """The team's record is General's: a private channel's activity must not give it that channel's scope."""
    channel, team = translate.conversations(mention(URL, "jo", "x", in_private_channel()), NOW)
    assert channel.address["scope"] == "19:golive-secret@thread.tacv2"
    assert (team.conversation_id, team.address["scope"], team.address["teamId"]) == (TEAM["id"], TEAM["id"], TEAM["id"])
    assert audience.readers(team) == TEAM["id"] and audience.readers(channel) == channel.conversation_id


def test_a_conversation_is_read_by_its_own_record_never_by_a_scope_naming_another():
    general, = translate.conversations(installed(URL, in_channel()), NOW)
    trainers, _ = translate.conversations(mention(URL, "jo", "x", in_channel(TRAINERS)), NOW)
    assert audience.readers(trainers) == TEAM["id"]  # a standard channel: its team
    stale = replace(general, address={**general.address, "scope": "19:golive-secret@thread.tacv2"})
    assert audience.readers(stale) == TEAM["id"]  # General is its team's, whatever a record of it says
    odd = replace(trainers, address={**trainers.address, "scope": "19:golive-secret@thread.tacv2"})
    assert audience.readers(odd) == TRAINERS["id"]
    chat, = translate.conversations(mention(URL, "jo", "x", in_group_chat()), NOW)
    assert audience.readers(chat) == PHARMACY_CHAT


def test_the_bot_was_added_by_an_install_or_as_a_new_member():
    assert translate.bot_was_added(installed(URL, in_group_chat()))
    assert translate.bot_was_added({"type": "installationUpdate", "action": "add", "recipient": BOT})
    assert not translate.bot_was_added({"type": "installationUpdate", "action": "remove", "recipient": BOT})
    someone = installed(URL, in_personal_chat("jo"))
    someone["membersAdded"] = [{"id": "29:aad-sam"}]
    assert not translate.bot_was_added(someone)
    assert not translate.bot_was_added(said(URL, "jo", "hi"))


def test_edits_and_deletions_are_their_own_events_and_name_both_kinds_of_tip():
    edit = edited(URL, "dev", "1700", "<p>new <b>text</b></p>", in_channel(TRAINERS))
    assert translate.classify(edit) == "message_changed" and translate.event_key(edit).startswith("edit:1700:")
    assert translate.event_key(edit) != translate.event_key({**edit, "text": "<p>newer</p>"})
    team_scoped, channel_scoped = translate.edits(edit)  # saved under the team, or (its roster differing) the channel
    assert (team_scoped.ref.channel_id, team_scoped.ref.message_id) == (TEAM["id"], f"{TRAINERS['id']}|1700")
    assert (channel_scoped.ref.channel_id, channel_scoped.ref.message_id) == (TRAINERS["id"], "1700")
    assert team_scoped.text == channel_scoped.text == "new text"
    gone = deleted(URL, "dev", "1700")
    assert translate.classify(gone) == "message_deleted" and translate.event_key(gone) == "delete:1700"
    assert [d.ref.message_id for d in translate.deletions(gone)] == ["1700", "tip-1700"]
    command = edited(URL, "dev", "1701", "<at>Tipjar</at> tip Hold F12 #scanner")
    assert [(e.ref.message_id, e.text) for e in translate.edits(command)][1] == ("tip-1701", "Hold F12 #scanner")
    assert translate.classify({**edit, "channelData": {**edit["channelData"], "eventType": "undeleteMessage"}}) is None


def test_a_message_html_cannot_read_is_never_taken_for_an_app_message():
    """<ol start="²">: "²".isdigit() is true, int("²") raises ValueError, which used to read as "posted by an app"."""
    for html in ('<ol start="²"><li>Scan the wristband</li></ol>', '<ol start="' + "9" * 5000 + '"><li>Scan</li></ol>',
                 "<p>&#" + "9" * 5000 + ";</p> Scan"):
        command = saved_message(save_as_tip(URL, "jo", message_payload("maria", html)), [])
        assert "Scan" in command.text, html[:40]


def test_mentions_are_removed_in_linear_time():
    assert mentions.without_mentions("<at>Tipjar</at> tip <AT id='1'>Sam</At > says hi") == "  tip   says hi"
    assert mentions.without_mentions("<at>unclosed mention") == "<at>unclosed mention"
    hostile = "<at>" * 250_000  # no </at>: the old pattern rescanned the rest from every <at>
    assert mentions.without_mentions(hostile) == hostile


def test_a_saved_message_keeps_its_files_as_references_and_leaves_cards_out():
    payload = message_payload("maria", "<p>Downtime MAR layout</p>", message_id="1800")
    payload["attachments"] = [
        {"id": "a1", "contentType": "reference", "name": "downtime-mar.pdf",
         "contentUrl": "https://stmarys.sharepoint.com/sites/golive/Shared%20Documents/downtime-mar.pdf"},
        {"id": "a2", "contentType": "application/vnd.microsoft.card.adaptive", "content": {"type": "AdaptiveCard"}},
        "not an attachment",
    ]
    (kept,) = saved_message(save_as_tip(URL, "jo", payload), []).source.files
    assert (kept.name, kept.kind, kept.size) == ("downtime-mar.pdf", "reference", 0)
    assert kept.link.startswith("https://stmarys.sharepoint.com/")
