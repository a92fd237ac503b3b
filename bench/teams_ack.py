"""Teams acknowledgement benchmark: `@Tipjar tip` mentions against `tipjar serve` and a bare endpoint.

    python bench/teams_ack.py [--events 1000] [--concurrency 10,50]

Both servers run the same stack (uvicorn, Starlette) in their own process. The bare endpoint reads, parses and
validates (as an Agents SDK Activity) the body, then answers 200: all Tipjar does before answering but the inbox
write. Tipjar runs for Teams without an app id (no token check) against a fake Bot Connector in a third process;
after each round every activity must have become a tip and a tip card. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from bench.postgres import database_for, on_database  # noqa: E402
from bench.slack_ack import report  # noqa: E402
from bench.workload import DEFAULT_DATA, chat_texts  # noqa: E402
from tests.e2e.slack.conftest import wait_until  # noqa: E402
from bench.bare import serve_on_any_port, start_bare  # noqa: E402
from tests.e2e.teams.activities import mention  # noqa: E402
from tests.e2e.teams.conftest import SETTINGS, TeamsServer, tenant  # noqa: E402
from tests.e2e.teams.fake_connector import FakeConnector  # noqa: E402

AUTHORS = ("maria", "dev", "sam", "jo")
TIP_CARD = "💡 Saved as tip"


def bare_app() -> None:
    """The baseline: the same stack, and everything Tipjar does before answering except the inbox write."""
    from microsoft_agents.activity import Activity
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def api_messages(request) -> Response:
        try:
            Activity.model_validate(json.loads(await request.body()))
        except ValueError:  # JSONDecodeError and pydantic's ValidationError both are
            return Response(status_code=400)
        return Response(status_code=200)

    app = Starlette(routes=[Route("/api/messages", api_messages, methods=["POST"])])
    serve_on_any_port(app, log_level="warning", access_log=False)


def start_bare_endpoint() -> tuple[subprocess.Popen, int]:
    def up(port: int) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/api/messages")  # 405: up (an empty activity would log an SDK error)
            return connection.getresponse().status > 0
        except OSError:
            return False
    return start_bare([sys.executable, __file__, "--bare-server"], PROJECT, up, "the bare endpoint")


def fake_server() -> None:
    """The fake Bot Connector in a process of its own; answers each line on stdin with the tip cards it got."""
    with FakeConnector() as fake:
        tenant(fake)
        print(fake.url, flush=True)
        for _ in sys.stdin:  # until the benchmark closes our standard input
            print(sum(isinstance(body, dict) and str(body.get("summary", "")).startswith(TIP_CARD)
                      for body in fake.sent()), flush=True)


def tip_cards(fake: subprocess.Popen) -> int:
    fake.stdin.write("count\n")
    fake.stdin.flush()
    return int(fake.stdout.readline())


def fire(port: int, bodies: list[bytes], concurrency: int) -> tuple[list[float], float, list[int]]:
    """Send every body with `concurrency` keep-alive connections; latencies in ms, wall seconds, statuses."""
    latencies: list[float] = []
    statuses: list[int] = []
    lock, queue, headers = threading.Lock(), list(reversed(bodies)), {"Content-Type": "application/json"}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                body = queue.pop()
            started = time.perf_counter()
            connection.request("POST", "/api/messages", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, statuses


def mentions(service_url: str, texts, count: int) -> tuple[list[bytes], set[str]]:
    """`count` distinct `@Tipjar tip <text>` activities, and the source ids their tips will have."""
    made = [mention(service_url, AUTHORS[n % len(AUTHORS)], f"tip {next(texts)}") for n in range(count)]
    return [json.dumps(activity).encode() for activity in made], {f"tip-{activity['id']}" for activity in made}


def settle(tipjar: TeamsServer, ids: set[str], timeout: float) -> tuple[bool, float, int]:
    """Wait for the inbox to drain: (drained in time, seconds waited, tips stored for `ids`)."""
    started = time.perf_counter()
    while not (drained := tipjar.drained()) and time.perf_counter() - started < timeout:
        time.sleep(0.05)
    return drained, time.perf_counter() - started, sum(tip.source.ref.message_id in ids for tip in tipjar.teams_tips())


def run(args: argparse.Namespace) -> None:
    levels = [int(c) for c in args.concurrency.split(",")]
    corpus, origin = chat_texts(DEFAULT_DATA)
    pool = [text for text in corpus if 20 <= len(text) <= 400 and "<" not in text]
    random.Random(5).shuffle(pool)
    texts = itertools.cycle(pool)
    print(f"tip texts: {origin}")
    fake = subprocess.Popen([sys.executable, __file__, "--fake-server"], cwd=PROJECT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    service_url, tipjar, bare = fake.stdout.readline().strip(), None, None
    with tempfile.TemporaryDirectory() as scratch, database_for(args.database_url) as (url, _engine):
        print(f"tipjar serve on {'PostgreSQL' if url else 'SQLite'}")
        try:
            tipjar = on_database(TeamsServer(Path(scratch), None, SETTINGS + args.settings), url).start()
            bare, bare_port = start_bare_endpoint()
            fire(bare_port, mentions(service_url, texts, 100)[0], 5)  # warm both up: first requests are slow
            fire(tipjar.port, mentions(service_url, texts, 100)[0], 5)
            wait_until(tipjar.drained, timeout=600, what="the warm-up activities to be processed")
            for concurrency in levels:
                print(f"\n{args.events} `@Tipjar tip` mentions at concurrency {concurrency}")
                bare_p99 = report("bare endpoint", *fire(bare_port, mentions(service_url, texts, args.events)[0], concurrency))
                bodies, ids = mentions(service_url, texts, args.events)
                cards_before = tip_cards(fake)
                tipjar_p99 = report("tipjar serve", *fire(tipjar.port, bodies, concurrency))
                print(f"  p99 ratio tipjar / bare: {tipjar_p99 / bare_p99:.2f}x")
                drained, waited, stored = settle(tipjar, ids, args.timeout)
                print(f"  {'all processed' if drained else 'NOT all processed'} {waited:.1f} s after the last ack: "
                      f"{stored} of {args.events} stored as tips (lost: {args.events - stored}); "
                      f"tip cards at the fake connector: {tip_cards(fake) - cards_before}")
        finally:
            if bare is not None:
                bare.terminate()
                bare.wait(timeout=10)
            if tipjar is not None:
                tipjar.stop()
            fake.stdin.close()
            fake.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency", default="10,50")
    parser.add_argument("--database-url", help="a PostgreSQL server to run tipjar serve on (a database of the run's "
                        "own is made there and dropped); default: SQLite")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the tips after each round")
    parser.add_argument("--settings", default="", help="more app.yaml text (e.g. 'semantic: {provider: \'off\'}')")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fake-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fake_server:
        fake_server()
    elif args.bare_server:
        bare_app()
    else:
        run(args)


if __name__ == "__main__":
    main()
