"""Characters that read the same but are not ASCII may not carry an identifier past the screen.

The rules are ASCII patterns and an ASCII tokenizer; chat clients keep fullwidth digits (Japanese and Chinese
keyboards), no-break spaces and en dashes (pasted from Word or Outlook), zero-width spaces, soft hyphens and
direction marks (pasted from web pages and EMR notes) and combining accents, and a person can type them on
purpose. Each of these let a record number, a phone number or a name through as written.
"""
from __future__ import annotations

import time

import pytest

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import MAX_SCREENED_CHARS, Screen

SCREEN = Screen(RuleDetector())

BYPASSES = [
    ("fullwidth digits in an MRN", "MRN １２３４５６７８ needs a new armband", "１２３４５６７８"),
    ("Arabic-Indic digits in an MRN", "MRN ١٢٣٤٥٦٧٨ needs a new armband", "٥٦٧٨"),
    ("zero-width space inside an MRN", "MRN 1234\u200b5678 needs a new armband", "5678"),
    ("zero-width space inside the word MRN", "M\u200bRN 12345678 needs a new armband", "12345678"),
    ("fullwidth colon after MRN", "MRN：12345678", "12345678"),
    ("no-break spaces in a phone", "call the son at 617\u00a0555\u00a00199", "0199"),
    ("en dashes in a phone", "call the son at 617\u2013555\u20130199", "0199"),
    ("fullwidth digits in a phone", "call the son at ６１７-５５５-０１９９", "０１９９"),
    ("zero-width space in a name", "Mr John\u200bson in 12 fell", "son"),
    ("zero-width joiner in a name", "Mr John\u200dson in 12 fell", "son"),
    ("soft hyphen in a name", "Mr John\u00adson in 12 fell", "son"),
    ("combining accent in a name", "Mr Joh\u0301nson in 12 fell", "nson"),
    ("zero-width spaces in a full name", "pt Ger\u200bald Fitz\u200bpatrick in 12 fell", "patrick"),
    ("fullwidth digits in a DOB", "DOB ３/４/５１", "５１"),
    ("fullwidth at sign in an email", "email jane\uff20gmail.com", "gmail"),
    ("zero-width space in an SSN", "SSN 123-45-\u200b6789", "6789"),
    ("no-break spaces in an SSN", "SSN 123\u00a045\u00a06789", "6789"),
    ("fullwidth digits in an age", "９２ yo female", "９２"),
    ("an accented name after pt", "pt Ángel Muñoz in 14 prefers Spanish", "Muñoz"),
]


@pytest.mark.parametrize("text, identifier", [(t, i) for _, t, i in BYPASSES], ids=[k for k, _, _ in BYPASSES])
def test_look_alike_characters_do_not_carry_an_identifier_through(text, identifier):
    screened = SCREEN(text)
    assert screened.flagged and identifier not in screened.text


def test_the_text_outside_what_was_found_is_kept_as_written():
    text = "Ask Dr Healey\u00a0in pharmacy about the café order set, then MRN １２３４５６７８ and Mr Joh\u0301nson"
    assert SCREEN(text).text == "Ask Dr Healey\u00a0in pharmacy about the café order set, then MRN [MRN] and Mr [NAME]"


def test_clean_non_ascii_text_stays_as_written():
    for text in ("Patient Station: the café menu is under Diet Orders ✔", "Ask Dr Müller on 5 Nord about the Bestellset",
                 "﷽ ﬁle the order under Patient Class", "ＩＣＵ printer ZEBRA-02 ① ② ③"):
        assert SCREEN(text).text == text


@pytest.mark.parametrize("unit", ["\u200b", "e\u0301", "\u00a0", "１", "\u202e", "﷽", "ﬁ", "М"])
def test_non_ascii_texts_at_the_cap_screen_in_bounded_time(unit):
    text = (unit * (MAX_SCREENED_CHARS // len(unit) + 10))
    start = time.perf_counter()
    SCREEN(text)
    assert time.perf_counter() - start < 1.0
