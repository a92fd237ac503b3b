"""/ask's retrieval measured fold by fold: words only, meaning only and the configured setting, and settings
chosen on some folds of the dev queries measured on the others.

    python bench/cv.py [--data ../shared/data] [--folds 5] [--sets stackfaq scifact]

Each set's dev queries are split into folds (StackFAQ by thread, since a thread's queries are paraphrases of
one another; SciFact by query). Every setting ranks every query once with the real retriever
(`bot.retrieval.Retriever` over a scratch store, as `tipjar eval` does); plain reciprocal-rank fusion is
computed from the words-only and meaning-only rankings. Printed per set: nDCG@10 per fold with mean and
spread (max - min) for words only, meaning only and the configured setting (app.yaml's `ask.*`), the
configured setting's lead over the better of the two on each fold, and whether it holds on every fold; then
every candidate. Last, the honest figure of choosing: for each fold, the candidate best on the other folds
of both sets (by two rules, below), measured on the fold left out.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.evaluation import ndcg, read_qrels, read_queries  # noqa: E402
from tipjar.bootstrap import scratch_bot  # noqa: E402
from tipjar.cli_ask import EVAL_SCOPE, _eval_retriever, _load, Mode  # noqa: E402
from tipjar.settings import load_settings  # noqa: E402

WORDS, MEANING, CONFIGURED = "words only", "meaning only", "configured"
TARGETS = {"stackfaq": 0.955, "scifact": 0.75}
"""The mean nDCG@10 the configured setting is held to on each dev set."""


@dataclass(frozen=True)
class Candidate:
    name: str
    retrieval: str
    """An `ask.retrieval` mode, or "rrf": reciprocal-rank fusion of the words-only and meaning-only rankings."""
    semantic_weight: float = 0.0
    confidence_slope: float = 0.0
    expansion_weight: float = 0.0
    rrf_k: int = 0


CANDIDATES = [  # simplest first: on a tie the simpler is chosen
    Candidate(WORDS, "lexical"),
    Candidate(MEANING, "semantic", 1.0),
    *[Candidate(f"reciprocal-rank fusion k {k}", "rrf", rrf_k=k) for k in (10, 60)],
    Candidate("meaning first, words break near-ties (fixed 0.99)", "fused", 0.99),
    *[Candidate(f"fixed {w}", "fused", w) for w in (0.8, 0.9)],
    Candidate("confidence 0.92/0.08", "fused", 0.92, 0.08),
    *[Candidate(f"confidence {w}/0.08 + expansion {e}", "fused", w, 0.08, e) for w in (0.9, 0.92, 0.95)
      for e in (0.5, 1.0, 2.0)],
    *[Candidate(f"confidence 0.92/{s} + expansion 1.0", "fused", 0.92, s, 1.0) for s in (0.04, 0.12)],
]


def folds_of(queries_path: Path, folds: int, by_thread: bool) -> dict[str, int]:
    """query id -> fold, stable across runs (a CRC of the query's group)."""
    assigned = {}
    for line in queries_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            query = json.loads(line)
            group = str(query.get("metadata", {}).get("thread", query["_id"])) if by_thread else query["_id"]
            assigned[query["_id"]] = zlib.crc32(group.encode()) % folds
    return assigned


def rrf(first: list[str], second: list[str], k: int) -> list[str]:
    scores: dict[str, float] = {}
    for ranking in (first, second):
        for rank, doc in enumerate(ranking):
            scores[doc] = scores.get(doc, 0.0) + 1 / (k + rank + 1)
    return sorted(scores, key=lambda doc: -scores[doc])


def configured_candidate(ask) -> Candidate:
    return Candidate(CONFIGURED, ask.retrieval, ask.semantic_weight, ask.confidence_slope, ask.expansion_weight)


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
        for candidate in [*CANDIDATES, configured_candidate(settings.ask)]:
            if candidate.retrieval == "rrf":
                runs[candidate.name] = {q: rrf(runs[WORDS][q], runs[MEANING][q], candidate.rrf_k) for q in queries}
                continue
            retriever.settings = settings.ask.model_copy(update={
                "retrieval": candidate.retrieval, "semantic_weight": candidate.semantic_weight,
                "confidence_slope": candidate.confidence_slope, "expansion_weight": candidate.expansion_weight})
            runs[candidate.name] = {q: [doc_of[f.tip_id] for f in bot.views.search(query, EVAL_SCOPE, 100)]
                                    for q, query in prepared.items()}
            print(f"  {name}: {candidate.name} ranked", file=sys.stderr)
    return runs, qrels


def fold_scores(runs: dict[str, list[str]], qrels: dict, fold: dict[str, int], folds: int) -> list[float]:
    per_fold: list[list[float]] = [[] for _ in range(folds)]
    for query_id, ranked in runs.items():
        if query_id in qrels:
            per_fold[fold[query_id]].append(ndcg(ranked, qrels[query_id], 10))
    return [statistics.fmean(scores) for scores in per_fold]


def better_part(scores: dict[str, list[float]]) -> list[float]:
    """Per fold, the better of words only and meaning only."""
    return [max(w, m) for w, m in zip(scores[WORDS], scores[MEANING])]


def row(label: str, scores: list[float], signed: bool = False) -> str:
    shown = [f"{s:+.4f}" if signed else f"{s:.4f}" for s in scores]
    return "\t".join([f"{label:50}", *shown, f"{statistics.fmean(scores):{'+' if signed else ''}.4f}",
                      f"{max(scores) - min(scores):.4f}"])


def set_report(name: str, scores: dict[str, list[float]], folds: int) -> None:
    print(f"\n{name}: nDCG@10 by fold", *(f"f{i}" for i in range(folds)), "mean", "spread", sep="\t")
    for label in (WORDS, MEANING, CONFIGURED):
        print(row(label, scores[label]))
    lead = [c - b for c, b in zip(scores[CONFIGURED], better_part(scores))]
    print(row("configured - better of words/meaning", lead, signed=True))
    mean, target = statistics.fmean(scores[CONFIGURED]), TARGETS.get(name)
    print(f"{name}: configured >= better part on every fold: {'yes' if min(lead) >= 0 else 'NO'}"
          f" (worst fold {min(lead):+.4f})" + (f"; mean {mean:.4f} against {target}: "
                                               f"{'met' if mean >= target else 'NOT met'}" if target else ""))
    print(f"\n{name}: every candidate")
    for candidate in CANDIDATES:
        print(row(candidate.name, scores[candidate.name]))


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
        set_report(name, table[name], args.folds)
    for rule in ("mean", "worst lead"):
        chosen_report(table, args.folds, rule)


def training_score(table: dict[str, dict[str, list[float]]], label: str, left_out: int, rule: str) -> float:
    """A candidate on the folds other than `left_out`, both sets: "mean", the mean of the sets' means;
    "worst lead", its worst lead over the better of words-only and meaning-only on any of those folds."""
    def kept(values: list[float]) -> list[float]:
        return [v for i, v in enumerate(values) if i != left_out]
    if rule == "mean":
        return statistics.fmean(statistics.fmean(kept(scores[label])) for scores in table.values())
    return min(min(c - b for c, b in zip(kept(scores[label]), kept(better_part(scores)))) for scores in table.values())


def chosen_report(table: dict[str, dict[str, list[float]]], folds: int, rule: str) -> None:
    """For each fold, the candidate best on the other folds (both sets), measured on the fold left out; on a
    tie within 0.001 the simpler (earlier) candidate."""
    labels = [candidate.name for candidate in CANDIDATES]
    print(f"\nchosen on the other folds by {rule}, measured on the fold left out")
    held: dict[str, list[float]] = {name: [] for name in table}
    for left_out in range(folds):
        score = {label: training_score(table, label, left_out, rule) for label in labels}
        pick = next(label for label in labels if score[label] >= max(score.values()) - 0.001)
        for name in table:
            held[name].append(table[name][pick][left_out])
        print(f"fold {left_out}: {pick} ->", *(f"{name} {table[name][pick][left_out]:.4f}" for name in table))
    for name, scores in held.items():
        lead = [h - b for h, b in zip(scores, better_part(table[name]))]
        print(f"{name}: held-out mean {statistics.fmean(scores):.4f}, spread {max(scores) - min(scores):.4f}; "
              f"lead over the better part per fold", " ".join(f"{x:+.4f}" for x in lead))


if __name__ == "__main__":
    main()
