"""Translation between table rows and the domain dataclasses of bot.model."""
from __future__ import annotations

from bot.model import FileRef, Origin, Person, Question, Source, SourceRef, Tip, TipStatus, Visibility
from store.tables import QuestionRow, TipRow


def tip_from_row(row: TipRow, savers: list[str], tags: list[str]) -> Tip:
    source = Source(
        ref=SourceRef(row.platform, row.workspace_id, row.channel_id, row.message_id),
        author=Person(row.author_id, row.author_name),
        thread_id=row.thread_id,
        permalink=row.permalink,
        channel_name=row.channel_name,
        posted_at=row.posted_at,
        files=tuple(FileRef(**f) for f in row.files or [] if isinstance(f, dict)),
    )
    return Tip(
        source=source, text=row.text, visibility=Visibility(row.visibility), origin=Origin(row.origin),
        captured_at=row.captured_at, status=TipStatus(row.status), tags=tags, savers=savers,
        previous_text=row.previous_text, updated_at=row.updated_at, deleted_at=row.deleted_at, id=row.id,
        redacted=[kind for kind in row.redacted.split(",") if kind], captured_by=row.captured_by or "",
    )


def row_from_tip(tip: Tip) -> TipRow:
    source, ref = tip.source, tip.source.ref
    row = TipRow(
        platform=ref.platform, workspace_id=ref.workspace_id, channel_id=ref.channel_id,
        message_id=ref.message_id, thread_id=source.thread_id, author_id=source.author.user_id,
        author_name=source.author.name, channel_name=source.channel_name, permalink=source.permalink,
        visibility=Visibility(tip.visibility).value, origin=Origin(tip.origin).value,
        posted_at=source.posted_at, captured_at=tip.captured_at, captured_by=tip.captured_by or "",
    )
    copy_changes(tip, row)
    return row


def copy_changes(tip: Tip, row: TipRow) -> None:
    """The fields of a tip that change after capture (its file references, link and place name only when it
    is erased)."""
    row.text = tip.text
    row.previous_text = tip.previous_text
    row.status = TipStatus(tip.status).value
    row.visibility = Visibility(tip.visibility).value  # a channel made private takes its tips with it
    row.updated_at = tip.updated_at
    row.deleted_at = tip.deleted_at
    row.redacted = ",".join(tip.redacted)
    row.permalink, row.channel_name = tip.source.permalink, tip.source.channel_name
    row.files = [{"name": f.name, "kind": f.kind, "size": f.size, "link": f.link} for f in tip.source.files]


def question_from_row(row: QuestionRow) -> Question:
    return Question(
        asker_id=row.asker_id, text=row.text, asked_at=row.asked_at, platform=row.platform,
        workspace_id=row.workspace_id, answered=row.answered, tip_ids=list(row.tip_ids), id=row.id,
        resolution=row.resolution or "", resolved_at=row.resolved_at, resolved_by=row.resolved_by or "",
        answer_tip_id=row.answer_tip_id,
    )


def row_from_question(question: Question) -> QuestionRow:
    return QuestionRow(
        platform=question.platform, workspace_id=question.workspace_id, asker_id=question.asker_id,
        asked_at=question.asked_at, answered=question.answered, tip_ids=[int(i) for i in question.tip_ids],
        text=question.text, resolution=question.resolution, resolved_at=question.resolved_at,
        resolved_by=question.resolved_by, answer_tip_id=question.answer_tip_id,
    )
