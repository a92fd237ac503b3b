"""`tipjar inbox`: the backlog of accepted events, and what an operator may do with the dead ones."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

import typer

from runtime.model import InboxBacklog
from runtime.records import Records

inbox_app = typer.Typer(
    help="Events accepted from Slack and Teams: show the backlog, retry or drop dead ones.",
    invoke_without_command=True,
)


@inbox_app.callback()
def show(ctx: typer.Context) -> None:
    """Show waiting, retrying and dead events, the age of the oldest, and each dead event with its reason."""
    if ctx.invoked_subcommand is not None:
        return
    inbox = _records(ctx)
    backlog, dead = inbox.backlog(), inbox.dead()
    now = _now()
    typer.echo(backlog_line(backlog, now))
    for event in dead:
        typer.echo(f"  dead #{event.id}  {event.platform} {event.kind}  received {event.received_at:%Y-%m-%d %H:%M} UTC"
                   f"  {event.attempts} attempts  {event.reason}")
    if dead:
        typer.echo("Retry with `tipjar inbox retry --id N` (or --all-dead); erase with `tipjar inbox drop --id N`.")


@inbox_app.command()
def retry(
    ctx: typer.Context,
    item_id: Optional[int] = typer.Option(None, "--id", help="The dead event to process again."),
    all_dead: bool = typer.Option(False, "--all-dead", help="Process every dead event again."),
) -> None:
    """Put dead events back in line: `tipjar serve` processes them again as if just received."""
    if (item_id is None) == (not all_dead):
        raise typer.BadParameter("give either --id N or --all-dead")
    revived = _records(ctx).revive(item_id)
    if item_id is not None and not revived:
        typer.echo(f"No dead event #{item_id}: see `tipjar inbox`.", err=True)
        raise typer.Exit(1)
    typer.echo(f"{revived} dead event{'' if revived == 1 else 's'} put back in line.")


@inbox_app.command()
def drop(
    ctx: typer.Context,
    item_id: int = typer.Option(..., "--id", help="The dead event to give up on for good."),
) -> None:
    """Give up on a dead event for good: it is closed and its payload (the message it carried) erased."""
    dropped = _records(ctx).drop(item_id, _now())
    if not dropped:
        typer.echo(f"No dead event #{item_id}: see `tipjar inbox`.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Dead event #{item_id} dropped; its payload is erased.")


def _now() -> datetime:
    from bot.context import SystemClock  # the core's context brings retrieval and numpy: only when asked

    return SystemClock().now()


def _records(ctx: typer.Context) -> Records:
    from tipjar.bootstrap import bootstrap

    return bootstrap(ctx.obj.settings()).records


def backlog_line(backlog: InboxBacklog, now: datetime) -> str:
    line = f"{backlog.waiting} waiting, {backlog.retrying} retrying, {backlog.dead} dead"
    if backlog.oldest is not None:
        line += f"; oldest still to process arrived {_age(now - backlog.oldest)} ago"
    return line + "."


def _age(age: timedelta) -> str:
    seconds = max(int(age.total_seconds()), 0)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
