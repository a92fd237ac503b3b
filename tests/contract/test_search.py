"""Full-text search through the UnitOfWork's Searcher: matching, freshness and access control."""
from __future__ import annotations

import pytest

from bot.model import TipStatus, Visibility
from bot.ports import Scope
from tests.contract.samples import MONDAY, change, sample_tip, store_tips

EVERYONE = Scope("slack", "T1")  # anyone in the workspace of the sample tips
NURSES = Scope("slack", "T1", frozenset({"C-NURSES"}))


def search(units, query: str, scope: Scope = EVERYONE, limit: int = 10) -> list[int]:
    with units() as u:
        return [hit.tip_id for hit in u.search.search(query, scope, limit)]


def test_a_question_finds_tips_sharing_some_of_its_words_with_stemming(units):
    scanner, printer = store_tips(units, sample_tip("1.1", "Scanner frozen again: hold the trigger"),
                                  sample_tip("1.2", "The label printer needs new ribbons"))
    assert search(units, "how do I fix the frozen scanner?") == [scanner.id]
    assert search(units, "scanners freezing") == [scanner.id]
    assert search(units, "PRINTER ribbon") == [printer.id]


def test_better_matches_come_first_with_higher_scores(units):
    one_word, two_words = store_tips(units, sample_tip("1.1", "the scanner is in the drawer by the door"),
                                     sample_tip("1.2", "frozen scanner: hold the trigger"))
    with units() as u:
        hits = u.search.search("frozen scanner", EVERYONE, 10)
    assert [h.tip_id for h in hits] == [two_words.id, one_word.id]
    assert hits[0].score > hits[1].score


def test_an_edited_tip_is_found_by_its_new_words_only(units):
    (tip,) = store_tips(units, sample_tip("1.1", "restart the label printer"))
    change(units, tip.id, text="reseat the wristband scanner cable", previous_text="restart the label printer")
    assert search(units, "printer") == []
    assert search(units, "wristband cable") == [tip.id]


def test_a_deleted_tip_leaves_the_search(units):
    (tip,) = store_tips(units, sample_tip("1.1", "restart the label printer"))
    change(units, tip.id, text="", deleted_at=MONDAY)
    assert search(units, "label printer") == []


def test_archived_tips_are_not_searched_until_restored(units):
    (tip,) = store_tips(units, sample_tip("1.1", "restart the label printer"))
    change(units, tip.id, status=TipStatus.ARCHIVED)
    assert search(units, "printer") == []
    change(units, tip.id, status=TipStatus.APPROVED)
    assert search(units, "printer") == [tip.id]


def test_private_tips_are_found_only_by_members_of_their_channel(units):
    (private,) = store_tips(units, sample_tip("1.1", "insulin drip override code", channel_id="C-NURSES",
                                            visibility=Visibility.PRIVATE))
    assert search(units, "insulin override") == []
    assert search(units, "insulin override", NURSES) == [private.id]
    assert search(units, "insulin override", Scope("slack", "T2", frozenset({"C-NURSES"}))) == []
    assert search(units, "insulin override", Scope("teams", "T1", frozenset({"C-NURSES"}))) == []


def test_access_is_applied_before_the_limit(units):
    """Many better-ranked private tips must not crowd a non-member's page out of public results."""
    private = [sample_tip(f"1.{n}", "scanner frozen", channel_id="C-NURSES", visibility=Visibility.PRIVATE)
               for n in range(60)]
    public = [sample_tip(f"2.{n}", f"when the scanner is frozen try step {n} of the long checklist")
              for n in range(4)]
    stored = store_tips(units, *private, *public)
    private_ids, public_ids = {t.id for t in stored[:60]}, {t.id for t in stored[60:]}
    for limit in (1, 3, 10):
        page = search(units, "scanner frozen", limit=limit)
        assert len(page) == min(limit, 4) and set(page) <= public_ids
    assert set(search(units, "scanner frozen", NURSES, limit=10)) <= private_ids


@pytest.mark.parametrize("query", [
    '"', "'", "*", "scanner*", "-scanner", "scanner -printer", "text:scanner", "(((", "scanner)",
    "NEAR(scanner frozen)", "scanner AND", "OR scanner", "NOT", "a AND b OR NOT c", "^scanner", "+scanner",
    "scanner's \"frozen", "C++ & C#", "what's 50% of 10?", "\\", "émigré café 🙂", "x" * 5000,
])
def test_any_text_is_a_valid_query(units, query):
    (tip,) = store_tips(units, sample_tip("1.1", "scanner frozen"))
    hits = search(units, query)
    assert hits in ([], [tip.id])


@pytest.mark.parametrize("query", ["", "   ", "?!", "how do I?", "the and of", "a"])
def test_a_query_without_words_finds_nothing(units, query):
    store_tips(units, sample_tip("1.1", "how do I do the thing and the other"))
    assert search(units, query) == []


def test_search_sees_the_unit_of_works_own_uncommitted_writes(units):
    with units() as u:
        tip = u.tips.add(sample_tip("1.1", "scanner frozen"))
        assert [h.tip_id for h in u.search.search("scanner", EVERYONE, 5)] == [tip.id]
    assert search(units, "scanner") == []
