"""`tipjar doctor`: every check a deployment needs before go-live, each ✓ or ✗ with the fix in one line; exit
status 0 only when all hold. The checks are tipjar/doctor_checks.py; here they are run in order (one that
fails unexpectedly is a ✗ too, never a traceback) and shown as text or JSON, with every secret's value blanked."""
from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer

from bot.config import ConfigError, Settings
from adapters.logs import blank
from tipjar.settings import DEFAULT_CONFIG_PATH, load_settings, secret_values

if TYPE_CHECKING:
    from tipjar.doctor_checks import Check


class Format(str, Enum):
    text = "text"
    json = "json"


def run_checks(config: Optional[Path], env: dict[str, str]) -> list[Check]:
    # Only doctor loads the platform SDKs: registering the command costs every other command nothing.
    from tipjar import doctor_checks
    from tipjar.doctor_checks import Check
    from adapters.slack.platform import slack_enabled
    from adapters.teams.platform import teams_enabled

    where = config or env.get("TIPJAR_CONFIG") or DEFAULT_CONFIG_PATH
    try:
        settings = load_settings(config, env)
    except ConfigError as exc:
        return [Check("settings", False, str(exc), "correct that setting (app.yaml's comments say what each takes)")]
    checks = [Check("settings", True, f"{where} is valid")]
    parts: list[Callable[[Settings], Check | list[Check]]] = [
        doctor_checks.secrets, doctor_checks.database, doctor_checks.model]
    if slack_enabled(settings):
        parts.append(doctor_checks.slack)
    if teams_enabled(settings):
        parts.append(doctor_checks.teams)
    parts += [doctor_checks.llm, doctor_checks.screen]
    for part in parts:
        checks += _run(part, settings)
    return checks


def _run(part: Callable[[Settings], Check | list[Check]], settings: Settings) -> list[Check]:
    from tipjar.doctor_checks import Check

    try:
        found = part(settings)
    except Exception as exc:  # noqa: BLE001 - a check that cannot run is itself a finding
        name = part.__name__.replace("_", " ")
        return [Check(name, False, f"could not be checked ({type(exc).__name__}: {exc})",
                      "mend what the message names, then run `tipjar doctor` again")]
    return [found] if isinstance(found, Check) else found


def as_text(checks: list[Check]) -> list[str]:
    lines = []
    for check in checks:
        lines.append(f"{'✓' if check.ok else '✗'} {check.name}: {check.detail}")
        if not check.ok and check.fix:
            lines.append(f"    fix: {check.fix}")
    failed = sum(not check.ok for check in checks)
    lines.append(f"All {len(checks)} checks hold." if not failed else f"{failed} of {len(checks)} checks fail.")
    return lines


def as_json(checks: list[Check]) -> str:
    return json.dumps({"ok": all(check.ok for check in checks),
                       "checks": [{"check": c.name, "ok": c.ok, "detail": c.detail, "fix": "" if c.ok else c.fix}
                                  for c in checks]}, ensure_ascii=False)


def doctor(
    ctx: typer.Context,
    output: Format = typer.Option(Format.text, "--format", help="text, or json for scripts."),
) -> None:
    """Check a deployment before go-live: app.yaml, secrets, database and schema, the model, Slack (token,
    scopes, digest channels), Teams (token, service hosts, digest channels), the LLM, the patient-data screen.
    Exit status 0 only when every check holds; never prints a secret."""
    env = dict(os.environ)
    checks = run_checks(ctx.obj.config, env)
    secrets = secret_values(env)
    if output is Format.json:
        typer.echo(blank(as_json(checks), secrets))
    else:
        for line in as_text(checks):
            typer.echo(blank(line, secrets))
    if not all(check.ok for check in checks):
        raise typer.Exit(1)
