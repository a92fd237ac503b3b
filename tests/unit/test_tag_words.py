"""Tags typed into forms, files and commands: whatever arrives, the stored tags are clean and nothing raises."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.text import clean_tags, normal_tag, typed_tags


def test_tags_are_stored_lower_case_without_their_hash_once_each():
    assert clean_tags(["#Scanner", " scanner ", "", "#", "Nights"]) == ["scanner", "nights"]
    assert typed_tags("#scanner, nights,,downtime ") == ["#scanner", "nights", "downtime"]
    assert typed_tags(None) == []


@given(st.one_of(st.none(), st.text()))
def test_a_typed_field_splits_into_words_without_separators(field):
    words = typed_tags(field)
    assert all(word and "," not in word and not any(c.isspace() for c in word) for word in words)


@given(st.lists(st.text()))
def test_whatever_tags_arrive_the_stored_ones_are_normal_nonempty_and_distinct(tags):
    cleaned = clean_tags(tags)
    assert len(cleaned) == len(set(cleaned))
    assert all(tag and tag == tag.strip() and tag == tag.lower() for tag in cleaned)
    assert set(cleaned) <= {normal_tag(tag) for tag in tags}
