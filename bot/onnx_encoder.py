"""The packaged sentence model run by ONNX Runtime: the same weights and vectors as sentence-transformers,
loaded in a fraction of a second instead of seconds (no torch import), and about twice as fast on a CPU.

The ONNX graph is built once, offline, from the weights inside the installed model package (`bot.bert_onnx`:
no torch), and kept in Tipjar's cache directory under a name that holds the package's version and the
builder's, so an upgrade of either builds afresh. Nothing is downloaded. Texts are
embedded in batches of similar length, so little of each batch is padding.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import tempfile
from pathlib import Path

import numpy as np

MAX_TOKENS = 256
"""The model was trained on 256 word pieces (sentence_bert_config.json): longer text is cut, as sentence-transformers does."""
GRAPH_VERSION = 2
"""Raised when `bot.bert_onnx` builds a different graph, so a cached file from before is not reused."""


ONNX_PARTS = ("onnxruntime", "tokenizers", "safetensors")
"""What building and running the graph needs (all in the default install)."""


def onnx_available() -> bool:
    """ONNX Runtime, the tokenizer library and the graph builder's parts are installed (nothing imported)."""
    return all(importlib.util.find_spec(name) is not None for name in ONNX_PARTS)


def cache_dir() -> Path:
    """$TIPJAR_CACHE_DIR, else $XDG_CACHE_HOME/tipjar, else ~/.cache/tipjar."""
    explicit = os.environ.get("TIPJAR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tipjar"


def onnx_path(package: str, model: str) -> Path:
    distribution = package.replace("_", "-")
    version = importlib.metadata.version(distribution)
    return cache_dir() / f"{model}-{distribution}-{version}-graph{GRAPH_VERSION}.onnx"


def export_onnx(model_dir: Path, target: Path) -> None:
    """Write the packaged transformer as ONNX (token embeddings out; pooling stays in numpy), built from its
    weights by `bot.bert_onnx`: needs the safetensors package, not torch nor onnx."""
    from bot.bert_onnx import bert_graph

    model = bert_graph(Path(model_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        partial = Path(scratch) / target.name
        partial.write_bytes(model)
        os.replace(partial, target)  # atomic: another process never reads half a file


class OnnxEncoder:
    """Mean-pooled, unit-length sentence vectors from the exported model."""

    def __init__(self, model_dir: Path, onnx_file: Path, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 0
        options.log_severity_level = 3
        # Idle threads sleep instead of spinning: the cores are shared (a server's acknowledgements, other jobs).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        vectors = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            pooled = self._pooled([encoded[i].ids for i in rows])
            if vectors.shape[1] == 0:
                vectors = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            vectors[rows] = pooled
        return vectors

    def _pooled(self, token_ids: list[list[int]]) -> np.ndarray:
        width = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(token_ids):
            ids[row, :len(tokens)], mask[row, :len(tokens)] = tokens, 1
        tokens = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        summed = (tokens * mask[..., None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.where(norms == 0, 1, norms)).astype(np.float32)
