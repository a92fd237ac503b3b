"""Screening untrusted text takes time linear in its length: no pattern can be made to backtrack.

The screen runs on every captured tip and every /ask question, in the process that acknowledges chat
platforms; a text built to make a backtracking pattern explode (the email pattern took 2.8 s on 40,000
characters) would stall every acknowledgement behind it.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import MAX_SCREENED_CHARS, Screen

DETECTOR = RuleDetector()
SCREEN = Screen(DETECTOR)
BUDGET_S = 1.0  # the rules take ~0.1 s on 40,000 characters of chat; a backtracking pattern takes seconds

ADVERSARIAL = [
    "a" * 100_000 + "@",                          # email: a long local part with no domain
    "a." * 50_000 + "@x",                          # email: dots to split the local part many ways
    "a-" * 50_000 + "@b",
    "1" * 100_000,                                 # phones, record numbers, dates: one long run of digits
    "1-" * 50_000,
    "1/" * 50_000,
    "12/" * 33_000 + "x",
    "MRN " * 25_000,                               # a label with no number after it, many times
    "Mr " * 33_000,                                # titles with no name
    "DOB " * 25_000 + "1",
    "patient " * 12_500,
    "(" * 50_000 + "1" * 50_000,
    "Aa " * 33_000,
    "son, " * 20_000,
    "Ab-" * 33_000,                                # a hyphenated name that never ends
    "a-" * 50_000 + "Smith",
]


def _seconds(text: str) -> float:
    start = time.perf_counter()
    DETECTOR.find(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[text[:12] for text in ADVERSARIAL])
def test_adversarial_texts_of_100000_characters_screen_in_bounded_time(text):
    DETECTOR.find("warm up")
    assert _seconds(text) < BUDGET_S


fragments = st.lists(st.sampled_from(list("aA1 .-/@()#:,'\n") + ["MRN", "Mr", "DOB", "son", "pt", "é"]),
                     min_size=1, max_size=12).map("".join)


@settings(max_examples=40, deadline=None)
@given(fragments, st.integers(min_value=1, max_value=100_000))
def test_any_repeated_text_up_to_100000_characters_screens_in_bounded_time(fragment, times):
    text = (fragment * times)[:100_000]
    assert _seconds(text) < BUDGET_S


def test_what_is_screened_and_stored_is_capped():
    long = "Mr Alvarez bed 4 " * 5_000
    screened = SCREEN(long)
    assert len(screened.text) <= MAX_SCREENED_CHARS and "Alvarez" not in screened.text
