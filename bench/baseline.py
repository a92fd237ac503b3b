"""An earlier Tipjar beside this one: a git revision exported to a scratch directory, and `tipjar serve` from it.

Benchmarks that take `--baseline REV` start the same server from that revision's code, on the same fakes and
the same kind of database, and measure both side by side in one run, so that a figure's change is the code's
and not the machine's. The revision must share this checkout's schema (its migrations end at the same head).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.slack.conftest import TipjarServer

PROJECT = Path(__file__).resolve().parents[1]
RUN_FROM_SOURCE = "import sys; sys.argv[0] = 'tipjar'; from tipjar.cli import main; main()"


def export_revision(revision: str, into: Path) -> Path:
    """The tree of `revision` (as `git archive` gives it) unpacked into `into` (made if missing)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


class ServerFrom(TipjarServer):
    """`tipjar serve` from the installed Tipjar, or from the checkout at `source`."""

    def __init__(self, workdir: Path, fake, settings: str, source: Path | None) -> None:
        super().__init__(workdir, fake, settings)
        self.source = source
        if source is not None:
            self.env["PYTHONPATH"] = str(source)

    def start(self) -> "ServerFrom":
        if self.source is None:
            return super().start()
        return self.launch([sys.executable, "-c", RUN_FROM_SOURCE, "serve", "--port", "0"], timeout=30)
