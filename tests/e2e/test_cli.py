"""The command line as an operator uses it: export, import, ask, digest preview, bad settings."""
from __future__ import annotations

import json


def test_export_import_round_trip_keeps_every_field(tipjar, tmp_path):
    tipjar.chat("Use F9 to refresh the MAR #mar\n/react 1 bulb\n/as dev\n/react 1 pushpin\n")
    exported = tipjar("export").stdout
    target = tipjar.__class__(tmp_path / "other")
    (tmp_path / "other").mkdir()
    (tmp_path / "tips.jsonl").write_text(exported)
    assert "Imported 1 new tips; 0 already stored; 0 bad lines" in target("import", str(tmp_path / "tips.jsonl")).stdout
    assert "Imported 0 new tips; 1 already stored" in target("import", str(tmp_path / "tips.jsonl")).stdout
    (before,), (after,) = [json.loads(x) for x in exported.splitlines()], [json.loads(x) for x in target("export").stdout.splitlines()]
    for key in ("platform", "workspace_id", "channel_id", "message_id", "author_id", "text", "permalink",
                "visibility", "status", "votes", "savers", "tags", "source", "created_at", "captured_at"):
        assert after[key] == before[key], key


def test_import_reports_bad_lines_by_number_and_keeps_the_good_ones(tipjar, tmp_path):
    good = {"platform": "slack", "workspace_id": "T1", "channel_id": "C1", "message_id": "1.1", "author_id": "U1",
            "text": "Hold the trigger 10 seconds", "savers": ["U2"], "tags": ["#Scanner"],
            "created_at": "2026-11-20T10:00:00Z", "visibility": "public"}
    lines = [json.dumps(good), "{not json", json.dumps({**good, "message_id": "1.2", "visibility": "secret"}),
             "", json.dumps({**good, "message_id": "1.3"}), json.dumps({**good, "message_id": "1.4", "text": "x" * 40_001})]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    done = tipjar("import", str(path), check=False)
    assert done.returncode == 1
    assert "line 2: not valid JSON" in done.stderr and "line 3: visibility" in done.stderr
    assert "line 6: text: 40,001 characters, more than capture.max_text_chars (40,000)" in done.stderr
    assert "Imported 2 new tips" in done.stdout
    records = [json.loads(x) for x in tipjar("export").stdout.splitlines()]
    assert sorted(r["message_id"] for r in records) == ["1.1", "1.3"] and records[0]["tags"] == ["scanner"]


def test_ask_json_shape(tipjar):
    tipjar.chat("Undock the scanner and hold the trigger\n/react 1 bulb\n")
    answer = json.loads(tipjar("ask", "scanner trigger", "--format", "json").stdout)
    assert set(answer) == {"answer", "sources"}
    (source,) = answer["sources"]
    assert set(source) == {"id", "score", "text", "permalink"} and source["permalink"].startswith("console://")


def test_digest_preview_lists_this_weeks_tips_by_savers(tipjar):
    from datetime import datetime, timezone

    tipjar.chat("one saver tip\n/react 1 bulb\ntwo saver tip\n/react 2 bulb\n/as dev\n/react 2 bulb\n")
    week = datetime.now(timezone.utc).strftime("%G-W%V")
    out = tipjar("digest", "preview", "--period", week).stdout
    assert out.index("two saver tip") < out.index("one saver tip")
    bad = tipjar("digest", "preview", "--period", "last week", check=False)
    assert bad.returncode == 2 and "--period" in bad.stderr


def test_bad_settings_are_one_line_without_a_traceback(tipjar):
    (tipjar.workdir / "app.yaml").write_text("capture:\n  emojis: bulb\n")
    done = tipjar("export", check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == "tipjar: app.yaml: capture.emojis: Input should be a valid list"


def test_unreachable_database_is_one_line(tipjar):
    tipjar.env["TIPJAR_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:1/none"
    done = tipjar("export", check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_every_command_has_help(tipjar):
    for command in (["demo"], ["chat"], ["export"], ["import"], ["ask"], ["digest", "preview"], ["db", "upgrade"],
                    ["serve"]):
        assert "Usage: tipjar" in tipjar(*command, "--help").stdout


def test_serve_without_secrets_says_which_is_missing(tipjar):
    done = tipjar("serve", "--port", "1", check=False)
    assert done.returncode == 2 and "nothing to serve" in done.stderr and "Traceback" not in done.stderr
    tipjar.env["SLACK_BOT_TOKEN"] = "xoxb-test"
    done = tipjar("serve", "--port", "1", check=False)
    assert done.returncode == 2 and "SLACK_SIGNING_SECRET is not set" in done.stderr
    del tipjar.env["SLACK_BOT_TOKEN"]
    tipjar.env["MICROSOFT_APP_ID"] = "00000000-0000-0000-0000-000000000001"
    done = tipjar("serve", "--port", "1", check=False)
    assert done.returncode == 2 and "MICROSOFT_APP_PASSWORD is not set" in done.stderr
    del tipjar.env["MICROSOFT_APP_ID"]
    done = tipjar("serve", "--socket", check=False)
    assert done.returncode == 2 and "SLACK_APP_TOKEN is not set" in done.stderr
