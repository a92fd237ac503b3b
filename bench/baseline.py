"""An earlier Tipjar beside this one: a git revision exported to a scratch directory, and `tipjar serve` from it.

Benchmarks that take `--baseline REV` start the same server from that revision's code, on the same fakes and
the same kind of database, and measure both side by side in one run, so that a figure's change is the code's
and not the machine's. Each server has a database of its own, upgraded by its own migrations.
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

    def _opened(self):
        """The benchmark's own look-ups (its inbox drained, its tips) read an earlier Tipjar's database as it
        is, without asking for this checkout's schema head: those tables are read the same way in both."""
        if self.source is None or self._engine is not None:
            return super()._opened()
        from store.db import make_engine

        self._engine = make_engine(self.database_url)
        return self._engine

    def upgrade_database(self) -> None:
        """Bring a PostgreSQL database to this Tipjar's schema head (SQLite upgrades itself on start)."""
        if not self.database_url.startswith("sqlite"):
            subprocess.run([sys.executable, "-c", RUN_FROM_SOURCE, "db", "upgrade"], cwd=self.workdir, env=self.env,
                           check=True, capture_output=True)
