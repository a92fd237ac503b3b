"""The retriever through Bot.handle on the in-memory store: ranking, access control, curation, honesty."""
from __future__ import annotations

import pytest

from bot.commands import Ask, CaptureMessage, DeleteSource, EditSource, RecordMembership, Review
from bot.config import AskSettings
from adapters.settings import Settings
from bot.fusion import fuse
from bot.model import TipStatus, Viewer, Visibility
from bot.operator import Operator
from bot.retrieval import Retriever, covers
from tests.unit.conftest import make_source
from tests.unit.fakes import ConceptEmbedder
from tipjar.bootstrap import build_bot

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

VIEWER = Viewer("slack", "T1", "U-ASKER")
@pytest.fixture
def embedder():
    return ConceptEmbedder()


@pytest.fixture
def bot(store, clock, embedder):
    return build_bot(Settings(), units=store, clock=clock, retriever=Retriever(AskSettings(), embedder))


def capture(bot, text, message_id, channel="C-GENERAL", visibility=Visibility.PUBLIC):
    return bot.handle(CaptureMessage(make_source(message_id, channel=channel), text, "U-JO", visibility)).tip


def shown(bot, question, viewer=VIEWER, limit=None):
    return [s.tip.text for s in bot.handle(Ask(viewer, question, limit)).sources]


def test_a_paraphrase_with_no_shared_word_is_found_and_ranks_the_best_match_first(bot):
    capture(bot, "Barcode reader hangs: hold the trigger ten seconds", "1.1")
    capture(bot, "Label printer out of ribbon: spare rolls in the cupboard", "1.2")
    capture(bot, "Scanner battery lasts a shift", "1.3")
    assert shown(bot, "my scanner is stuck")[0].startswith("Barcode reader hangs")


def test_embeddings_follow_capture_edit_and_delete(bot, store, embedder):
    tip = capture(bot, "Barcode reader hangs: hold the trigger", "2.1")
    bot.context.retriever.indexer.flush()  # embedding runs after the capture, on the background indexer
    assert [v[0] for v in store.committed.embeddings.values()] == [tip.id]
    bot.handle(EditSource(make_source("2.1").ref, "Insulin drip: double-check the rate"))
    assert shown(bot, "insulin drip rate") == ["Insulin drip: double-check the rate"]
    assert shown(bot, "scanner stuck") == []
    bot.handle(DeleteSource(make_source("2.1").ref))
    assert store.committed.embeddings == {} and shown(bot, "insulin drip rate") == []


def test_a_private_tip_that_would_rank_first_is_never_shown_to_a_non_member_nor_shortens_the_page(bot):
    capture(bot, "Frozen scanner: the pharmacy override fixes it", "3.1", "G-PHARM", Visibility.PRIVATE)
    for n in range(3):
        capture(bot, f"Scanner frozen? Option {n}: undock it", f"3.{n + 2}")
    page = shown(bot, "frozen scanner", limit=3)
    assert len(page) == 3 and not any("pharmacy" in text for text in page)
    bot.handle(RecordMembership("slack", "T1", "G-PHARM", ("U-ASKER",)))
    assert "pharmacy" in shown(bot, "frozen scanner", limit=3)[0]


def test_archived_never_approved_up_outdated_down_and_each_says_its_state(bot):
    old = capture(bot, "Frozen scanner: call the help desk", "4.1")
    approved = capture(bot, "Frozen scanner: hold the trigger", "4.2")
    gone = capture(bot, "Frozen scanner: reboot the ward PC", "4.3")
    bot.handle(Review(old.id, "U-TRAINER", TipStatus.NEEDS_UPDATE, at=OPERATOR))
    bot.handle(Review(approved.id, "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    bot.handle(Review(gone.id, "U-TRAINER", TipStatus.ARCHIVED, at=OPERATOR))
    sources = bot.handle(Ask(VIEWER, "frozen scanner")).sources
    assert [(s.tip.id, s.tip.status) for s in sources] == [
        (approved.id, TipStatus.APPROVED), (old.id, TipStatus.NEEDS_UPDATE)]


def test_nothing_close_enough_is_an_honest_no_with_the_gap_recorded(bot, store):
    capture(bot, "Frozen scanner: hold the trigger", "5.1")
    answer = bot.handle(Ask(VIEWER, "where do I order insulin"))
    assert not answer.answered and "I don't know" in answer.text
    (question,) = store.committed.questions
    assert not question.answered and question.tip_ids == []


def test_a_tip_with_every_word_of_the_question_counts_even_when_the_embedding_disagrees(bot):
    capture(bot, "Order set XR-22 replaces the old sliding scale", "6.1")
    assert shown(bot, "XR-22 order set") == ["Order set XR-22 replaces the old sliding scale"]


def test_without_an_embedder_retrieval_is_lexical(store, clock):
    bot = build_bot(Settings(), units=store, clock=clock, retriever=Retriever(AskSettings()))
    assert bot.context.retriever.mode == "lexical"
    capture(bot, "Frozen scanner: hold the trigger", "7.1")
    assert shown(bot, "frozen scanner") == ["Frozen scanner: hold the trigger"]
    assert store.committed.embeddings == {}


def test_fusion_weighs_standardised_scores_and_fills_a_missing_side_with_its_lowest():
    lexical = {1: 10.0, 2: 5.0, 3: 0.0}
    semantic = {2: 0.9, 3: 0.5, 4: 0.1}
    assert max(fuse(lexical, semantic, 0.0).items(), key=lambda kv: kv[1])[0] == 1
    assert max(fuse(lexical, semantic, 1.0).items(), key=lambda kv: kv[1])[0] == 2
    fused = fuse(lexical, semantic, 0.5)
    assert set(fused) == {1, 2, 3, 4} and fused[4] < fused[3] < fused[2]


@pytest.mark.parametrize("question, text, expected", [
    ("printer ribbons", "The label printer needs a new ribbon", True),
    ("printer ribbons", "The label printer is fine", False),
    ("printer", "The label printer", False),  # one word is too little to vouch for a tip
])
def test_covers(question, text, expected):
    assert covers(question, text) is expected
