"""`tipjar backfill` over the Web API fake: every page of history and threads read, rate limits waited out."""
from __future__ import annotations

import time

from tests.e2e.slack.fake_slack import TEAM_ID


def test_backfill_reads_every_page_and_thread_waits_out_a_rate_limit_and_adds_nothing_twice(fake, server):
    fake.add_channel("C-HISTORY", "go-live-history", members=("U-MARIA", "U-DEV", "U-JO"))
    base = int(time.time()) - 5 * 86_400
    for n in range(230):  # more than one page of conversations.history (200)
        fake.post("C-HISTORY", f"{base + n * 60}.000100", "U-DEV", f"message {n} about the go-live")
    for n in (3, 150, 229):
        fake.react("C-HISTORY", f"{base + n * 60}.000100", "bulb", "U-MARIA", "U-JO")
    parent = f"{base + 10 * 60}.000100"
    fake.post("C-HISTORY", f"{base + 10 * 60 + 5}.000200", "U-MARIA", "Reply: press F5 in the note toolbar", thread_ts=parent)
    fake.react("C-HISTORY", f"{base + 10 * 60 + 5}.000200", "pushpin", "U-DEV")
    fake.post("C-HISTORY", f"{base - 40 * 86_400}.000100", "U-DEV", "too old to come in")
    fake.react("C-HISTORY", f"{base - 40 * 86_400}.000100", "bulb", "U-JO")
    fake.fail_next("conversations.history", retry_after=1)

    done = server.run("backfill", "--channel", "C-HISTORY", "--days", "30")
    assert "Read 231 messages of C-HISTORY from the last 30 days: 4 new tips; 0 already stored." in done.stdout, done.stdout
    history = fake.calls_to("conversations.history")
    assert any(call.get("cursor") for call in history), "the second page was asked for"
    assert len(history) == 3, "two pages, the first asked again after its 429"
    tips = [t for t in server.tips() if t.source.ref.channel_id == "C-HISTORY"]
    assert sorted(t.text for t in tips) == ["Reply: press F5 in the note toolbar", "message 150 about the go-live",
                                            "message 229 about the go-live", "message 3 about the go-live"]
    reply = next(t for t in tips if t.text.startswith("Reply"))
    assert reply.source.thread_id == parent and reply.savers == ["U-DEV"] and reply.origin.value == "import"
    assert all(t.source.ref.workspace_id == TEAM_ID and t.source.permalink.startswith("https://") for t in tips)

    again = server.run("backfill", "--channel", "C-HISTORY", "--days", "30")
    assert "0 new tips; 4 already stored." in again.stdout


def test_backfill_of_a_channel_tipjar_cannot_read_is_a_clear_error(server):
    done = server.run("backfill", "--channel", "C-NOWHERE", check=False)
    assert done.returncode == 2 and "Slack refused to read C-NOWHERE" in done.stderr and "Traceback" not in done.stderr
