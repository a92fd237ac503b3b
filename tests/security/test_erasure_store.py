"""Erasure and screening in the store, on SQLite and PostgreSQL (TIPJAR_TEST_DATABASE_URL), through the core's
handlers: words a purge by words must reach, and fields stored beside a tip's text that neither the screen nor
an erasure looks at."""
from __future__ import annotations

from dataclasses import replace

from bot.commands import CaptureMessage, EditTip, EraseTip, ImportTips, Purge
from bot.model import FileRef, Visibility
from bot.records import record_to_tip
from tests.contract.conftest import engine, postgres_engine, runtime, units  # noqa: F401 (fixtures)
from tests.contract.samples import sample_tip
from tests.contract.test_erasure import OPERATOR, make_bot, words_anywhere

NAME = "Quillbrackenmoor"
"""A patient's surname the rules do not know: what `tipjar purge --match` exists for."""
MRN = "00719346"


def rows_holding(engine, word: str) -> list[str]:
    """Every table.column (text or JSON, any case) of the tables a tip's words live in that still holds `word`."""
    tables = {"tip": ["text", "previous_text", "files", "permalink", "channel_name", "author_name", "thread_id"],
              "tip_tag": ["tag"], "tip_change": ["before", "after"], "inbox": ["payload", "outcome"],
              "question": ["text"], "conversation": ["name"]}
    return words_anywhere(engine, word, tables)


def capture(bot, message_id: str, words: str, files=(), channel_name: str | None = None):
    source = replace(sample_tip(message_id).source, files=tuple(files))
    if channel_name is not None:
        source = replace(source, channel_name=channel_name)
    return bot.handle(CaptureMessage(source, words, "U-JO", Visibility.PUBLIC))


def test_a_purge_by_a_name_reaches_a_file_named_after_the_patient(engine, units):
    bot = make_bot(units)
    photo = FileRef(f"{NAME}-pressure-sore.jpg", "image/jpeg", 50_000, f"https://files.example.org/F1/{NAME}-pressure-sore.jpg")
    capture(bot, "1700000000.000100", "Wound photos go to the Media tab, not Notes", files=[photo])
    assert rows_holding(engine, NAME) == ["tip.files"]
    purged = bot.handle(Purge(match=NAME))
    assert rows_holding(engine, NAME) == [], (f"`tipjar purge --match {NAME}` erased tips {purged.tip_ids}: the file "
                                              f"name and link holding the name are still in {rows_holding(engine, NAME)}")


def test_a_purge_by_a_name_reaches_a_tag_a_trainer_typed(engine, units):
    bot = make_bot(units)
    saved = capture(bot, "1700000000.000100", "Bed alarm resets from the footboard")
    bot.handle(EditTip(saved.tip.id, "U-TRAINER", "Bed alarm resets from the footboard", (NAME, "beds"), at=OPERATOR))
    assert "tip_tag.tag" in rows_holding(engine, NAME)
    bot.handle(Purge(match=NAME))
    assert rows_holding(engine, NAME) == [], f"after a purge by the name it is still in {rows_holding(engine, NAME)}"


def test_a_purge_by_a_name_reaches_an_earlier_version_kept_in_the_audit_trail(engine, units):
    """A trainer corrects a tip that named a patient, then corrects it once more: the name is no longer in its
    text nor its previous text, only in the audit trail's `before`; a purge by the name finds nothing to erase."""
    bot = make_bot(units)
    saved = capture(bot, "1700000000.000100", f"{NAME} asked why the pump needs a reseat")  # a name the screen misses
    assert rows_holding(engine, NAME) == ["tip.text"]
    bot.handle(EditTip(saved.tip.id, "U-TRAINER", "The pump needs a reseat", (), at=OPERATOR))
    bot.handle(EditTip(saved.tip.id, "U-TRAINER", "The infusion pump needs a reseat", (), at=OPERATOR))
    assert rows_holding(engine, NAME) == ["tip_change.before"]
    bot.handle(Purge(match=NAME))
    assert rows_holding(engine, NAME) == [], f"after a purge by the name it is still in {rows_holding(engine, NAME)}"


def test_a_chat_topic_naming_a_patient_is_screened_and_erased(engine, units):
    """On Teams a group chat's topic is the tip's place name (adapters.teams.translate.where: the conversation's
    name when there is no team or channel name), and chats are named after patients ("Re: Mr X MRN ... handoff")."""
    bot = make_bot(units)
    topic = f"Re: Mr Okonkwo-Hale MRN {MRN} handoff"
    saved = capture(bot, "1700000000.000100", "Handoff notes go in the SBAR template", channel_name=topic)
    assert rows_holding(engine, MRN) == [], f"the chat's topic was stored unscreened in {rows_holding(engine, MRN)}"
    bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    assert rows_holding(engine, MRN) == []


def test_an_imported_tips_link_and_place_are_screened_and_erased(engine, units):
    """`tipjar import` reads `permalink`, `channel_name`, `author_name` and `thread_id` as free text: the screen
    reads the text, tags and files only, and an erasure leaves the link in place."""
    bot = make_bot(units)
    record = {"platform": "slack", "workspace_id": "T1", "channel_id": "C-WARD", "message_id": "1700000000.000300",
              "author_id": "U-DEV", "text": "Discharge summaries print from the Reports tab",
              "captured_at": "2026-11-30T10:00:00+00:00", "visibility": "public",
              "permalink": f"https://emr.example.org/chart?mrn={MRN}&patient=Okonkwo-Hale"}
    bot.handle(ImportTips((record_to_tip(record),)))
    with units() as unit:
        (tip,) = [t for t in unit.tips.get_many(list(range(1, 10))).values()]
    assert MRN not in tip.source.permalink, f"stored unscreened: {tip.source.permalink}"
    bot.handle(EraseTip(tip.id, "U-DEV", at=OPERATOR))
    assert rows_holding(engine, MRN) == [], f"after the erasure the record number is still in {rows_holding(engine, MRN)}"


def test_a_purge_of_a_question_replaces_the_messages_that_quote_it(engine, units, runtime):
    """`tipjar purge --match NAME` erases the stored question that named a patient, but the bot's own messages
    quoting that question (the escalation posted to the trainers' channel, recorded as a post about the
    question) are not among the posts returned for the adapters to replace, so they keep the name in chat."""
    from bot.commands import Ask
    from bot.model import Post, Viewer

    bot = make_bot(units)
    asked = bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), f"how do I merge {NAME}'s duplicate chart"))
    assert not asked.answered
    with runtime() as unit:
        unit.posts.add(Post("slack", "C-TRAINERS", "1700000009.000300", question_id=asked.question_id))
        unit.commit()
    assert rows_holding(engine, NAME) == ["question.text"]
    erased = bot.handle(Purge(match=NAME))
    assert rows_holding(engine, NAME) == []
    assert [(p.conversation_id, p.message_id) for p in erased.posts] == [("C-TRAINERS", "1700000009.000300")], (
        "the escalation quoting the purged question is not replaced")


def test_a_dead_button_click_on_a_digest_keeps_no_words_of_an_erased_tip(engine, units, runtime):
    """A trainer's click on a digest reaches the inbox as Slack sends it: the whole digest message rides along,
    each tip's words in Slack's escaped form ("Orders &gt; Discharge"). A click that failed until it was given up
    on stays, payload and all, for an operator. Erasing a tip the digest listed looks for the tip's text as
    stored and its message id: neither is in that payload, so the tip's words stay in the inbox."""
    from adapters.slack.blockkit import escape
    from bot.actions import REVIEW_APPROVE
    from tests.contract.samples import MONDAY

    bot = make_bot(units)
    words = f"{NAME} ward: Orders > Discharge > right-click > Undo, then re-sign"
    saved = capture(bot, "1700000000.000100", words)
    click = {"type": "block_actions", "user": {"id": "U-TRAINER"}, "team": {"id": "T1"},
             "container": {"type": "message", "channel_id": "C-TRAINERS", "message_ts": "1700000500.000100"},
             "message": {"ts": "1700000500.000100", "blocks": [
                 {"type": "section", "text": {"type": "mrkdwn", "text": f"1. {escape(saved.tip.text)}"}}]},
             "actions": [{"action_id": REVIEW_APPROVE, "value": str(saved.tip.id + 1)}]}
    with runtime() as unit:
        unit.inbox.accept("slack", "click-1", REVIEW_APPROVE, click, MONDAY)
        (item,) = unit.inbox.claim(MONDAY, MONDAY - MONDAY, 10)
        unit.inbox.bury(item.id, MONDAY, "dead after 5 attempts: the store was down")
        unit.commit()
    bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    assert rows_holding(engine, NAME) == [], f"the erased tip's words are still in {rows_holding(engine, NAME)}"


def test_a_purge_by_a_name_reaches_an_event_that_died_in_the_inbox(engine, units, runtime):
    """A `/tip` naming a patient whose handling failed until it was given up on keeps its payload (words and
    all) for an operator; no tip was stored from it, so `tipjar purge --match NAME` (which looks for the name
    in tips and questions only) leaves the words in the inbox."""
    from tests.contract.samples import MONDAY

    bot = make_bot(units)
    words = f"{NAME} in bay 2 needs the bariatric bed; the lift is in the sluice"
    with runtime() as unit:
        unit.inbox.accept("slack", "cmd-1", "tip", {"command": "/tip", "text": words, "user_id": "U-JO"}, MONDAY)
        (item,) = unit.inbox.claim(MONDAY, MONDAY - MONDAY, 10)
        unit.inbox.bury(item.id, MONDAY, "dead after 5 attempts: the store was down")
        unit.commit()
    bot.handle(Purge(match=NAME))
    assert rows_holding(engine, NAME) == [], f"after a purge by the name it is still in {rows_holding(engine, NAME)}"


def test_a_dead_teams_edit_of_a_tip_command_keeps_no_words_after_the_tip_is_erased(engine, units, runtime):
    """`@Tipjar tip ...` in a Teams channel is stored under the message id "tip-<activity id>", its text as the
    screened plain text. An edit of that message which died in the inbox holds the activity id alone and the
    words as HTML ("&amp;"): neither needle an erasure looks for (the stored text, the stored message id)
    is in it, so the words of the erased tip stay in the inbox."""
    from adapters.teams import translate
    from tests.contract.samples import MONDAY
    from tests.e2e.teams import activities

    bot = make_bot(units)
    url = "https://smba.trafficmanager.net/teams/"
    said = activities.mention(url, "maria", f"tip {NAME} ward scanner & printer: hold the trigger",
                              activities.in_channel(activities.TRAINERS))
    _, rest = translate.parse_command(translate.command_text(said))
    saved = bot.handle(translate.submit_tip(said, rest, []))
    edit = activities.edited(url, "maria", said["id"], f"<p><at>Tipjar</at> tip {NAME} ward scanner &amp; printer: "
                             "hold the trigger ten seconds</p>", activities.in_channel(activities.TRAINERS))
    with runtime() as unit:
        unit.inbox.accept("teams", translate.event_key(edit), "message_changed", edit, MONDAY)
        (item,) = unit.inbox.claim(MONDAY, MONDAY - MONDAY, 10)
        unit.inbox.bury(item.id, MONDAY, "dead after 5 attempts: the store was down")
        unit.commit()
    bot.handle(EraseTip(saved.tip.id, "U-JO", at=OPERATOR))
    assert rows_holding(engine, NAME) == [], f"the erased tip's words are still in {rows_holding(engine, NAME)}"
