"""Retrieval quality on a BEIR-layout benchmark: reading the files, scoring rankings, writing TREC runs.

corpus.jsonl lines `{"_id", "title", "text"}`, queries.jsonl lines `{"_id", "text"}`, qrels TSV
`query-id<TAB>corpus-id<TAB>score` with a header line. Queries with no relevant document are not scored.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator


class BenchmarkError(Exception):
    """A benchmark file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Document:
    id: str
    text: str


def _json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BenchmarkError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict) or "_id" not in record:
                raise BenchmarkError(f"{path}: line {number}: expected an object with an \"_id\"")
            yield number, record


def read_corpus(path: Path) -> list[Document]:
    """Each document becomes one tip: its title, a blank line, then its text."""
    return [Document(str(r["_id"]), "\n\n".join(p for p in (r.get("title") or "", r.get("text") or "") if p))
            for _, r in _json_lines(path)]


def read_queries(path: Path) -> dict[str, str]:
    return {str(r["_id"]): str(r.get("text") or "") for _, r in _json_lines(path)}


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.rstrip("\n").split("\t")
            if number == 1 and not fields[-1].lstrip("-").isdigit():
                continue  # the header
            if len(fields) != 3 or not fields[2].lstrip("-").isdigit():
                raise BenchmarkError(f"{path}: line {number}: expected query-id<TAB>corpus-id<TAB>score")
            if int(fields[2]) > 0:
                qrels.setdefault(fields[0], {})[fields[1]] = int(fields[2])
    return qrels


def ndcg(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    gains = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]))
    ideal = sum(g / math.log2(rank + 2) for rank, g in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return gains / ideal if ideal else 0.0


def reciprocal_rank(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    return next((1 / (rank + 1) for rank, doc in enumerate(ranked[:k]) if doc in relevant), 0.0)


def recall(ranked: list[str], relevant: dict[str, int], k: int) -> float:
    return len(set(ranked[:k]) & relevant.keys()) / len(relevant) if relevant else 0.0


def scores(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]], k: int) -> dict[str, float]:
    """Mean nDCG@k, MRR@k, Recall@k and Recall@100 over the queries that have relevant documents."""
    judged = [q for q in runs if q in qrels]
    if not judged:
        raise BenchmarkError("no query of the queries file has a relevant document in the qrels file")

    def mean(metric, depth: int) -> float:
        return sum(metric(runs[q], qrels[q], depth) for q in judged) / len(judged)

    return {f"ndcg@{k}": mean(ndcg, k), f"mrr@{k}": mean(reciprocal_rank, k),
            f"recall@{k}": mean(recall, k), "recall@100": mean(recall, 100)}


def write_trec_run(out: IO[str], query_id: str, ranked: list[tuple[str, float]], tag: str = "tipjar") -> None:
    """`query-id Q0 corpus-id rank score tag`, one line per document, rank from 1."""
    for rank, (doc, score) in enumerate(ranked, 1):
        out.write(f"{query_id} Q0 {doc} {rank} {score:.6f} {tag}\n")
