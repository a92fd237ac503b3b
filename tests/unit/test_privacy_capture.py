"""Every text the core stores is screened first: captures, /tip, edits, trainers' edits, imports, questions."""
from __future__ import annotations

from bot.commands import Ask, CaptureMessage, EditSource, EditTip, ImportTips, SubmitTip
from bot.config import PrivacySettings
from adapters.settings import Settings
from bot.model import Viewer, Visibility
from bot.operator import Operator
from bot.records import record_to_tip
from bot.replies import HeldForAuthor, TipSaved
from tests.unit.conftest import make_source
from tipjar.bootstrap import build_bot

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

WRAPPED = "bed 12, Mr Alvarez, MRN 00482913, DOB 3/14/1951: the BCMA scan failed, re-print the band"
CLEAN = "The BCMA scan fails on old bands: re-print the band from the Brain"


def only_tip(store):
    (tip,) = store.committed.tips.values()
    return tip


def test_a_capture_stores_the_redacted_words_and_says_what_went(bot, store):
    reply = bot.handle(CaptureMessage(make_source(), WRAPPED, "U-JO", Visibility.PUBLIC))
    assert isinstance(reply, TipSaved) and reply.removed == ("ROOM", "NAME", "MRN", "DATE")
    tip = only_tip(store)
    assert tip.text == "[ROOM], Mr [NAME], MRN [MRN], DOB [DATE]: the BCMA scan failed, re-print the band"
    assert tip.redacted == ["ROOM", "NAME", "MRN", "DATE"]
    assert "00482913" not in repr(store.committed)


def test_a_second_saver_is_not_told_again_and_a_clean_message_says_nothing(bot, store):
    bot.handle(CaptureMessage(make_source(), WRAPPED, "U-JO", Visibility.PUBLIC))
    assert bot.handle(CaptureMessage(make_source(), WRAPPED, "U-SAM", Visibility.PUBLIC)).removed == ()
    clean = bot.handle(CaptureMessage(make_source("1700000000.000200"), CLEAN, "U-JO", Visibility.PUBLIC))
    assert clean.removed == ()


def test_tip_command_and_edits_are_screened(bot, store):
    bot.handle(SubmitTip(make_source(), "Call the family at 608-555-0143 to confirm #bcma", Visibility.PUBLIC))
    tip = only_tip(store)
    assert tip.text == "Call the family at [PHONE] to confirm #bcma" and tip.tags == ["bcma"]
    bot.handle(EditSource(make_source().ref, "Confirm with pt 4417382 first #bcma"))
    tip = only_tip(store)
    assert tip.text == "Confirm with pt [MRN] first #bcma" and tip.previous_text.endswith("[PHONE] to confirm #bcma")
    assert tip.redacted == ["PHONE", "MRN"]
    bot.handle(EditTip(tip.id, "U-TRAINER", "Confirm with Mrs Okoro by phone", (), at=OPERATOR))
    assert only_tip(store).text == "Confirm with Mrs [NAME] by phone"


def test_imports_are_screened(bot, store):
    record = {"platform": "slack", "workspace_id": "T1", "channel_id": "C1", "message_id": "1.1",
              "author_id": "U1", "text": "FIN 55120934 shows twice", "captured_at": "2026-11-01T10:00:00Z"}
    bot.handle(ImportTips((record_to_tip(record),)))
    assert only_tip(store).text == "FIN [MRN] shows twice" and only_tip(store).redacted == ["MRN"]


def test_questions_are_stored_without_identifiers(bot, store):
    answer = bot.handle(Ask(Viewer("slack", "T1", "U-JO"), "why won't MRN 00482913 scan?"))
    (question,) = store.committed.questions
    assert question.text == answer.question == "why won't MRN [MRN] scan?"


def test_off_keeps_the_words(store, clock):
    bot = build_bot(Settings(privacy=PrivacySettings(patient_data="off")), units=store, clock=clock)
    bot.handle(CaptureMessage(make_source(), WRAPPED, "U-JO", Visibility.PUBLIC))
    assert only_tip(store).text == WRAPPED and only_tip(store).redacted == []


def holding(store, clock):
    return build_bot(Settings(privacy=PrivacySettings(patient_data="hold")), units=store, clock=clock)


def test_hold_stores_nothing_until_the_author_confirms(store, clock):
    bot = holding(store, clock)
    held = bot.handle(CaptureMessage(make_source(), WRAPPED, "U-JO", Visibility.PUBLIC, author_can_confirm=True))
    assert isinstance(held, HeldForAuthor) and held.kinds == ("ROOM", "NAME", "MRN", "DATE")
    assert held.saver_id == "U-JO" and store.committed.tips == {} and store.commits == 0
    confirmed = CaptureMessage(make_source(), WRAPPED, "U-JO", Visibility.PUBLIC, author_can_confirm=True, confirmed=True)
    assert bot.handle(confirmed).created and only_tip(store).text == WRAPPED and only_tip(store).redacted == []


def test_hold_lets_clean_text_through_and_redacts_where_the_author_cannot_be_asked(store, clock):
    bot = holding(store, clock)
    assert bot.handle(CaptureMessage(make_source(), CLEAN, "U-JO", Visibility.PUBLIC, author_can_confirm=True)).created
    other = make_source("1700000000.000300")
    assert bot.handle(CaptureMessage(other, WRAPPED, "U-JO", Visibility.PUBLIC)).removed
    held = bot.handle(SubmitTip(make_source("tip-1"), "Ring Mrs Okoro on 608-555-0143", Visibility.PUBLIC,
                                author_can_confirm=True))
    assert isinstance(held, HeldForAuthor) and held.text == "Ring Mrs Okoro on 608-555-0143"
    assert len(store.committed.tips) == 2
