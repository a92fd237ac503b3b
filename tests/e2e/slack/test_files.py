"""Screenshots come along: a saved message's files are kept as references and shown wherever the tip is."""
from __future__ import annotations

import json

from tests.e2e.slack.signing import event_callback, reaction_added
from tests.e2e.slack.test_ask import ask

SCREENSHOT = {"id": "F0SCAN", "name": "scanner-settings.png", "title": "scanner settings", "mimetype": "image/png",
              "filetype": "png", "size": 48_213, "url_private": "https://files.slack.com/files-pri/T1-F0SCAN/scanner-settings.png",
              "permalink": "https://stmarys.slack.com/files/U-DEV/F0SCAN/scanner-settings.png"}


def test_a_screenshot_with_a_caption_is_a_tip_that_links_its_file_and_is_never_downloaded(fake, server, slack, tmp_path):
    fake.post("C-GOLIVE", "1800000501.000100", "U-DEV", "Barcode scanner config for the new wristbands", files=[SCREENSHOT])
    slack.post("/slack/events", *event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000501.000100", "U-DEV")))
    tip = server.wait_for_tip("C-GOLIVE", "1800000501.000100")
    (kept,) = tip.source.files
    assert (kept.name, kept.kind, kept.size, kept.link) == ("scanner-settings.png", "image/png", 48_213, SCREENSHOT["permalink"])
    assert not [c for c in fake.calls if "files" in c.method], "Tipjar never asks Slack for the file itself"

    answer = ask(slack, fake, "U-SAM", "barcode scanner config wristbands", "files-ask")
    shown = json.dumps(answer["blocks"], ensure_ascii=False)
    assert f"<{SCREENSHOT['permalink']}|📎 scanner-settings.png>" in shown

    (record,) = [r for r in server.export() if r["message_id"] == "1800000501.000100"]
    assert record["files"] == [{"name": "scanner-settings.png", "type": "image/png", "size": 48_213,
                                "link": SCREENSHOT["permalink"]}]
    server.run("export", "--format", "html", "--out", str(tmp_path / "kb.html"))
    html = (tmp_path / "kb.html").read_text()
    assert f'<a class="file" href="{SCREENSHOT["permalink"]}" rel="noopener noreferrer">📎 scanner-settings.png</a>' in html
