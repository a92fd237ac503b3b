from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.e2e.chat_backend import ChatBackend, settings_in

TIPJAR = str(Path(sys.executable).with_name("tipjar"))


class Tipjar:
    """Runs the installed `tipjar` command against its own SQLite file and settings."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("TIPJAR_", "SLACK_", "OPENAI_"))}
        self.env["TIPJAR_DATABASE_URL"] = f"sqlite:///{workdir / 'tipjar.db'}"

    def __call__(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [TIPJAR, *args], input=input, capture_output=True, text=True, cwd=self.workdir, env=self.env, timeout=120,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tipjar {' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def chat(self, typed: str) -> str:
        """`tipjar chat` fed `typed`, run in this process on the same database and settings: what it printed."""
        with ChatBackend(settings_in(self.workdir, self.env)) as chat:
            return chat.transcript(typed)


@pytest.fixture
def tipjar(tmp_path) -> Tipjar:
    return Tipjar(tmp_path)


@pytest.fixture
def chat(tipjar) -> Iterator[ChatBackend]:
    """`tipjar chat` in this process, on the `tipjar` fixture's database: push_message, then pop_message."""
    with ChatBackend(settings_in(tipjar.workdir, tipjar.env)) as backend:
        yield backend
