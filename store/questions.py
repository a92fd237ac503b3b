"""Questions asked with /ask and the feedback given on their answers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.model import Feedback, Question
from store.records import question_from_row, row_from_question
from store.tables import FeedbackRow, QuestionRow


class SqlQuestionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, question: Question) -> Question:
        row = row_from_question(question)
        self._session.add(row)
        self._session.flush()
        question.id = row.id
        return question

    def get(self, question_id: int) -> Question | None:
        row = self._session.get(QuestionRow, question_id)
        return question_from_row(row) if row is not None else None

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Question]:
        """Questions asked in [since, until), oldest first."""
        query = select(QuestionRow).order_by(QuestionRow.asked_at, QuestionRow.id)
        if since is not None:
            query = query.where(QuestionRow.asked_at >= since)
        if until is not None:
            query = query.where(QuestionRow.asked_at < until)
        return [question_from_row(row) for row in self._session.scalars(query)]

    def resolve(self, question_ids: list[int], resolution: str, by: str, at: datetime,
                answer_tip_id: int | None = None) -> int:
        """Mark the still-open questions among `question_ids` answered or dismissed; returns how many changed."""
        statement = update(QuestionRow).where(QuestionRow.id.in_(question_ids), QuestionRow.resolution == "")
        values = {"resolution": resolution, "resolved_by": by, "resolved_at": at, "answer_tip_id": answer_tip_id}
        return self._session.execute(statement.values(**values)).rowcount


class SqlFeedbackRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, feedback: Feedback) -> None:
        row = self._session.scalar(select(FeedbackRow).where(
            FeedbackRow.question_id == feedback.question_id, FeedbackRow.user_id == feedback.user_id,
        ).with_for_update())
        if row is None:
            row = FeedbackRow(question_id=feedback.question_id, user_id=feedback.user_id,
                              helpful=feedback.helpful, given_at=feedback.given_at)
            self._session.add(row)
        row.helpful, row.given_at = feedback.helpful, feedback.given_at
        self._session.flush()

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Feedback]:
        """Verdicts given in [since, until), oldest first."""
        query = select(FeedbackRow).order_by(FeedbackRow.given_at, FeedbackRow.id)
        if since is not None:
            query = query.where(FeedbackRow.given_at >= since)
        if until is not None:
            query = query.where(FeedbackRow.given_at < until)
        return [Feedback(r.question_id, r.user_id, r.helpful, r.given_at) for r in self._session.scalars(query)]
