"""`tipjar export`, `tipjar import` and `tipjar digest`: the knowledge base in and out as files."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

import typer

from bot.commands import ImportTips
from bot.model import Tip, TipStatus, Visibility
from bot.ports import TipFilter
from bot.records import RecordError, record_to_tip, tip_to_record
from bot.replies import Imported
from bot.sharing import PublicSharing, tip_workspace, workspace_key
from bot.text import normal_tag
from tipjar.cli_workspace import parse_workspace, several

IMPORT_BATCH = 500
PROGRESS_FROM_BYTES = 1_000_000
digest_app = typer.Typer(help="Preview the trainers' digest.", no_args_is_help=True)


class ExportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    csv = "csv"
    jsonl = "jsonl"


class DigestFormat(str, Enum):
    markdown = "markdown"
    json = "json"


def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(
        ExportFormat.jsonl, "--format",
        help="jsonl: one JSON object per tip; markdown or html: a knowledge base grouped by tag; csv: a spreadsheet.",
    ),
    status: Optional[TipStatus] = typer.Option(None, help="Only tips in this review state."),
    tag: Optional[str] = typer.Option(None, help="Only tips with this tag."),
    out: Optional[Path] = typer.Option(None, help="Write to this file instead of standard output."),
    include_private: bool = typer.Option(
        False, "--include-private", help="Also private-channel tips in markdown, html and csv (jsonl always has them)."),
    workspace: Optional[str] = typer.Option(
        None, "--workspace", metavar="PLATFORM:ID",
        help="Only this workspace's tips (slack:T0123, teams:<tenant id>); markdown, html and csv also hold the "
             "public tips shared with it. Needed for those three when tips of several workspaces are stored."),
) -> None:
    """Print every live tip (deleted sources are never exported).

    The knowledge-base formats leave private-channel tips out unless asked, since they are meant to be shared,
    and hold one workspace's tips, since public means public within a workspace; jsonl is the complete backup
    and exchange format and marks each tip's visibility and workspace."""
    from digests.export import ExportFilter, render_csv, render_markdown
    from digests.export_html import render_html

    from tipjar.bootstrap import bootstrap
    bot = bootstrap(ctx.obj.settings()).bot
    wanted = normal_tag(tag) if tag else None
    named = parse_workspace(workspace) if workspace else None
    tips = bot.views.tips(TipFilter(status=status, tag=wanted))
    if fmt is ExportFormat.jsonl:
        tips = [tip for tip in tips if named is None or tip_workspace(tip) == workspace_key(*named)]
    else:
        tips = _knowledge_base(tips, named, include_private, bot.context.sharing)
    now, selection = bot.context.clock.now(), ExportFilter(status, wanted)
    rendered = {
        ExportFormat.jsonl: lambda: "".join(json.dumps(tip_to_record(tip), ensure_ascii=False) + "\n" for tip in tips),
        ExportFormat.markdown: lambda: render_markdown(tips, now, selection),
        ExportFormat.html: lambda: render_html(tips, now, selection),
        ExportFormat.csv: lambda: render_csv(tips),
    }[fmt]().encode("utf-8")
    _write(rendered, out, len(tips))


def _knowledge_base(tips: list[Tip], named: tuple[str, str] | None, include_private: bool,
                    sharing: PublicSharing) -> list[Tip]:
    """The tips one workspace's knowledge base may hold: never another workspace's, unless shared with it."""
    if named is None:
        kept = [tip for tip in tips if include_private or tip.visibility is Visibility.PUBLIC]
        homes = {(tip.source.ref.platform, tip.source.ref.workspace_id) for tip in kept}
        if len(homes) > 1:
            typer.echo(f"tipjar: tips of several workspaces are stored ({several(homes)}), and public tips are "
                       "public within their own: name one with --workspace PLATFORM:ID", err=True)
            raise typer.Exit(2)
        return kept
    own = workspace_key(*named)
    return [tip for tip in tips
            if sharing.public_in(tip, *named) or (include_private and tip_workspace(tip) == own)]


def _write(rendered: bytes, out: Optional[Path], count: int) -> None:
    """To standard output, or to `out` with one line on standard error; the bytes are the same either way."""
    if out is None:
        sys.stdout.buffer.write(rendered)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(rendered)
    except OSError as exc:
        typer.echo(f"tipjar: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"Wrote {count} tips to {out}", err=True)


def _records(handle: BinaryIO, bar: "_Progress", bad: list[str], max_chars: int) -> Iterator[Tip]:
    for number, raw in enumerate(handle, 1):
        bar.update(len(raw))
        if not raw.strip():
            continue
        try:
            tip = record_to_tip(json.loads(raw.decode("utf-8")))
            if len(tip.text) > max_chars:
                raise RecordError(f"text: {len(tip.text):,} characters, more than capture.max_text_chars ({max_chars:,})")
            yield tip
        except UnicodeDecodeError:
            bad.append(f"line {number}: not UTF-8 text")
        except json.JSONDecodeError as exc:
            bad.append(f"line {number}: not valid JSON ({exc.msg})")
        except RecordError as exc:
            bad.append(f"line {number}: {exc}")


def _batches(tips: Iterator[Tip], size: int) -> Iterator[tuple[Tip, ...]]:
    batch: list[Tip] = []
    for tip in tips:
        batch.append(tip)
        if len(batch) == size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


class _Progress:
    """No bar for small files; click's bar on standard error for large ones."""

    def __init__(self, size: int) -> None:
        self.bar = typer.progressbar(length=size, label="Importing", file=sys.stderr) if size >= PROGRESS_FROM_BYTES else None

    def __enter__(self) -> "_Progress":
        if self.bar:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.__exit__(*exc)

    def update(self, done: int) -> None:
        if self.bar:
            self.bar.update(done)


def import_file(
    ctx: typer.Context,
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="A .jsonl file as written by export."),
) -> None:
    """Load tips from a JSONL file. Good lines are imported; bad ones are reported by line number."""
    settings = ctx.obj.settings()
    from tipjar.bootstrap import bootstrap
    bot = bootstrap(settings).bot
    bad: list[str] = []
    created = merged = 0
    with path.open("rb") as handle, _Progress(path.stat().st_size) as bar:
        records = _records(handle, bar, bad, settings.capture.max_text_chars)
        for batch in _batches(records, IMPORT_BATCH):
            reply = bot.handle(ImportTips(batch))
            if not isinstance(reply, Imported):
                typer.echo(f"tipjar: {reply.message or reply} ({created} tips were imported before this)", err=True)
                raise typer.Exit(2)
            created, merged = created + reply.created, merged + reply.merged
    for problem in bad:
        typer.echo(problem, err=True)
    typer.echo(f"Imported {created} new tips; {merged} already stored; {len(bad)} bad lines skipped.")
    if bad:
        raise typer.Exit(1)


@digest_app.command("preview")
def digest_preview(
    ctx: typer.Context,
    name: Optional[str] = typer.Option(None, help="Which digest of app.yaml (default: the first)."),
    period: Optional[str] = typer.Option(None, help="ISO week such as 2026-W48 (default: the last complete week)."),
    fmt: DigestFormat = typer.Option(DigestFormat.markdown, "--format", help="markdown or json."),
    workspace: Optional[str] = typer.Option(
        None, "--workspace", help="The workspace (of the digest's platform) whose readers' digest to show: a Slack "
                                  "team id or Teams tenant id. Needed when tips of several workspaces are stored."),
) -> None:
    """Print a digest as it would be posted, without posting it."""
    from digests.period import Period

    from tipjar.bootstrap import bootstrap

    settings = ctx.obj.settings()
    root = bootstrap(settings)
    bot = root.bot
    config = settings.digest(name)
    now = bot.context.clock.now()
    try:
        chosen = Period.parse(period, config.tz) if period else Period.latest_complete(now, config.tz)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period")
    if workspace is None:
        known = bot.views.workspaces()
        if len(known) > 1:
            typer.echo(f"tipjar: tips of several workspaces are stored ({several(known)}), and a digest shows its "
                       "own workspace's: name one with --workspace", err=True)
            raise typer.Exit(2)
    dead = root.records.backlog().dead
    typer.echo(preview_text(bot, config, chosen, fmt, workspace, dead))


def preview_text(bot, config, period, fmt: DigestFormat = DigestFormat.markdown, workspace: str | None = None,
                 dead_events: int = 0) -> str:
    """The digest named by `config` for `period`, rendered (for `workspace`'s readers, when named);
    `dead_events`: how many inbox events were given up on."""
    from bot.text import display_text
    from digests.render import render_json, render_markdown

    digest = bot.views.digest(config, period, workspace=workspace, dead_events=dead_events)
    if fmt is DigestFormat.json:
        return json.dumps(render_json(digest, display_text), ensure_ascii=False, indent=2)
    return render_markdown(digest, display_text)
