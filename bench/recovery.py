"""Crash recovery benchmark: kill -9 `tipjar serve` in the middle of a burst, restart it, time the drain.

    python bench/recovery.py [--events 300] [--concurrency 10] [--baseline REV | --source DIR] [--settings YAML]

A burst of signed reaction_added events (each flags a different message of a fake Slack Web API, whose
message look-ups take `--lookup-ms`, so the workers are in the middle of events) goes to `tipjar serve`.
When half the burst is acknowledged the server is killed with SIGKILL; the rest of the burst meets a dead
server and is not acknowledged. The server is started again on the same database, and the benchmark prints
the time from that restart until every acknowledged event is processed, how many acknowledged events never
became a tip (lost), and how many were processed twice (a second confirmation to the saver).

`--baseline REV` also measures the Tipjar of that git revision (exported to a scratch directory), side by
side; `--source DIR` does the same for a checkout at DIR. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import http.client
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from bench.baseline import ServerFrom, export_revision  # noqa: E402
from tests.e2e.slack.conftest import SECRET, wait_until, workspace  # noqa: E402
from tests.e2e.slack.fake_slack import FakeSlack  # noqa: E402
from tests.e2e.slack.signing import event_callback, reaction_added, sign  # noqa: E402

PREFIX = 1950000000
TIP_NUMBER = re.compile(r"tip #(\d+)")


def burst(server: ServerFrom, bodies: list[tuple[str, bytes]], concurrency: int, kill_after: int) -> list[str]:
    """Send the bodies; SIGKILL the server once `kill_after` are acknowledged. The message ts of every ack."""
    acked: list[str] = []
    lock, queue = threading.Lock(), list(reversed(bodies))

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                ts, body = queue.pop()
            headers = {"Content-Type": "application/json", **sign(SECRET, body, int(time.time()))}
            try:
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                connection.request("POST", "/slack/events", body=body, headers=headers)
                status = connection.getresponse().status
                connection.close()
            except OSError:
                continue  # the server is dead: Slack would retry later, this event was not acknowledged
            with lock:
                if status == 200:
                    acked.append(ts)
                if len(acked) == kill_after:
                    server.kill()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acked


def measure(args: argparse.Namespace, source: Path | None, label: str) -> None:
    stamps = [f"{PREFIX}.{n:06d}" for n in range(args.events)]
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as scratch:
        workspace(fake)
        for ts in stamps:
            fake.post("C-GOLIVE", ts, "U-DEV", f"Recovery tip {ts}: hold the trigger for ten seconds")
        fake.hang("conversations.history", args.lookup_ms / 1000)
        server = ServerFrom(Path(scratch), fake, args.settings, source).start()
        bodies = [(ts, event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", ts, "U-DEV"))[0]) for ts in stamps]
        acked = burst(server, bodies, args.concurrency, args.events // 2)
        server.kill()
        restarted = time.monotonic()
        server.start()
        up = time.monotonic() - restarted
        try:
            wait_until(lambda: _processed(server, acked), timeout=args.timeout, what="every acknowledged event")
            drained = time.monotonic() - restarted
        except AssertionError:
            drained = float("nan")
        tips = {tip.source.ref.message_id: tip for tip in server.tips()}
        lost = sum(1 for ts in acked if ts not in tips or "U-MARIA" not in tips[ts].savers)
        confirmations = Counter(TIP_NUMBER.search(c["text"]).group(1) for c in fake.calls_to("chat.postEphemeral")
                                if TIP_NUMBER.search(c["text"]))  # "Saved as tip #7", "already saved ... tip #7"
        doubled = sum(1 for count in confirmations.values() if count > 1)
        server.stop()
    print(f"  {label:<22} acknowledged {len(acked):4d}   up again in {up:5.1f} s   "
          f"all processed {drained:6.1f} s after the restart   lost {lost}   doubled {doubled}")


def _processed(server: ServerFrom, acked: list[str]) -> bool:
    done = {tip.source.ref.message_id for tip in server.tips()}
    return all(ts in done for ts in acked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--lookup-ms", type=float, default=50, help="how long each message look-up at Slack takes")
    parser.add_argument("--settings", default="", help="app.yaml text for tipjar serve")
    parser.add_argument("--baseline", help="also measure the Tipjar of this git revision, e.g. 3a1bf8e")
    parser.add_argument("--source", type=Path, help="also measure the Tipjar checkout at this directory")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    print(f"{args.events} signed reaction_added events, concurrency {args.concurrency}; kill -9 after half are "
          f"acknowledged, restart at once")
    with tempfile.TemporaryDirectory() as scratch:
        if args.baseline:
            args.source = export_revision(args.baseline, Path(scratch))
        if args.source is not None:
            measure(args, args.source.resolve(), f"baseline ({args.baseline or args.source.name})")
        measure(args, None, "this Tipjar")


if __name__ == "__main__":
    main()
