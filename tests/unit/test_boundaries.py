"""The import rules of docs/architecture.md, as import-linter contracts in pyproject.toml, checked on every test run.

The command line and composition root (tipjar/) sits over the adapters, which sit over the digests and the
store, which sit over the runtime's records (runtime/), which sit over the core (bot/); none of the four below
the adapters imports a platform SDK or the metrics library; each platform's adapter stands alone and none
imports the operator (bot.operator); no adapter imports the store.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", LINT_IMPORTS, "--no-cache", *arguments]
    return subprocess.run(command, cwd=cwd, env={**os.environ, "PYTHONPATH": str(cwd)}, capture_output=True, text=True)


def test_every_import_contract_is_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def _package(root: Path, dotted: str, source: str = "") -> None:
    folder = root.joinpath(*dotted.split("."))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text(source)


def test_the_contracts_catch_a_core_module_importing_a_platform_sdk_or_a_higher_layer(tmp_path):
    for name in ("tipjar", "adapters", "adapters.slack", "adapters.teams", "adapters.console", "digests", "store",
                 "runtime"):
        _package(tmp_path, name)
    _package(tmp_path, "bot", "import slack_sdk\n")
    (tmp_path / "store" / "reads.py").write_text("from tipjar import bootstrap\n")
    (tmp_path / "adapters" / "teams" / "render.py").write_text("from adapters.slack import blockkit\n")
    (tmp_path / "bot" / "operator.py").write_text("")
    (tmp_path / "adapters" / "slack" / "curate.py").write_text("from bot.operator import Operator\n")
    (tmp_path / "adapters" / "slack" / "web.py").write_text("import store\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())

    result = lint_imports(cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 5 broken" in result.stdout
    assert "bot is not allowed to import slack_sdk" in result.stdout
    assert "store is not allowed to import tipjar" in result.stdout
    assert "adapters.teams is not allowed to import adapters.slack" in result.stdout
    assert "adapters.slack is not allowed to import bot.operator" in result.stdout
    assert "adapters is not allowed to import store" in result.stdout
