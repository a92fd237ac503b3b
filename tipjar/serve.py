"""`tipjar serve` put together: the settings checked, then each platform set up connected and served, around
one bot, one inbox and its workers, in one `Service` (adapters/server.py runs it)."""
from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from adapters.dispatch import by_platform
from adapters.loopback import is_loopback
from adapters.metrics import Metrics, time_asks
from adapters.platform import Connection, Wiring
from adapters.registry import PLATFORMS, enabled
from adapters.server import Service
from bot.config import ConfigError, Settings
from bot.context import SystemClock
from bot.directory import MembershipDirectory, PlatformDirectories
from bot.embedders import limit_cpu_threads
from bot.service import Bot
from runtime.digest_schedule import DigestScheduler
from runtime.inbox import InboxWorker, RetryPolicy
from runtime.inbox_writer import InboxWriter
from store.db import UPGRADE_HINT, head_revision
from tipjar.bootstrap import Root

log = logging.getLogger(__name__)


def check_serve_settings(settings: Settings, host: str, socket_mode: bool) -> None:
    """Refuse, before anything starts, a configuration `tipjar serve` must not run with; warn of one it runs
    with only in part."""
    if settings.metrics.enabled and settings.metrics.require_token and settings.secrets.metrics_token is None:
        raise ConfigError("TIPJAR_METRICS_TOKEN is not set: app.yaml's metrics.require_token asks for a bearer "
                          "token on /metrics")
    for platform in enabled(settings, socket_mode=socket_mode):
        platform.check(settings, host, socket_mode=socket_mode)
    if not socket_mode and settings.metrics.enabled and settings.secrets.metrics_token is None and not is_loopback(host):
        # The bot itself still serves: only the scrape is refused, and its 403 says why.
        log.warning("TIPJAR_METRICS_TOKEN is not set and tipjar serve listens on %s: /metrics answers 403 until it "
                    "is set (README, \"Running in production\")", host)


def build_service(root: Root, *, socket_mode: bool = False) -> Service:
    settings = root.settings
    platforms = enabled(settings, socket_mode=socket_mode)
    if not platforms:
        hints = ", or ".join(platform.setup_hint for platform in PLATFORMS if platform.setup_hint)
        raise ConfigError(f"nothing to serve: {hints} (see README)")
    metrics = Metrics(root.records)
    limit_cpu_threads(settings.server.embedding_threads)
    connections = root.connect(metrics, socket_mode=socket_mode)
    bot = serving_bot(root, connections, metrics)
    digests = root.digest_sender(connections, bot.context.clock, metrics)
    processors: dict = {}
    worker = InboxWorker(root.runtime_units, SystemClock(), by_platform(processors),
                         lease=timedelta(seconds=settings.server.lease_seconds), retry=retry_policy(settings),
                         batch=settings.server.claim_batch, observer=metrics)
    writer = InboxWriter(root.runtime_units, worker.clock, worker.wake.set)
    worker.busy = bot.context.retriever.indexer.busy = writer.busy  # background work lets acknowledgements go first
    wiring = Wiring(settings, bot, root.records, digests, metrics, accept=lambda name: partial(writer.submit, name),
                    accept_now=lambda name: partial(writer.accept, name), socket_mode=socket_mode)
    served = {platform.name: platform.serve(connections[platform.name], wiring) for platform in platforms}
    processors.update({name: serving.process for name, serving in served.items()})
    return Service(bot, worker, root.records, DigestScheduler(digests), metrics, settings, served,
                   schema_head=head_revision(), upgrade_hint=UPGRADE_HINT)


def serving_bot(root: Root, connections: dict[str, Connection], metrics: Metrics) -> Bot:
    """The bot of `tipjar serve`: channel membership and digest members asked of each platform, store failures
    handed back to the inbox workers to retry, /ask timed."""
    directories = {name: c.directory for name, c in connections.items() if c.directory is not None}
    members = {name: c.members for name, c in connections.items() if c.members is not None}
    bot = root.build_bot(directory=PlatformDirectories(directories, MembershipDirectory(root.units)), members=members,
                         caller_retries=True)
    bot.use(time_asks(metrics))
    return bot


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(max_delay=timedelta(seconds=settings.server.retry_max_delay_seconds),
                       give_up_after=timedelta(hours=settings.server.give_up_after_hours))
