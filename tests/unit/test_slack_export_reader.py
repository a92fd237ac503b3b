"""Any Slack export file, however broken, is read as tips or named as skipped: never an exception, never a hang."""
from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st

from adapters.slack.export_reader import SlackExport

CHANNELS = json.dumps([{"id": "C1", "name": "golive"}])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
message_like = st.fixed_dictionaries(
    {}, optional={"user": json_values | st.just("U1"), "ts": json_values | st.just("1763370000.000100"),
                  "text": json_values | st.just("a tip"), "subtype": json_values, "thread_ts": json_values,
                  "reactions": json_values | st.just([{"name": "bulb", "users": ["U2"]}])})


def read(files: dict[str, bytes]) -> tuple[list, list[str]]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    problems: list[str] = []
    with zipfile.ZipFile(buffer) as archive:
        reader = SlackExport(archive, "T1", "https://x.slack.com", frozenset({"bulb"}), problems.append)
        tips = [tip for day in reader.day_files() for tip in reader.tips(day)]
    return tips, problems


@settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(message_like | json_values, max_size=6))
def test_any_messages_become_tips_or_are_left_out(messages):
    tips, problems = read({"channels.json": CHANNELS.encode(), "golive/2025-11-17.json": json.dumps(messages).encode()})
    assert problems == [] or problems == ["golive/2025-11-17.json: not a list of messages: skipped"]
    assert all(t.text.strip() and t.savers for t in tips)


@settings(max_examples=100, deadline=1000)
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_unreadable_files_are_named_and_skipped(listing, day):
    tips, problems = read({"channels.json": listing, "users.json": listing, "golive/2025-11-17.json": day})
    assert all(problem.endswith("skipped") for problem in problems)
