"""Import rate of `tipjar import-slack`: a workspace export built from the real Slack conversations.

    python bench/import_slack.py [--data PATH/messages.jsonl] [--limit N] [--every 7]

Builds the export (tests/fixtures/slack_export.py: every `every`-th message gets a 💡 from one to three
people), then runs the import twice in this process on a fresh SQLite file: the first run stores the flagged
messages, the second finds every one already stored (the idempotent path, as a re-run after a partial
import would). Prints messages read per second for each run and their ratio; nothing is asserted.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from typer.testing import CliRunner  # noqa: E402

from tests.fixtures.slack_export import DATA, export_from_slack_chats  # noqa: E402
from tipjar.cli import app  # noqa: E402


def _run(export: Path, db: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = CliRunner().invoke(app, ["import-slack", str(export), "--team", "T1"],
                              env={"TIPJAR_DATABASE_URL": f"sqlite:///{db}"})
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--every", type=int, default=7)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is absent: pass --data PATH/messages.jsonl")
    with tempfile.TemporaryDirectory(prefix="tipjar-import-") as scratch:
        export, db = Path(scratch) / "export.zip", Path(scratch) / "tipjar.db"
        started = time.perf_counter()
        counts = export_from_slack_chats(args.data, export, limit=args.limit, every=args.every)
        print(f"export: {counts['messages']:,} messages, {counts['flagged']:,} flagged, {counts['channels']} channels, "
              f"{export.stat().st_size / 1e6:.1f} MB zip, built in {time.perf_counter() - started:.1f} s")
        first, said = _run(export, db)
        print(f"first import:  {first:6.1f} s  {counts['messages'] / first:8,.0f} messages/s  | {said}")
        second, said = _run(export, db)
        print(f"second import: {second:6.1f} s  {counts['messages'] / second:8,.0f} messages/s  | {said}")
        print(f"ratio second/first: {second / first:.2f}")


if __name__ == "__main__":
    main()
