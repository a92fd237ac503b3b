"""Fusing the word list and the meaning list of /ask into one ranking: standardised scores, a weight that
follows which list is surer of its best tip, and the question's vector moved towards its best tips.

Each side's scores are standardised over the candidates (z-scores; a tip missing from one side gets that
side's lowest). The fused score is `w * meaning + (1 - w) * words`, where w starts at `ask.semantic_weight`
and moves by `ask.confidence_slope` per standard deviation by which the meaning list's best tip stands
further out of its list than the word list's best tip stands out of its own (kept within 0.5 to 1): a
question whose words pick one tip out clearly (rare terms, codes) leans on the words, a paraphrase that
shares few words with its tip leans on meaning. Then the question's vector is moved towards the vectors of
the best `EXPANSION_DEPTH` fused tips (by `ask.expansion_weight`: pseudo-relevance feedback, Rocchio-style),
which draws in the tips that say the same as the best ones in other words, and the meaning side is scored
again with it.
"""
from __future__ import annotations

import numpy as np

EXPANSION_DEPTH = 3
"""How many of the first fused tips the question's vector moves towards."""
WEIGHT_RANGE = (0.5, 1.0)
"""Meaning never counts less than words: on both benchmarks words alone were the weaker side on average."""


def fuse(lexical: dict[int, float], semantic: dict[int, float], weight: float) -> dict[int, float]:
    """Weighted sum of standardised scores; a tip absent from one side gets that side's lowest score."""
    lex, sem = standardised(lexical), standardised(semantic)
    lex_floor, sem_floor = min(lex.values(), default=0.0), min(sem.values(), default=0.0)
    return {i: weight * sem.get(i, sem_floor) + (1 - weight) * lex.get(i, lex_floor)
            for i in lexical.keys() | semantic.keys()}


def standardised(scores: dict[int, float]) -> dict[int, float]:
    if not scores:
        return {}
    values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
    mean, spread = values.mean(), values.std()
    return {i: float((s - mean) / spread) if spread > 0 else 0.0 for i, s in scores.items()}


def confident_weight(lexical: dict[int, float], semantic: dict[int, float], base: float, slope: float) -> float:
    """The meaning side's weight for this question: more when its best tip stands out further than the words'."""
    if not lexical:
        return 1.0
    if not semantic:
        return 0.0
    lead = max(standardised(semantic).values()) - max(standardised(lexical).values())
    low, high = WEIGHT_RANGE
    return min(high, max(low, base + slope * lead))


def expanded(question: np.ndarray, best: np.ndarray, weight: float) -> np.ndarray:
    """The question's unit vector moved towards the mean of the best tips' vectors, unit length again."""
    moved = question + weight * best.mean(axis=0)
    norm = np.linalg.norm(moved)
    return moved / norm if norm > 0 else question
