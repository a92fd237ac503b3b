"""The read side (bot.views): what adapters show is read through the core.

The Home tab's "top tips" rank with the digest's own score (digests.ranking), not by votes alone: before,
the Home tab sorted by saver count and kept capture order on ties, so it could disagree with the digest
about which tip of the week is best. Now a tip that /ask answers cited, or captured later among equals, comes
first on both.
"""
from __future__ import annotations

from bot.commands import Ask, CaptureMessage
from bot.model import Viewer, Visibility
from digests.period import Period
from tests.unit.conftest import make_source


def capture(bot, message_id: str, text: str, saver: str = "U-JO", visibility=Visibility.PUBLIC):
    bot.handle(CaptureMessage(make_source(message_id), text, saver, visibility))


def week(clock):
    return Period.containing(clock.now(), "UTC")


def top_texts(bot, clock, user: str = "U-JO") -> list[str]:
    return [tip.text for tip in bot.views.home("slack", "T1", user, week(clock)).top]


def test_home_ranks_a_tip_that_answers_cited_above_a_later_one(bot, clock):
    capture(bot, "1.1", "Scanner dock: undock and redock the scanner")
    clock.advance(days=3)
    capture(bot, "1.2", "Fax cover sheet lives in the shared drive")
    assert top_texts(bot, clock) == ["Fax cover sheet lives in the shared drive",
                                     "Scanner dock: undock and redock the scanner"]
    bot.handle(Ask(Viewer("slack", "T1", "U-ANA"), "scanner dock redock"))
    assert top_texts(bot, clock) == ["Scanner dock: undock and redock the scanner",
                                     "Fax cover sheet lives in the shared drive"]


def test_home_ranks_more_savers_first_and_the_later_of_equal_tips_first(bot, clock):
    capture(bot, "2.1", "First tip of the week")
    clock.advance(hours=1)
    capture(bot, "2.2", "Second tip of the week")
    clock.advance(hours=1)
    capture(bot, "2.3", "Third tip, saved twice")
    capture(bot, "2.3", "Third tip, saved twice", saver="U-ANA")
    assert top_texts(bot, clock) == ["Third tip, saved twice", "Second tip of the week", "First tip of the week"]


def test_home_lists_the_viewers_saved_tips_newest_first_and_no_private_tip_among_the_top(bot, clock):
    capture(bot, "3.1", "Older saved tip")
    clock.advance(minutes=1)
    capture(bot, "3.2", "Newer saved tip")
    capture(bot, "3.3", "Private ward tip", visibility=Visibility.PRIVATE)
    shown = bot.views.home("slack", "T1", "U-JO", week(clock))
    assert [tip.text for tip in shown.saved] == ["Private ward tip", "Newer saved tip", "Older saved tip"]
    assert "Private ward tip" not in [tip.text for tip in shown.top]


def test_a_question_id_no_database_integer_can_hold_reads_as_none(bot):
    assert bot.views.question(2**40) is None and bot.views.question(0) is None
