"""`tipjar serve` put together: the settings checked, then the platforms, the bot, the inbox and its workers
wired into one `Service` (adapters/server.py runs it)."""
from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from adapters.dispatch import by_platform
from adapters.loopback import is_loopback
from adapters.metrics import CountedPoster, Metrics, meter_bot
from adapters.server import Service
from adapters.slack.app import build_bolt_app
from adapters.slack.digest import SlackDigestPoster
from adapters.slack.platform import slack_enabled, slack_readiness, slack_web
from adapters.slack.process import SlackProcessor
from adapters.slack.recheck import ChannelPrivacyRecheck
from adapters.slack.web import SlackDirectory
from adapters.teams.app import teams_endpoint
from adapters.teams.bot_auth import BotAuth
from adapters.teams.connector import TeamsDirectory
from adapters.teams.curate import TeamsCuration, Trainers
from adapters.teams.digest import TeamsDigestPoster
from adapters.teams.platform import teams_connector, teams_enabled
from adapters.teams.process import TeamsProcessor
from adapters.teams.trust import listen_refusal, service_urls_for
from bot.config import ConfigError, Settings
from bot.context import SystemClock
from bot.directory import MembershipDirectory, PlatformDirectories
from bot.embedders import limit_cpu_threads
from runtime.digest_schedule import DigestScheduler
from runtime.digest_sender import DigestSender
from runtime.inbox import InboxWorker, RetryPolicy
from runtime.inbox_writer import InboxWriter
from runtime.records import Records
from tipjar.bootstrap import build_bot, open_units

log = logging.getLogger(__name__)


def check_serve_settings(settings: Settings, host: str, socket_mode: bool) -> None:
    """Refuse, before anything starts, a configuration `tipjar serve` must not run with; warn of one it runs
    with only in part."""
    if settings.metrics.enabled and settings.metrics.require_token and settings.secrets.metrics_token is None:
        raise ConfigError("TIPJAR_METRICS_TOKEN is not set: app.yaml's metrics.require_token asks for a bearer "
                          "token on /metrics")
    if not socket_mode and (refusal := listen_refusal(host, teams_enabled(settings), settings.secrets.microsoft_app_id)):
        raise ConfigError(refusal)
    if not socket_mode and settings.metrics.enabled and settings.secrets.metrics_token is None and not is_loopback(host):
        # The bot itself still serves: only the scrape is refused, and its 403 says why.
        log.warning("TIPJAR_METRICS_TOKEN is not set and tipjar serve listens on %s: /metrics answers 403 until it "
                    "is set (README, \"Running in production\")", host)
    if socket_mode and settings.secrets.slack_app_token is None:
        raise ConfigError("SLACK_APP_TOKEN is not set: Socket Mode needs the app-level token (xapp-…)")


def build_service(settings: Settings, *, socket_mode: bool = False) -> Service:
    slack_on, teams_on = slack_enabled(settings) or socket_mode, teams_enabled(settings)
    if not (slack_on or teams_on):
        raise ConfigError("nothing to serve: set SLACK_BOT_TOKEN for Slack, or MICROSOFT_APP_ID (or teams.enabled "
                          "in app.yaml) for Teams (see README)")
    secret = settings.secrets.slack_signing_secret
    if slack_on and not socket_mode and secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET is not set: Slack requests cannot be verified without it")
    units, runtime_units = open_units(settings)
    records = Records(runtime_units)
    metrics = Metrics(records)
    limit_cpu_threads(settings.server.embedding_threads)
    directories, posters, members = {}, {}, {}
    if slack_on:
        web = slack_web(settings, profile_seconds=settings.slack.profile_cache_seconds,
                        members_seconds=settings.slack.membership_cache_seconds)
        web.on_error = metrics.api_error("slack")
        directories["slack"], posters["slack"], members["slack"] = SlackDirectory(web), SlackDigestPoster(web), web
    if teams_on:
        connector = teams_connector(settings)
        connector.on_error = metrics.api_error("teams")
        teams_directory = members["teams"] = TeamsDirectory(connector, records, settings.teams.membership_cache_seconds)
        directories["teams"], posters["teams"] = teams_directory, TeamsDigestPoster(connector, records)
    bot = build_bot(settings, units=units, directory=PlatformDirectories(directories, MembershipDirectory(units)),
                    members=members, caller_retries=True)
    meter_bot(bot, metrics)
    counted = {platform: CountedPoster(poster, platform, metrics) for platform, poster in posters.items()}
    digests = DigestSender(units, records, bot.context.clock, settings, counted)
    processors = {}
    if slack_on:
        processors["slack"] = SlackProcessor(bot, web, settings, digests).handle
    if teams_on:
        curation = TeamsCuration(bot, Trainers(bot, records), digests)
        processors["teams"] = TeamsProcessor(bot, connector, settings, curation, teams_directory).handle
    lease = timedelta(seconds=settings.server.lease_seconds)
    worker = InboxWorker(runtime_units, SystemClock(), by_platform(processors), lease=lease, retry=retry_policy(settings),
                         batch=settings.server.claim_batch, observer=metrics)
    writer = InboxWriter(runtime_units, worker.clock, worker.wake.set)
    worker.busy = bot.context.retriever.indexer.busy = writer.busy  # background work lets acknowledgements go first
    # Every event is committed before its acknowledgement: over HTTP the endpoint awaits the write's future,
    # in Socket Mode (no endpoint of ours) the listener waits for it.
    slack_accept = partial(writer.accept if socket_mode else writer.submit, "slack")
    bolt = build_bolt_app(settings, web.client, slack_accept, socket_mode=socket_mode) if slack_on else None
    teams = None
    if teams_on:
        app_id = settings.secrets.microsoft_app_id
        auth = BotAuth(app_id) if app_id else None
        teams = teams_endpoint(settings, partial(writer.submit, "teams"), curation.trainers, auth, service_urls_for(settings))
    background, slack_ready = [], None
    if slack_on:
        slack_ready = slack_readiness(settings, web)
        slack_ready.first_attempt()  # a refused token stops the start here; Slack not answering does not
        recheck = ChannelPrivacyRecheck(bot, web, settings.slack.privacy_recheck_seconds)
        background = [slack_ready.run, lambda stop: slack_ready.wait(stop) and recheck.run(stop)]
    return Service(bolt, teams, bot, worker, records, secret.get_secret_value() if secret else "", DigestScheduler(digests),
                   metrics, settings, background, slack_ready=slack_ready)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(max_delay=timedelta(seconds=settings.server.retry_max_delay_seconds),
                       give_up_after=timedelta(hours=settings.server.give_up_after_hours))
