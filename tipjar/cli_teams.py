"""`tipjar teams-package`: the Microsoft Teams app package (manifest and icons) for this deployment."""
from __future__ import annotations

from pathlib import Path

import typer

from bot.config import ConfigError


def teams_package(
    ctx: typer.Context,
    out: Path = typer.Option(Path("tipjar-teams.zip"), "--out", help="Where to write the zip."),
) -> None:
    """Build the Teams app package (manifest.json, color.png, outline.png) from app.yaml and MICROSOFT_APP_ID.

    Upload the zip in Teams (Apps, Manage your apps, Upload an app) or in the Teams admin center."""
    from adapters.teams.package import bot_endpoint, build_manifest, validate_manifest, write_package

    settings = ctx.obj.settings()
    app_id = (settings.secrets.microsoft_app_id or "").strip()
    if not app_id:
        raise ConfigError(
            "MICROSOFT_APP_ID is not set: the Teams app package needs the bot's Microsoft App ID "
            "(the Azure Bot's Application (client) ID)"
        )
    try:
        manifest = build_manifest(settings, app_id)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    problems = validate_manifest(manifest)
    if problems:
        raise ConfigError("the Teams manifest is not valid: " + "; ".join(problems))
    try:
        write_package(out, manifest)
    except OSError as exc:
        typer.echo(f"tipjar: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"Wrote {out} (manifest.json, color.png, outline.png)")
    typer.echo(f"App: {manifest['name']['short']} {manifest['version']}, Microsoft App ID {manifest['id']}")
    endpoint = bot_endpoint(settings)
    if endpoint:
        typer.echo(f"Bot endpoint: {endpoint} (the messaging endpoint of the Azure Bot resource)")
    else:
        typer.echo(
            "tipjar: warning: teams.public_url is not set in app.yaml, so the messaging endpoint "
            "(https://YOUR-HOST/api/messages) must be entered by hand in the Azure Bot resource",
            err=True,
        )
