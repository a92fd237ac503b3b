"""The screen on odd and heavy input: it must never raise (a capture or an /ask would fail) and must keep its
stated time at the 40,000-character limit."""
from __future__ import annotations

import time

from hypothesis import given, settings, strategies as st

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import MAX_SCREENED_CHARS, Screen

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


def test_dense_handoff_at_the_limit_keeps_the_stated_p99() -> None:
    """README: p99 < 100 ms at 40,000 characters. A pasted handoff list (bed, name, age, relative, phone,
    MRN, DOB per line; a common paste) measured p99 120 ms, median 78 ms (load 2.4 on 2 cores); repeated
    short date-and-patient phrases reach 150-160 ms for the best of three runs. Growth is linear (10k -> 160k
    scales x15-x22), so this is a missed figure, not a hang. Timing-based: noisy on a loaded machine."""
    lines = ["Rm 12 - Harold, 97, s/p fall, daughter Linda 555-867-5309, MRN 00123456, DOB 03/04/1929",
             "pt Maria Garcia in 14 NPO after midnight, husband Tom updated, BP 132/80 HR 88",
             "Mr. Okonkwo in 4 refusing lovenox, son Chidi called at 1400, K 3.2 repleted"]
    text = "\n".join(lines * 400)[:MAX_SCREENED_CHARS]
    SCREEN(text)
    runs = []
    for _ in range(50):
        started = time.perf_counter()
        SCREEN(text)
        runs.append(time.perf_counter() - started)
    runs.sort()
    assert runs[int(len(runs) * 0.99) - 1] < 0.100, f"p99 {runs[int(len(runs) * 0.99) - 1] * 1000:.0f} ms"
