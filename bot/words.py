"""Words of a question or a tip: the one list of stop words and the one light stemming, for every reader.

The store's full-text search drops these words from a query (its index stems with its own stemmer); the
relevance judgement, the snippet's highlights and learning from verdicts compare words by their first
`PREFIX` letters; the digest groups near-duplicate questions by words with plural and -ing/-ed endings cut.
"""
from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+")
"""A run of letters or digits, in any script."""

STOPWORDS = frozenset(
    "a about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further get had has have "
    "having he her here hers herself him himself his how i if in into is it its itself just me more most my "
    "myself no nor not now of off on once only or other our ours ourselves out over own same she should so "
    "some such than that the their theirs them themselves then there these they this those through to too "
    "under until up use using very was we were what when where which while who whom why will with would you "
    "your yours yourself yourselves".split()
)
"""English function words: they say nothing about what a question is about."""

FILLER = frozenset(
    "anyone anybody someone somebody know need needs want wants get gets got getting make makes way ways "
    "able thing things did doing done please help tell show find see keep keeps still here one two new "
    "work works working".split()
)
"""Words every question uses that say nothing about its subject."""

PREFIX = 5
"""Words sharing their first five letters count as one ("printer", "printing"): crude, cheap, no dictionary."""
_SUFFIXES = ("ing", "ed", "es", "s")


def words(text: str) -> list[str]:
    """The text's words, lower-cased, in order."""
    return WORD.findall(text.lower())


def prefix(word: str) -> str:
    return word[:PREFIX]


def stem(word: str) -> str:
    """The word without a plural or an -ing / -ed ending, when at least three letters remain."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
