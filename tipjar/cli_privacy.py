"""`tipjar screen` (what the patient-data screen finds in a file of texts) and `tipjar purge` (erase from the
command line, and say what was erased where)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Iterator, Optional

import typer

from bot.commands import Purge
from bot.config import Settings
from bot.privacy.screen import Screen
from bot.replies import Erased, Notice


class ScreenInputError(ValueError):
    """One line of the input that is not {"id": ..., "text": "..."}; the message names the line."""


def screen_lines(lines: IO[bytes], screen: Screen) -> Iterator[dict | ScreenInputError]:
    """One result per non-blank line: {"id", "flagged", "kinds", "redacted"}, or the problem with that line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield ScreenInputError(f"line {number}: not a JSON object ({type(exc).__name__})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ScreenInputError(f'line {number}: expected {{"id": ..., "text": "..."}}')
            continue
        screened = screen(record["text"])
        yield {"id": record.get("id"), "flagged": screened.flagged, "kinds": list(screened.kinds),
               "redacted": screened.text}


def screen(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help='JSONL, one {"id": ..., "text": "..."} per line; - for standard input.'),
) -> None:
    """Screen texts for patient identifiers exactly as a capture would; print one JSON result per line."""
    settings: Settings = ctx.obj.settings()
    from tipjar.bootstrap import build_screen
    detector = build_screen(settings).detector  # the hospital's patterns, screened even when patient_data is off
    problems = 0
    with (sys.stdin.buffer if str(file) == "-" else _open(file)) as lines:
        for result in screen_lines(lines, Screen(detector, "redact")):
            if isinstance(result, ScreenInputError):
                problems += 1
                typer.echo(f"tipjar screen: {result}", err=True)
            else:
                typer.echo(json.dumps(result, ensure_ascii=False))
    if problems:
        raise typer.Exit(1)


def _open(file: Path) -> IO[bytes]:
    try:
        return file.open("rb")
    except OSError as exc:
        typer.echo(f"tipjar screen: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(2)


def purge(
    ctx: typer.Context,
    tip: Optional[int] = typer.Option(None, "--tip", help="Erase this tip."),
    user: Optional[str] = typer.Option(None, "--user", help="Erase every tip this person wrote and every question they asked."),
    match: Optional[str] = typer.Option(None, "--match", help="Erase every tip and question holding this text (any case)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be erased."),
) -> None:
    """Erase tips (and questions) everywhere Tipjar keeps or posted them, and print what was erased where."""
    from tipjar.purge import replace_posts

    from tipjar.bootstrap import bootstrap

    root = bootstrap(ctx.obj.settings())
    reply = root.bot.handle(Purge(tip, user, match, dry_run))
    if isinstance(reply, Notice):
        typer.echo(f"tipjar purge: {reply.text}", err=True)
        raise typer.Exit(2)
    assert isinstance(reply, Erased)
    if not reply.tip_ids:
        typer.echo("No stored tip matches: no tip text to erase.")
    for line in (*reply.done, *replace_posts(root, reply)):
        typer.echo(line)
