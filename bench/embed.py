"""Embedding speed of the packaged model: torch (sentence-transformers) beside the ONNX export, same texts.

    python bench/embed.py [--corpus ../shared/data/scifact/corpus.jsonl] [--count 512] [--batch 32]

Prints, per runtime: the time to load the model in a fresh process's terms (import and load), texts embedded
per second, and how far the ONNX vectors are from torch's (the lowest cosine between the two for one text).
Without sentence-transformers (the semantic extra), ONNX Runtime alone. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

import numpy as np  # noqa: E402

from bot.embedders import LocalEmbedder  # noqa: E402
from bot.evaluation import read_corpus  # noqa: E402

DEFAULT_CORPUS = PROJECT.parent / "shared" / "data" / "scifact" / "corpus.jsonl"


def measure(runtime: str, texts: list[str], batch: int) -> tuple[float, float, np.ndarray]:
    embedder = LocalEmbedder(batch_size=batch, runtime=runtime)
    started = time.perf_counter()
    embedder.load()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    vectors = embedder.embed(texts)
    return loaded, len(texts) / (time.perf_counter() - started), vectors


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--count", type=int, default=512)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}: pass --corpus PATH/corpus.jsonl")
    texts = [d.text for d in read_corpus(args.corpus)][: args.count]
    print(f"{len(texts)} texts from {args.corpus}, batches of {args.batch}")
    runtimes = ("torch", "onnx") if importlib.util.find_spec("sentence_transformers") else ("onnx",)
    results = {runtime: measure(runtime, texts, args.batch) for runtime in runtimes}
    for runtime, (loaded, rate, _) in results.items():
        print(f"  {runtime:<6} load {loaded:5.1f} s   {rate:6.1f} texts/s")
    if "torch" not in results:
        return
    agreement = (results["torch"][2] * results["onnx"][2]).sum(axis=1).min()
    print(f"  onnx / torch: {results['onnx'][1] / results['torch'][1]:.2f}x the speed; lowest cosine between "
          f"the two vectors of one text {agreement:.6f}")


if __name__ == "__main__":
    main()
