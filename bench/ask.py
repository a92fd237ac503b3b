"""/ask latency: Bot.handle(Ask) end to end, lexical and fused, beside the raw full-text query, in one run.

    python bench/ask.py [--sizes 10000,100000] [--data PATH/messages.jsonl] [--queries 300] [--embedded 2000]
                        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

For each size N: bulk-load N tips (1 in 10 in a private channel the asker cannot read) and their vectors,
then time every question through Bot.handle(Ask) — private-channel check, question embedding (fused),
retrieval, loading the tips, recording the question with a durable commit — and the same words as a raw
FTS5 MATCH in the same process. With `--database-url`, each size runs on a scratch PostgreSQL database of
that server (dropped afterwards), beside the raw tsvector query instead. Embedding 100,000 texts on a CPU takes the better part of an hour, so only
`--embedded` distinct texts get real vectors; every other tip gets a real vector of a random one of them
plus noise, which costs the same to search. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

# bench/ holds a store.py of its own: put the project, not bench/, first on the path so `store` is the package.
PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

import numpy as np  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from bot.commands import Ask  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.model import Viewer  # noqa: E402
from bot.retrieval import Retriever  # noqa: E402
from store.db import open_store  # noqa: E402
from store.repository import unit_of_work_factory  # noqa: E402
from store.search import Fts5Searcher, PostgresSearcher, query_terms  # noqa: E402
from store.tables import TipEmbeddingRow, TipRow  # noqa: E402
from tipjar.bootstrap import build_bot, build_retriever  # noqa: E402

from bench.postgres import scratch_database  # noqa: E402
from bench.workload import DEFAULT_DATA, make_questions, percentile  # noqa: E402

RAW_FTS5 = "SELECT rowid FROM tip_fts WHERE tip_fts MATCH ? ORDER BY bm25(tip_fts) LIMIT 10"
RAW_TSVECTOR = text("""SELECT id FROM tip, websearch_to_tsquery('english', :match) AS q
    WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 10""")
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
ASKER = Viewer("slack", "T-BENCH", "U-ASKER")
BATCH = 10_000


def load_texts(path: Path) -> list[str]:
    if not path.is_file():
        sys.exit(f"no data at {path}: pass --data PATH/messages.jsonl (the slack-chats set)")
    with path.open(encoding="utf-8") as lines:
        return list(dict.fromkeys(t for t in (json.loads(line).get("text", "").strip() for line in lines) if t))


def tip_row(n: int, text: str) -> dict:
    private = n % 10 == 0
    captured = START + timedelta(seconds=n)
    return dict(platform="slack", workspace_id="T-BENCH", channel_id="C-PRIVATE" if private else "C-GENERAL",
                message_id=f"bench.{n}", visibility="private" if private else "public", status="new",
                author_id=f"U{n % 97}", author_name="", channel_name="", origin="reaction", captured_at=captured,
                posted_at=captured, permalink="", text=text)


def tip_vectors(real: np.ndarray, size: int) -> np.ndarray:
    """Real vectors for the first tips, then noisy copies of random real ones (unit length)."""
    rng = np.random.default_rng(4)
    picks = np.concatenate([np.arange(min(size, len(real))), rng.integers(0, len(real), max(0, size - len(real)))])
    vectors = real[picks] + 0.05 * rng.standard_normal((size, real.shape[1])).astype(np.float32)
    vectors[: len(real)] = real[: min(size, len(real))]
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def bulk_load(engine, texts: list[str], vectors: np.ndarray, model: str) -> float:
    started = time.perf_counter()
    with engine.begin() as connection:
        for first in range(0, len(vectors), BATCH):
            rows = range(first, min(len(vectors), first + BATCH))
            connection.execute(insert(TipRow), [tip_row(n, texts[n % len(texts)]) for n in rows])
            connection.execute(insert(TipEmbeddingRow), [
                {"tip_id": n + 1, "model": model, "vector": vectors[n].tobytes()} for n in rows])
    return time.perf_counter() - started


def timed(run, questions: list[str]) -> list[float]:
    timings = []
    for question in questions:
        started = time.perf_counter()
        run(question)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def raw_fts5(db_path: Path):
    """The bare FTS5 query of a question, on a connection of its own; and how to close it."""
    raw = sqlite3.connect(db_path)
    return "raw FTS5 MATCH, top 10", lambda q: raw.execute(RAW_FTS5, (Fts5Searcher.match(query_terms(q)),)).fetchall(), raw.close


def raw_tsvector(engine):
    """The bare tsvector query of a question, on a connection of its own; and how to close it."""
    raw = engine.connect()
    run = lambda q: raw.execute(RAW_TSVECTOR, {"match": PostgresSearcher.match(query_terms(q))}).fetchall()  # noqa: E731
    return "raw tsvector @@, top 10", run, raw.close


def run_size(size: int, engine, raw, texts: list[str], real: np.ndarray, questions: list[str], fused: Retriever) -> None:
    units = unit_of_work_factory(engine)
    load_s = bulk_load(engine, texts, tip_vectors(real, size), fused.embedder.model)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("ANALYZE tip"))
    lexical_bot = build_bot(Settings(), units=units, retriever=Retriever(Settings().ask))
    fused_bot = build_bot(Settings(), units=units, retriever=Retriever(Settings().ask, fused.embedder))
    started = time.perf_counter()
    fused_bot.handle(Ask(ASKER, questions[0]))
    warm_s = time.perf_counter() - started
    raw_name, raw_query, close_raw = raw
    timings = {
        raw_name: timed(raw_query, questions),
        "/ask lexical": timed(lambda q: lexical_bot.handle(Ask(ASKER, q)), questions),
        "/ask fused (embeds the question)": timed(lambda q: fused_bot.handle(Ask(ASKER, q)), questions),
        "  of which: embedding the question": timed(lambda q: fused.embedder.embed([q]), questions),
    }
    close_raw()
    print(f"\n{size:,} tips with vectors on {engine.dialect.name} (bulk-loaded in {load_s:.1f} s); "
          f"first fused /ask, loading every vector: {warm_s:.2f} s")
    for name, ms in timings.items():
        print(f"  {name:<36} p50 {percentile(ms, 0.5):7.2f} ms   p99 {percentile(ms, 0.99):7.2f} ms")


def run_sqlite(size: int, scratch: Path, *data) -> None:
    db_path = scratch / f"ask-{size}.db"
    engine = open_store(f"sqlite:///{db_path}")
    try:
        run_size(size, engine, raw_fts5(db_path), *data)
    finally:
        engine.dispose()


def run_postgres(size: int, base_url: str, *data) -> None:
    with scratch_database(base_url) as (_url, engine):
        run_size(size, engine, raw_tsvector(engine), *data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated tip counts")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="slack-chats messages.jsonl")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--embedded", type=int, default=2000, help="distinct texts given real vectors")
    parser.add_argument("--database-url", help="a PostgreSQL server to run on (a scratch database per size)")
    args = parser.parse_args(argv)
    fused = build_retriever(Settings())
    if fused.embedder is None:
        sys.exit("the semantic extra is not installed: pip install torch==2.13.0 && pip install -e '.[semantic]'")
    texts = load_texts(args.data)
    started = time.perf_counter()
    real = fused.embedder.embed(texts[: args.embedded])
    print(f"data: {len(texts):,} distinct messages from {args.data}; {args.embedded:,} embedded with "
          f"{fused.embedder.model} in {time.perf_counter() - started:.1f} s; {args.queries} questions; "
          "1 tip in 10 private (the asker is not a member)")
    questions = make_questions(texts, args.queries, query_terms)
    data = (texts, real, questions, fused)
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            if args.database_url:
                run_postgres(size, args.database_url, *data)
            else:
                run_sqlite(size, Path(scratch), *data)


if __name__ == "__main__":
    main()
