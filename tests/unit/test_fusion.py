"""Fusion adapts to the question: the list surer of its best tip weighs more, and the question's vector moves
towards its best tips."""
from __future__ import annotations

import numpy as np
import pytest

from bot.fusion import WEIGHT_RANGE, confident_weight, expanded

FLAT = {1: 1.0, 2: 0.9, 3: 0.8, 4: 0.7}
PEAKED = {1: 5.0, 2: 0.9, 3: 0.8, 4: 0.7}


def test_equally_sure_lists_keep_the_base_weight():
    assert confident_weight(FLAT, FLAT, 0.9, 0.1) == pytest.approx(0.9)


def test_the_list_whose_best_tip_stands_out_weighs_more_within_the_range():
    leaning_on_words = confident_weight(PEAKED, FLAT, 0.9, 0.1)
    leaning_on_meaning = confident_weight(FLAT, PEAKED, 0.7, 0.1)
    assert WEIGHT_RANGE[0] <= leaning_on_words < 0.9
    assert 0.7 < leaning_on_meaning <= WEIGHT_RANGE[1]
    assert confident_weight(PEAKED, FLAT, 0.9, 5.0) == WEIGHT_RANGE[0]
    assert confident_weight(FLAT, PEAKED, 0.9, 0.0) == 0.9


def test_one_missing_list_leaves_the_other_alone():
    assert confident_weight({}, FLAT, 0.9, 0.1) == 1.0
    assert confident_weight(FLAT, {}, 0.9, 0.1) == 0.0


def test_the_expanded_question_is_a_unit_vector_nearer_the_best_tips():
    question = np.array([1.0, 0.0, 0.0])
    best = np.array([[0.0, 1.0, 0.0], [0.6, 0.8, 0.0]])
    moved = expanded(question, best, 1.0)
    assert np.linalg.norm(moved) == pytest.approx(1.0)
    assert moved @ best.mean(axis=0) > question @ best.mean(axis=0)
    assert np.array_equal(expanded(question, best, 0.0), question)
