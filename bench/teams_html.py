"""Hostile Teams HTML: how long html_to_text and the mention removal take on 1 MB adversarial bodies.

    python bench/teams_html.py [--baseline REF] [--timeout 20] [--repeat 3]

Each case is run in its own process, for the code in this checkout and for the baseline (the adapters/
package of git revision REF, default 3a1bf8e, before the linear tokenizer), side by side with the ratio.
A run longer than --timeout seconds is stopped and shown as "> N s". A run that raises is shown as such.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SIZE = 1_000_000


def cases() -> dict[str, str]:
    """Each about 1 MB: the shapes that made the standard library's parser or the old regexes slow or raise."""
    def fill(unit: str, prefix: str = "") -> str:
        return prefix + unit * ((SIZE - len(prefix)) // len(unit))
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
    }


FUNCTIONS = ("html_to_text", "mentions")
"""html_to_text(body); mentions: command_text, which removes <at> mentions first (the text of a message)."""


def run_one(name: str, function: str) -> None:
    """In the child process: time one function on one case and print the seconds (or what it raised)."""
    from adapters.teams import translate
    from adapters.teams.html import html_to_text

    html = cases()[name]
    call = (lambda: html_to_text(html)) if function == "html_to_text" else (
        lambda: translate.command_text({"text": html}))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="3a1bf8e", help="git revision whose adapters/ is the baseline")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a run is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (the fastest is shown)")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as baseline_dir:
        archive = subprocess.run(["git", "archive", args.baseline, "adapters"], cwd=PROJECT, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", baseline_dir], input=archive, check=True)
        names = [n for n in cases() if not args.cases or n in args.cases.split(",")]
        print(f"{'case (about 1 MB)':26} {'function':13} {'baseline ' + args.baseline:>18} {'now':>10} {'ratio':>7}")
        for name in names:
            for function in FUNCTIONS:
                before = measure(name, function, [baseline_dir, str(PROJECT)], args.timeout, 1)
                after = measure(name, function, [str(PROJECT)], args.timeout, args.repeat)
                print(f"{name:26} {function:13} {shown(before):>18} {shown(after):>10} {ratio(before, after):>7}",
                      flush=True)


if __name__ == "__main__":
    main()
