"""HTML parsers for Teams message bodies compared: cost on 1 MB adversarial and normal bodies, and the GIL.

    python bench/html_parsers.py [--timeout 20] [--parsers selectolax,lxml,html5lib,html.parser]

Each parser reads each body (bench/teams_html.py's adversarial cases, and a normal Teams message repeated to
the same size) in a process of its own, and every element, text and end tag is visited, as a converter must
(selectolax: Lexbor's tree, walked; lxml: libxml2's events through a parser target; html5lib: its tree
walker; html.parser: its callbacks).
A run longer than --timeout seconds is stopped and shown as "> N s".

Then the longest pause of a main thread that only counts time while a worker thread parses a body (4 MB of
normal messages, and two adversarial ones): a parser that releases the GIL while it parses leaves it near the 5 ms switch interval; one that
holds it stalls that thread (the event loop of `tipjar serve`) for as long as it parses.
Needs the candidates installed: pip install selectolax lxml html5lib. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]
NORMAL = ('<p>Scanner frozen? Hold <strong>F12</strong> for 5&nbsp;s, then ask <at id="0">Maria Lopez</at>.</p>'
          '<ul><li>Print wristbands</li><li>See <a href="https://wiki.example.org/orders">the guide</a></li></ul>'
          '<pre><code>Get-Printer | Where Name -eq "ZD420"</code></pre>'
          '<p><img itemscope itemtype="http://schema.skype.com/Emoji" alt="😀" src="x.png" width="20"></p>')


def selectolax_parse(html: str) -> int:
    from selectolax.lexbor import LexborHTMLParser

    root, visited = LexborHTMLParser(html).root, 0
    for node in root.traverse(include_text=True) if root is not None else ():
        visited += 1
        if node.tag in ("a", "img", "ol"):
            node.attributes
    return visited


def lxml_parse(html: str) -> int:
    """As Tipjar reads: libxml2's events through a parser target. (Its tree drops what lies deeper than 256
    elements, 2,048 with huge_tree: a tree of 1 MB of <div> keeps none of its text.)"""
    from lxml import etree

    class Counter:
        visited = 0

        def start(self, tag, attributes):
            self.visited += 1

        def end(self, tag):
            self.visited += 1

        def data(self, text):
            self.visited += 1

        def close(self):
            return self.visited

    if not html.strip():
        return 0
    return etree.fromstring(html.encode(), etree.HTMLParser(target=Counter(), encoding="utf-8", huge_tree=True))


def html5lib_parse(html: str) -> int:
    import html5lib

    return sum(1 for _ in html5lib.getTreeWalker("etree")(html5lib.parse(html)))


def stdlib_parse(html: str) -> int:
    from html.parser import HTMLParser

    class Counter(HTMLParser):
        visited = 0

        def handle_starttag(self, tag, attrs):
            self.visited += 1

        def handle_endtag(self, tag):
            self.visited += 1

        def handle_data(self, data):
            self.visited += 1

    counter = Counter(convert_charrefs=True)
    counter.feed(html)
    counter.close()
    return counter.visited


PARSERS = {"selectolax": selectolax_parse, "lxml": lxml_parse, "html5lib": html5lib_parse, "html.parser": stdlib_parse}


def bodies() -> dict[str, str]:
    from bench.teams_html import SIZE, cases

    return {**cases(), "normal Teams messages": NORMAL * (SIZE // len(NORMAL))}


def run_one(parser: str, name: str) -> None:
    html = bodies()[name]
    started = time.perf_counter()
    try:
        PARSERS[parser](html)
    except Exception as exc:  # noqa: BLE001 - a parser that raises is a finding: report it
        print(json.dumps(f"raised {type(exc).__name__}"))
        return
    print(json.dumps(time.perf_counter() - started))


def parse_only(parser: str, html: str) -> None:
    """The parser's own step, without the walk in Python (which lets other threads in every 5 ms)."""
    if parser == "selectolax":
        from selectolax.lexbor import LexborHTMLParser
        LexborHTMLParser(html)
    elif parser == "lxml":
        lxml_parse(html)
    elif parser == "html5lib":
        import html5lib
        html5lib.parse(html)
    else:
        PARSERS[parser](html)


def gil_pause(parser: str, name: str) -> None:
    """The longest gap of a main thread counting time while a worker thread parses the body."""
    html = NORMAL * (4_000_000 // len(NORMAL)) if name == "4 MB" else bodies()[name]
    done, gaps = threading.Event(), [0.0]
    worker = threading.Thread(target=lambda: (parse_only(parser, html), done.set()))
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    print(json.dumps(max(gaps)))


def child(code: str, timeout: float) -> float | str:
    try:
        done = subprocess.run([sys.executable, "-c", f"import sys; sys.path[:0] = [{str(PROJECT)!r}]; {code}"],
                              cwd=PROJECT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:g} s"
    return json.loads(done.stdout) if done.returncode == 0 else "crashed"


def shown(value) -> str:
    return f"{value * 1000:.0f} ms" if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--parsers", default=",".join(PARSERS))
    args = parser.parse_args()
    chosen = args.parsers.split(",")
    print(f"{'body (about 1 MB)':32}" + "".join(f"{name:>13}" for name in chosen), flush=True)
    for name in bodies():
        cells = [child(f"from bench.html_parsers import run_one; run_one({p!r}, {name!r})", args.timeout)
                 for p in chosen]
        print(f"{name:32}" + "".join(f"{shown(cell):>13}" for cell in cells), flush=True)
    print("\nlongest pause of the main thread while a worker thread parses (near 5 ms: the GIL is let go)")
    for name in ("4 MB", "spaces in one attribute", "unclosed comments <!--"):
        pauses = [child(f"from bench.html_parsers import gil_pause; gil_pause({p!r}, {name!r})", args.timeout)
                  for p in chosen]
        print(f"{name:32}" + "".join(f"{shown(cell):>13}" for cell in pauses), flush=True)


if __name__ == "__main__":
    main()
