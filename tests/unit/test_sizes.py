"""Modules of one job stay under 300 lines and functions under 50 (docs/architecture.md): a module or function
past them is doing more than one thing and is split along its jobs. Tests and migrations aside."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "adapters", "store", "runtime", "digests", "tipjar")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50


def modules() -> list[Path]:
    found = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    return [path for path in found if "migrations" not in path.relative_to(ROOT).parts]


def too_long(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    name = str(path.relative_to(ROOT))
    lines = source.count("\n")
    found = [f"{name}: {lines} lines"] if lines > MAX_MODULE_LINES else []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_no_module_over_300_lines_and_no_function_over_50():
    assert len(modules()) > 100  # the packages were found
    assert [problem for path in modules() for problem in too_long(path)] == []


def test_the_measure_catches_a_long_module_and_a_long_function(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text("def long():\n" + body + "\n" * MAX_MODULE_LINES)
    assert too_long(tmp_path / "long.py") == [f"long.py: {MAX_MODULE_LINES + MAX_FUNCTION_LINES + 1} lines",
                                              f"long.py:1 long: {MAX_FUNCTION_LINES + 1} lines"]
