"""bootstrap(): settings in, the wired bot out (and, for `tipjar serve`, the service around it). Every command
goes through it; build_bot() is the single place where the core is wired to a store, a clock, a retriever and
an answerer."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ask import ExtractiveAnswerer
from bot.config import Settings
from bot.context import Context, SystemClock
from bot.directory import MembershipDirectory
from bot.ports import Answerer, Clock, Directory, Members, UnitOfWorkFactory
from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen
from bot.retrieval import Retriever
from bot.service import Bot
from bot.sharing import PublicSharing
from bot.trainers import TrainerRule
from runtime.ports import RuntimeUnits
from store.db import PoolOptions, open_store
from store.repository import unit_of_work_factory
from store.runtime import runtime_units

if TYPE_CHECKING:
    from adapters.server import Service


def open_engine(settings: Settings):
    """The store named by TIPJAR_DATABASE_URL; the embedded SQLite default creates and upgrades itself."""
    url, database = settings.secrets.database_url, settings.database
    pool = PoolOptions(database.pool_size, database.max_overflow, database.statement_timeout_seconds)
    return open_store(url, auto_upgrade=url.startswith("sqlite"), pool=pool)


def open_unit_of_work(settings: Settings, engine=None) -> UnitOfWorkFactory:
    """Units of work on `engine`, or on the store of `settings`."""
    return unit_of_work_factory(engine or open_engine(settings))


def open_units(settings: Settings) -> tuple[UnitOfWorkFactory, RuntimeUnits]:
    """The core's and the runtime's units of work on one engine, on the store named by TIPJAR_DATABASE_URL."""
    engine = open_engine(settings)
    return open_unit_of_work(settings, engine), runtime_units(engine)


def openai_client_for(settings: Settings):
    """The openai client when OPENAI_API_KEY is set, else None."""
    if settings.secrets.openai_api_key is None:
        return None
    from bot.answering import openai_client

    return openai_client(settings.secrets, settings.llm.timeout_seconds)


def build_retriever(settings: Settings, client=None) -> Retriever:
    """Lexical search always; semantic too when app.yaml's `semantic` provider can be had."""
    from bot.embedders import build_embedder

    client = client or (openai_client_for(settings) if settings.semantic.provider == "openai" else None)
    return Retriever(settings.ask, build_embedder(settings.semantic.provider, settings.semantic.model, client,
                                                  settings.semantic.runtime))


def build_screen(settings: Settings) -> Screen:
    """The patient-data screen of app.yaml's `privacy` section."""
    privacy = settings.privacy
    return Screen(RuleDetector(privacy.record_patterns, privacy.not_names), privacy.patient_data)


def build_bot(
    settings: Settings,
    *,
    units: UnitOfWorkFactory | None = None,
    answerer: Answerer | None = None,
    clock: Clock | None = None,
    directory: Directory | None = None,
    retriever: Retriever | None = None,
    screen: Screen | None = None,
    members: Mapping[str, Members] | None = None,
    caller_retries: bool = False,
) -> Bot:
    """The bot on the store of `settings`, unless another unit of work is given; every part can be replaced.

    Without a `directory`, channel membership comes from what the store has recorded. `members` (by platform)
    says who is in a digest's channel for the trainer rule; without it only the digests' `trainers` lists name
    trainers, which is all the command line and the console need (their own commands are the operator's). With OPENAI_API_KEY set,
    answers are written by the configured model (falling back to the tips themselves). With `caller_retries`,
    a store failure is raised to the caller to try again later instead of answered with a notice.
    """
    units = units or open_unit_of_work(settings)
    client = openai_client_for(settings)
    if client is not None and answerer is None:
        from bot.answering import LlmAnswerer

        answerer = LlmAnswerer(client, settings.llm)
    context = Context(
        units=units,
        clock=clock or SystemClock(),
        answerer=answerer or ExtractiveAnswerer(),
        directory=directory or MembershipDirectory(units),
        capture=settings.capture,
        ask=settings.ask,
        retriever=retriever or build_retriever(settings, client),
        screen=screen or build_screen(settings),
        question_days=settings.privacy.question_days,
        sharing=PublicSharing(frozenset(settings.public_tips.shared_between)),
        trainers=TrainerRule(settings.digests, members),
    )
    return Bot(context, caller_retries=caller_retries)


@contextmanager
def scratch_bot(settings: Settings, retriever: Retriever) -> Iterator[Bot]:
    """A bot on a throwaway SQLite store, deleted on exit (`tipjar eval`)."""
    with tempfile.TemporaryDirectory(prefix="tipjar-eval-") as scratch:
        engine = open_store(f"sqlite:///{Path(scratch) / 'eval.db'}")
        try:
            yield build_bot(settings, units=unit_of_work_factory(engine), retriever=retriever)
        finally:
            engine.dispose()


@dataclass(frozen=True)
class Wired:
    bot: Bot
    service: Service | None = None
    """Only for `tipjar serve`: the platforms, the inbox and its workers around the bot."""


def bootstrap(settings: Settings, *, serve: bool = False, socket_mode: bool = False) -> Wired:
    """The bot of `settings`; with `serve`, the service around it, whose bot hands store failures back to the
    inbox workers to retry."""
    if not serve:
        return Wired(build_bot(settings))
    # Only `tipjar serve` loads the platform SDKs and the web server: every other command starts without them.
    from tipjar.serve import build_service

    service = build_service(settings, socket_mode=socket_mode)
    return Wired(service.bot, service)
