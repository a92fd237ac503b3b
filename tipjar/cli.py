"""The `tipjar` command line. Each command loads settings, wires the bot with bootstrap() and acts."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bot.commands import Ask
from bot.config import ConfigError, Settings
from bot.model import Viewer
from bot.replies import Answer, Reply
from tipjar.cli_ask import evaluate, reindex
from tipjar.cli_exchange import digest_app, export, import_file
from tipjar.cli_import_slack import backfill, import_slack
from tipjar.cli_inbox import inbox_app
from tipjar.cli_privacy import purge, screen
from tipjar.cli_teams import teams_package
from tipjar.doctor import doctor
from tipjar.settings import load_settings, secret_values

app = typer.Typer(
    help="Tipjar: capture the tips people share in chat, answer questions from them, curate them weekly.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(digest_app, name="digest")
app.add_typer(inbox_app, name="inbox")
app.command()(export)
app.command("import")(import_file)
app.command("eval")(evaluate)
app.command()(reindex)
app.command("teams-package")(teams_package)
app.command("import-slack")(import_slack)
app.command()(backfill)
app.command("screen")(screen)
app.command()(purge)
app.command()(doctor)


@dataclass
class Options:
    config: Optional[Path]

    def settings(self) -> Settings:
        return load_settings(self.config, os.environ)


@app.callback()
def options(
    ctx: typer.Context,
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (default: $TIPJAR_CONFIG or ./app.yaml)."),
) -> None:
    ctx.obj = Options(config)


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


@app.command()
def chat(
    ctx: typer.Context,
    user: Optional[str] = typer.Option(None, "--as", help="Who you are (default: console.user in app.yaml)."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Channel to start in (default: console.channel)."),
) -> None:
    """A terminal chat with Tipjar listening: post, react, /tip, /ask. Type /help inside."""
    from adapters.console.chat import ConsoleChat

    settings = ctx.obj.settings()
    from tipjar.bootstrap import bootstrap
    bot = bootstrap(settings).bot
    console = ConsoleChat(
        bot, bot.context.clock, workspace=settings.console.workspace, user=user or settings.console.user,
        channel=(channel or settings.console.channel).lstrip("#"), capture_emojis=settings.capture.emojis, out=typer.echo,
    )
    interactive = sys.stdin.isatty()
    if interactive:
        typer.echo("Tipjar terminal chat. Type /help for commands, /quit to leave.")
    console.run(sys.stdin, prompt=(lambda p: typer.echo(p, nl=False)) if interactive else None)


@app.command()
def demo(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(None, help="Keep the demo database at this path (default: a temporary file)."),
) -> None:
    """Play a scripted EMR go-live conversation on a fresh SQLite file and show what Tipjar made of it."""
    from tipjar.demo import run_demo

    run_demo(ctx.obj.settings(), db, out=typer.echo)


def answer_json(reply: Answer) -> dict:
    from bot.text import display_text

    return {
        "answer": reply.text,
        "sources": [
            {"id": s.tip.id, "score": round(s.score, 6), "text": display_text(s.tip.text), "permalink": s.tip.source.permalink}
            for s in reply.sources
        ],
    }


@app.command()
def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="The question, in quotes."),
    as_user: str = typer.Option("", "--as-user", help="Answer as this user: they also see private tips of their channels."),
    platform: Optional[str] = typer.Option(None, help="Platform of the workspace: slack, teams or console."),
    workspace: Optional[str] = typer.Option(
        None, help="Workspace asked in: a Slack team id, a Teams tenant id or a console name (default: the one "
                   "workspace whose tips are stored, else console.workspace; refused when there are several)."),
    output: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text, or json for scripts."),
    limit: Optional[int] = typer.Option(None, min=1, max=100, help="Most tips to return (default: ask.max_results)."),
) -> None:
    """Ask Tipjar a question, as /ask does in chat, in one workspace. Without --as-user only the public tips of
    that workspace (and those shared with it) are searched."""
    from adapters.console.render import render
    from tipjar.cli_workspace import ask_workspace

    settings = ctx.obj.settings()
    from tipjar.bootstrap import bootstrap
    bot = bootstrap(settings).bot
    viewer = Viewer(*ask_workspace(bot, platform, workspace, settings.console.workspace), as_user)
    reply: Reply = bot.handle(Ask(viewer, question, limit))
    if output is TextOrJson.json and isinstance(reply, Answer):
        typer.echo(json.dumps(answer_json(reply), ensure_ascii=False))
        return
    for line in render(reply):
        typer.echo(line)
    if not isinstance(reply, Answer):
        raise typer.Exit(2)


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(3000, min=0, max=65535, help="Port for POST /slack/events, POST /api/messages (Teams), GET /healthz, /readyz and /metrics (0: any free port, named in the log's \"running on\" line)."),
    socket: bool = typer.Option(False, "--socket", help="Slack Socket Mode instead of HTTP (needs SLACK_APP_TOKEN)."),
) -> None:
    """Run the Slack and/or Teams app: HTTP endpoints (or Slack Socket Mode) and the workers behind them."""
    from adapters.logs import configure_logging
    from adapters.server import run_http, run_socket_mode
    from tipjar.bootstrap import bootstrap
    from tipjar.serve import build_service, check_serve_settings

    settings = ctx.obj.settings()
    configure_logging(settings.logging.format, settings.logging.level, secret_values(os.environ))
    check_serve_settings(settings, host, socket)
    service = build_service(bootstrap(settings), socket_mode=socket)
    service.start_workers(settings.server.workers)
    try:
        if socket:
            run_socket_mode(service)
        else:
            run_http(service, host, port)
    finally:
        service.stop_workers()


@digest_app.command("send")
def digest_send(
    ctx: typer.Context,
    name: Optional[str] = typer.Option(None, help="Which digest of app.yaml (default: the first)."),
    period: Optional[str] = typer.Option(None, help="ISO week such as 2026-W48 (default: the last complete week)."),
) -> None:
    """Post a digest now, unless it was already sent for that period (each digest goes out once per period)."""
    from digests.period import Period
    from runtime.digest_sender import DigestNotSent
    from tipjar.bootstrap import bootstrap

    settings = ctx.obj.settings()
    config = settings.digest(name)
    try:
        chosen = Period.parse(period, config.tz) if period else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period")
    try:
        root = bootstrap(settings)
        typer.echo(root.digest_sender(root.connect()).send(config.name, chosen))
    except DigestNotSent as exc:
        typer.echo(f"tipjar: {exc}", err=True)
        raise typer.Exit(1)


@app.command()
def release(
    ctx: typer.Context,
    name: str = typer.Argument(..., help='The release, e.g. "EMR 2.3".'),
    date: Optional[datetime] = typer.Option(None, formats=["%Y-%m-%d"], help="When it went live (default: now), YYYY-MM-DD."),
) -> None:
    """Record a release of the system people work in: tips captured before it come up for re-checking."""
    from adapters.console.render import render
    from bot.commands import RecordRelease
    from bot.operator import Operator

    settings = ctx.obj.settings()
    when = date.replace(tzinfo=settings.digest().tz) if date else None
    from tipjar.bootstrap import bootstrap
    reply = bootstrap(settings).bot.handle(RecordRelease(name, "cli", when, at=Operator("command line")))
    for line in render(reply):
        typer.echo(line)


@app.command()
def scheduler(ctx: typer.Context) -> None:
    """Run only the digest schedule (when `tipjar serve` runs elsewhere, or several replicas share the work)."""
    import threading

    from adapters.logs import configure_logging
    from runtime.digest_schedule import DigestScheduler
    from tipjar.bootstrap import bootstrap

    settings = ctx.obj.settings()
    configure_logging(settings.logging.format, settings.logging.level, secret_values(os.environ))
    root = bootstrap(settings)
    running = DigestScheduler(root.digest_sender(root.connect()))
    running.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        running.stop()


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create or upgrade the schema of the database at $TIPJAR_DATABASE_URL (needed once for PostgreSQL)."""
    from store.db import make_engine, upgrade

    settings = ctx.obj.settings()
    upgrade(make_engine(settings.secrets.database_url))
    typer.echo("Database schema is up to date.")


def _warnings_without_secrets() -> None:
    """One-shot commands print a library's warnings on stderr as Python would (the message alone), with every
    secret's value blanked: an LLM gateway's error may quote the key. `tipjar serve` sets up its own log."""
    import logging

    from adapters.logs import Redacting

    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(Redacting(logging.Formatter("%(message)s"), secret_values(os.environ)))
    logging.getLogger().addHandler(handler)


def _told_in_one_line(exc: Exception) -> bool:
    """A settings or store error is told as one line. The store's module is looked up, not imported: a command
    that never loaded it (`tipjar --help`) cannot have raised its error, and need not pay for its imports."""
    store = sys.modules.get("store.db")
    return isinstance(exc, ConfigError) or (store is not None and isinstance(exc, store.StoreError))


def main() -> None:
    _warnings_without_secrets()
    try:
        app()
    except Exception as exc:
        if not _told_in_one_line(exc):
            raise
        from adapters.logs import blank

        typer.echo(blank(f"tipjar: {exc}", secret_values(os.environ)), err=True)
        raise SystemExit(2)
