"""JSON nested deeper than any real payload: a clear 400 from /api/messages, a named and skipped file in
`tipjar import-slack`, never a RecursionError (a 500, or the whole import aborted)."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from adapters.request_body import MAX_NESTING, TooDeep, parse_json
from tests.e2e.teams import activities
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL
from tests.fixtures.slack_export import synthetic_export, write_export


def nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


def deep_dict(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def activity_with(field: str, deep: str) -> bytes:
    """A genuine activity whose `field` holds `deep` (JSON text): only its nesting is wrong."""
    activity = activities.installed(TEAMS_SERVICE_URL, activities.in_group_chat(), "sam")
    text = json.dumps({**activity, field: "@@"})
    return text.replace('"@@"', deep).encode()


def test_a_deeply_nested_activity_is_a_clear_400(guarded, keys):
    bodies = [nested(100_000).encode(), activity_with("channelData", nested(100_000)),
              activity_with("value", deep_dict(50_000)), activity_with("entities", nested(900)),
              activity_with("value", deep_dict(300))]
    for body in bodies:
        status, answer = activities.post(guarded.url, None, token=keys.token(), raw=body)
        assert status == 400 and "nested" in answer["error"], (body[:60], status, answer)
    assert guarded.healthy()


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
ANY_JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                        max_leaves=30)
DEEP = st.builds(lambda depth, kind, tail: (nested(depth) if kind == "list" else deep_dict(depth))[:tail],
                 st.integers(1, 200_000), st.sampled_from(["list", "dict"]), st.integers(1, 400_001))
FIELDS = ["channelData", "value", "entities", "from", "conversation", "attachments", "channelId", "serviceUrl", "type",
          "id", "recipient", "text"]
BODIES = st.one_of(
    st.binary(max_size=2000),
    ANY_JSON.map(lambda value: json.dumps(value).encode()),
    DEEP.map(str.encode),
    st.tuples(st.sampled_from(FIELDS), st.integers(1, 5000)).map(lambda pair: activity_with(pair[0], nested(pair[1]))),
    st.tuples(st.sampled_from(FIELDS), ANY_JSON).map(lambda pair: activity_with(pair[0], json.dumps(pair[1]))),
)


def test_any_body_gets_a_clear_4xx_never_a_5xx(guarded, keys):
    token = keys.token()

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(BODIES)
    @example(activity_with("channelId", '""'))  # the Agents SDK's check of it raised a TypeError: a 500
    def post_one(body):
        status, answer = activities.post(guarded.url, None, token=token, raw=body)
        assert status < 500, (status, answer, body[:80])
        if status >= 400:
            assert isinstance(answer, dict) and answer.get("error"), (status, answer)

    post_one()
    assert guarded.healthy()


@given(st.one_of(st.text(max_size=300), DEEP, ANY_JSON.map(json.dumps)))
def test_parse_json_gives_a_value_or_a_value_error_never_a_recursion_error(text):
    try:
        parse_json(text)
    except TooDeep:
        assert text.count("[") + text.count("{") > MAX_NESTING
    except ValueError:
        pass


def rewritten(source: Path, target: Path, files: dict[str, str]) -> None:
    """A copy of the export zip `source` with `files` (name -> text) added or put in place of its own."""
    with zipfile.ZipFile(source) as plain, zipfile.ZipFile(target, "w") as export:
        for item in plain.infolist():
            if item.filename not in files:
                export.writestr(item, plain.read(item))
        for name, text in files.items():
            export.writestr(name, text)


def test_import_slack_names_and_skips_a_deeply_nested_file(tipjar, tmp_path):
    expected = synthetic_export(tmp_path / "plain.zip")
    rewritten(tmp_path / "plain.zip", tmp_path / "export.zip", {
        "pharmacy/2025-11-21.json": nested(200_000),
        "emr-go-live/2025-11-22.json": '[{"type": "message", "text": ' + deep_dict(100_000) + "}]"})
    done = tipjar("import-slack", "export.zip", "--team", "T1", check=False)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1, done.stdout + done.stderr
    for name in ("pharmacy/2025-11-21.json", "emr-go-live/2025-11-22.json"):
        line = next((line for line in done.stderr.splitlines() if line.startswith(name)), "")
        assert "nested" in line and "skipped" in line, done.stderr
    assert f"{expected['tips']} new tips; 0 already stored; 4 files skipped" in done.stdout


def test_import_slack_names_a_nested_users_listing_and_reads_the_rest(tipjar, tmp_path):
    tip = {"type": "message", "user": "U1", "ts": "1763370000.000100", "text": "Badge taps: hold 2 s",
           "reactions": [{"name": "bulb", "users": ["U2"]}]}
    write_export(tmp_path / "plain.zip", {"ward": [tip]}, {"U1": "Maria Lopez"})
    rewritten(tmp_path / "plain.zip", tmp_path / "export.zip", {"users.json": nested(100_000)})
    done = tipjar("import-slack", "export.zip", check=False)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert any(line.startswith("users.json") and "nested" in line for line in done.stderr.splitlines()), done.stderr
    assert "1 new tips" in done.stdout
