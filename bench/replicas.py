"""Three replicas on one PostgreSQL: steady mixed load, one replica killed with SIGKILL and restarted.

    python bench/replicas.py [--rate 100] [--duration 300] [--database-url postgresql://postgres@127.0.0.1/postgres]

Three `tipjar serve` processes (each its own port, inbox workers and digest scheduler) share a database made
for the run (dropped afterwards), a fake Slack Web API and a fake Bot Connector. A steady load of signed
Slack reactions, /tip and /ask, and Teams "Save as tip" actions and @mentions is spread across the live
replicas (a request that meets a dead replica goes to the next one, as a load balancer would). Half-way
through, one replica is killed with SIGKILL and started again. Printed: acknowledgement p50/p99 per
platform, events processed per second, the inbox backlog over time, how long after the kill every event
acknowledged before it was processed, and integrity: every acknowledged event processed exactly once, counted
at the fakes (confirmations, response_url answers, tip cards), not in logs; and digests posted per period.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from sqlalchemy import text  # noqa: E402

from bench.workload import percentile  # noqa: E402
from bench.postgres import scratch_database  # noqa: E402
from tests.e2e.slack.conftest import SECRET, TipjarServer, wait_until, workspace  # noqa: E402
from tests.e2e.slack.fake_slack import FakeSlack  # noqa: E402
from tests.e2e.slack.signing import event_callback, reaction_added, sign, slash_command  # noqa: E402
from tests.e2e.teams import activities  # noqa: E402
from tests.e2e.teams.conftest import tenant  # noqa: E402
from tests.e2e.teams.fake_connector import FakeConnector  # noqa: E402

SETTINGS = """\
teams:
  enabled: true
slack:
  trainers_channel: C-TRAINERS
digests:
  - name: weekly
    channel: C-TRAINERS
    schedule: "* * * * *"
"""
"""The digest is due every minute, so all three schedulers try to send the same week's digest again and again."""
MIX = ("reaction", "reaction", "reaction", "tip", "ask", "teams_save", "teams_save", "teams_mention")
TIP_NUMBER = re.compile(r"tip #(\d+)")


class Load:
    """Builds each event, sends it to a live replica, and remembers what was acknowledged."""

    def __init__(self, fake: FakeSlack, connector: FakeConnector, replicas: list[TipjarServer]) -> None:
        self.fake, self.connector, self.replicas = fake, connector, replicas
        self.lock = threading.Lock()
        self.acked: dict[str, list[str]] = defaultdict(list)  # kind -> keys
        self.latency: dict[str, list[float]] = defaultdict(list)  # platform -> seconds
        self.refused = 0

    def event(self, number: int) -> tuple[str, str, str, bytes, dict]:
        kind, key = MIX[number % len(MIX)], f"{number:07d}"
        if kind == "reaction":
            ts = f"1960000000.{number:06d}"
            self.fake.post("C-GOLIVE", ts, "U-DEV", f"Replica tip {number}: badge tap-out resets the workstation")
            body, content = event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", ts, "U-DEV"))
            return kind, ts, "/slack/events", body, {"Content-Type": content, **sign(SECRET, body, int(time.time()))}
        if kind in ("tip", "ask"):
            words = f"pump library {number} update #pumps" if kind == "tip" else f"pump library {number}"
            body, content = slash_command(f"/{kind}", words, user_id="U-SAM", user_name="sam", channel_id="C-GOLIVE",
                                          channel_name="emr-go-live", response_url=self.fake.response_url(key),
                                          trigger_id=f"trigger-{key}")
            return kind, key, "/slack/events", body, {"Content-Type": content, **sign(SECRET, body, int(time.time()))}
        if kind == "teams_save":
            payload = activities.message_payload("dev", f"<p>Replica tip {number}: scan the armband, not the sticker</p>")
            activity = activities.save_as_tip(self.connector.url, "maria", payload)
            return kind, payload["id"], "/api/messages", _json(activity), {"Content-Type": "application/json"}
        activity = activities.mention(self.connector.url, "jo", f"tip Replica mention {number}: print the MAR twice")
        return kind, activity["id"], "/api/messages", _json(activity), {"Content-Type": "application/json"}

    def send(self, number: int) -> None:
        kind, key, path, body, headers = self.event(number)
        for attempt in range(len(self.replicas)):
            replica = self.replicas[(number + attempt) % len(self.replicas)]
            started = time.monotonic()
            try:
                request = urllib.request.Request(replica.url + path, data=body, headers=headers, method="POST")
                with urllib.request.urlopen(request, timeout=30) as answer:
                    status = answer.status
            except OSError:
                continue  # a dead replica: the load balancer tries the next one
            if status == 200:
                with self.lock:
                    self.acked[kind].append(key)
                    self.latency["slack" if path == "/slack/events" else "teams"].append(time.monotonic() - started)
                return
        with self.lock:
            self.refused += 1


def _json(activity: dict) -> bytes:
    import json

    return json.dumps(activity).encode()


def unfinished(engine, up_to_id: int | None = None) -> tuple[int, float]:
    """Events not finished (up to an inbox id), and the age in seconds of the oldest."""
    bound = "" if up_to_id is None else " AND id <= :bound"
    with engine.connect() as connection:
        count, oldest = connection.execute(text(
            "SELECT count(*), extract(epoch FROM now() - min(received_at)) FROM inbox "
            f"WHERE processed_at IS NULL AND dead_at IS NULL{bound}"), {"bound": up_to_id}).one()
    return count, float(oldest or 0)


def run(args: argparse.Namespace) -> None:
    with scratch_database(args.database_url) as (url, engine), FakeSlack() as fake, FakeConnector() as connector, \
            tempfile.TemporaryDirectory() as scratch:
        workspace(fake)
        tenant(connector)
        for n in range(3):
            (Path(scratch) / f"r{n}").mkdir()
        replicas = [TipjarServer(Path(scratch) / f"r{n}", fake, SETTINGS + args.settings,
                                 env={"TIPJAR_DATABASE_URL": url}) for n in range(3)]
        started = time.monotonic()
        threads = [threading.Thread(target=replica.start) for replica in replicas]  # catch-ups start together
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(f"3 replicas up in {time.monotonic() - started:.1f} s; {args.rate} events/s for {args.duration} s, "
              f"mix {dict(Counter(MIX))}")
        load, samples, kill = Load(fake, connector, replicas), [], {}
        stop = threading.Event()
        sampler = threading.Thread(target=sample, args=(engine, samples, kill, stop), daemon=True)
        sampler.start()
        killer = threading.Timer(args.duration / 2, kill_one, args=(replicas[1], engine, kill))
        killer.start()
        total, begin = int(args.rate * args.duration), time.monotonic()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            for number in range(total):
                time.sleep(max(0.0, begin + number / args.rate - time.monotonic()))
                pool.submit(load.send, number)
        sent_for = time.monotonic() - begin
        killer.join()
        wait_until(lambda: unfinished(engine)[0] == 0, timeout=args.drain_timeout, what="the backlog drained")
        stop.set()
        drained_at = time.monotonic() - begin
        report(args, load, engine, fake, connector, samples, kill, sent_for, drained_at)
        for replica in replicas:
            replica.stop()


def kill_one(replica: TipjarServer, engine, kill: dict) -> None:
    with engine.connect() as connection:
        kill["last_id"] = connection.execute(text("SELECT coalesce(max(id), 0) FROM inbox")).scalar()
    kill["at"] = time.monotonic()
    replica.kill()
    replica.start()
    kill["up_after"] = time.monotonic() - kill["at"]


def sample(engine, samples: list, kill: dict, stop: threading.Event) -> None:
    begin, last = time.monotonic(), -5.0
    while not stop.wait(0.5):
        now = time.monotonic() - begin
        if "at" in kill and "drained_after" not in kill and unfinished(engine, kill["last_id"])[0] == 0:
            kill["drained_after"] = time.monotonic() - kill["at"]
        if now - last >= 5:
            samples.append((now, *unfinished(engine)))
            last = now


def report(args, load: Load, engine, fake: FakeSlack, connector: FakeConnector, samples, kill, sent_for, drained_at):
    print("\nacknowledgements (p50 / p99 ms, count):")
    for platform, seconds in sorted(load.latency.items()):
        print(f"  {platform:<6} {percentile(seconds, 0.50) * 1000:7.1f} / {percentile(seconds, 0.99) * 1000:7.1f}"
              f"   {len(seconds)}")
    print(f"  not acknowledged by any replica: {load.refused}")
    with engine.connect() as connection:
        processed, first, last = connection.execute(text(
            "SELECT count(*), min(received_at), max(processed_at) FROM inbox WHERE processed_at IS NOT NULL")).one()
        dead = connection.execute(text("SELECT kind, outcome FROM inbox WHERE dead_at IS NOT NULL")).all()
        runs = connection.execute(text("SELECT name, period, state, attempts, error FROM digest_run")).all()
    span = (last - first).total_seconds() if processed else 0
    print(f"\nprocessed {processed} events in {span:.1f} s: {processed / span if span else 0:.1f} events/s "
          f"(sent for {sent_for:.1f} s; backlog empty {drained_at:.1f} s after the first event); dead {len(dead)}")
    for kind, outcome in dead:
        print(f"  dead {kind}: {outcome[:300]}")
    print("backlog over time (s since start: unfinished events, oldest age s):")
    print("  " + "  ".join(f"{at:.0f}:{count}/{age:.1f}" for at, count, age in samples))
    print(f"\nkill -9 of one replica at {args.duration / 2:.0f} s: up again in {kill.get('up_after', float('nan')):.1f} s; "
          f"every event acknowledged before the kill processed {kill.get('drained_after', float('nan')):.1f} s after it")
    integrity(load, fake, connector, engine)
    posts = [c for c in fake.calls_to("chat.postMessage") if c.get("channel") == "C-TRAINERS"]
    print(f"\ndigests: {len(runs)} digest run(s) claimed ({', '.join(f'{n} {p} {s} after {t} attempt(s) {e[:200]}' for n, p, s, t, e in runs)}), "
          f"{len(posts)} digest post(s) to the trainers' channel by 3 schedulers")


def integrity(load: Load, fake: FakeSlack, connector: FakeConnector, engine) -> None:
    """Every acknowledged event processed exactly once, counted at the fakes and in the tips."""
    with engine.connect() as connection:
        tip_of = dict(connection.execute(text("SELECT message_id, id FROM tip WHERE platform = 'slack'")).all())
    confirmations = Counter(m.group(1) for c in fake.calls_to("chat.postEphemeral")
                            if (m := TIP_NUMBER.search(str(c.get("text", "")))))
    replies = Counter(r.activity_id for r in connector.requests if r.method == "POST" and r.status == 201)
    effects = {
        "reaction": lambda key: confirmations.get(str(tip_of.get(key)), 0) if key in tip_of else 0,
        "tip": lambda key: len(fake.responses(key)),
        "ask": lambda key: len(fake.responses(key)),
        "teams_save": lambda key: replies.get(key, 0),
        "teams_mention": lambda key: replies.get(key, 0),
    }
    print("\nintegrity (acknowledged: lost / doubled, counted at the fakes):")
    for kind, keys in sorted(load.acked.items()):
        counts = [effects[kind](key) for key in keys]
        print(f"  {kind:<14} {len(keys):6d}: {sum(1 for c in counts if c == 0)} lost / "
              f"{sum(1 for c in counts if c > 1)} doubled")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100, help="events per second")
    parser.add_argument("--duration", type=float, default=300, help="seconds of load")
    parser.add_argument("--clients", type=int, default=64, help="concurrent senders")
    parser.add_argument("--database-url", default=os.environ.get("TIPJAR_TEST_DATABASE_URL",
                                                                "postgresql://postgres@127.0.0.1:5432/postgres"),
                        help="a PostgreSQL server (any database on it): the run makes and drops its own database")
    parser.add_argument("--settings", default="", help="more app.yaml text for every replica")
    parser.add_argument("--drain-timeout", type=float, default=900)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
