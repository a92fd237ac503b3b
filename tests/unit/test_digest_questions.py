"""Near-duplicate grouping of open questions: word sets, the Jaccard threshold, and the fast candidate search."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from bot.model import Feedback, Question
from digests.questions import SIMILARITY, _cluster, group_questions, jaccard, latest_verdicts, open_questions, word_set

AT = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def question(qid: int, text: str, asker: str = "U-A", answered: bool = False) -> Question:
    return Question(asker, text, AT + timedelta(minutes=qid), "slack", "T1", answered, [], qid)


def test_word_sets_drop_stop_words_case_punctuation_and_plural_or_ing_endings():
    assert word_set("How do I REPRINT the wristbands?") == {"reprint", "wristband"}
    assert word_set("reprinting wristband") == word_set("Reprinted wristbands!")
    assert word_set("ward 5 printer") == {"ward", "5", "printer"}


def test_a_question_of_stop_words_only_still_matches_itself():
    assert word_set("How do I?") == {"how do i?"}
    assert jaccard(word_set("How do I?"), word_set("how  do I?")) == 1.0


def test_the_threshold_is_inclusive():
    assert SIMILARITY == 0.5
    two_of_six = [question(1, "printer jam ward five"), question(2, "printer jam theatre six")]
    assert jaccard(word_set("printer jam ward"), word_set("printer jam theatre")) == 0.5
    assert len(group_questions([question(1, "printer jam ward"), question(2, "printer jam theatre")])) == 1
    assert len(group_questions(two_of_six)) == 2  # 2 of 6 words shared


def test_groups_count_distinct_askers_and_order_by_askers_then_asked():
    questions = [
        question(1, "scanner frozen", "U-A"),
        question(2, "reprint wristband", "U-A"),
        question(3, "reprint wristbands", "U-A"),
        question(4, "scanner frozen again", "U-B"),
        question(5, "frozen scanner", "U-C"),
    ]
    groups = group_questions(questions)
    assert [(g.text, g.askers, g.asked, g.question_ids) for g in groups] == [
        ("scanner frozen", 3, 3, (1, 4, 5)),
        ("reprint wristband", 1, 2, (2, 3)),
    ]


def test_open_means_unanswered_or_someones_latest_verdict_is_not_helpful():
    questions = [question(1, "a", answered=False), question(2, "b", answered=True), question(3, "c", answered=True)]
    feedback = [
        Feedback(2, "U-X", False, AT), Feedback(2, "U-X", True, AT + timedelta(minutes=1)),
        Feedback(3, "U-X", True, AT), Feedback(3, "U-Y", False, AT),
    ]
    assert [q.id for q in open_questions(questions, latest_verdicts(feedback))] == [1, 3]


def _naive(sets):
    groups: list[list[int]] = []
    for position, words in enumerate(sets):
        scored = [(jaccard(words, sets[g[0]]), -n) for n, g in enumerate(groups)]
        best = max(scored, default=(0.0, 0))
        if best[0] >= SIMILARITY:
            groups[-best[1]].append(position)
        else:
            groups.append([position])
    return groups


def test_the_fast_candidate_search_groups_exactly_like_comparing_every_pair():
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(40)]
    sets = [frozenset(rng.sample(vocabulary, rng.randint(1, 6))) for _ in range(600)]
    assert _cluster(sets) == _naive(sets)
