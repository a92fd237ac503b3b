"""`tipjar eval` keeps embeddings on disk: a corpus is embedded once, then read back by every later run."""
from __future__ import annotations

import numpy as np

from bot.vector_cache import CachedEmbedder


class CountingEmbedder:
    model = "test-model"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)


def test_a_second_run_reads_the_vectors_back_and_embeds_only_new_texts(tmp_path):
    first = CountingEmbedder()
    before = CachedEmbedder(first, tmp_path).embed(["alpha", "beta", "alpha"])
    assert first.embedded == ["alpha", "beta"]

    second = CountingEmbedder()
    cached = CachedEmbedder(second, tmp_path)
    after = cached.embed(["beta", "alpha", "gamma"])
    assert second.embedded == ["gamma"]
    assert np.array_equal(after[:2], before[[1, 0]])
    assert cached.model == "test-model" and len(cached) == 3


def test_a_shard_cut_short_is_embedded_again(tmp_path):
    CachedEmbedder(CountingEmbedder(), tmp_path).embed(["alpha"])
    shard = next((tmp_path / "test-model").glob("*.npz"))
    shard.write_bytes(shard.read_bytes()[:20])
    again = CountingEmbedder()
    CachedEmbedder(again, tmp_path).embed(["alpha"])
    assert again.embedded == ["alpha"]
