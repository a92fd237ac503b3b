"""Store benchmark: captures per second through SqlUnitOfWork, and search latency next to raw FTS5.

    python bench/store.py [--sizes 10000,100000] [--data PATH/messages.jsonl] [--url sqlite:///PATH.db]

For each size N: bulk-load N tips (one transaction), time real captures (Bot.handle(CaptureMessage), one
commit each), then time ~200 questions built from the data's own words through the Searcher, and the same MATCH
run straight on the FTS5 table in the same process. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

# This file is itself named store.py: put the project, not bench/, first on the path so `store` is the package.
PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from sqlalchemy import insert  # noqa: E402

from bot.commands import Ask, CaptureMessage  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.model import Person, Source, SourceRef, Viewer, Visibility  # noqa: E402
from bot.ports import Scope  # noqa: E402
from bot.replies import TipSaved  # noqa: E402
from store.db import open_store  # noqa: E402
from store.repository import unit_of_work_factory  # noqa: E402
from store.search import Fts5Searcher, query_terms  # noqa: E402
from store.tables import TipRow  # noqa: E402
from tipjar.bootstrap import build_bot  # noqa: E402
from bench.workload import DEFAULT_DATA, chat_texts, make_questions, percentile  # noqa: E402

RAW_FTS5 = "SELECT rowid FROM tip_fts WHERE tip_fts MATCH ? ORDER BY bm25(tip_fts) LIMIT 10"
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
NON_MEMBER = Scope("slack", "T-BENCH", frozenset({"C-OTHER"}))


def bench_tip(n: int, text: str, message_prefix: str = "bulk") -> dict:
    private = n % 10 == 0  # one tip in ten sits in a private channel the benchmark's asker cannot read
    captured = START + timedelta(seconds=n)
    return dict(
        platform="slack", workspace_id="T-BENCH", channel_id="C-PRIVATE" if private else "C-GENERAL",
        message_id=f"{message_prefix}.{n}", visibility="private" if private else "public", status="new",
        author_id=f"U{n % 97}", author_name="", channel_name="", origin="reaction", captured_at=captured,
        posted_at=captured, permalink="", text=text,
    )


def bulk_load(engine, texts: list[str], size: int, batch: int = 10_000) -> float:
    started = time.perf_counter()
    with engine.begin() as connection:
        for first in range(0, size, batch):
            rows = [bench_tip(n, texts[n % len(texts)]) for n in range(first, min(size, first + batch))]
            connection.execute(insert(TipRow), rows)
    return time.perf_counter() - started


def capture_rate(units, texts: list[str], captures: int, settings: Settings, prefix: str) -> float:
    """Captures per second through the core, as a reaction arrives: Bot.handle(CaptureMessage), one commit each.
    The background indexer's backlog is waited for afterwards, outside the timing."""
    bot = build_bot(settings, units=units)
    bot.context.retriever.prepare("load the model before timing")
    rng = random.Random(2)
    started = time.perf_counter()
    for n in range(captures):
        source = Source(SourceRef("slack", "T-BENCH", "C-GENERAL", f"{prefix}.{n}"), Person(f"U{n % 97}"))
        reply = bot.handle(CaptureMessage(source, rng.choice(texts), f"U{n % 89}", Visibility.PUBLIC))
        assert isinstance(reply, TipSaved), reply
    rate = captures / (time.perf_counter() - started)
    bot.context.retriever.indexer.flush()
    return rate


def time_each(run, questions: list[str], rounds: int = 3) -> list[float]:
    """Milliseconds per call, `rounds` passes over the questions after one warm-up pass."""
    for question in questions:
        run(question)
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            run(question)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def search_timings(units, db_path: Path, questions: list[str]) -> dict[str, list[float]]:
    raw = sqlite3.connect(db_path)
    with units() as open_unit:
        searcher_ms = time_each(lambda q: open_unit.search.search(q, NON_MEMBER, 10), questions)
    raw_ms = time_each(lambda q: raw.execute(RAW_FTS5, (Fts5Searcher.match(query_terms(q)),)).fetchall(), questions)

    def ask_once(question: str) -> None:
        with units() as unit:
            unit.search.search(question, NON_MEMBER, 10)

    per_ask_ms = time_each(ask_once, questions)
    bot = build_bot(Settings(), units=units)
    asker = Viewer("slack", "T-BENCH", "U-ASKER")
    full_ask_ms = time_each(lambda q: bot.handle(Ask(asker, q)), questions, rounds=1)
    raw.close()
    return {"searcher": searcher_ms, "raw FTS5": raw_ms, "unit of work + searcher": per_ask_ms,
            "Bot.handle(Ask), commits": full_ask_ms}


def run_size(size: int, db_path: Path, texts: list[str], args: argparse.Namespace) -> None:
    for stale in (db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    engine = open_store(f"sqlite:///{db_path}")
    units = unit_of_work_factory(engine)
    load_s = bulk_load(engine, texts, size)
    lexical = capture_rate(units, texts, args.captures, Settings(semantic={"provider": "off"}), "lexical")
    rate = capture_rate(units, texts, args.captures, Settings(), "capture")
    timings = search_timings(units, db_path, make_questions(texts, args.queries, query_terms))
    engine.dispose()
    print(f"\n{size:,} tips (bulk-loaded in {load_s:.1f} s, {size / load_s:,.0f}/s), then {args.captures:,} captures")
    print(f"  capture through Bot.handle, words only:        {lexical:,.0f} captures/s (target >= 500/s)")
    print(f"  capture through Bot.handle, embedding behind: {rate:,.0f} captures/s (the model shares the 2 cores)")
    for name, ms in timings.items():
        print(f"  {name:<25} p50 {percentile(ms, 0.5):7.3f} ms   p99 {percentile(ms, 0.99):7.3f} ms")
    ratio = percentile(timings["searcher"], 0.5) / percentile(timings["raw FTS5"], 0.5)
    print(f"  searcher / raw FTS5 at p50: {ratio:.2f}x (target <= 1.5x)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated tip counts")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="slack-chats messages.jsonl")
    parser.add_argument("--url", help="sqlite:///PATH.db: keep the databases (PATH-N.db) instead of a temp dir")
    parser.add_argument("--captures", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    if args.url and not args.url.startswith("sqlite:///"):
        parser.error("--url must be sqlite:///PATH: the benchmark compares against raw SQLite FTS5")
    texts, described = chat_texts(args.data)
    print(f"data: {described}; {args.queries} questions; 1 tip in 10 private (asker is not a member)")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(args.url.removeprefix("sqlite:///")) if args.url else Path(scratch) / "bench.db"
        for size in (int(s) for s in args.sizes.split(",")):
            run_size(size, base.with_name(f"{base.stem}-{size}{base.suffix}"), texts, args)


if __name__ == "__main__":
    main()
