"""How honest is lexical /ask? Answerable dev queries still answered, unrelated EMR questions told "nothing yet".

    python bench/relevance.py --corpus C.jsonl --queries Q.jsonl --qrels R.tsv [--shares 0.3,0.4,0.5,0.6,0.7]

Loads the corpus into a temporary store as `tipjar eval` does, then asks every judged dev query and every
question of bench/emr_questions.py through the lexical retriever (the top `ask.max_results`) and applies
`ask.min_word_share` at each setting. Prints, per setting: the share of dev queries that still get an answer,
the share whose answer holds a relevant tip, and the share of EMR questions told "nothing yet".
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from bench.emr_questions import emr_questions  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.evaluation import read_qrels, read_queries  # noqa: E402
from bot.retrieval import Retriever  # noqa: E402
from store.db import open_store  # noqa: E402
from store.repository import unit_of_work_factory  # noqa: E402
from tipjar.bootstrap import build_bot  # noqa: E402
from tipjar.cli_ask import EVAL_SCOPE, _load  # noqa: E402


def found_for(bot, questions: dict[str, str], limit: int) -> dict[str, list[tuple[int, str]]]:
    """Per question: its top tips (id, text), best first."""
    retriever, results = bot.context.retriever, {}
    for key, text in questions.items():
        with bot.context.units() as uow:
            found = retriever.search(uow, retriever.prepare(text), EVAL_SCOPE, limit)
            tips = uow.tips.get_many(f.tip_id for f in found)
        results[key] = [(f, tips[f.tip_id].text) for f in found]
    return results


def shown(retriever: Retriever, question: str, hits) -> list[int]:
    found = retriever.relevant(question, [f for f, _ in hits], {f.tip_id: text for f, text in hits})
    return [f.tip_id for f in found]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--shares", default="0,0.3,0.4,0.5,0.6,0.7,0.8")
    args = parser.parse_args(argv)
    settings = Settings()
    judged = read_qrels(args.qrels)
    dev = {q: t for q, t in read_queries(args.queries).items() if q in judged}
    emr = {f"emr{n}": q for n, q in enumerate(emr_questions())}
    with tempfile.TemporaryDirectory() as scratch:
        engine = open_store(f"sqlite:///{Path(scratch) / 'relevance.db'}")
        bot = build_bot(settings, units=unit_of_work_factory(engine), retriever=Retriever(settings.ask))
        doc_of = _load(bot, args.corpus)
        limit = settings.ask.max_results
        dev_hits, emr_hits = found_for(bot, dev, limit), found_for(bot, emr, limit)
        engine.dispose()
    print(f"{args.corpus}: {len(dev)} judged dev queries, {len(emr)} EMR questions, top {limit} shown")
    print("min_word_share  dev answered  dev answered with a relevant tip  EMR told nothing yet")
    for share in (float(s) for s in args.shares.split(",")):
        retriever = Retriever(settings.ask.model_copy(update={"min_word_share": share}))
        answered = relevant = 0
        for q, hits in dev_hits.items():
            kept = shown(retriever, dev[q], hits)
            answered += bool(kept)
            relevant += any(doc_of[i] in judged[q] for i in kept)
        refused = sum(not shown(retriever, emr[q], hits) for q, hits in emr_hits.items())
        print(f"{share:>14.2f}  {answered / len(dev):>12.3f}  {relevant / len(dev):>32.3f}  {refused / len(emr):>20.3f}")


if __name__ == "__main__":
    main()
