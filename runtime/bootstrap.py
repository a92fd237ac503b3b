"""The store as both units of work on one engine: the core's (bot.ports.UnitOfWork) and the runtime's."""
from __future__ import annotations

from bot.bootstrap import open_engine, open_unit_of_work
from bot.config import Settings
from bot.ports import UnitOfWorkFactory
from runtime.ports import RuntimeUnits


def open_units(settings: Settings) -> tuple[UnitOfWorkFactory, RuntimeUnits]:
    """The core's and the runtime's units of work on the store named by TIPJAR_DATABASE_URL."""
    from store.runtime import runtime_units

    engine = open_engine(settings)
    return open_unit_of_work(settings, engine), runtime_units(engine)
