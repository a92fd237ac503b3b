"""Hostile Teams HTML: how long html_to_text and the mention removal take on 1 MB adversarial bodies, and
how Slack acknowledgements fare while `tipjar serve` processes such bodies.

    python bench/teams_html.py [--baseline REF] [--timeout 20] [--repeat 3] [--cases A,B] [--no-serve]
                               [--events 300] [--concurrency 10]

Each case is run in its own process, for the code in this checkout and for the baseline (the adapters/
package of git revision REF, default 9978114, the release before libxml2 read the HTML), side by side with the ratio.
A run longer than --timeout seconds is stopped and shown as "> N s". A run that raises is shown as such.

Then one `tipjar serve` with Slack and Teams on the same port (SQLite, a fake Slack Web API and a fake Bot
Connector): a burst of --events signed Slack reaction_added events alone (the baseline), then one burst per
case while a client keeps posting that case's HTML (about 900 KB, under the 1 MB body limit) as a "Save as
tip" action and as an @mention, after one beside benign HTML of the same size (what the size alone costs). Each burst's acknowledgement p50 / p99 / max, and its ratio to the
baseline's. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

PROJECT = Path(__file__).resolve().parents[1]
SIZE = 1_000_000
SERVED_SIZE = 900_000
"""The served bodies: room for the activity around the HTML, as the route refuses bodies over 1 MB."""


def cases(size: int = 0) -> dict[str, str]:
    """Each about `size` characters (default SIZE, 1 MB): the shapes that made the standard library's parser,
    the old regexes or a tree builder slow or raise."""
    size = size or SIZE

    def fill(unit: str, prefix: str = "") -> str:
        return prefix + unit * ((size - len(prefix)) // len(unit))
    return {
        "unclosed <b> tags": fill("<b>x", "<p>"),
        "unclosed <a x (no >)": fill("<a href='x' "),
        "bare < runs": fill("<"),
        "nested <ul><li>": fill("<ul><li>x"),
        "nested <ol><li>": fill("<ol><li>x"),
        '<ol start="²">': fill('<ol start="²"><li>x</li></ol>'),
        "5,000-digit <ol start>": fill('<ol start="' + "9" * 5000 + '"><li>x</li></ol>'),
        "unclosed comments <!--": fill("<!--"),
        "unclosed links": fill("<a href='https://x.example'>y"),
        "unclosed table cells": fill("<table><tr><td>x"),
        "lone &#": fill("&#"),
        "huge &#999…;": fill("&#" + "9" * 5000 + ";"),
        "<pre> newlines": fill("\n", "<pre>"),
        "<at> without </at>": fill("<at>"),
        "unclosed <![CDATA[": fill("<![CDATA["),
        "unclosed <!": fill("<!"),
        "unclosed <?": fill("<?"),
        "unclosed </": fill("</"),
        "spaces in one attribute": '<a title="' + " " * (size - 20) + 'x">y</a>',
        "spaces in one tag": "<a" + " " * (size - 20) + 'href="x">y</a>',
        "spaces in many tags": fill("<a" + " " * 1000 + 'href="x">y</a>'),
        "many attributes": "<p " + "a=1 " * ((size - 10) // 4) + ">x</p>",
        "one long attribute value": '<a href="https://x.example/' + "x" * (size - 40) + '">y</a>',
        "deep nesting <div>": fill("<div>"),
        "deep nesting <span>x": fill("<span>x"),
        "<a< storm": fill("<a"),
        "closed comments": fill("<!-- x -->"),
        "closed <![CDATA[]]>": fill("<![CDATA[x]]>"),
        "mentions <at>x</at>": fill("<at>x</at>"),
        "<atom> storm": fill("<atom>"),
    }


FUNCTIONS = ("html_to_text", "mentions")
"""html_to_text(body); mentions: command_text, which removes <at> mentions first (the text of a message)."""


def run_one(name: str, function: str) -> None:
    """In the child process: time one function on one case and print the seconds (or what it raised)."""
    from adapters.teams import mentions
    from adapters.teams.html import html_to_text

    html = cases()[name]
    call = (lambda: html_to_text(html)) if function == "html_to_text" else (
        lambda: mentions.command_text({"text": html}))
    started = time.perf_counter()
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the baseline raises on some cases: report it
        print(json.dumps(f"raised {type(exc).__name__}"))
        return
    print(json.dumps(time.perf_counter() - started))


def measure(name: str, function: str, path: list[str], timeout: float, repeat: int) -> float | str:
    """The fastest of `repeat` runs, each in a fresh process (so no run warms another)."""
    best: float | str = "-"
    for _ in range(repeat):
        code = (f"import sys; sys.path[:0] = {path!r}; from bench.teams_html import run_one; "
                f"run_one({name!r}, {function!r})")
        try:
            done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"> {timeout:g} s"
        if done.returncode != 0:
            return "crashed"
        value = json.loads(done.stdout)
        if not isinstance(value, float):
            return value
        best = value if not isinstance(best, float) else min(best, value)
    return best


def shown(value) -> str:
    return f"{value:.3f} s" if isinstance(value, float) else str(value)


def ratio(before, after) -> str:
    if isinstance(before, float) and isinstance(after, float) and after > 0:
        return f"{before / after:.0f}x"
    return "-"


def conversion_table(args: argparse.Namespace, names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as baseline_dir:
        archive = subprocess.run(["git", "archive", args.baseline, "adapters"], cwd=PROJECT, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", baseline_dir], input=archive, check=True)
        print(f"{'case (about 1 MB)':32} {'function':13} {'baseline ' + args.baseline:>18} {'now':>10} {'ratio':>7}")
        for name in names:
            for function in FUNCTIONS:
                before = measure(name, function, [baseline_dir, str(PROJECT)], args.timeout, 1)
                after = measure(name, function, [str(PROJECT)], args.timeout, args.repeat)
                print(f"{name:32} {function:13} {shown(before):>18} {shown(after):>10} {ratio(before, after):>7}",
                      flush=True)


BENIGN = "benign HTML, same size"
"""The reference: what a body of this size costs when its HTML is an ordinary message's."""


def benign_html(size: int) -> str:
    paragraph = ('<p>Scanner frozen? Hold <strong>F12</strong> for 5&nbsp;s, then ask <at id="0">Maria</at>.</p>'
                 '<ul><li>Print wristbands</li><li>See <a href="https://wiki.example.org/orders">the guide</a></li></ul>')
    return paragraph * (size // len(paragraph))


def teams_bodies(service_url: str, html: str) -> list[bytes]:
    """The HTML as a "Save as tip" action and as an @mention (`tip <html>`)."""
    from tests.e2e.teams import activities

    made = [activities.save_as_tip(service_url, "maria", activities.message_payload("dev", html)),
            {**activities.mention(service_url, "maria", "tip " + html), "textFormat": "xml"}]
    return [json.dumps(activity, ensure_ascii=False).encode() for activity in made]


def burst_beside(tipjar, slack_events: list[bytes], concurrency: int, bodies: list[bytes]) -> tuple[list, list]:
    """Slack acknowledgement latencies (ms) while one client keeps posting `bodies`; the Teams answers seen."""
    from bench.slack_ack import fire, keep_posting

    stop, seen = threading.Event(), []
    poster = threading.Thread(target=keep_posting, args=(tipjar.port, bodies, stop, seen)) if bodies else None
    if poster is not None:
        poster.start()
        time.sleep(0.5)  # the first Teams body is being processed before the first Slack event
    latencies, _wall, statuses = fire(tipjar.port, slack_events, concurrency)
    stop.set()
    if poster is not None:
        poster.join()
    assert all(status == 200 for status in statuses), "a Slack event was not acknowledged with 200"
    return latencies, seen


def served_table(args: argparse.Namespace, names: list[str]) -> None:
    """Slack acknowledgement bursts against `tipjar serve`: alone, then beside each case's Teams HTML."""
    from bench.slack_ack import TIPJAR_PREFIX, WARM_UP_PREFIX, events, fire, start_fake
    from bench.workload import percentile
    from tests.e2e.slack.conftest import TipjarServer, wait_until
    from tests.e2e.teams.fake_connector import FakeConnector

    fake, api_url = start_fake(args.events, len(names) + 2)
    with tempfile.TemporaryDirectory() as scratch, FakeConnector() as connector:
        tipjar = TipjarServer(Path(scratch), SimpleNamespace(url=api_url), "teams:\n  enabled: true\n").start()
        try:
            fire(tipjar.port, events(WARM_UP_PREFIX, 100), 5)
            wait_until(tipjar.drained, timeout=600, what="the warm-up events to be processed")
            print(f"\n{args.events} signed Slack events at concurrency {args.concurrency} against tipjar serve, "
                  f"beside a client posting each case's Teams HTML ({SERVED_SIZE:,} characters)")
            print(f"{'beside':32} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50 x':>7} {'p99 x':>7} {'max x':>7}"
                  f"  Teams bodies answered (slowest)")
            alone, served = None, {**cases(SERVED_SIZE), BENIGN: benign_html(SERVED_SIZE)}
            for number, name in enumerate(["(nothing: baseline)", BENIGN, *names]):
                bodies = [] if alone is None else teams_bodies(connector.url, served[name])
                latencies, seen = burst_beside(tipjar, events(TIPJAR_PREFIX + number, args.events),
                                               args.concurrency, bodies)
                figures = [percentile(latencies, 0.5), percentile(latencies, 0.99), max(latencies)]
                alone = alone or figures
                ratios = "".join(f"{f / a:6.2f}x" for f, a in zip(figures, alone))
                answered = f"{len(seen)} ({max(s for _, s in seen):.2f} s)" if seen else "-"
                print(f"{name:32} {figures[0]:8.1f} {figures[1]:8.1f} {figures[2]:8.1f} {ratios}  {answered}",
                      flush=True)
                wait_until(tipjar.drained, timeout=600, what="tipjar to process every event")
        finally:
            tipjar.stop()
            fake.stdin.close()
            fake.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="9978114", help="git revision whose adapters/ is the baseline")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a run is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (the fastest is shown)")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--no-conversion", action="store_true", help="skip the per-case conversion table")
    parser.add_argument("--no-serve", action="store_true", help="skip the Slack bursts against tipjar serve")
    parser.add_argument("--events", type=int, default=300, help="Slack events per burst")
    parser.add_argument("--concurrency", type=int, default=10, help="concurrent Slack connections")
    args = parser.parse_args()
    names = [n for n in cases() if not args.cases or n in args.cases.split(",")]
    if not args.no_conversion:
        conversion_table(args, names)
    if not args.no_serve:
        served_table(args, names)


if __name__ == "__main__":
    # Run as a script: the project, not bench/, on the path (the children put the baseline first themselves).
    sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]
    main()
