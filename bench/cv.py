"""/ask's retrieval settings chosen on some folds of the dev queries and measured on the others.

    python bench/cv.py [--data ../shared/data] [--folds 5] [--sets stackfaq scifact]

Each set's dev queries are split into folds (StackFAQ by thread, since a thread's queries are paraphrases of
one another; SciFact by query). Every candidate setting ranks every query once with the real retriever
(`bot.retrieval.Retriever` over a scratch store, as `tipjar eval` does), plus plain reciprocal-rank fusion
of the words-only and meaning-only rankings. Printed: nDCG@10 per fold with mean and spread for each
candidate, then the honest figure of choosing: for each fold, the candidate best on the other folds of both
sets (mean of the two sets' means, the simpler candidate on a tie within 0.001), measured on that fold.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.evaluation import ndcg, read_qrels, read_queries  # noqa: E402
from tipjar.bootstrap import scratch_bot  # noqa: E402
from tipjar.cli_ask import EVAL_SCOPE, _eval_retriever, _load, Mode  # noqa: E402
from tipjar.settings import load_settings  # noqa: E402

RRF_K = 60
CANDIDATES = [  # (name, retrieval, semantic_weight, confidence_slope, expansion_weight), simplest first
    ("words only", "lexical", 0.0, 0.0, 0.0),
    ("meaning only", "semantic", 1.0, 0.0, 0.0),
    ("reciprocal-rank fusion", "rrf", 0.0, 0.0, 0.0),
    *[(f"fixed {w}", "fused", w, 0.0, 0.0) for w in (0.6, 0.7, 0.8, 0.9)],
    *[(f"confidence {w}/{s}", "fused", w, s, 0.0) for w in (0.8, 0.92) for s in (0.08, 0.16)],
    *[(f"confidence {w}/{s} + expansion {e}", "fused", w, s, e) for w in (0.8, 0.92) for s in (0.08, 0.16)
      for e in (0.5, 1.0)],
]
DEFAULT = "confidence 0.92/0.08 + expansion 1.0"


def folds_of(queries_path: Path, folds: int, by_thread: bool) -> dict[str, int]:
    """query id -> fold, stable across runs (a CRC of the query's group)."""
    assigned = {}
    for line in queries_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            query = json.loads(line)
            group = str(query.get("metadata", {}).get("thread", query["_id"])) if by_thread else query["_id"]
            assigned[query["_id"]] = zlib.crc32(group.encode()) % folds
    return assigned


def rrf(first: list[str], second: list[str]) -> list[str]:
    scores: dict[str, float] = {}
    for ranking in (first, second):
        for rank, doc in enumerate(ranking):
            scores[doc] = scores.get(doc, 0.0) + 1 / (RRF_K + rank + 1)
    return sorted(scores, key=lambda doc: -scores[doc])


def rankings(data: Path, name: str) -> tuple[dict[str, dict[str, list[str]]], dict]:
    """candidate name -> query id -> ranked doc ids; and the qrels."""
    settings = load_settings()
    queries, qrels = read_queries(data / name / "queries_dev.jsonl"), read_qrels(data / name / "qrels" / "dev.tsv")
    retriever = _eval_retriever(settings, Mode.fused, cache=True)
    if retriever.embedder is None:
        sys.exit("meaning search is not installed (see README): nothing to compare")
    runs: dict[str, dict[str, list[str]]] = {}
    with scratch_bot(settings, retriever) as bot:
        doc_of = _load(bot, data / name / "corpus.jsonl")
        prepared = {q: retriever.prepare(text[:1000]) for q, text in queries.items()}
        for label, mode, weight, slope, expansion in CANDIDATES:
            if mode == "rrf":
                runs[label] = {q: rrf(runs["words only"][q], runs["meaning only"][q]) for q in queries}
                continue
            retriever.settings = settings.ask.model_copy(update={
                "retrieval": mode, "semantic_weight": weight, "confidence_slope": slope,
                "expansion_weight": expansion})
            runs[label] = {q: [doc_of[f.tip_id] for f in bot.views.search(query, EVAL_SCOPE, 100)]
                           for q, query in prepared.items()}
            print(f"  {name}: {label} ranked", file=sys.stderr)
    return runs, qrels


def fold_scores(runs: dict[str, list[str]], qrels: dict, fold: dict[str, int], folds: int) -> list[float]:
    per_fold: list[list[float]] = [[] for _ in range(folds)]
    for query_id, ranked in runs.items():
        if query_id in qrels:
            per_fold[fold[query_id]].append(ndcg(ranked, qrels[query_id], 10))
    return [statistics.fmean(scores) for scores in per_fold]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--sets", nargs="+", default=["stackfaq", "scifact"])
    args = parser.parse_args(argv)
    missing = [s for s in args.sets if not (args.data / s / "queries_dev.jsonl").exists()]
    if missing:
        sys.exit(f"bench/cv.py: {', '.join(missing)} not found under {args.data} (see ../shared/data/README.md)")
    table: dict[str, dict[str, list[float]]] = {}
    for name in args.sets:
        runs, qrels = rankings(args.data, name)
        fold = folds_of(args.data / name / "queries_dev.jsonl", args.folds, by_thread=name == "stackfaq")
        table[name] = {label: fold_scores(run, qrels, fold, args.folds) for label, run in runs.items()}
        print(f"\n{name}: nDCG@10 by fold", *(f"f{i}" for i in range(args.folds)), "mean", "spread", sep="\t")
        for label, scores in table[name].items():
            print(f"{label:42}", *(f"{s:.4f}" for s in scores), f"{statistics.fmean(scores):.4f}",
                  f"{max(scores) - min(scores):.4f}", sep="\t")
    chosen_report(table, args.folds)


def chosen_report(table: dict[str, dict[str, list[float]]], folds: int) -> None:
    """For each fold, the candidate best on the other folds (both sets), measured on the fold left out."""
    labels = [label for label, *_ in CANDIDATES]
    print("\nchosen on the other folds, measured on the fold left out")
    held: dict[str, list[float]] = {name: [] for name in table}
    for left_out in range(folds):
        def training(label: str) -> float:
            return statistics.fmean(statistics.fmean(s for i, s in enumerate(table[name][label]) if i != left_out)
                                    for name in table)
        best = max(training(label) for label in labels)
        pick = next(label for label in labels if training(label) >= best - 0.001)
        for name in table:
            held[name].append(table[name][pick][left_out])
        print(f"fold {left_out}: {pick} ->", *(f"{name} {table[name][pick][left_out]:.4f}" for name in table))
    for name, scores in held.items():
        parts = max(statistics.fmean(table[name]["words only"]), statistics.fmean(table[name]["meaning only"]))
        print(f"{name}: held-out mean {statistics.fmean(scores):.4f}, spread {max(scores) - min(scores):.4f}; "
              f"better of words-only and meaning-only {parts:.4f}; today's default "
              f"{statistics.fmean(table[name][DEFAULT]):.4f}")


if __name__ == "__main__":
    main()
