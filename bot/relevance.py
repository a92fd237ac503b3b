"""Is a found tip close enough to the question to show? Without a cosine, judged by the question's words.

Full-text search ORs the question's words, so any one shared word makes a hit: "scanner frozen" finds a
wristband tip that only mentions scanning. A lexical hit is shown only when it holds at least
`ask.min_word_share` of the question's content words (stopwords and question filler dropped, words compared
by their first letters, a crude stemming); a longer word counts for more, because short words are the
common ones. A question whose content words all fall away (say "how do I?") is judged on all its words.
"""
from __future__ import annotations

from bot.words import FILLER, STOPWORDS, prefix, words


def stems(text: str) -> set[str]:
    """The first letters of each word of three letters or more, stopwords dropped."""
    return {prefix(w) for w in words(text) if len(w) >= 3 and w not in STOPWORDS}


def content_words(question: str) -> dict[str, int]:
    """The question's content words by stem, each weighted by its length (the longest word of that stem)."""
    asked = [w for w in words(question) if len(w) >= 3 and w not in STOPWORDS]
    kept = [w for w in asked if w not in FILLER] or asked
    weights: dict[str, int] = {}
    for word in kept:
        weights[prefix(word)] = max(weights.get(prefix(word), 0), len(word))
    return weights


def word_share(question: str, text: str) -> float:
    """The length-weighted share of the question's content words that the text holds (0 to 1)."""
    wanted = content_words(question)
    if not wanted:
        return 0.0
    held = stems(text)
    return sum(weight for stem, weight in wanted.items() if stem in held) / sum(wanted.values())


def covers(question: str, text: str) -> bool:
    """Every content word of a question of two or more: jargon and codes an embedding model never learnt."""
    wanted = stems(question)
    if len(wanted) < 2:
        return False
    return wanted <= stems(text)
