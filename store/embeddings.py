"""Tip embeddings in the database: one row per tip and model, a new row (a higher id) for every new vector."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import LargeBinary, delete, exists, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from bot.ports import StoredVector
from store.tables import TipEmbeddingRow, TipRow

ROWS_CHUNK = 500


class SqlEmbeddingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def put(self, tip_id: int, model: str, vector: bytes, text: str) -> bool:
        self._session.execute(delete(TipEmbeddingRow).where(
            TipEmbeddingRow.tip_id == tip_id, TipEmbeddingRow.model == model))
        still_current = select(TipRow.id, literal(model), literal(vector, LargeBinary)).where(
            TipRow.id == tip_id, TipRow.text == text, TipRow.deleted_at.is_(None))
        added = self._session.execute(insert(TipEmbeddingRow).from_select(["tip_id", "model", "vector"], still_current)
                                      .returning(TipEmbeddingRow.id))
        return added.first() is not None

    def rows(self, model: str, after_row: int, also_rows: Iterable[int] = ()) -> list[StoredVector]:
        also = sorted(set(also_rows))[:ROWS_CHUNK]
        wanted = TipEmbeddingRow.id > after_row
        if also:
            wanted = or_(wanted, TipEmbeddingRow.id.in_(also))
        query = (select(TipEmbeddingRow.id, TipEmbeddingRow.tip_id, TipEmbeddingRow.vector)
                 .where(TipEmbeddingRow.model == model, wanted).order_by(TipEmbeddingRow.id))
        return [StoredVector(row_id, tip_id, bytes(vector)) for row_id, tip_id, vector in self._session.execute(query)]

    def unembedded(self, model: str, after_tip: int, limit: int) -> list[tuple[int, str]]:
        query = (select(TipRow.id, TipRow.text).where(_live_without(model), TipRow.id > after_tip)
                 .order_by(TipRow.id).limit(limit))
        return [(tip_id, text) for tip_id, text in self._session.execute(query)]

    def count_unembedded(self, model: str) -> int:
        return self._session.scalar(select(func.count()).select_from(TipRow).where(_live_without(model))) or 0


def _live_without(model: str):
    has_vector = exists().where(TipEmbeddingRow.tip_id == TipRow.id, TipEmbeddingRow.model == model)
    return TipRow.deleted_at.is_(None) & ~has_vector
