from __future__ import annotations

from bot.commands import Ask, CaptureMessage, DeleteSource, RecordFeedback, RecordMembership, Review
from bot.model import TipStatus, Viewer, Visibility
from bot.operator import Operator
from bot.replies import Answer, Level, Notice
from tests.unit.conftest import make_source

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

VIEWER = Viewer("slack", "T1", "U-ASKER")


def capture(bot, text, message_id, channel="C-GENERAL", visibility=Visibility.PUBLIC):
    bot.handle(CaptureMessage(make_source(message_id, channel=channel), text, "U-JO", visibility))


def test_ask_returns_matching_tips_with_links(bot, store):
    capture(bot, "Frozen scanner: hold the trigger for ten seconds", "1.1")
    capture(bot, "Discharge summary template lives under Notes > Templates", "1.2")
    answer = bot.handle(Ask(VIEWER, "how do I fix a frozen scanner?"))
    assert isinstance(answer, Answer) and answer.answered
    assert answer.sources[0].tip.text.startswith("Frozen scanner")
    assert answer.sources[0].tip.source.permalink.startswith("https://")


def test_ask_says_honestly_when_nothing_matches_and_records_the_gap(bot, store):
    capture(bot, "Frozen scanner: hold the trigger", "1.1")
    answer = bot.handle(Ask(VIEWER, "where is the insulin drip protocol"))
    assert isinstance(answer, Answer) and not answer.answered
    assert "in Tipjar matches" in answer.text
    (question,) = store.committed.questions
    assert not question.answered and question.asker_id == "U-ASKER"


def test_empty_question_gets_usage(bot, store):
    reply = bot.handle(Ask(VIEWER, "  "))
    assert isinstance(reply, Notice) and reply.level is Level.USAGE
    assert store.committed.questions == []


def test_private_tips_only_for_members(bot):
    capture(bot, "Pharmacy override code lives in the blue binder", "2.1", "G-PHARM", Visibility.PRIVATE)
    assert not bot.handle(Ask(VIEWER, "pharmacy override code")).answered
    bot.handle(RecordMembership("slack", "T1", "G-PHARM", ("U-ASKER",)))
    assert bot.handle(Ask(VIEWER, "pharmacy override code")).answered
    other_workspace = Viewer("slack", "T2", "U-ASKER")
    assert not bot.handle(Ask(other_workspace, "pharmacy override code")).answered


def test_deleted_and_archived_tips_are_never_served(bot, store):
    capture(bot, "scanner trick one", "3.1")
    capture(bot, "scanner trick two", "3.2")
    bot.handle(DeleteSource(make_source("3.1").ref))
    tip_two = next(t for t in store.committed.tips.values() if t.text == "scanner trick two")
    bot.handle(Review(tip_two.id, "U-TRAINER", TipStatus.ARCHIVED, at=OPERATOR))
    assert not bot.handle(Ask(VIEWER, "scanner trick")).answered


def test_long_tip_snippet_is_a_window_around_the_match(bot):
    capture(bot, "intro " * 100 + "the wristband printer needs a reboot " + "outro " * 100, "4.1")
    (source,) = bot.handle(Ask(VIEWER, "wristband printer")).sources
    assert "wristband printer" in source.snippet and len(source.snippet) <= 240
    assert [source.snippet[a:b] for a, b in source.highlights] == ["wristband", "printer"]


def test_highlights_match_word_forms_but_not_stopwords(bot):
    capture(bot, "Printers jam when the rolls are loaded backwards", "4.2")
    (source,) = bot.handle(Ask(VIEWER, "why does the printer jam?")).sources
    assert [source.snippet[a:b] for a, b in source.highlights] == ["Printers", "jam"]


def test_feedback_is_kept_and_a_later_click_replaces_it(bot, store):
    capture(bot, "Frozen scanner: hold the trigger", "5.1")
    answer = bot.handle(Ask(VIEWER, "frozen scanner"))
    assert "helped" in bot.handle(RecordFeedback(answer.question_id, "U-ASKER", True)).text
    bot.handle(RecordFeedback(answer.question_id, "U-ASKER", False))
    (kept,) = store.committed.feedback.values()
    assert kept.helpful is False and kept.question_id == answer.question_id


def test_feedback_on_an_unknown_answer_is_a_clear_error(bot):
    assert bot.handle(RecordFeedback(999, "U-ASKER", True)).level is Level.ERROR


class OneChannelDirectory:
    """A platform directory that says the viewer reads exactly one channel."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.asked: list[frozenset[str]] = []

    def readable(self, viewer, channel_ids):
        self.asked.append(channel_ids)
        return channel_ids & {self.channel}


def test_a_platform_directory_decides_private_access(store, clock):
    from tipjar.bootstrap import build_bot
    from adapters.settings import Settings

    directory = OneChannelDirectory("G-PHARM")
    bot = build_bot(Settings(), units=store, clock=clock, directory=directory)
    capture(bot, "Pharmacy override code lives in the blue binder", "6.1", "G-PHARM", Visibility.PRIVATE)
    capture(bot, "Pharmacy night line is ext 4410", "6.2", "G-NIGHT", Visibility.PRIVATE)
    answer = bot.handle(Ask(VIEWER, "pharmacy"))
    assert [s.tip.source.ref.channel_id for s in answer.sources] == ["G-PHARM"]
    assert directory.asked == [frozenset({"G-PHARM", "G-NIGHT"})]


def test_an_answer_shown_in_a_channel_keeps_other_channels_private_tips_out(bot):
    capture(bot, "Pharmacy override code lives in the blue binder", "7.1", "G-PHARM", Visibility.PRIVATE)
    capture(bot, "Pharmacy night line is ext 4410", "7.2", "G-NIGHT", Visibility.PRIVATE)
    capture(bot, "Pharmacy fax is on the second floor", "7.3")
    bot.handle(RecordMembership("slack", "T1", "G-PHARM", ("U-ASKER",)))
    bot.handle(RecordMembership("slack", "T1", "G-NIGHT", ("U-ASKER",)))
    everything = bot.handle(Ask(VIEWER, "pharmacy"))
    assert {s.tip.source.ref.channel_id for s in everything.sources} == {"G-PHARM", "G-NIGHT", "C-GENERAL"}
    in_the_channel = bot.handle(Ask(VIEWER, "pharmacy", within=frozenset({"G-NIGHT"})))
    assert {s.tip.source.ref.channel_id for s in in_the_channel.sources} == {"G-NIGHT", "C-GENERAL"}
