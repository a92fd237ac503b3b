"""The real local sentence model (the `semantic` extra): skipped, saying why, when it is not installed."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from bot.commands import Ask, CaptureMessage
from adapters.settings import Settings
from bot.embedders import LocalEmbedder, build_embedder, missing_semantic_parts
from bot.model import Viewer, Visibility
from tests.unit.conftest import make_source
from tipjar.bootstrap import build_bot

MISSING = missing_semantic_parts("all-MiniLM-L6-v2")
needs_model = pytest.mark.skipif(bool(MISSING), reason=f"semantic extra not installed ({', '.join(MISSING)}): "
                                                       "pip install torch==2.13.0 && pip install -e '.[semantic]'")
VIEWER = Viewer("slack", "T1", "U-ASKER")


def test_without_the_model_search_is_lexical_and_says_so_once(caplog):
    with caplog.at_level(logging.INFO, logger="bot.embedders"):
        assert build_embedder("local", "no-such-model") is None
        assert build_embedder("local", "no-such-model") is None
        assert build_embedder("off", "all-MiniLM-L6-v2") is None
    assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
    assert "searches by words only" in caplog.records[0].getMessage()


@needs_model
def test_the_packaged_model_loads_offline_and_knows_a_paraphrase():
    vectors = LocalEmbedder().embed(["the barcode scanner is frozen", "my scanner is stuck", "pharmacy order hours"])
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@needs_model
def test_ask_with_the_default_settings_finds_a_paraphrase_and_admits_ignorance(store, clock):
    bot = build_bot(Settings(), units=store, clock=clock)
    assert bot.context.retriever.mode == "fused"
    for n, text in enumerate(["Barcode reader hangs? Undock it and hold the trigger for ten seconds",
                              "Pharmacy closes its order line at 22:00 on weekends"]):
        bot.handle(CaptureMessage(make_source(f"1.{n}"), text, "U-JO", Visibility.PUBLIC))
    answer = bot.handle(Ask(VIEWER, "my scanner is stuck"))
    assert answer.sources[0].tip.text.startswith("Barcode reader hangs")
    assert not bot.handle(Ask(VIEWER, "how long do I boil an egg")).answered
