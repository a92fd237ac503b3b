"""`tipjar eval` on a tiny BEIR benchmark whose figures are worked out by hand."""
from __future__ import annotations

import json
import math

import pytest

from tests.e2e.fake_openai import FakeOpenAI

CORPUS = [
    {"_id": "d1", "title": "Scanner", "text": "frozen scanner: hold the trigger"},
    {"_id": "d2", "title": "", "text": "printer jammed: open the side door"},
    {"_id": "d3", "title": "Scanner", "text": "battery: charge the scanner overnight"},
    {"_id": "d4", "title": "", "text": "insulin pump alarm codes"},
    {"_id": "d5", "title": "", "text": "discharge summary template"},
]
QUERIES = [
    {"_id": "q1", "text": "frozen scanner"},     # d1 (both words) then d3: d1 relevant at rank 1
    {"_id": "q2", "text": "printer paper"},      # d2 only: the relevant d4 is never found
    {"_id": "q3", "text": "scanner battery"},    # d3 then d1: the relevant d1 at rank 2
    {"_id": "q4", "text": "no judgement here"},  # not in the qrels: not scored
]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td4\t1\nq3\td1\t1\nq3\td9\t0\n"


@pytest.fixture
def benchmark(tmp_path):
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in CORPUS))
    (tmp_path / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in QUERIES))
    (tmp_path / "qrels.tsv").write_text(QRELS)
    return ["--corpus", str(tmp_path / "corpus.jsonl"), "--queries", str(tmp_path / "queries.jsonl"),
            "--qrels", str(tmp_path / "qrels.tsv")]


def figures(stdout: str) -> dict[str, float]:
    return {name: float(value) for name, value in (line.split() for line in stdout.splitlines())}


def test_lexical_figures_and_trec_run(tipjar, benchmark, tmp_path):
    run = tmp_path / "run.txt"
    done = tipjar("eval", *benchmark, "--mode", "lexical", "--run", str(run))
    got = figures(done.stdout)
    assert "Loading the corpus" in done.stderr and "Ranking the queries" in done.stderr  # every long step shows
    assert list(got) == ["ndcg@10", "mrr@10", "recall@10", "recall@100", "wall_seconds"]
    expected = {"ndcg@10": (1 + 0 + 1 / math.log2(3)) / 3, "mrr@10": (1 + 0 + 0.5) / 3,
                "recall@10": 2 / 3, "recall@100": 2 / 3}
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=5e-5), name
    lines = [line.split() for line in run.read_text().splitlines()]
    assert [(q, d, r) for q, _, d, r, _, _ in lines if q in ("q1", "q3")] == [
        ("q1", "d1", "1"), ("q1", "d3", "2"), ("q3", "d3", "1"), ("q3", "d1", "2")]
    assert all(len(line) == 6 and line[1] == "Q0" and line[5] == "tipjar" for line in lines)
    assert float(lines[0][4]) >= float(lines[1][4])


def test_semantic_side_finds_a_paraphrase_with_no_shared_word(tipjar, benchmark, tmp_path):
    (tmp_path / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "stuck"}) + "\n")
    with FakeOpenAI() as fake:
        (tipjar.workdir / "app.yaml").write_text("semantic:\n  provider: openai\n  model: fake-embed\n")
        tipjar.env.update(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=fake.url)
        assert figures(tipjar("eval", *benchmark, "--mode", "lexical").stdout)["ndcg@10"] == 0
        assert figures(tipjar("eval", *benchmark, "--mode", "fused").stdout)["ndcg@10"] == 1


def test_a_broken_qrels_file_is_one_clear_line(tipjar, benchmark, tmp_path):
    (tmp_path / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1 d1 1\n")
    done = tipjar("eval", *benchmark, check=False)
    assert done.returncode == 2 and "line 2" in done.stderr and "Traceback" not in done.stderr
