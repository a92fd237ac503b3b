"""File names and links are screened like a tip's text: any name or link, of any length, gives a screened
reference (never an exception); identifiers found in them are taken out and named in the private note."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings, strategies as st

from bot.commands import CaptureMessage, EditTip, ImportTips
from bot.model import FileRef, Origin, Tip, Visibility
from bot.operator import Operator
from bot.privacy.attachments import screen_files
from bot.privacy.rules import RuleDetector
from bot.privacy.screen import MAX_SCREENED_CHARS, Screen
from bot.replies import TipSaved
from tests.unit.conftest import make_source
from tests.unit.fakes import FixedClock

SCREEN = Screen(RuleDetector())
OPERATOR = Operator("tests")
NAMED = FileRef("Alvarez MRN 00482913 wristband.png", "image/png", 2_048,
                "https://files.example.org/F1/MRN-00482913-wristband.png")


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=400), st.text(max_size=400))
def test_any_file_name_and_link_are_screened_without_error(name, link):
    screened = screen_files(SCREEN, (FileRef(name, "", 0, link),))
    (kept,) = screened.files
    assert kept.name == SCREEN(name).text
    assert kept.link == ("" if SCREEN(link).flagged else link)
    assert set(screened.kinds) == set(SCREEN(name).kinds) | set(SCREEN(link).kinds)


@settings(max_examples=10, deadline=5000)
@given(st.sampled_from("0123456789 aZ/.-_é\u00a0١"), st.integers(100_000, 120_000))
def test_names_and_links_of_a_hundred_thousand_characters_are_screened_to_the_screens_limit(char, length):
    name = char * length
    (kept,) = screen_files(SCREEN, (FileRef(name, "", 0, "https://x.example/" + name),)).files
    assert kept.name == SCREEN(name).text and len(SCREEN(name[:MAX_SCREENED_CHARS]).text) == len(kept.name)


def test_a_file_named_after_a_patient_keeps_a_redacted_name_and_loses_its_link(bot, store):
    source = replace(make_source(), files=(NAMED, FileRef("pump-settings.png", "image/png", 1, "https://files.example.org/F2/p.png")))
    reply = bot.handle(CaptureMessage(source, "Reprint the band from the Brain", "U-JO", Visibility.PUBLIC))
    assert isinstance(reply, TipSaved) and "MRN" in reply.removed
    (tip,) = store.committed.tips.values()
    named, clean = tip.source.files
    assert "00482913" not in named.name and "[MRN]" in named.name and named.link == ""
    assert clean == FileRef("pump-settings.png", "image/png", 1, "https://files.example.org/F2/p.png")
    assert "00482913" not in repr(store.committed) and "MRN" in tip.redacted


def test_a_confirmed_capture_keeps_its_files_as_they_are(bot, store):
    source = replace(make_source(), files=(NAMED,))
    bot.handle(CaptureMessage(source, "Reprint the band", "U-JO", Visibility.PUBLIC, confirmed=True))
    (tip,) = store.committed.tips.values()
    assert tip.source.files == (NAMED,)


def test_imported_file_references_are_screened_too(bot, store):
    imported = Tip(source=replace(make_source(), files=(NAMED,)), text="Reprint the band", visibility=Visibility.PUBLIC,
                   origin=Origin.IMPORT, captured_at=FixedClock().now())
    bot.handle(ImportTips((imported,)))
    (tip,) = store.committed.tips.values()
    assert "00482913" not in repr(tip.source.files) and "MRN" in tip.redacted


def test_a_trainers_typed_tag_holding_a_record_number_is_not_kept(bot, store):
    saved = bot.handle(CaptureMessage(make_source(), "Reprint the band from the Brain", "U-JO", Visibility.PUBLIC))
    bot.handle(EditTip(saved.tip.id, "U-TRAINER", "Reprint the band from the Brain menu", ("00482913", "bands"), at=OPERATOR))
    (tip,) = store.committed.tips.values()
    assert tip.tags == ["bands"] and "00482913" not in repr(store.committed)
