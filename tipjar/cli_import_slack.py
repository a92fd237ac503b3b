"""`tipjar import-slack EXPORT.zip`: the tips people flagged in Slack before Tipjar arrived."""
from __future__ import annotations

import sys
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from bot.commands import ImportTips
from bot.model import Tip
from bot.replies import Imported
from tipjar.cli_exchange import IMPORT_BATCH

if TYPE_CHECKING:  # the bot's wiring is imported by the commands that build one
    from bot.service import Bot


def _since(value: Optional[str]) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date such as 2026-10-01", param_hint="--since") from None


def _import(bot: Bot, batch: list[Tip], totals: list[int]) -> None:
    if not batch:
        return
    reply = bot.handle(ImportTips(tuple(batch)))
    if not isinstance(reply, Imported):
        typer.echo(f"tipjar: {reply.message or reply} ({totals[0]} tips were imported before this)", err=True)
        raise typer.Exit(2)
    totals[0] += reply.created
    totals[1] += reply.merged
    batch.clear()


def import_slack(
    ctx: typer.Context,
    export: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The workspace export zip."),
    channels: Optional[str] = typer.Option(None, "--channels", help="Only these channels, by name: a,b."),
    since: Optional[str] = typer.Option(None, "--since", help="Only days from this date on (2026-10-01)."),
    team: str = typer.Option("", "--team", help="The workspace's team id (T0123…): tips then match live captures."),
    url: str = typer.Option("", "--url", help="The workspace address (https://stmarys.slack.com) for message links."),
) -> None:
    """Import a Slack workspace export: messages with a capture-emoji reaction become tips (run it again: nothing doubles)."""
    from rich.progress import Progress

    from adapters.slack.export_reader import SlackExport

    settings = ctx.obj.settings()
    wanted = frozenset(c.strip().lstrip("#") for c in channels.split(",") if c.strip()) if channels else None
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(export)
    except (zipfile.BadZipFile, OSError) as exc:
        typer.echo(f"tipjar: {export} is not a readable zip ({exc})", err=True)
        raise typer.Exit(2)
    from tipjar.bootstrap import bootstrap
    bot, totals, batch, started = bootstrap(settings).bot, [0, 0], [], time.perf_counter()
    with archive:
        reader = SlackExport(archive, team or "slack-export", url, frozenset(settings.capture.emojis), problems.append)
        files = reader.day_files(wanted, _since(since))
        with Progress(transient=True, console=None, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task("Importing", total=len(files))
            for day_file in files:
                batch.extend(reader.tips(day_file))
                if len(batch) >= IMPORT_BATCH:
                    _import(bot, batch, totals)
                progress.advance(task)
            _import(bot, batch, totals)
    for problem in problems:
        typer.echo(problem, err=True)
    seconds = max(time.perf_counter() - started, 1e-9)
    typer.echo(f"Read {reader.messages_read:,} messages in {len(files):,} day files ({reader.messages_read / seconds:,.0f}/s): "
               f"{totals[0]} new tips; {totals[1]} already stored; {len(problems)} files skipped.")
    if problems:
        raise typer.Exit(1)


def backfill(
    ctx: typer.Context,
    channel: str = typer.Option(..., "--channel", help="The channel's id (C0123…); Tipjar must be a member."),
    days: int = typer.Option(30, "--days", min=1, max=3650, help="How far back to read."),
) -> None:
    """Import the flagged messages of one channel's last DAYS days from the Slack Web API (nothing doubles)."""
    from adapters.slack.backfill import history_tips, since_days
    from bot.config import ConfigError
    from bot.ports import PermanentFailure
    from adapters.slack.platform import slack_web

    settings = ctx.obj.settings()
    token = settings.secrets.slack_bot_token
    if token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: backfill reads the channel through the Slack Web API")
    web = slack_web(settings)
    from tipjar.bootstrap import bootstrap
    bot, totals, batch, seen = bootstrap(settings).bot, [0, 0], [], [0]
    try:
        team = str(web.call("auth.test").get("team_id") or "")
        since = since_days(bot.context.clock.now(), days)
        for tip in history_tips(web, channel, team, frozenset(settings.capture.emojis), since, seen):
            batch.append(tip)
            if len(batch) >= IMPORT_BATCH:
                _import(bot, batch, totals)
        _import(bot, batch, totals)
    except PermanentFailure as exc:
        _import(bot, batch, totals)
        typer.echo(f"tipjar: Slack refused to read {channel} ({exc}); {totals[0]} tips were imported before this. "
                   "Invite @tipjar to the channel and check the app's history scopes.", err=True)
        raise typer.Exit(2)
    typer.echo(f"Read {seen[0]:,} messages of {channel} from the last {days} days: "
               f"{totals[0]} new tips; {totals[1]} already stored.")
