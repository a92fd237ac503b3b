"""Stored embeddings and the retriever on a real store: vectors follow the text, access comes before the cut."""
from __future__ import annotations

import numpy as np

from bot.config import AskSettings
from bot.model import TipStatus, Visibility
from bot.ports import Scope
from bot.retrieval import Query, Retriever
from tests.contract.samples import MONDAY, change, sample_tip, store_tips
from tests.unit.fakes import ConceptEmbedder

EVERYONE = Scope("slack", "T1")  # anyone in the workspace of the sample tips
PHARMACY = Scope("slack", "T1", frozenset({"C-PHARM"}))
MODEL = "test-model"


def vector(*values: float) -> bytes:
    return np.asarray(values, dtype=np.float32).tobytes()


def put(units, tip, vec: bytes = vector(1, 0)) -> bool:
    with units() as u:
        kept = u.embeddings.put(tip.id, MODEL, vec, tip.text)
        u.commit()
    return kept


def stored(units) -> list[int]:
    with units() as u:
        return [row.tip_id for row in u.embeddings.rows(MODEL, 0)]


def test_a_vector_is_kept_per_tip_and_model_and_a_new_one_is_a_newer_row(units):
    tip, other = store_tips(units, sample_tip("1.1", "scanner frozen"), sample_tip("1.2", "printer jammed"))
    assert put(units, tip) and put(units, other)
    with units() as u:
        first = u.embeddings.rows(MODEL, 0)
    assert put(units, tip, vector(0, 1))
    with units() as u:
        (newest,) = u.embeddings.rows(MODEL, max(r.row_id for r in first))
        assert u.embeddings.rows("another-model", 0) == []
        assert [r.tip_id for r in u.embeddings.rows(MODEL, 10**9, also_rows=[first[1].row_id])] == [other.id]
    assert newest.tip_id == tip.id and np.frombuffer(newest.vector, np.float32).tolist() == [0, 1]
    assert sorted(stored(units)) == sorted([tip.id, other.id])


def test_the_store_drops_a_vector_when_its_text_changes_or_goes_but_not_on_review(units):
    edited, deleted, reviewed = store_tips(units, *(sample_tip(f"1.{n}", f"tip {n}") for n in range(3)))
    for tip in (edited, deleted, reviewed):
        put(units, tip)
    change(units, edited.id, text="new words", previous_text=edited.text)
    change(units, deleted.id, text="", deleted_at=MONDAY)
    change(units, reviewed.id, status=TipStatus.APPROVED)
    assert stored(units) == [reviewed.id]


def test_a_vector_of_words_the_tip_no_longer_has_is_refused(units):
    (tip,) = store_tips(units, sample_tip("1.1", "old words"))
    change(units, tip.id, text="new words")
    assert put(units, tip) is False and stored(units) == []
    with units() as u:
        assert u.embeddings.count_unembedded(MODEL) == 1
        assert u.embeddings.unembedded(MODEL, 0, 10) == [(tip.id, "new words")]


def test_visible_applies_the_scope_and_hides_archived_and_deleted(units):
    public, private, archived, deleted = store_tips(
        units, sample_tip("1.1"), sample_tip("1.2", channel_id="C-PHARM", visibility=Visibility.PRIVATE),
        sample_tip("1.3", status=TipStatus.ARCHIVED), sample_tip("1.4", status=TipStatus.APPROVED))
    change(units, deleted.id, text="", deleted_at=MONDAY)
    ids = [public.id, private.id, archived.id, deleted.id, 999]
    with units() as u:
        assert u.search.visible(ids, EVERYONE) == {public.id: TipStatus.NEW}
        assert u.search.visible(ids, PHARMACY) == {public.id: TipStatus.NEW, private.id: TipStatus.NEW}
        assert u.search.visible([], PHARMACY) == {}


def retrieve(units, retriever: Retriever, question: str, scope: Scope, limit: int) -> list[int]:
    query = retriever.prepare(question)
    with units() as u:
        return [f.tip_id for f in retriever.search(u, query, scope, limit)]


def test_many_closer_private_tips_never_crowd_a_non_member_out_of_public_results(units):
    """Access control before the cut: the semantic side widens its search until enough visible tips pass."""
    retriever = Retriever(AskSettings(retrieval="semantic"), ConceptEmbedder())
    private = [sample_tip(f"1.{n}", "scanner stuck", channel_id="C-PHARM", visibility=Visibility.PRIVATE)
               for n in range(250)]
    public = [sample_tip(f"2.{n}", f"barcode reader {n} needs a reboot after the frozen screen") for n in range(3)]
    tips = store_tips(units, *private, *public)
    with units() as u:
        assert retriever.indexer.index_texts(u, [(t.id, t.text) for t in tips]) == len(tips)
        u.commit()
    public_ids = {t.id for t in tips[250:]}
    assert set(retrieve(units, retriever, "frozen scanner", EVERYONE, 3)) == public_ids
    assert retrieve(units, retriever, "frozen scanner", PHARMACY, 3)[0] in {t.id for t in tips[:250]}


def test_the_fused_retriever_finds_a_paraphrase_and_keeps_word_matches(units):
    retriever = Retriever(AskSettings(), ConceptEmbedder())
    tips = store_tips(units, sample_tip("1.1", "Barcode reader hangs: hold the trigger"),
                      sample_tip("1.2", "Order set XR-22 replaces the sliding scale"))
    retriever.indexer.index_committed(units, [(t.id, t.text) for t in tips])
    assert retrieve(units, retriever, "scanner stuck", EVERYONE, 1) == [tips[0].id]
    assert retrieve(units, retriever, "XR-22 order set", EVERYONE, 1) == [tips[1].id]
    assert Query("x").vector is None
