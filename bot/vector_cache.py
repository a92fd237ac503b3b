"""Embeddings kept on disk between runs of `tipjar eval`, so a benchmark's corpus is embedded once, not per run.

Vectors are keyed by the model's name and a SHA-256 of the exact text embedded, in a directory per model under
`$TIPJAR_EVAL_CACHE` (default `~/.cache/tipjar-eval`), outside any repository. Each run that embeds new
texts adds one file (append-only, so two runs at once never corrupt each other); a changed document is a new
text and is embedded again. Only `tipjar eval` uses it: tips in a real store keep their vectors in the store.
"""
from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from pathlib import Path

import numpy as np


def cache_directory() -> Path:
    return Path(os.environ.get("TIPJAR_EVAL_CACHE") or Path.home() / ".cache" / "tipjar-eval")


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedEmbedder:
    """An embedder that answers from the disk cache and embeds (then stores) only the texts it has not seen."""

    def __init__(self, inner, directory: Path | None = None) -> None:
        self.inner = inner
        self.model = inner.model
        self._directory = (directory or cache_directory()) / self.model.replace("/", "_").replace(":", "_")
        self._vectors: dict[str, np.ndarray] = {}
        self._read()

    def load(self) -> None:
        load = getattr(self.inner, "load", None)
        if load is not None:
            load()

    def __len__(self) -> int:
        return len(self._vectors)

    def _read(self) -> None:
        if not self._directory.is_dir():
            return
        for shard in sorted(self._directory.glob("*.npz")):
            try:
                with np.load(shard) as stored:
                    self._vectors.update(zip(stored["keys"].tolist(), stored["vectors"]))
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):  # a shard cut short by a killed run: embed those again
                continue

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(text) for text in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._vectors))
        if missing:
            text_of = dict(zip(keys, texts))
            fresh = self.inner.embed([text_of[k] for k in missing])
            self._vectors.update(zip(missing, fresh))
            self._write(missing, fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def _write(self, keys: list[str], vectors: np.ndarray) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        partial = self._directory / f"{name}.partial"
        with partial.open("wb") as out:  # written whole, then renamed: a reader never sees half a shard
            np.savez(out, keys=np.array(keys), vectors=np.asarray(vectors, dtype=np.float32))
        partial.replace(self._directory / f"{name}.npz")
