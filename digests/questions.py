"""Questions nobody could answer, with near-duplicates grouped.

A question is open when /ask found no good match (`answered=False`) or when someone's latest verdict on
the answer was "Not helpful". Two questions are near-duplicates when the Jaccard similarity of their word
sets (lower-case words and numbers, stop words dropped, plural and -ing/-ed endings cut) is at least
SIMILARITY. Grouping is greedy in the order asked: a question joins the group whose first question is most
similar, if any reaches SIMILARITY, else starts a group. Candidate groups come from prefix filtering
(rarest words first), so thousands of questions group in milliseconds, not in quadratic time.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.model import Feedback, Question
from bot.words import STOPWORDS, stem, words
from digests.model import QuestionGroup, utc

SIMILARITY = 0.5
"""Jaccard threshold: "how do I reprint a wristband" and "reprint wristband label" (2 of 3 words) group."""


def word_set(text: str) -> frozenset[str]:
    """The words that make a question what it is; text of stop words only keeps its whole normalised self."""
    found = frozenset(stem(w) for w in words(text) if w not in STOPWORDS)
    return found or frozenset({" ".join(text.lower().split())})


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def latest_verdicts(feedback: Iterable[Feedback]) -> dict[tuple[int, str], bool]:
    """(question id, person) -> helpful?, keeping each person's latest verdict on each answer."""
    verdicts: dict[tuple[int, str], tuple] = {}
    for item in feedback:
        key = (item.question_id, item.user_id)
        if key not in verdicts or utc(item.given_at) >= verdicts[key][0]:
            verdicts[key] = (utc(item.given_at), item.helpful)
    return {key: helpful for key, (_, helpful) in verdicts.items()}


def open_questions(questions: Iterable[Question], verdicts: dict[tuple[int, str], bool]) -> list[Question]:
    """The questions nobody could answer: no good match, or someone found the answer not helpful."""
    unhelpful = {question_id for (question_id, _), helpful in verdicts.items() if not helpful}
    return [q for q in questions if not q.answered or (q.id is not None and q.id in unhelpful)]


def _prefix(words: frozenset[str], order: dict[str, tuple]) -> list[str]:
    """The rarest words that any set SIMILARITY-similar to `words` must share at least one of."""
    ranked = sorted(words, key=order.__getitem__)
    return ranked[: len(ranked) - math.ceil(SIMILARITY * len(ranked) - 1e-9) + 1]


def _cluster(sets: Sequence[frozenset[str]]) -> list[list[int]]:
    """Indexes of `sets` in greedy near-duplicate groups, in order of each group's first member."""
    frequency = Counter(word for words in sets for word in words)
    order = {word: (count, word) for word, count in frequency.items()}
    groups: list[list[int]] = []
    index: dict[str, list[int]] = {}
    for position, words in enumerate(sets):
        candidates = {g for word in _prefix(words, order) for g in index.get(word, ())}
        scored = [(jaccard(words, sets[groups[g][0]]), -g) for g in candidates]
        best = max(scored, default=(0.0, 0))
        if best[0] >= SIMILARITY:
            groups[-best[1]].append(position)
            continue
        groups.append([position])
        for word in _prefix(words, order):
            index.setdefault(word, []).append(len(groups) - 1)
    return groups


def group_questions(questions: Iterable[Question]) -> list[QuestionGroup]:
    """Near-duplicate questions grouped; most distinct askers first, then most asked, then asked first."""
    ordered = sorted(questions, key=lambda q: (utc(q.asked_at), q.id is None, q.id or 0))
    groups = []
    for members in _cluster([word_set(q.text) for q in ordered]):
        asked = [ordered[i] for i in members]
        ids = tuple(q.id for q in asked if q.id is not None)
        group = QuestionGroup(asked[0].text, len({q.asker_id for q in asked}), len(asked), ids, utc(asked[0].asked_at))
        groups.append((members[0], group))
    groups.sort(key=lambda pair: (-pair[1].askers, -pair[1].asked, pair[0]))
    return [group for _, group in groups]
