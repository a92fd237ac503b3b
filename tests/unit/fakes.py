"""In-memory stand-ins for the store's ports, with the same commit-or-nothing behaviour.

One FakeStore opens both kinds of unit of work: its units carry the domain's repositories (bot.ports) and the
runtime's inbox and digest runs (runtime.ports) over one state, so a test passes it wherever either is wanted.
"""
from __future__ import annotations

import copy
import re

import numpy as np
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Iterable

from bot.model import DigestRun, Feedback, PostedMessage, Question, Release, SourceRef, Tip, TipChange, TipStatus, Visibility
from bot.ports import Scope, SearchHit, StoredVector, TipFilter
from bot.sharing import readable
from runtime.model import DeadEvent, InboxBacklog, InboxItem, NewEvent
from store.curation import posted_from_json, posted_json

WORD = re.compile(r"\w+")
STOPWORDS = frozenset("a an and are how i in is it of on or the to what where when who why with do does".split())


class FixedClock:
    def __init__(self, start: datetime = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class FakeState:
    tips: dict[int, Tip] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    members: set[tuple[str, str, str, str]] = field(default_factory=set)
    feedback: dict[tuple[int, str], Feedback] = field(default_factory=dict)
    inbox: dict[int, dict] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    changes: list[TipChange] = field(default_factory=list)
    runs: dict[tuple[str, str], dict] = field(default_factory=dict)
    replies: dict[tuple[str, str, int], str] = field(default_factory=dict)
    """(platform, event key, ordinal) -> the posted message's id"""
    embeddings: dict[int, tuple[int, str, str, bytes]] = field(default_factory=dict)
    """row id -> (tip id, model, text it was computed from, vector)"""


class FakeTipRepository:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def get(self, tip_id: int) -> Tip | None:
        return copy.deepcopy(self.state.tips.get(tip_id))

    def get_by_source(self, ref: SourceRef) -> Tip | None:
        return next((copy.deepcopy(t) for t in self.state.tips.values() if t.source.ref == ref), None)

    def add(self, tip: Tip) -> Tip:
        tip = copy.deepcopy(tip)
        tip.id = max(self.state.tips, default=0) + 1
        self.state.tips[tip.id] = tip
        return copy.deepcopy(tip)

    def update(self, tip: Tip) -> None:
        stored = self.state.tips.get(tip.id)
        if stored is not None and (stored.text != tip.text or tip.deleted):  # the store's trigger does this
            self.state.embeddings = {r: v for r, v in self.state.embeddings.items() if v[0] != tip.id}
        self.state.tips[tip.id] = copy.deepcopy(tip)

    def list(self, where: TipFilter = TipFilter()) -> list[Tip]:
        return [copy.deepcopy(t) for t in self.state.tips.values() if not t.deleted and _matches(t, where)]

    def get_many(self, tip_ids: Iterable[int]) -> dict[int, Tip]:
        return {i: copy.deepcopy(self.state.tips[i]) for i in tip_ids if i in self.state.tips}

    def private_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        return self._channels_holding(platform, workspace_id, Visibility.PRIVATE)

    def public_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        return self._channels_holding(platform, workspace_id, Visibility.PUBLIC)

    def _channels_holding(self, platform: str, workspace_id: str, visibility: Visibility) -> frozenset[str]:
        return frozenset(
            t.source.ref.channel_id for t in self.state.tips.values()
            if not t.deleted and t.visibility is visibility
            and (t.source.ref.platform, t.source.ref.workspace_id) == (platform, workspace_id)
        )

    def workspaces(self) -> frozenset[tuple[str, str]]:
        return frozenset((t.source.ref.platform, t.source.ref.workspace_id)
                         for t in self.state.tips.values() if not t.deleted)


def _matches(tip: Tip, where: TipFilter) -> bool:
    return (
        (where.status is None or tip.status is where.status)
        and (where.tag is None or where.tag in tip.tags)
        and (where.include_archived or tip.status is not TipStatus.ARCHIVED)
        and (where.saver is None or where.saver in tip.savers)
    )


class FakeQuestionRepository:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, question: Question) -> Question:
        question = copy.deepcopy(question)
        question.id = len(self.state.questions) + 1
        self.state.questions.append(question)
        return question

    def get(self, question_id: int) -> Question | None:
        return next((copy.deepcopy(q) for q in self.state.questions if q.id == question_id), None)

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Question]:
        return list(self.state.questions)

    def resolve(self, question_ids: list[int], resolution: str, by: str, at: datetime,
                answer_tip_id: int | None = None) -> int:
        still_open = [q for q in self.state.questions if q.id in question_ids and not q.resolution]
        for question in still_open:
            question.resolution, question.resolved_by, question.resolved_at = resolution, by, at
            question.answer_tip_id = answer_tip_id
        return len(still_open)


class FakeFeedbackRepository:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def record(self, feedback: Feedback) -> None:
        self.state.feedback[(feedback.question_id, feedback.user_id)] = feedback

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Feedback]:
        return sorted(self.state.feedback.values(), key=lambda f: f.given_at)


class FakeInbox:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def accept(self, platform: str, event_key: str, kind: str, payload: dict, now: datetime) -> bool:
        if any((r["platform"], r["event_key"]) == (platform, event_key) for r in self.state.inbox.values()):
            return False
        item_id = len(self.state.inbox) + 1
        self.state.inbox[item_id] = dict(id=item_id, platform=platform, event_key=event_key, kind=kind,
                                         payload=payload, received_at=now, attempts=0, claimed_until=None,
                                         processed_at=None, dead_at=None, outcome="")
        return True

    def accept_all(self, events: list[NewEvent], now: datetime) -> int:
        return sum(self.accept(e.platform, e.event_key, e.kind, e.payload, now) for e in events)

    def claim(self, now: datetime, lease: timedelta, limit: int) -> list[InboxItem]:
        free = [r for r in self.state.inbox.values()
                if _live(r) and (r["claimed_until"] is None or r["claimed_until"] <= now)][:limit]
        for row in free:
            row["claimed_until"], row["attempts"] = now + lease, row["attempts"] + 1
        return [InboxItem(r["id"], r["platform"], r["event_key"], r["kind"], dict(r["payload"]), r["attempts"],
                          r["received_at"]) for r in free]

    def finish(self, item_id: int, now: datetime, outcome: str) -> None:
        self.state.inbox[item_id].update(processed_at=now, outcome=outcome, payload={}, dead_at=None)

    def retry_later(self, item_id: int, at: datetime, error: str) -> None:
        self.state.inbox[item_id].update(claimed_until=at, outcome=error)

    def renew(self, item_ids: list[int], until: datetime) -> None:
        for item_id in item_ids:
            if _live(self.state.inbox[item_id]):
                self.state.inbox[item_id]["claimed_until"] = until

    def bury(self, item_id: int, now: datetime, reason: str) -> None:
        self.state.inbox[item_id].update(dead_at=now, claimed_until=None, outcome=reason)

    def pending(self) -> int:
        return sum(_live(r) for r in self.state.inbox.values())

    def backlog(self) -> InboxBacklog:
        live = [r for r in self.state.inbox.values() if _live(r)]
        tried = [r for r in live if r["outcome"] or r["attempts"] > 1]
        dead = [r for r in self.state.inbox.values() if _dead(r)]
        return InboxBacklog(len(live) - len(tried), len(tried), len(dead),
                            min((r["received_at"] for r in live), default=None))

    def dead(self, limit: int = 100) -> list[DeadEvent]:
        return [DeadEvent(r["id"], r["platform"], r["kind"], r["event_key"], r["received_at"], r["attempts"],
                          r["outcome"]) for r in self.state.inbox.values() if _dead(r)][:limit]

    def revive(self, item_id: int | None) -> int:
        chosen = [r for r in self.state.inbox.values() if _dead(r) and item_id in (None, r["id"])]
        for row in chosen:
            row.update(dead_at=None, claimed_until=None, attempts=1, outcome="")
        return len(chosen)

    def drop(self, item_id: int, now: datetime) -> bool:
        row = self.state.inbox.get(item_id)
        if row is None or not _dead(row):
            return False
        row.update(processed_at=now, dead_at=None, payload={}, outcome="dropped by an operator")
        FakeReplyLedger(self.state).forget(row["platform"], row["event_key"])
        return True


class FakeReplyLedger:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def sent(self, platform: str, event_key: str) -> dict[int, str]:
        return {n: message for (p, key, n), message in self.state.replies.items() if (p, key) == (platform, event_key)}

    def record(self, platform: str, event_key: str, ordinal: int, message_id: str, now: datetime) -> None:
        self.state.replies.setdefault((platform, event_key, ordinal), message_id)

    def forget(self, platform: str, event_key: str) -> int:
        gone = [key for key in self.state.replies if key[:2] == (platform, event_key)]
        for key in gone:
            del self.state.replies[key]
        return len(gone)


def _live(row: dict) -> bool:
    return row["processed_at"] is None and row["dead_at"] is None


def _dead(row: dict) -> bool:
    return row["processed_at"] is None and row["dead_at"] is not None


class FakeReleaseRepository:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, release: Release) -> Release:
        stored = Release(release.name, release.released_at, len(self.state.releases) + 1)
        self.state.releases.append(stored)
        return stored

    def list(self) -> list[Release]:
        return sorted(self.state.releases, key=lambda r: (r.released_at, r.id))


class FakeChangeLog:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, change: TipChange) -> None:
        self.state.changes.append(change)

    def list(self, tip_ids: Iterable[int] | None = None) -> list[TipChange]:
        wanted = None if tip_ids is None else set(tip_ids)
        return [c for c in self.state.changes if wanted is None or c.tip_id in wanted]


def _records(row: dict) -> list[PostedMessage]:
    """A run's messages kept in their stored JSON form, as the real store keeps them, read back."""
    return [posted_from_json(stored) for stored in row["messages"]]


class FakeDigestRuns:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def claim(self, name: str, period: str, now: datetime, stale_after: timedelta) -> DigestRun | None:
        row = self.state.runs.get((name, period))
        if row is None:
            row = self.state.runs[(name, period)] = dict(id=len(self.state.runs) + 1, state="claimed",
                                                         claimed_at=now, started_at=now, attempts=1, messages=[])
        elif row["state"] == "posted" or (row["state"] == "claimed" and row["claimed_at"] > now - stale_after):
            return None
        else:
            row.update(state="claimed", claimed_at=now, attempts=row["attempts"] + 1)
        return DigestRun(row["id"], name, period, "claimed", row["attempts"], _records(row), row["started_at"])

    def _row(self, run_id: int) -> dict:
        return next(row for row in self.state.runs.values() if row["id"] == run_id)

    def renew(self, run_id: int, now: datetime) -> None:
        row = self._row(run_id)
        if row["state"] == "claimed":
            row.update(claimed_at=now, renewals=row.get("renewals", 0) + 1)

    def in_flight(self, name: str, period: str, now: datetime, stale_after: timedelta) -> bool:
        row = self.state.runs.get((name, period))
        return row is not None and row["state"] == "claimed" and row["claimed_at"] > now - stale_after

    def keep_message(self, run_id: int, message: PostedMessage) -> None:
        self._row(run_id)["messages"].append(posted_json(message))

    def posted(self, run_id: int, now: datetime, messages: list[PostedMessage]) -> None:
        self._row(run_id).update(state="posted", messages=[posted_json(m) for m in messages])

    def failed(self, run_id: int, error: str) -> None:
        self._row(run_id).update(state="failed", error=error)

    def find_message(self, channel: str, ts: str) -> DigestRun | None:
        for (name, period), row in self.state.runs.items():
            if row["state"] == "posted" and any((m.get("channel"), m.get("ts")) == (channel, ts) for m in row["messages"]):
                return DigestRun(row["id"], name, period, "posted", row["attempts"], _records(row))
        return None

    def ever_posted(self, name: str) -> bool:
        return any(n == name and row["state"] == "posted" for (n, _), row in self.state.runs.items())

    def last_channel(self, name: str) -> str | None:
        posted = [row for (n, _), row in self.state.runs.items() if n == name and row["state"] == "posted"]
        return posted[-1]["messages"][0]["channel"] if posted and posted[-1]["messages"] else None


class FakeMembershipRepository:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, platform: str, workspace_id: str, channel_id: str, user_ids: Iterable[str]) -> None:
        self.state.members.update((platform, workspace_id, channel_id, u) for u in user_ids)

    def channels_of(self, platform: str, workspace_id: str, user_id: str) -> frozenset[str]:
        return frozenset(c for p, w, c, u in self.state.members if (p, w, u) == (platform, workspace_id, user_id))


class FakeSearcher:
    """Scores a tip by how many distinct question words it contains."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def search(self, query: str, scope: Scope, limit: int) -> list[SearchHit]:
        words = {w.lower() for w in WORD.findall(query)} - STOPWORDS
        hits = []
        for tip in self.state.tips.values():
            if tip.deleted or tip.status is TipStatus.ARCHIVED or not _visible(tip, scope):
                continue
            score = len(words & {w.lower() for w in WORD.findall(tip.text)})
            if score:
                hits.append(SearchHit(tip.id, float(score)))
        return sorted(hits, key=lambda h: (-h.score, h.tip_id))[:limit]

    def visible(self, tip_ids: Iterable[int], scope: Scope) -> dict[int, TipStatus]:
        tips = (self.state.tips.get(i) for i in set(tip_ids))
        return {t.id: t.status for t in tips
                if t is not None and not t.deleted and t.status is not TipStatus.ARCHIVED and _visible(t, scope)}

    def saves(self, tip_ids: Iterable[int]) -> dict[int, int]:
        tips = (self.state.tips.get(i) for i in set(tip_ids))
        return {t.id: len(t.savers) for t in tips if t is not None and t.savers}


class FakeEmbeddingRepository:
    """Like the store: a vector only for a live tip whose text is unchanged since it was computed."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def _current(self) -> dict[int, tuple[int, str, str, bytes]]:
        tips = self.state.tips
        return {row: v for row, v in self.state.embeddings.items()
                if v[0] in tips and not tips[v[0]].deleted and tips[v[0]].text == v[2]}

    def put(self, tip_id: int, model: str, vector: bytes, text: str) -> bool:
        self.state.embeddings = {r: v for r, v in self._current().items() if (v[0], v[1]) != (tip_id, model)}
        tip = self.state.tips.get(tip_id)
        if tip is None or tip.deleted or tip.text != text:
            return False
        self.state.embeddings[max(self.state.embeddings, default=0) + 1] = (tip_id, model, text, vector)
        return True

    def rows(self, model: str, after_row: int, also_rows: Iterable[int] = ()) -> list[StoredVector]:
        also = set(also_rows)
        return [StoredVector(row, v[0], v[3]) for row, v in sorted(self._current().items())
                if v[1] == model and (row > after_row or row in also)]

    def unembedded(self, model: str, after_tip: int, limit: int) -> list[tuple[int, str]]:
        done = {v[0] for v in self._current().values() if v[1] == model}
        todo = sorted(i for i, t in self.state.tips.items() if i > after_tip and not t.deleted and i not in done)
        return [(i, self.state.tips[i].text) for i in todo[:limit]]

    def count_unembedded(self, model: str) -> int:
        return len(self.unembedded(model, 0, len(self.state.tips)))


class FakeErasure:
    """Like the store: texts become "[erased]", inbox payloads empty; no posts or digests are kept here."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def erase_audit_text(self, tip_ids: Iterable[int]) -> int:
        ids, changed = set(tip_ids), 0
        for i, change in enumerate(self.state.changes):
            if change.tip_id in ids:
                erased = {k: ("[erased]" if k == "text" else v) for k, v in change.before.items()}
                after = {k: ("[erased]" if k == "text" else v) for k, v in change.after.items()}
                self.state.changes[i] = replace(change, before=erased, after=after)
                changed += 1
        return changed

    def erase_inbox_item(self, item_id: int) -> None:
        self.state.inbox[item_id]["payload"] = {}

    def erase_inbox_mentioning(self, needles: Iterable[str]) -> int:
        needles = [n for n in needles if n]
        hits = [row for row in self.state.inbox.values() if any(n in repr(row["payload"]) for n in needles)]
        for row in hits:
            row["payload"] = {}
        return len(hits)

    def erase_questions(self, *, asker_id=None, containing=None, asked_before=None) -> int:
        changed = 0
        for i, q in enumerate(self.state.questions):
            if q.text != "[erased]" and (asker_id is None or q.asker_id == asker_id) and (
                    containing is None or containing.lower() in q.text.lower()) and (
                    asked_before is None or q.asked_at < asked_before):
                self.state.questions[i] = replace(q, text="[erased]")
                changed += 1
        return changed

    def posts_about(self, tip_ids: Iterable[int]) -> list:
        return []

    def digests_posted_since(self, when: datetime) -> list:
        return []

    def erase_inbox_containing(self, words: str) -> int:
        hits = [row for row in self.state.inbox.values() if words.lower() in repr(row["payload"]).lower()]
        for row in hits:
            row["payload"] = {}
        return len(hits)

    def clear_place_names(self, words: str) -> int:
        return 0

    def posts_about_questions(self, *, asker_id=None, containing=None) -> list:
        return []

    def tips_of(self, *, author_id=None, containing=None) -> list[int]:
        return sorted(i for i, t in self.state.tips.items() if t.text and (
            author_id is None or t.source.author.user_id == author_id) and (
            containing is None or containing.lower() in (t.text + (t.previous_text or "")).lower()))


def _visible(tip: Tip, scope: Scope) -> bool:
    return readable(tip, scope)


class FakeUnitOfWork:
    def __init__(self, store: "FakeStore") -> None:
        self.store = store

    def __enter__(self) -> "FakeUnitOfWork":
        self.state = copy.deepcopy(self.store.committed)
        self.tips = FakeTipRepository(self.state)
        self.questions = FakeQuestionRepository(self.state)
        self.feedback = FakeFeedbackRepository(self.state)
        self.members = FakeMembershipRepository(self.state)
        self.inbox = FakeInbox(self.state)
        self.releases = FakeReleaseRepository(self.state)
        self.changes = FakeChangeLog(self.state)
        self.digest_runs = FakeDigestRuns(self.state)
        self.replies = FakeReplyLedger(self.state)
        self.search = FakeSearcher(self.state)
        self.embeddings = FakeEmbeddingRepository(self.state)
        self.erasure = FakeErasure(self.state)
        return self

    def __exit__(self, *exc: object) -> None:
        self.state = None

    def commit(self) -> None:
        self.store.committed = copy.deepcopy(self.state)
        self.store.commits += 1

    def compact(self, log_only: bool = False) -> list[str]:
        self.store.compactions += 1
        return ["compacted"]


class FakeStore:
    """Call it to get a unit of work; `committed` is what a real database would hold."""

    def __init__(self) -> None:
        self.committed = FakeState()
        self.commits = 0
        self.compactions = 0

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


MEANINGS = {"stuck": "frozen", "hangs": "frozen", "frozen": "frozen", "scanner": "scanner", "barcode": "scanner",
            "printer": "printer", "wristband": "wristband", "insulin": "insulin", "drip": "insulin", "label": "printer"}
CONCEPTS = sorted(set(MEANINGS.values()))


class ConceptEmbedder:
    """A stand-in sentence model: a text's vector counts the concepts its words carry (by MEANINGS)."""

    model = "concepts-v1"

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = np.zeros((len(texts), len(CONCEPTS) + 1), dtype=np.float32)
        for row, text in zip(rows, texts):
            row[-1] = 0.1  # every text is a little alike, as with a real model
            for word in re.findall(r"[a-z]+", text.lower()):
                if word in MEANINGS:
                    row[CONCEPTS.index(MEANINGS[word])] += 1
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
