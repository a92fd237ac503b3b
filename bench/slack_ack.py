"""Slack acknowledgement benchmark: signed reaction_added events against `tipjar serve` and a bare Bolt app.

    python bench/slack_ack.py [--events 1000] [--concurrency 10,50] [--repeat 3] [--baseline REV] [--database-url URL]
                              [--tip-chars 40000]
    python bench/slack_ack.py --hostile-teams 2 [--events 1000] [--concurrency 10]

Both servers run the same stack (uvicorn, Starlette, Bolt dispatched off the event loop) in their own
process; the bare app's listener only acknowledges, Tipjar's writes the event to the inbox first. Each
event flags a different message of a fake Slack Web API on port 0, so after the run every event must have
become a tip. The servers take turns, `--repeat` rounds per level, and the medians of the rounds are
printed with each server's ratio to the bare app and the CPU time its process spent per event while
acknowledging. `--baseline REV` adds the Tipjar of that git revision as a third server (a database of its own, at its schema).
Figures are printed, never asserted.

With --hostile-teams N, one `tipjar serve` has Slack and Teams (development mode, a fake Bot Connector) on
the same port, and each Slack round runs three times: alone, while N clients keep posting about 1 MB of
adversarial Teams HTML (bench/teams_html.py's cases) as "Save as tip" actions and @mentions, and while they
post benign HTML of the same size (what the size alone costs).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from types import SimpleNamespace

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from tests.e2e.slack.conftest import SECRET, TipjarServer, wait_until, workspace  # noqa: E402
from bench.bare import serve_on_any_port, start_bare  # noqa: E402
from bench.baseline import ServerFrom, export_revision  # noqa: E402
from tests.e2e.slack.fake_slack import FakeSlack  # noqa: E402
from tests.e2e.slack.signing import event_callback, reaction_added, sign  # noqa: E402
from bench.workload import percentile  # noqa: E402
from bench.postgres import database_for, on_database  # noqa: E402

TIPJAR_PREFIX = 1900000000
WARM_UP_PREFIX = 1800000000


def bare_app(api_url: str) -> None:
    """The baseline: the same HTTP stack with a Bolt listener that only acknowledges."""
    from slack_bolt import App
    from slack_sdk import WebClient
    from starlette.applications import Starlette
    from starlette.routing import Route

    from adapters.slack.http import slack_endpoint

    client = WebClient(token="xoxb-bench", base_url=api_url)
    bolt = App(client=client, signing_secret=SECRET, process_before_response=True)
    bolt.event("reaction_added")(lambda ack: ack())
    app = Starlette(routes=[Route("/slack/events", slack_endpoint(bolt, SECRET), methods=["POST"])])
    serve_on_any_port(app, log_level="warning")


def start_bare_app(api_url: str) -> tuple[subprocess.Popen, int]:
    def up(port: int) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("POST", "/slack/events", body=b"{}")
            return connection.getresponse().status > 0
        except OSError:
            return False
    return start_bare([sys.executable, __file__, "--bare-server", "--api-url", api_url], PROJECT, up, "the bare app")


def fire(port: int, bodies: list[bytes], concurrency: int) -> tuple[list[float], float, list[int]]:
    """Send every body with `concurrency` keep-alive connections; latencies in ms, wall seconds, statuses."""
    latencies: list[float] = []
    statuses: list[int] = []
    lock, queue = threading.Lock(), list(reversed(bodies))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            headers = {"Content-Type": "application/json", **sign(SECRET, body, int(time.time()))}
            started = time.perf_counter()
            connection.request("POST", "/slack/events", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses.append(response.status)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, statuses


def message_ts(prefix: int, count: int) -> list[str]:
    return [f"{prefix}.{n:06d}" for n in range(count)]


def fake_server(count: int, rounds: int, tip_chars: int = 0) -> None:
    """The fake Slack Web API in a process of its own, so it takes no CPU from the load generator. With
    `tip_chars`, every message is that long and full of patient details, so the worker screens a burst of
    long texts while acknowledgements flow."""
    from bench.hospital_chat_set import generate

    long_text = " ".join(r["text"] for r in generate(7, 300, 300)) * 2 if tip_chars else ""
    with FakeSlack() as fake:
        workspace(fake)
        for prefix in [WARM_UP_PREFIX, *(TIPJAR_PREFIX + n for n in range(rounds))]:
            for ts in message_ts(prefix, count):
                text = f"Bench tip {ts}: hold the trigger for ten seconds"
                fake.post("C-GOLIVE", ts, "U-DEV", f"{text} {long_text}"[:tip_chars] if tip_chars else text)
        print(fake.url, flush=True)
        sys.stdin.read()  # serve until the benchmark closes our standard input


def start_fake(count: int, rounds: int, tip_chars: int = 0) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, __file__, "--fake-server", "--events", str(count), "--rounds", str(rounds),
                                "--tip-chars", str(tip_chars)],
                               cwd=PROJECT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return process, process.stdout.readline().strip()


def events(prefix: int, count: int) -> list[bytes]:
    return [event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", ts, "U-DEV"))[0]
            for ts in message_ts(prefix, count)]


def report(name: str, latencies: list[float], wall: float, statuses: list[int]) -> float:
    p99 = percentile(latencies, 0.99)
    bad = sum(status != 200 for status in statuses)
    print(f"  {name:<14} p50 {percentile(latencies, 0.5):7.2f} ms   p99 {p99:7.2f} ms   "
          f"{len(latencies) / wall:7.0f} events/s   non-200: {bad}")
    return p99


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Contender:
    """One server under test and what its rounds measured."""

    name: str
    port: int
    pid: int
    tipjar: object | None = None
    """The TipjarServer, for the capture count; None for the bare app."""
    rounds: list[dict] = field(default_factory=list)

    def measure(self, bodies: list[bytes], concurrency: int) -> dict:
        cpu_before = cpu_seconds(self.pid)
        latencies, wall, statuses = fire(self.port, bodies, concurrency)
        result = {"p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99), "rate": len(latencies) / wall,
                  "bad": sum(status != 200 for status in statuses),
                  "cpu_ms": (cpu_seconds(self.pid) - cpu_before) * 1000 / len(bodies)}
        self.rounds.append(result)
        return result


def print_level(contenders: list[Contender], repeats: int) -> None:
    """Medians over the level's repeats, each server beside the bare app."""
    bare = contenders[0]
    print(f"  {'':<22} {'p50 ms':>8} {'p99 ms':>8} {'events/s':>9} {'CPU ms/event':>13} {'p50 / bare':>11} "
          f"{'p99 / bare':>11} {'non-200':>8}")
    for contender in contenders:
        rounds = contender.rounds[-repeats:]
        med = {key: median(r[key] for r in rounds) for key in ("p50", "p99", "rate", "cpu_ms")}
        ratios = [(r["p50"] / b["p50"], r["p99"] / b["p99"]) for r, b in zip(rounds, bare.rounds[-repeats:])]
        print(f"  {contender.name:<22} {med['p50']:8.1f} {med['p99']:8.1f} {med['rate']:9.0f} {med['cpu_ms']:13.2f} "
              f"{median(p50 for p50, _ in ratios):10.2f}x {median(p99 for _, p99 in ratios):10.2f}x "
              f"{sum(r['bad'] for r in rounds):8d}")


def start_tipjar(scratch: Path, api_url: str, args: argparse.Namespace, url: str | None, source: Path | None):
    workdir = scratch / ("baseline" if source else "tipjar")
    workdir.mkdir()
    server = on_database(ServerFrom(workdir, SimpleNamespace(url=api_url), args.settings, source), url)
    if source is not None:
        server.upgrade_database()
    return server.start()


def run(args: argparse.Namespace) -> None:
    levels = [int(c) for c in args.concurrency.split(",")]
    fake, api_url = start_fake(args.events, len(levels) * args.repeat, args.tip_chars)
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url, _engine = stack.enter_context(database_for(args.database_url))
        print(f"tipjar serve on {'PostgreSQL' if url else 'SQLite'}; {args.repeat} round(s) per level, "
              f"the servers taking turns; medians of the rounds")
        bare, bare_port = start_bare_app(api_url + "/api/")
        stack.callback(bare.terminate)
        contenders = [Contender("bare Bolt app", bare_port, bare.pid)]
        if args.baseline:
            source = export_revision(args.baseline, scratch / "source")
            base_url, _ = stack.enter_context(database_for(args.database_url, upgrade_to_head=False))
            server = start_tipjar(scratch, api_url, args, base_url, source)
            stack.callback(server.stop)
            contenders.append(Contender(f"tipjar {args.baseline}", server.port, server.process.pid, server))
        tipjar = start_tipjar(scratch, api_url, args, url, None)
        stack.callback(tipjar.stop)
        contenders.append(Contender("tipjar serve (this)", tipjar.port, tipjar.process.pid, tipjar))
        stack.callback(lambda: (fake.stdin.close(), fake.wait(timeout=10)))
        for contender in contenders:  # warm every server up: first requests are slow
            fire(contender.port, events(WARM_UP_PREFIX + (500 if contender.tipjar is None else 0), 100), 5)
        for contender in contenders[1:]:
            wait_until(contender.tipjar.drained, timeout=600, what="the warm-up events to be processed")
        for level_number, concurrency in enumerate(levels):
            print(f"\n{args.events} signed reaction_added events at concurrency {concurrency}")
            for repeat in range(args.repeat):
                prefix = TIPJAR_PREFIX + level_number * args.repeat + repeat
                for contender in contenders:
                    contender.measure(events(prefix, args.events), concurrency)
                    if contender.tipjar is not None:
                        wait_until(contender.tipjar.drained, timeout=600, what="tipjar to process every event")
                        captured = sum(1 for tip in contender.tipjar.tips()
                                       if tip.source.ref.message_id.startswith(f"{prefix}."))
                        if captured != args.events:
                            print(f"  {contender.name}: captured {captured} of {args.events} "
                                  f"(lost: {args.events - captured})")
            print_level(contenders, args.repeat)
        print("\nEvery event became a tip unless a line above says otherwise (checked after each round).")


def hostile_bodies(benign: bool = False) -> list[bytes]:
    """Every adversarial HTML case (or, `benign`, plain paragraphs of the same size) as a "Save as tip" action
    and as an @mention, each body under 1 MB."""
    from bench import teams_html
    from tests.e2e.teams import activities

    teams_html.SIZE = 900_000  # leaves room for the activity around it: the route refuses bodies over 1 MB
    plain = "<p>Hold the scanner trigger for ten seconds, then dock it again.</p>" * (teams_html.SIZE // 70)
    bodies = []
    for html in ([plain] if benign else teams_html.cases().values()):
        for activity in (activities.save_as_tip(HOSTILE_SERVICE_URL[0], "maria", activities.message_payload("dev", html)),
                         {**activities.mention(HOSTILE_SERVICE_URL[0], "maria", "tip " + html), "textFormat": "xml"}):
            body = json.dumps(activity, ensure_ascii=False).encode()
            bodies.append(body[:0] if len(body) > 1_000_000 else body)
    return [body for body in bodies if body]


HOSTILE_SERVICE_URL = [""]


def keep_posting(port: int, bodies: list[bytes], stop: threading.Event, seen: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    turn = 0
    while not stop.is_set():
        started = time.perf_counter()
        connection.request("POST", "/api/messages", body=bodies[turn % len(bodies)],
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        seen.append((response.status, time.perf_counter() - started))
        turn += 1


def beside_teams(tipjar, bodies: list[bytes], args, slack_events: list[bytes], concurrency: int, kind: str) -> float:
    """Slack events while `args.hostile_teams` clients keep posting these Teams bodies; the Slack p99."""
    stop, seen = threading.Event(), []
    posters = [threading.Thread(target=keep_posting, args=(tipjar.port, bodies, stop, seen))
               for _ in range(args.hostile_teams)]
    for poster in posters:
        poster.start()
    time.sleep(1.0)  # the Teams bodies are in flight before the first Slack event
    p99 = report(f"Slack + {kind}", *fire(tipjar.port, slack_events, concurrency))
    stop.set()
    for poster in posters:
        poster.join()
    seconds = sorted(elapsed for _, elapsed in seen)
    print(f"  {kind} Teams bodies answered: {len(seen)} (about 1 MB each, {args.hostile_teams} clients), statuses "
          f"{sorted({status for status, _ in seen})}, median {percentile(seconds, 0.5):.2f} s, slowest {seconds[-1]:.2f} s")
    return p99


def hostile_run(args: argparse.Namespace) -> None:
    from tests.e2e.teams.fake_connector import FakeConnector

    levels = [int(c) for c in args.concurrency.split(",")]
    fake, api_url = start_fake(args.events, 3 * len(levels))
    with tempfile.TemporaryDirectory() as scratch, FakeConnector() as connector:
        HOSTILE_SERVICE_URL[0] = connector.url
        loads = {"hostile": hostile_bodies(), "benign": hostile_bodies(benign=True)}
        settings = "teams:\n  enabled: true\n" + args.settings
        tipjar = TipjarServer(Path(scratch), SimpleNamespace(url=api_url), settings).start()
        try:
            fire(tipjar.port, events(WARM_UP_PREFIX, 100), 5)
            wait_until(tipjar.drained, timeout=600, what="the warm-up events to be processed")
            for round_number, concurrency in enumerate(levels):
                prefix = TIPJAR_PREFIX + 3 * round_number
                print(f"\n{args.events} signed reaction_added events at concurrency {concurrency}")
                alone = report("Slack alone", *fire(tipjar.port, events(prefix, args.events), concurrency))
                wait_until(tipjar.drained, timeout=600, what="tipjar to process every event")
                for offset, (kind, bodies) in enumerate(loads.items(), 1):
                    beside = beside_teams(tipjar, bodies, args, events(prefix + offset, args.events), concurrency, kind)
                    print(f"  p99 ratio with / without {kind} Teams bodies: {beside / alone:.2f}x")
                    wait_until(tipjar.drained, timeout=600, what="tipjar to process every event")
                    captured = sum(1 for tip in tipjar.tips() if tip.source.ref.message_id.startswith(f"{prefix + offset}."))
                    print(f"  Slack events captured beside the {kind} bodies: {captured} of {args.events}")
        finally:
            tipjar.stop()
            fake.stdin.close()
            fake.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency", default="10,50")
    parser.add_argument("--database-url", help="a PostgreSQL server to run tipjar serve on (a database of the run's "
                        "own is made there and dropped); default: SQLite")
    parser.add_argument("--settings", default="", help="app.yaml text for tipjar serve (e.g. 'semantic: {provider: \'off\'}')")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per level; the servers take turns")
    parser.add_argument("--baseline", help="also measure the Tipjar of this git revision side by side (same schema)")
    parser.add_argument("--hostile-teams", type=int, default=0,
                        help="Clients posting adversarial 1 MB Teams HTML during a second round of each level.")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fake-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--tip-chars", type=int, default=0,
                        help="make every flagged message this long and full of patient details (a screening burst in the worker)")
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fake_server:
        fake_server(args.events, args.rounds, args.tip_chars)
    elif args.bare_server:
        bare_app(args.api_url)
    elif args.hostile_teams:
        hostile_run(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
