"""The screen on odd input beside a name: it must never raise (a capture or an /ask would fail)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen

SCREEN = Screen(RuleDetector())


def test_ethiopic_digit_beside_a_name_does_not_raise() -> None:
    """'Harold, ፩, in 3A': Ethiopic digits (and circled digits such as ⓵) are `str.isdigit()` but not decimal,
    survive folding, and reach `int()` in the age check beside a name -> ValueError. Amharic speakers type these
    numerals; rare in an English-language hospital chat, but any user can send one and the save fails."""
    SCREEN("Harold, ፩, in 3A")
    SCREEN("Harold, ⓵, in 3A")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Harold", ",", " ", "in", "3A", "pt", "Smith", "\u136b", "\u24f5", "\u19da"]),
                max_size=12).map("".join))
def test_name_and_non_decimal_digits_never_raise(text: str) -> None:
    SCREEN(text)
