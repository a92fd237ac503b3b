"""SqlUnitOfWork and the SQL repositories behind bot.ports. This (with store/runtime.py, on the same session
class) is the only place that commits."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from functools import partial
from typing import Callable, Iterable

from sqlalchemy import Engine, Select, delete, exists, literal, select, text, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from bot.model import SourceRef, Tip, TipStatus, Visibility
from bot.ports import TipFilter
from store.embeddings import SqlEmbeddingRepository
from store.compaction import compact
from store.erasure import SqlErasure
from store.curation import SqlChangeLog, SqlReleaseRepository
from store.db import dialect_insert, stored_revision
from store.questions import SqlFeedbackRepository, SqlQuestionRepository
from store.records import copy_changes, row_from_tip, tip_from_row
from store.search import searcher_for
from store.tables import ChannelMemberRow, TipRow, TipSaverRow, TipTagRow

GET_MANY_CHUNK = 500

# The distinct channels with live tips of one visibility, one index probe per channel (ix_tip_channels, in
# channel order) instead of reading every tip: /ask asks for the private ones before every search.
_NEXT_CHANNEL = """SELECT t.channel_id FROM tip AS t
    WHERE t.platform = :platform AND t.workspace_id = :workspace_id AND t.visibility = :visibility
      AND t.deleted_at IS NULL {after} ORDER BY t.channel_id LIMIT 1"""
CHANNELS_HOLDING = text(f"""
    WITH RECURSIVE held(channel_id) AS (
        SELECT ({_NEXT_CHANNEL.format(after="")})
        UNION ALL
        SELECT ({_NEXT_CHANNEL.format(after="AND t.channel_id > held.channel_id")})
        FROM held WHERE held.channel_id IS NOT NULL)
    SELECT channel_id FROM held WHERE channel_id IS NOT NULL""")


class SqlTipRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, tip_id: int) -> Tip | None:
        return self._locked(TipRow.id == tip_id)

    def get_by_source(self, ref: SourceRef) -> Tip | None:
        return self._locked(
            TipRow.platform == ref.platform, TipRow.workspace_id == ref.workspace_id,
            TipRow.channel_id == ref.channel_id, TipRow.message_id == ref.message_id,
        )

    def _locked(self, *where: object) -> Tip | None:
        """The one tip matching `where`, its row locked until the unit of work ends.

        A read that precedes an update must lock: two replicas adding savers to the same tip would
        otherwise each write back the saver list they read, and one vote would be lost. SQLite needs
        no row lock here (every transaction there holds the write lock from its start).
        """
        tip_id = self._session.scalar(select(TipRow.id).where(*where).with_for_update())
        return self.get_many([tip_id]).get(tip_id) if tip_id is not None else None

    def add(self, tip: Tip) -> Tip:
        row = row_from_tip(tip)
        self._session.add(row)
        self._session.flush()
        tip.id = row.id
        self._sync(TipSaverRow, "user_id", tip.id, tip.savers, saved_at=tip.captured_at)
        self._sync(TipTagRow, "tag", tip.id, tip.tags)
        self._session.flush()
        return tip

    def update(self, tip: Tip) -> None:
        row = self._session.get(TipRow, tip.id) if tip.id is not None else None
        if row is None:
            raise LookupError(f"tip {tip.id} is not stored: add it before updating it")
        copy_changes(tip, row)
        self._sync(TipSaverRow, "user_id", tip.id, tip.savers, saved_at=datetime.now(timezone.utc))
        self._sync(TipTagRow, "tag", tip.id, tip.tags)
        self._session.flush()

    def list(self, where: TipFilter = TipFilter()) -> list[Tip]:
        """Live tips matching `where`, oldest capture first; the captured range is [from, until)."""
        conditions = [TipRow.deleted_at.is_(None)]
        if where.status is not None:
            conditions.append(TipRow.status == TipStatus(where.status).value)
        if not where.include_archived:
            conditions.append(TipRow.status != TipStatus.ARCHIVED.value)
        if where.tag is not None:
            conditions.append(exists().where(TipTagRow.tip_id == TipRow.id, TipTagRow.tag == where.tag))
        if where.saver is not None:
            conditions.append(exists().where(TipSaverRow.tip_id == TipRow.id, TipSaverRow.user_id == where.saver))
        if where.captured_from is not None:
            conditions.append(TipRow.captured_at >= where.captured_from)
        if where.captured_until is not None:
            conditions.append(TipRow.captured_at < where.captured_until)
        return self._load(select(TipRow).where(*conditions).order_by(TipRow.captured_at, TipRow.id))

    def get_many(self, tip_ids: Iterable[int]) -> dict[int, Tip]:
        ids = list(dict.fromkeys(tip_ids))
        found: dict[int, Tip] = {}
        for start in range(0, len(ids), GET_MANY_CHUNK):
            chunk = ids[start:start + GET_MANY_CHUNK]
            found.update((tip.id, tip) for tip in self._load(select(TipRow).where(TipRow.id.in_(chunk))))
        return found

    def private_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        return self._channels_holding(platform, workspace_id, Visibility.PRIVATE)

    def public_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        return self._channels_holding(platform, workspace_id, Visibility.PUBLIC)

    def _channels_holding(self, platform: str, workspace_id: str, visibility: Visibility) -> frozenset[str]:
        held = self._session.scalars(CHANNELS_HOLDING, {
            "platform": platform, "workspace_id": workspace_id, "visibility": visibility.value})
        return frozenset(held)

    def workspaces(self) -> frozenset[tuple[str, str]]:
        query = select(TipRow.platform, TipRow.workspace_id).distinct().where(TipRow.deleted_at.is_(None))
        return frozenset((platform, workspace_id) for platform, workspace_id in self._session.execute(query))

    def _load(self, statement: Select) -> list[Tip]:
        """The tips `statement` selects, with their savers (in saving order) and tags."""
        rows = self._session.scalars(statement).all()
        if not rows:
            return []
        savers, tags = self._children(statement.with_only_columns(TipRow.id).order_by(None))
        return [tip_from_row(row, savers[row.id], tags[row.id]) for row in rows]

    def _children(self, selected_ids: Select) -> tuple[defaultdict[int, list[str]], defaultdict[int, list[str]]]:
        """The savers and the tags of the selected tips, in one round trip."""
        def of(value: InstrumentedAttribute[str], kind: str) -> Select:
            model = value.class_
            return select(model.tip_id, literal(kind).label("kind"), value.label("item"), model.id.label("row")).where(
                model.tip_id.in_(selected_ids))
        savers: defaultdict[int, list[str]] = defaultdict(list)
        tags: defaultdict[int, list[str]] = defaultdict(list)
        query = union_all(of(TipSaverRow.user_id, "saver"), of(TipTagRow.tag, "tag")).order_by("kind", "row")
        for tip_id, kind, item, _row in self._session.execute(query):
            (savers if kind == "saver" else tags)[tip_id].append(item)
        return savers, tags

    def _sync(self, model: type[TipSaverRow | TipTagRow], field: str, tip_id: int, wanted: list[str],
              **new_row_values: object) -> None:
        """Make the tip's child rows hold exactly `wanted`: delete the extra, add the missing, keep the rest."""
        column = getattr(model, field)
        stored = set(self._session.scalars(select(column).where(model.tip_id == tip_id)))
        wanted = list(dict.fromkeys(wanted))
        if gone := stored.difference(wanted):
            self._session.execute(delete(model).where(model.tip_id == tip_id, column.in_(gone)))
        self._session.add_all(
            model(tip_id=tip_id, **{field: value}, **new_row_values) for value in wanted if value not in stored
        )


class SqlMembershipRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, platform: str, workspace_id: str, channel_id: str, user_ids: Iterable[str]) -> None:
        """Record members; ones already recorded (even by a concurrent writer) are left as they are."""
        rows = [
            {"platform": platform, "workspace_id": workspace_id, "channel_id": channel_id, "user_id": user_id}
            for user_id in dict.fromkeys(user_ids)
        ]
        if not rows:
            return
        insert = dialect_insert(self._session)
        statement = insert(ChannelMemberRow).on_conflict_do_nothing(
            index_elements=["platform", "workspace_id", "channel_id", "user_id"]
        )
        self._session.execute(statement, rows)

    def channels_of(self, platform: str, workspace_id: str, user_id: str) -> frozenset[str]:
        query = select(ChannelMemberRow.channel_id).where(
            ChannelMemberRow.platform == platform, ChannelMemberRow.workspace_id == workspace_id,
            ChannelMemberRow.user_id == user_id,
        )
        return frozenset(self._session.scalars(query))


class SessionUnit:
    """One transaction on one session: `commit()` keeps its writes, leaving without it drops them. The domain's
    unit of work (below) and the runtime's (store/runtime.py) are both made of it."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory

    def _open(self) -> Session:
        self._session = self._session_factory()
        return self._session

    def schema_revision(self) -> str | None:
        """The schema's migration revision, as the database records it."""
        return stored_revision(self._session.connection())

    def __exit__(self, *exc: object) -> None:
        try:
            self._session.rollback()
        finally:
            self._session.close()

    def commit(self) -> None:
        self._session.commit()


class SqlUnitOfWork(SessionUnit):
    """One command's reads and writes of the domain's records (bot.ports.UnitOfWork)."""

    def __enter__(self) -> SqlUnitOfWork:
        session = self._open()
        self.tips = SqlTipRepository(session)
        self.questions = SqlQuestionRepository(session)
        self.feedback = SqlFeedbackRepository(session)
        self.members = SqlMembershipRepository(session)
        self.releases = SqlReleaseRepository(session)
        self.changes = SqlChangeLog(session)
        self.search = searcher_for(session)
        self.embeddings = SqlEmbeddingRepository(session)
        self.erasure = SqlErasure(session)
        return self

    def compact(self, log_only: bool = False) -> list[str]:
        self._session.close()  # the compaction needs the connection this unit of work may hold
        return compact(self._session.get_bind(), log_only)


def unit_of_work_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """A zero-argument callable that makes a fresh SqlUnitOfWork on `engine` each time."""
    return partial(SqlUnitOfWork, sessionmaker(engine, expire_on_commit=False))
