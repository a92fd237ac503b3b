"""Which workspace a `tipjar ask` or `tipjar export` speaks for: public tips are public within one workspace."""
from __future__ import annotations

from typing import Optional

import typer

from adapters.registry import platform_names
from bot.sharing import workspace_key


def _refuse(message: str) -> None:
    typer.echo(f"tipjar: {message}", err=True)
    raise typer.Exit(2)


def parse_workspace(value: str) -> tuple[str, str]:
    """PLATFORM:ID, as `public_tips.shared_between` writes it."""
    platform, _, workspace_id = value.strip().partition(":")
    if platform not in platform_names() or not workspace_id:
        _refuse(f"--workspace {value!r}: write PLATFORM:ID, e.g. slack:T0123, teams:<tenant id> or console:console")
    return platform, workspace_id


def several(known: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> str:
    return ", ".join(sorted(workspace_key(*workspace) for workspace in known))


def ask_workspace(bot, platform: Optional[str], workspace: Optional[str], console_workspace: str) -> tuple[str, str]:
    """The named workspace; else the only one holding tips (of `platform`, when named); refused when several do."""
    if workspace:
        return platform or "console", workspace
    known = {w for w in bot.views.workspaces() if platform in (None, w[0])}
    if len(known) > 1:
        _refuse(f"tips of several workspaces are stored ({several(known)}), and public tips are public within "
                "their own: name one with --platform and --workspace")
    return next(iter(known), (platform or "console", console_workspace))
