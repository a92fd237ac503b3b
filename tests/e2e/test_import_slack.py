"""`tipjar import-slack` on a generated export: flagged messages become tips once, bad files are named and skipped."""
from __future__ import annotations

import json

import pytest

from tests.fixtures.slack_export import DATA, export_from_slack_chats, synthetic_export


def exported(tipjar) -> list[dict]:
    return [json.loads(line) for line in tipjar("export", "--format", "jsonl", "--include-private").stdout.splitlines()]


def test_a_workspace_export_comes_in_once_with_savers_threads_privacy_and_links(tipjar, tmp_path):
    expected = synthetic_export(tmp_path / "export.zip")
    first = tipjar("import-slack", "export.zip", "--team", "T1", "--url", "https://stmarys.slack.com", check=False)
    assert first.returncode == 1, "bad files make the exit code say so"
    assert f"{expected['tips']} new tips; 0 already stored; 2 files skipped" in first.stdout
    for bad in expected["bad"]:
        assert bad in first.stderr
    assert "Traceback" not in first.stderr
    tips = {t["text"]: t for t in exported(tipjar)}
    assert len(tips) == expected["tips"]
    scanner = tips["Scanner frozen? Undock, hold the trigger 10 s, dock again"]
    assert (scanner["source"], scanner["savers"], scanner["author_name"]) == ("import", ["U2", "U3"], "Maria Lopez")
    assert scanner["permalink"] == "https://stmarys.slack.com/archives/C00000001/p1763370000000100"
    reply = tips["Use Refresh in the note toolbar, not F5"]
    assert reply["thread_id"] == "1763370000.000100" and reply["savers"] == ["U1"], "a skin-tone pushpin saves too"
    assert tips["Override pulls: document within 30 minutes"]["visibility"] == "private"
    assert "Deploy finished" not in tips and not any("joined" in text for text in tips)
    assert "(edited)" in "".join(tips), "edits come in as the export shows them"

    again = tipjar("import-slack", "export.zip", "--team", "T1", check=False)
    assert f"0 new tips; {expected['tips']} already stored" in again.stdout
    assert len(exported(tipjar)) == expected["tips"]


def test_channels_and_since_choose_what_comes_in(tipjar, tmp_path):
    synthetic_export(tmp_path / "export.zip")
    tipjar("import-slack", "export.zip", "--channels", "pharmacy", check=False)
    assert [t["channel_name"] for t in exported(tipjar)] == ["pharmacy"]
    tipjar("import-slack", "export.zip", "--since", "2025-11-18", check=False)
    assert sorted(t["channel_name"] for t in exported(tipjar)) == ["emr-go-live", "pharmacy"]
    bad = tipjar("import-slack", "export.zip", "--since", "last tuesday", check=False)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_not_a_zip_is_a_clear_error(tipjar, tmp_path):
    (tmp_path / "export.zip").write_text("not a zip")
    done = tipjar("import-slack", "export.zip", check=False)
    assert done.returncode == 2 and "is not a readable zip" in done.stderr and "Traceback" not in done.stderr


def test_an_export_built_from_real_slack_conversations_imports_every_flagged_message(tipjar, tmp_path):
    if not DATA.exists():
        pytest.skip(f"{DATA} is absent: the real Slack conversations are not on this machine")
    counts = export_from_slack_chats(DATA, tmp_path / "real.zip", limit=3000)
    done = tipjar("import-slack", "real.zip", "--team", "T1")
    assert f"Read {counts['messages']:,} messages" in done.stdout
    assert f"{counts['flagged']} new tips" in done.stdout, done.stdout
