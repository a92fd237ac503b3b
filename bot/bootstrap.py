"""build_bot(): the single place where the core is wired to a store, a clock and an answerer."""
from __future__ import annotations

from bot.ask import ExtractiveAnswerer
from bot.config import Settings
from bot.context import Context, SystemClock
from bot.directory import MembershipDirectory
from bot.ports import Answerer, Clock, Directory, UnitOfWorkFactory
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
    directory: Directory | None = None,
) -> Bot:
    """The bot on the store of `settings`, unless another unit of work is given; every part can be replaced.

    Without a `directory`, channel membership comes from what the store has recorded.
    """
    uow = uow or open_unit_of_work(settings)
    context = Context(
        uow=uow,
        clock=clock or SystemClock(),
        answerer=answerer or ExtractiveAnswerer(),
        directory=directory or MembershipDirectory(uow),
        capture=settings.capture,
        ask=settings.ask,
    )
    return Bot(context)
