"""SqlRuntimeUnitOfWork: the runtime's records (runtime.ports) in one transaction, on the session class the
domain's unit of work uses (store.repository.SessionUnit)."""
from __future__ import annotations

from functools import partial
from typing import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from store.conversations import SqlConversationBook, SqlPostLog
from store.curation import SqlDigestRuns
from store.inbox import SqlInbox
from store.replies import SqlReplyLedger
from store.repository import SessionUnit


class SqlRuntimeUnitOfWork(SessionUnit):
    """The inbox, the digest runs, the conversations the bot may post to, the posts it made and the replies
    posted while processing each inbox event."""

    def __enter__(self) -> SqlRuntimeUnitOfWork:
        session = self._open()
        self.inbox = SqlInbox(session)
        self.digest_runs = SqlDigestRuns(session)
        self.conversations = SqlConversationBook(session)
        self.posts = SqlPostLog(session)
        self.replies = SqlReplyLedger(session)
        return self


def runtime_units(engine: Engine) -> Callable[[], SqlRuntimeUnitOfWork]:
    """A zero-argument callable that makes a fresh SqlRuntimeUnitOfWork on `engine` each time."""
    return partial(SqlRuntimeUnitOfWork, sessionmaker(engine, expire_on_commit=False))
