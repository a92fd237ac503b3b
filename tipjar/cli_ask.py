"""`tipjar eval` (retrieval quality on a BEIR benchmark) and `tipjar reindex` (embeddings for stored tips)."""
from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from bot.commands import ImportTips
from bot.evaluation import BenchmarkError, read_corpus, read_qrels, read_queries, scores, write_trec_run
from bot.model import Origin, Person, Source, SourceRef, Tip, Visibility
from bot.ports import Scope

if TYPE_CHECKING:  # retrieval brings numpy and the store's queries: imported by the commands that use it
    from bot.retrieval import Retriever

LOAD_BATCH = 64
RUN_DEPTH = 100
REINDEX_BATCH = 64
EVAL_CAPTURED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Mode(str, Enum):
    configured = "configured"
    fused = "fused"
    lexical = "lexical"
    semantic = "semantic"


EVAL_SCOPE = Scope("eval", "corpus")
"""The benchmark's tips are the public tips of one workspace of their own."""


def _as_tip(doc_id: str, text: str) -> Tip:
    ref = SourceRef(EVAL_SCOPE.platform, EVAL_SCOPE.workspace_id, "C-CORPUS", doc_id)
    return Tip(source=Source(ref, Person("U-EVAL")), text=text, visibility=Visibility.PUBLIC,
               origin=Origin.IMPORT, captured_at=EVAL_CAPTURED_AT)


def _load(bot, corpus_path: Path) -> dict[int, str]:
    """The corpus as tips through the real import path (embeddings included); tip id -> document id."""
    docs = read_corpus(corpus_path)
    with typer.progressbar(length=len(docs), label="Loading the corpus", file=sys.stderr) as bar:
        for start in range(0, len(docs), LOAD_BATCH):
            batch = docs[start:start + LOAD_BATCH]
            bot.handle(ImportTips(tuple(_as_tip(d.id, d.text) for d in batch)))
            bar.update(len(batch))
    _wait_for_embeddings(bot)
    return {t.id: t.source.ref.message_id for t in bot.views.tips()}


def _wait_for_embeddings(bot) -> None:
    """Every document's vector stored before the first query is ranked (the import embeds in the background)."""
    retriever = bot.context.retriever
    if retriever.embedder is None:
        return
    model = retriever.embedder.model
    left = _unembedded(bot, model)
    with typer.progressbar(length=left, label="Embedding the corpus", file=sys.stderr) as bar:
        while not retriever.indexer.flush(timeout=1.0):
            now = _unembedded(bot, model)
            bar.update(left - now)
            left = now
        bar.update(left)


def _unembedded(bot, model: str) -> int:
    return bot.views.count_unembedded(model)


def _rank(bot, queries: dict[str, str], doc_of: dict[int, str], depth: int) -> dict[str, list[tuple[str, float]]]:
    retriever = bot.context.retriever
    ranked: dict[str, list[tuple[str, float]]] = {}
    with typer.progressbar(queries.items(), label="Ranking the queries", file=sys.stderr) as items:
        for query_id, text in items:
            query = retriever.prepare(text[:1000])
            found = bot.views.search(query, EVAL_SCOPE, depth)
            ranked[query_id] = [(doc_of[f.tip_id], f.score) for f in found]
    return ranked


def _eval_retriever(settings, mode: Mode, cache: bool) -> Retriever:
    from bot.retrieval import Retriever
    from bot.vector_cache import CachedEmbedder

    if mode is Mode.lexical:
        return Retriever(settings.ask)
    from tipjar.bootstrap import build_retriever
    retriever = build_retriever(settings)
    if not cache or retriever.embedder is None:
        return retriever
    return Retriever(settings.ask, CachedEmbedder(retriever.embedder))


def load_model(retriever: Retriever) -> None:
    """Load the local model up front, saying so: a first load (or the one-time ONNX export) takes a while."""
    load = getattr(retriever.embedder, "load", None)
    if load is None:
        return
    started = time.perf_counter()
    typer.echo(f"Loading the embedding model ({retriever.embedder.model})…", err=True)
    load()
    typer.echo(f"Model loaded in {time.perf_counter() - started:.1f} s", err=True)


def evaluate(
    ctx: typer.Context,
    corpus: Path = typer.Option(..., exists=True, dir_okay=False, help="corpus.jsonl: {\"_id\", \"title\", \"text\"} per line."),
    queries: Path = typer.Option(..., exists=True, dir_okay=False, help="queries.jsonl: {\"_id\", \"text\"} per line."),
    qrels: Path = typer.Option(..., exists=True, dir_okay=False, help="qrels TSV: query-id, corpus-id, score; a header line."),
    k: int = typer.Option(10, min=1, max=RUN_DEPTH, help="Cut-off of nDCG, MRR and Recall."),
    run: Optional[Path] = typer.Option(None, help="Also write the rankings here in TREC run format (top 100)."),
    mode: Mode = typer.Option(Mode.configured, help="Retrieval to measure (default: ask.retrieval in app.yaml)."),
    cache: bool = typer.Option(True, help="Keep the embeddings in $TIPJAR_EVAL_CACHE (~/.cache/tipjar-eval) for later runs."),
) -> None:
    """Load a BEIR benchmark into a temporary store, rank every query with the /ask retriever, print the figures."""
    started = time.perf_counter()
    settings = ctx.obj.settings()
    if mode is not Mode.configured:
        settings = settings.model_copy(update={"ask": settings.ask.model_copy(update={"retrieval": mode.value})})
    try:
        asked, judged = read_queries(queries), read_qrels(qrels)
        retriever = _eval_retriever(settings, mode, cache)
        typer.echo(f"retrieval: {retriever.mode}", err=True)
        load_model(retriever)
        from tipjar.bootstrap import scratch_bot
        with scratch_bot(settings, retriever) as bot:
            ranked = _rank(bot, asked, _load(bot, corpus), max(k, RUN_DEPTH))
        figures = scores({q: [d for d, _ in r] for q, r in ranked.items()}, judged, k)
    except BenchmarkError as exc:
        typer.echo(f"tipjar: {exc}", err=True)
        raise typer.Exit(2)
    if run is not None:
        with run.open("w", encoding="utf-8") as out:
            for query_id, docs in ranked.items():
                write_trec_run(out, query_id, docs[:RUN_DEPTH])
    for name, value in figures.items():
        typer.echo(f"{name} {value:.4f}")
    typer.echo(f"wall_seconds {time.perf_counter() - started:.1f}")


def reindex(ctx: typer.Context) -> None:
    """Compute the embeddings that stored tips lack (after installing the semantic extra or changing model)."""
    from tipjar.bootstrap import bootstrap
    bot = bootstrap(ctx.obj.settings()).bot
    retriever = bot.context.retriever
    if retriever.embedder is None:
        typer.echo("tipjar: semantic search is off (see the warning above): nothing to index", err=True)
        raise typer.Exit(2)
    model = retriever.embedder.model
    load_model(retriever)
    todo = bot.views.count_unembedded(model)
    done, after = 0, 0
    with typer.progressbar(length=todo, label=f"Embedding tips ({model})", file=sys.stderr) as bar:
        while batch := _next_batch(bot, model, after):
            done += retriever.indexer.index_committed(bot.context.units, batch)
            after = batch[-1][0]
            bar.update(len(batch))
    typer.echo(f"Embedded {done} of {todo} tips that had no embedding for {model}.")
    if done < todo:
        raise typer.Exit(1)


def _next_batch(bot, model: str, after: int) -> list[tuple[int, str]]:
    return bot.views.unembedded(model, after, REINDEX_BATCH)
