from __future__ import annotations

from dataclasses import replace

from bot.commands import CaptureMessage, DeleteSource, EditSource, RemoveVote, SubmitTip
from bot.model import FileRef, Origin, Visibility
from bot.replies import Level, Notice, Quiet, TipSaved
from tests.unit.conftest import make_source

SCANNER = "Scanner frozen? Hold the trigger for 10 seconds until it beeps twice."


def flag(bot, saver: str, text: str = SCANNER, message_id: str = "1700000000.000100", **kw):
    return bot.handle(CaptureMessage(make_source(message_id, **kw), text, saver, Visibility.PUBLIC))


def only_tip(store):
    (tip,) = store.committed.tips.values()
    return tip


def test_first_flag_creates_a_tip_with_its_source_and_saver(bot, store, clock):
    reply = flag(bot, "U-JO")
    assert isinstance(reply, TipSaved) and reply.created
    tip = only_tip(store)
    assert tip.text == SCANNER and tip.savers == ["U-JO"] and tip.origin is Origin.REACTION
    assert tip.source.author.user_id == "U-MARIA" and tip.captured_at == clock.now()


def test_second_person_adds_a_saver_not_a_tip(bot, store):
    flag(bot, "U-JO")
    reply = flag(bot, "U-SAM")
    assert isinstance(reply, TipSaved) and not reply.created and reply.counted
    assert only_tip(store).savers == ["U-JO", "U-SAM"]


def test_same_person_twice_counts_once(bot, store):
    flag(bot, "U-JO")
    reply = flag(bot, "U-JO")
    assert isinstance(reply, TipSaved) and not reply.counted
    assert only_tip(store).votes == 1


def test_removing_a_reaction_takes_the_vote_back_and_keeps_the_tip(bot, store):
    flag(bot, "U-JO")
    flag(bot, "U-SAM")
    ref = make_source().ref
    bot.handle(RemoveVote(ref, "U-JO"))
    assert only_tip(store).savers == ["U-SAM"]
    bot.handle(RemoveVote(ref, "U-SAM"))
    assert only_tip(store).votes == 0 and only_tip(store).text == SCANNER


def test_removing_a_vote_never_given_changes_nothing(bot, store):
    flag(bot, "U-JO")
    commits = store.commits
    assert isinstance(bot.handle(RemoveVote(make_source().ref, "U-NOBODY")), Quiet)
    assert store.commits == commits


def test_edit_updates_text_and_keeps_the_previous(bot, store):
    flag(bot, "U-JO")
    bot.handle(EditSource(make_source().ref, "Hold the trigger for 15 seconds."))
    tip = only_tip(store)
    assert tip.text == "Hold the trigger for 15 seconds." and tip.previous_text == SCANNER


def test_an_edit_drops_the_files_the_message_no_longer_has_and_adds_none(bot, store):
    ward, photo, extra = (FileRef(name, "image/png", 10, f"https://files/{name}") for name in ("ward.png", "photo.png", "new.png"))
    bot.handle(CaptureMessage(replace(make_source(), files=(ward, photo)), SCANNER, "U-JO", Visibility.PUBLIC))
    bot.handle(EditSource(make_source().ref, SCANNER))  # an edit that does not list files leaves them
    assert only_tip(store).source.files == (ward, photo)
    bot.handle(EditSource(make_source().ref, SCANNER, files=(ward, extra)))
    tip = only_tip(store)
    assert tip.source.files == (ward,) and tip.text == SCANNER and tip.previous_text is None


def test_delete_removes_the_words_and_the_tip_leaves_listings(bot, store):
    flag(bot, "U-JO")
    bot.handle(EditSource(make_source().ref, "edited"))
    bot.handle(DeleteSource(make_source().ref))
    tip = only_tip(store)
    assert tip.deleted and tip.text == "" and tip.previous_text is None
    with store() as uow:
        assert uow.tips.list() == []


def test_a_deleted_message_cannot_be_flagged_again(bot, store):
    flag(bot, "U-JO")
    bot.handle(DeleteSource(make_source().ref))
    reply = flag(bot, "U-SAM")
    assert isinstance(reply, Notice) and reply.level is Level.ERROR
    assert only_tip(store).savers == ["U-JO"]


def test_empty_message_is_refused_with_a_reason(bot, store):
    reply = flag(bot, "U-JO", text="   ")
    assert isinstance(reply, Notice) and "no text" in reply.text
    assert store.committed.tips == {}


def test_huge_message_is_refused_with_the_limit_and_nothing_half_written(bot, store):
    reply = flag(bot, "U-JO", text="x" * 40_001)
    assert isinstance(reply, Notice) and "40,000" in reply.text
    assert store.commits == 0


def test_tip_command_saves_tags_and_the_poster_as_author_and_saver(bot, store):
    source = make_source("tip-1", author="U-SAM")
    reply = bot.handle(SubmitTip(source, "Use F9 to refresh the MAR #MAR #shortcuts", Visibility.PUBLIC))
    assert isinstance(reply, TipSaved) and reply.created
    tip = only_tip(store)
    assert tip.tags == ["mar", "shortcuts"] and tip.savers == ["U-SAM"] and tip.origin is Origin.COMMAND


def test_tip_command_without_text_answers_with_usage(bot, store):
    for text in ("", "   ", "#only #tags"):
        reply = bot.handle(SubmitTip(make_source("tip-2"), text, Visibility.PUBLIC))
        assert isinstance(reply, Notice) and reply.level is Level.USAGE and "/tip" in reply.text
    assert store.committed.tips == {}


def test_private_capture_remembers_author_and_saver_as_channel_members(bot, store):
    source = make_source(channel="G-PHARM")
    bot.handle(CaptureMessage(source, SCANNER, "U-JO", Visibility.PRIVATE))
    assert {m[3] for m in store.committed.members} == {"U-MARIA", "U-JO"}


def test_tags_are_capped_per_tip_and_the_saver_is_told(bot):
    from adapters.slack.render import render
    from bot.text import MAX_TAGS

    tags = " ".join(f"#tag{n}" for n in range(800))
    reply = bot.handle(CaptureMessage(make_source(), f"Scanner tip {tags}", "U-JO", Visibility.PUBLIC))
    assert len(reply.tip.tags) == MAX_TAGS and reply.tip.tags[0] == "tag0" and reply.tags_dropped == 800 - MAX_TAGS
    assert "790 more were dropped" in render(reply)["text"]
    again = bot.handle(CaptureMessage(make_source(), f"Scanner tip {tags}", "U-SAM", Visibility.PUBLIC))
    assert again.tags_dropped == 0 and len(again.tip.tags) == MAX_TAGS


def test_a_channel_made_private_takes_its_public_tips_with_it_and_no_others(bot, store):
    from bot.commands import MakeChannelPrivate

    flag(bot, "U-JO")
    flag(bot, "U-JO", "Another channel's tip stays as it was", message_id="1700000000.000200", channel="C-OTHER")
    reply = bot.handle(MakeChannelPrivate("slack", "T1", "C-GENERAL"))
    assert isinstance(reply, Quiet) and "1 tips" in reply.summary
    visibility = {tip.source.ref.channel_id: tip.visibility for tip in store.committed.tips.values()}
    assert visibility == {"C-GENERAL": Visibility.PRIVATE, "C-OTHER": Visibility.PUBLIC}
    assert "0 tips" in bot.handle(MakeChannelPrivate("slack", "T2", "C-OTHER")).summary  # another workspace's


def test_saving_again_from_a_channel_now_private_makes_the_tip_private_never_public_again(bot, store):
    flag(bot, "U-JO")
    bot.handle(CaptureMessage(make_source(), SCANNER, "U-SAM", Visibility.PRIVATE))  # the channel was re-checked
    assert only_tip(store).visibility is Visibility.PRIVATE and only_tip(store).savers == ["U-JO", "U-SAM"]
    flag(bot, "U-DEV")  # a stale "public" never widens it again
    assert only_tip(store).visibility is Visibility.PRIVATE
