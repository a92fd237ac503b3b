"""`tipjar screen` and `tipjar purge` as an operator runs them."""
from __future__ import annotations

import json


def test_screen_prints_one_result_per_line_and_names_bad_lines(tipjar, tmp_path):
    lines = [json.dumps({"id": "a", "text": "bed 4, Mrs Delacroix, FIN 55120934: pump alarm"}),
             json.dumps({"id": 7, "text": "Command centre is ext 4400"}), "{broken", "", json.dumps({"id": 8})]
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join(lines) + "\n")
    done = tipjar("screen", str(path), check=False)
    assert done.returncode == 1
    first, second = [json.loads(line) for line in done.stdout.splitlines()]
    assert first == {"id": "a", "flagged": True, "kinds": ["ROOM", "NAME", "MRN"],
                     "redacted": "[ROOM], Mrs [NAME], FIN [MRN]: pump alarm"}
    assert second == {"id": 7, "flagged": False, "kinds": [], "redacted": "Command centre is ext 4400"}
    assert "line 3: not a JSON object" in done.stderr and "line 5: expected" in done.stderr
    missing = tipjar("screen", str(tmp_path / "nope.jsonl"), check=False)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_screen_uses_the_hospital_patterns_of_app_yaml(tipjar, tmp_path):
    (tipjar.workdir / "app.yaml").write_text("privacy:\n  record_patterns: ['\\bE\\d{7}\\b']\n  patient_data: 'off'\n")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "band E1234567 will not scan"}) + "\n")
    (result,) = [json.loads(line) for line in tipjar("screen", str(path)).stdout.splitlines()]
    assert result["kinds"] == ["MRN"] and result["redacted"] == "band [MRN] will not scan"


def test_purge_dry_run_then_by_match_then_nothing_left(tipjar):
    tipjar.chat("Use the Heliotrope workaround for the MAR #mar\n/react 1 bulb\nReprint bands from the Brain\n"
                "/react 2 bulb\n/ask heliotrope workaround?\n")
    dry = tipjar("purge", "--match", "heliotrope", "--dry-run").stdout
    assert "tip 1: would be erased" in dry and "1 stored questions would be erased" in dry
    assert len(tipjar("export").stdout.splitlines()) == 2
    done = tipjar("purge", "--match", "HELIOTROPE").stdout
    assert "tip 1: text, earlier text, tags, file references, link, place name and vectors erased" in done
    assert "write-ahead log" in done
    assert "1 stored questions erased" in done
    (left,) = [json.loads(line) for line in tipjar("export").stdout.splitlines()]
    assert left["text"] == "Reprint bands from the Brain"
    database = b"".join(p.read_bytes() for p in tipjar.workdir.glob("tipjar.db*"))
    assert b"Heliotrope" not in database and b"heliotrope" not in database
    again = tipjar("purge", "--match", "heliotrope").stdout
    assert "No stored tip matches" in again


def test_purge_needs_exactly_one_selector(tipjar):
    done = tipjar("purge", check=False)
    assert done.returncode == 2 and "exactly one of --tip N, --user ID or --match TEXT" in done.stderr
    both = tipjar("purge", "--tip", "1", "--user", "U1", check=False)
    assert both.returncode == 2
