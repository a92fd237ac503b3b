"""Search for /ask, `tipjar ask` and `tipjar eval`: lexical, semantic, or the two fused.

Lexical is the store's full-text search (FTS5 bm25 or PostgreSQL tsvector, both with stemming). Semantic is
brute-force cosine over the stored tip embeddings (bot.vectors), on a worker thread while the lexical query
waits on the store (numpy and the database driver both let the other thread run). Fused: the candidates of
both sides (the best 100 of each) are scored on both — the cosine of every candidate is known, a tip outside
the lexical list gets that list's lowest score — and bot.fusion makes one ranking of them (standardised
scores, a weight for this question, the question's vector expanded towards its best tips). Indexing —
embedding tips and storing their vectors — is bot.indexer's.

Access control comes first: the lexical query applies the viewer's scope in SQL, and semantic candidates
are checked against the store (widening the search until enough pass) before anything is ranked or cut.
Archived tips never come back; approved tips move up and outdated ones down by a small, fixed amount; tips
many people saved move up, and people's verdicts on earlier answers to similar questions move tips, each by
a bounded amount (bot.learning).
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from bot.config import AskSettings
from bot.fusion import EXPANSION_DEPTH, confident_weight, expanded, fuse
from bot.indexer import TipIndexer
from bot.learning import saves_shift
from bot.model import TipStatus
from bot.ports import Embedder, Scope, UnitOfWork
from bot.relevance import covers, word_share
from bot.vectors import VectorIndex

log = logging.getLogger(__name__)

CANDIDATES = 100
"""How deep each list is read before fusion."""
@dataclass(frozen=True)
class Found:
    tip_id: int
    score: float
    """Higher is better; comparable only within one result list."""
    status: TipStatus
    similarity: float | None = None
    """Cosine between question and tip, when the tip has an embedding and the semantic side ran."""


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray | None = None


class Retriever:
    def __init__(self, settings: AskSettings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.index = VectorIndex(embedder.model) if embedder is not None else None
        self.indexer = TipIndexer(embedder)
        self._nearest_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nearest")

    @property
    def mode(self) -> str:
        return self.settings.retrieval if self.embedder is not None else "lexical"

    def prepare(self, question: str, mode: str | None = None) -> Query:
        """The question, embedded when the semantic side will run (do this outside any transaction)."""
        if (mode or self.mode) == "lexical" or self.embedder is None:
            return Query(question)
        self.indexer.flush()  # a tip captured a moment ago is searched by its meaning too
        try:
            return Query(question, self.embedder.embed([question])[0])
        except Exception as exc:  # a remote embeddings endpoint may be down: answer lexically meanwhile
            log.warning("question not embedded (%s); searching by words only", exc)
            return Query(question)

    def search(self, uow: UnitOfWork, query: Query, scope: Scope, limit: int, mode: str | None = None,
               shifts: dict[int, float] | None = None) -> list[Found]:
        """The best `limit` tips `scope` may read, best first; `shifts` moves tips (people's verdicts, bot.learning)."""
        mode = mode or self.mode
        depth = max(limit, CANDIDATES)
        nearest = self._start_nearest(uow, query, 2 * depth) if mode != "lexical" else None
        lexical = {h.tip_id: h.score for h in uow.search.search(query.text, scope, depth)} if mode != "semantic" else {}
        semantic, statuses = self._semantic(uow, query, scope, depth, nearest, list(lexical))
        if semantic:
            semantic.update(self._similarities(query, [i for i in lexical if i not in semantic]))
        scores = {i: s for i, s in self._fused(query, lexical, semantic, mode, statuses).items() if i in statuses}
        moved = self._people_shifts(uow, statuses, scores, shifts or {})
        found = [Found(i, s + moved[i], statuses[i], semantic.get(i)) for i, s in scores.items()]
        return sorted(found, key=lambda f: (-f.score, f.tip_id))[:limit]

    def _fused(self, query: Query, lexical: dict[int, float], semantic: dict[int, float], mode: str,
               visible: dict[int, TipStatus]) -> dict[int, float]:
        """The two lists as one (bot.fusion): a weight for this question, then its vector expanded once."""
        if mode != "fused" or not semantic:
            return fuse(lexical, semantic, 1.0 if mode == "semantic" else 0.0)
        weight = confident_weight(lexical, semantic, self.settings.semantic_weight, self.settings.confidence_slope)
        scores = fuse(lexical, semantic, weight)
        if not self.settings.expansion_weight:
            return scores
        best = [i for i, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0])) if i in visible]
        vectors = self.index.vectors(best[:EXPANSION_DEPTH])
        if not len(vectors):
            return scores
        question = expanded(query.vector, vectors, self.settings.expansion_weight)
        return fuse(lexical, self.index.similarities(question, list(semantic)), weight)

    def _people_shifts(self, uow: UnitOfWork, statuses: dict[int, TipStatus], scores: dict[int, float],
                       verdicts: dict[int, float]) -> dict[int, float]:
        """Per tip, how far what people did moves it: a trainer's review, its savers, verdicts on answers."""
        boost = self.settings.saves_boost
        saves = uow.search.saves(scores) if boost and scores else {}
        return {i: self._review_shift(statuses[i]) + saves_shift(saves.get(i, 0), boost) + verdicts.get(i, 0.0)
                for i in scores}

    def _start_nearest(self, uow: UnitOfWork, query: Query, count: int) -> Future | None:
        """The nearest `count` tips, computed on a worker thread while the lexical query waits on the store."""
        if self.index is None or query.vector is None:
            return None
        self.index.refresh(uow.embeddings)
        return self._nearest_worker.submit(self.index.nearest, query.vector, count)

    def _semantic(self, uow: UnitOfWork, query: Query, scope: Scope, depth: int, nearest: Future | None,
                  lexical: list[int]) -> tuple[dict[int, float], dict[int, TipStatus]]:
        """Up to `depth` nearest tips that `scope` may read; and the review states of those and of `lexical`
        (checked in the same query, as they are read by `scope` already)."""
        if nearest is None:
            return {}, uow.search.visible(lexical, scope) if lexical else {}
        wanted, found = 2 * depth, nearest.result()
        statuses = uow.search.visible([*(i for i, _ in found), *lexical], scope)
        while True:
            kept = [(i, s) for i, s in found if i in statuses][:depth]
            if len(kept) >= depth or len(found) < wanted:
                return dict(kept), statuses
            wanted *= 4
            found = self.index.nearest(query.vector, wanted)
            statuses.update(uow.search.visible([i for i, _ in found if i not in statuses], scope))

    def _similarities(self, query: Query, tip_ids: list[int]) -> dict[int, float]:
        return self.index.similarities(query.vector, tip_ids) if self.index is not None and tip_ids else {}

    def _review_shift(self, status: TipStatus) -> float:
        if status is TipStatus.APPROVED:
            return self.settings.approved_boost
        return -self.settings.outdated_penalty if status is TipStatus.NEEDS_UPDATE else 0.0

    def relevant(self, question: str, found: list[Found], texts: dict[int, str]) -> list[Found]:
        """The tips close enough to the question to show: "I don't know" is better than a wrong tip.

        Close enough: a cosine of at least `min_similarity`, or every content word of the question in the tip
        (jargon and codes an embedding model never learnt). A tip with no cosine (lexical mode, or not embedded
        yet) must hold `min_word_share` of the question's content words (bot.relevance).
        """
        floor, share = self.settings.min_similarity, self.settings.min_word_share
        return [f for f in found if self._close(question, f, texts.get(f.tip_id, ""), floor, share)]

    @staticmethod
    def _close(question: str, found: Found, text: str, floor: float, share: float) -> bool:
        if found.similarity is None:
            return word_share(question, text) >= share
        return found.similarity >= floor or covers(question, text)
