"""The core (bot/, store/, digests/) and the runtime around it (runtime/) never import a chat platform's SDK,
the metrics library, nor the adapters that wrap one; the core never imports the runtime either.

The command line (bot/cli.py, bot/cli_teams.py for the Teams package, bot/cli_import_slack.py for Slack imports)
is the one entry point that starts adapters; it may import them, lazily. It (with `tipjar inbox` and the digest
preview, which read the inbox) may import the runtime.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ("bot", "store", "digests", "runtime")
SDKS = ("slack_bolt", "slack_sdk", "microsoft_agents", "botbuilder", "prometheus_client")
ENTRY_POINTS = {"bot/cli.py", "bot/cli_teams.py", "bot/cli_privacy.py", "bot/cli_import_slack.py"}
RUNTIME_READERS = ENTRY_POINTS | {"bot/cli_inbox.py", "bot/cli_exchange.py"}
"""Command-line modules that read the runtime's records (the inbox backlog)."""


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def core_files() -> list[Path]:
    return sorted(p for package in CORE for p in (ROOT / package).rglob("*.py"))


def test_there_is_core_code_to_check():
    assert len(core_files()) > 10


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_imports_no_platform_sdk(path):
    forbidden = SDKS if str(path.relative_to(ROOT)) in ENTRY_POINTS else SDKS + ("adapters",)
    bad = {m for m in imported_modules(path) if m.split(".")[0] in forbidden}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def bot_files() -> list[Path]:
    """The core's modules, less the command-line ones that read the runtime's records."""
    return sorted(p for p in (ROOT / "bot").rglob("*.py") if str(p.relative_to(ROOT)) not in RUNTIME_READERS)


@pytest.mark.parametrize("path", bot_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_does_not_import_the_runtime(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] == "runtime"}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_checker_catches_a_platform_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from slack_sdk.web import WebClient\nimport microsoft_agents.hosting\n")
    assert {m.split(".")[0] for m in imported_modules(sample)} == {"slack_sdk", "microsoft_agents"}
