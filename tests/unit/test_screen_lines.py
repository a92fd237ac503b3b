"""`tipjar screen`'s reader: any input yields a result or a numbered problem per line, never an exception."""
from __future__ import annotations

import io
import json

from hypothesis import given, settings, strategies as st

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen
from tipjar.cli_privacy import ScreenInputError, screen_lines

SCREEN = Screen(RuleDetector())
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=8)


@settings(max_examples=150, deadline=1000)
@given(st.lists(st.binary(max_size=120) | json_values.map(lambda v: json.dumps(v).encode()), max_size=8))
def test_any_lines_give_a_result_or_a_numbered_problem(lines):
    raw = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    results = list(screen_lines(io.BytesIO(raw), SCREEN))
    assert len(results) == sum(1 for line in raw.split(b"\n") if line.strip())
    for result in results:
        assert isinstance(result, (dict, ScreenInputError))
        if isinstance(result, ScreenInputError):
            assert str(result).startswith("line ")


@settings(max_examples=100, deadline=1000)
@given(st.text(max_size=300), st.integers() | st.text(max_size=10))
def test_every_good_line_is_answered_with_its_id(text, ident):
    (result,) = screen_lines(io.BytesIO(json.dumps({"id": ident, "text": text}).encode()), SCREEN)
    assert result["id"] == ident and result["flagged"] == bool(result["kinds"])
    assert result["redacted"] == SCREEN(text).text
