from __future__ import annotations

import pytest

from adapters.settings import Settings
from bot.model import Person, Source, SourceRef
from tests.unit.fakes import FakeStore, FixedClock
from tipjar.bootstrap import build_bot


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def bot(store, clock):
    return build_bot(Settings(), units=store, clock=clock)


def make_source(message_id: str = "1700000000.000100", channel: str = "C-GENERAL", author: str = "U-MARIA") -> Source:
    return Source(
        ref=SourceRef("slack", "T1", channel, message_id),
        author=Person(author, author.removeprefix("U-").title()),
        permalink=f"https://example.slack.com/archives/{channel}/p{message_id.replace('.', '')}",
    )
