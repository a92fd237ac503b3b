"""build_bot(): the single place where the core is wired to a store, a clock and an answerer."""
from __future__ import annotations

from bot.ask import ExtractiveAnswerer
from bot.config import Settings
from bot.context import Context, SystemClock
from bot.ports import Answerer, Clock, UnitOfWorkFactory
from bot.service import Bot


def open_unit_of_work(settings: Settings) -> UnitOfWorkFactory:
    """The store named by TIPJAR_DATABASE_URL; the embedded SQLite default creates and upgrades itself."""
    from store.db import open_store
    from store.repository import unit_of_work_factory

    url = settings.secrets.database_url
    return unit_of_work_factory(open_store(url, auto_upgrade=url.startswith("sqlite")))


def build_bot(
    settings: Settings,
    *,
    uow: UnitOfWorkFactory | None = None,
    answerer: Answerer | None = None,
    clock: Clock | None = None,
) -> Bot:
    context = Context(
        uow=uow or open_unit_of_work(settings),
        clock=clock or SystemClock(),
        answerer=answerer or ExtractiveAnswerer(),
        capture=settings.capture,
        ask=settings.ask,
    )
    return Bot(context)
