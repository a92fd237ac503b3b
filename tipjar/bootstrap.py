"""bootstrap(): settings in, the composition root out (Root: the store, the bot, the platforms' connections, the
digest sender). Every command goes through it; build_bot() is the single place where the core is wired to a
store, a clock, a retriever and an answerer. `tipjar serve` builds its service on a Root (tipjar/serve.py)."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.platform import Connection
from adapters.registry import enabled
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
from runtime.digest_sender import DigestSender
from runtime.records import Records
from store.db import PoolOptions, open_store
from store.repository import unit_of_work_factory
from store.runtime import runtime_units

if TYPE_CHECKING:
    from adapters.metrics import Metrics


def open_engine(settings: Settings):
    """The store named by TIPJAR_DATABASE_URL; the embedded SQLite default creates and upgrades itself."""
    url, database = settings.secrets.database_url, settings.database
    pool = PoolOptions(database.pool_size, database.max_overflow, database.statement_timeout_seconds)
    return open_store(url, auto_upgrade=url.startswith("sqlite"), pool=pool)


def open_unit_of_work(settings: Settings, engine=None) -> UnitOfWorkFactory:
    """Units of work on `engine`, or on the store of `settings`."""
    return unit_of_work_factory(engine or open_engine(settings))


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
    sharing: PublicSharing | None = None,
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
        sharing=sharing or PublicSharing(frozenset(settings.public_tips.shared_between)),
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


class Root:
    """The one composition root: the store's engine, the core's and the runtime's units of work on it, the runtime
    records and the public-sharing rule, each made once per process; the bot, the platforms' connections and the
    digest sender are made from them. Every command starts here (`bootstrap`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = open_engine(settings)
        self.units = unit_of_work_factory(self.engine)
        self.runtime_units = runtime_units(self.engine)
        self.records = Records(self.runtime_units)
        self.sharing = PublicSharing(frozenset(settings.public_tips.shared_between))

    @cached_property
    def bot(self) -> Bot:
        """The bot of a one-shot command: channel membership from what the store recorded."""
        return self.build_bot()

    def build_bot(self, **parts) -> Bot:
        """The bot on this root's store and sharing rule; `parts` as build_bot takes them."""
        return build_bot(self.settings, units=self.units, sharing=self.sharing, **parts)

    def connect(self, metrics: Metrics | None = None, *, socket_mode: bool = False) -> dict[str, Connection]:
        """Every platform set up in the settings, connected (its clients made once), by name."""
        return {platform.name: platform.connect(self.settings, self.records, metrics)
                for platform in enabled(self.settings, socket_mode=socket_mode)}

    def digest_sender(self, connections: Mapping[str, Connection], clock: Clock | None = None,
                      metrics: Metrics | None = None) -> DigestSender:
        """Posting through each connected platform; with `metrics`, each digest posted is counted."""
        posters = {name: connection.poster for name, connection in connections.items()}
        if metrics is not None:
            from adapters.metrics import CountedPoster

            posters = {name: CountedPoster(poster, name, metrics) for name, poster in posters.items()}
        return DigestSender(self.units, self.records, clock or SystemClock(), self.settings, posters, sharing=self.sharing)


def bootstrap(settings: Settings) -> Root:
    """The composition root of `settings`: every command's way to the bot, the platforms and the digests."""
    return Root(settings)
