"""The container image holds only what it is built from: no operator's secrets, no database files.

Docker is not needed: the Dockerfile's COPY and ADD instructions and the .dockerignore are read, and the
build's copy is played on a scratch copy of this repository with secrets and databases planted in it, where
operators put them (deploy/.env beside the compose file, a SQLite database and its -wal and -shm files at
any depth).
"""
from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tests.security.dockerfile_copy import context_files, copied, copy_sources

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("adapters", "bot", "digests", "runtime", "store", "tipjar")
IMAGE_NEEDS = frozenset({"pyproject.toml", "README.md", "deploy/install.sh", "app.yaml", *PACKAGES})
"""What the image is built from: the packages and what building and installing them reads (README.md is
pyproject.toml's readme), the install script, and the default settings."""
PLANTED = ("deploy/.env", ".env", "tipjar.db", "tipjar.db-wal", "x/y.db-wal", "x/y.db-shm", "store/tipjar.db",
           "bot/.env", "adapters/slack/local.db-wal", "tipjar/cache.db-shm", "deploy/.env.local", "digests/.env",
           "runtime/scratch.sqlite3", "secrets/key.pem")
NOT_COPIED = (".venv", ".git", ".hypothesis", ".pytest_cache", "__pycache__", "*.egg-info")


def test_every_copy_names_a_path_the_image_needs():
    copies = [copy for copy in copy_sources((ROOT / "Dockerfile").read_text()) if copy.from_stage is None]
    assert copies, "the Dockerfile copies nothing from the build context"
    for copy in copies:
        for source in copy.sources:
            plain = source.strip("/").removeprefix("./")
            assert plain not in ("", "."), f"{copy.instruction} {source}: the whole build context"
            assert not any(char in source for char in "*?["), f"{copy.instruction} {source}: a pattern"
            assert "://" not in source, f"{copy.instruction} {source}: a download"
            assert plain in IMAGE_NEEDS, f"{copy.instruction} {source} is not among what the image needs"


@pytest.fixture
def planted_tree(tmp_path) -> Path:
    """This repository as an operator's checkout: its files, with secrets and databases beside them."""
    tree = tmp_path / "checkout"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    for path in PLANTED:
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        (tree / path).write_text("TIPJAR_METRICS_TOKEN=planted-secret\n")
    return tree


def build_copy(tree: Path) -> set[str]:
    """Every context file that the Dockerfile's COPY and ADD instructions take into the image."""
    context = context_files(tree, (tree / ".dockerignore").read_text())
    taken = set()
    for copy in copy_sources((tree / "Dockerfile").read_text()):
        if copy.from_stage is None:
            for source in copy.sources:
                taken |= copied(source, context)
    return taken


def test_no_planted_secret_or_database_reaches_the_image(planted_tree):
    taken = build_copy(planted_tree)
    reached = sorted(path for path in PLANTED if path in taken)
    assert not reached, f"these reach the image: {reached}"
    assert not [path for path in taken if path.endswith((".db", ".db-wal", ".db-shm")) or "/.env" in f"/{path}"]
    context = context_files(planted_tree, (planted_tree / ".dockerignore").read_text())
    assert not [path for path in PLANTED if path in context], "the build context itself holds a planted file"


def what_the_install_reads() -> set[str]:
    """The packages' modules and their package data (pyproject.toml), and what the build and the install
    script read beside them."""
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    needed = {"pyproject.toml", "README.md", "deploy/install.sh", "app.yaml"}
    for package in PACKAGES:
        needed |= {path.relative_to(ROOT).as_posix() for path in (ROOT / package).rglob("*.py")
                   if "__pycache__" not in path.parts}
    for package, patterns in package_data.items():
        needed |= {path.relative_to(ROOT).as_posix() for pattern in patterns for path in (ROOT / package).glob(pattern)}
    return needed


def test_the_image_gets_what_its_install_reads_and_nothing_else(planted_tree):
    taken, needed = build_copy(planted_tree), what_the_install_reads()
    assert not sorted(needed - taken), f"the image would lack: {sorted(needed - taken)}"
    assert not sorted(taken - needed), f"the image would get more than it needs: {sorted(taken - needed)}"
