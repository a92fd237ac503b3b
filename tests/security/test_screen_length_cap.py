"""The screen reads the first 40,000 characters of a text: nothing past them may be stored unscreened.

An imported tip (JSONL import, Slack export) can be longer when a hospital raises `capture.max_text_chars`; a
record number put after 40,000 characters of clean filler was kept as written, because the import only took
the screened text when the first 40,000 characters held an identifier.
"""
from __future__ import annotations

import pytest

from bot.commands import CaptureMessage, ImportTips
from bot.config import CaptureSettings
from adapters.settings import Settings
from bot.model import Visibility
from bot.privacy.screen import MAX_SCREENED_CHARS
from bot.records import record_to_tip
from tests.unit.conftest import make_source
from tests.unit.fakes import FakeStore, FixedClock
from tipjar.bootstrap import build_bot

FILLER = "Re-print the band from the Brain when the scan fails. " * 800  # ~43,000 clean characters
SMUGGLED = FILLER[:MAX_SCREENED_CHARS] + " MRN 00482913 and Mr Alvarez, DOB 3/14/1951"


def _record(text: str) -> dict:
    return {"platform": "slack", "workspace_id": "T1", "channel_id": "C1", "message_id": "1.1",
            "author_id": "U1", "text": text, "captured_at": "2026-11-01T10:00:00Z"}


def test_an_import_longer_than_the_screen_reads_stores_nothing_past_it():
    store = FakeStore()
    bot = build_bot(Settings(), units=store, clock=FixedClock())
    bot.handle(ImportTips((record_to_tip(_record(SMUGGLED)),)))
    (tip,) = store.committed.tips.values()
    assert "00482913" not in tip.text and "Alvarez" not in tip.text and "3/14/1951" not in tip.text


def test_a_longer_message_limit_cannot_reach_past_the_screen():
    """`capture.max_text_chars` above the screen's cap would store (or, before, cut without a word) what the
    screen never read: the setting may not exceed it."""
    with pytest.raises(ValueError):
        CaptureSettings(max_text_chars=MAX_SCREENED_CHARS + 1)


def test_a_capture_at_the_cap_is_screened_to_its_end():
    store = FakeStore()
    bot = build_bot(Settings(), units=store, clock=FixedClock())
    tail = " MRN 00482913"
    text = FILLER[:MAX_SCREENED_CHARS - len(tail)] + tail
    bot.handle(CaptureMessage(make_source(), text, "U-JO", Visibility.PUBLIC))
    (tip,) = store.committed.tips.values()
    assert tip.text.endswith("MRN [MRN]")
