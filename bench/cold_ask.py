"""A one-shot `tipjar ask` from a cold start: a new process each time, on the demo database, the model's graph
already built. Prints min/median/max of each step's wall time, and the load average around the run.

    python bench/cold_ask.py [--runs 7] [--baseline 6a934e3] [--question "my barcode reader is stuck"]

Steps, each its own new process: `python -c pass` (the interpreter), `import tipjar.cli` (the command line's
imports), `tipjar --help`, and `tipjar ask QUESTION`. With `--baseline REV`, that revision's tree (exported
with `git archive`) runs from source beside this checkout, round by round, so both meet the same load; both
run on the same installed libraries and the same graph cache, each on a copy of one demo database. The first
ask of each side is not counted: it builds the graph into the cache when missing. Figures are printed, never
asserted.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bench/ holds a store.py of its own: put the project, not bench/, first on the path so `store` is the package.
PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from bench.baseline import RUN_FROM_SOURCE, export_revision  # noqa: E402

STEPS = {
    "interpreter": ["-c", "pass"],
    "import tipjar.cli": ["-c", "import tipjar.cli"],
    "tipjar --help": ["-c", RUN_FROM_SOURCE, "--help"],
    "tipjar ask": ["-c", RUN_FROM_SOURCE, "ask"],
}


class Side:
    """One Tipjar (this checkout or an exported revision) and its own copy of the demo database."""

    def __init__(self, name: str, source: Path, database: Path, cache: Path, workdir: Path) -> None:
        self.name, self.workdir = name, workdir
        self.env = {**os.environ, "PYTHONPATH": str(source), "TIPJAR_CACHE_DIR": str(cache),
                    "TIPJAR_DATABASE_URL": f"sqlite:///{database}"}
        self.env.pop("TIPJAR_CONFIG", None)
        self.times: dict[str, list[float]] = {step: [] for step in STEPS}
        self.cpu: dict[str, list[float]] = {step: [] for step in STEPS}

    def run(self, step: str, question: str) -> None:
        argv = [sys.executable, *STEPS[step], *([question] if step == "tipjar ask" else [])]
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        done = subprocess.run(argv, cwd=self.workdir, env=self.env, capture_output=True, text=True)
        elapsed, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: {' '.join(argv[1:3])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        if step == "tipjar ask" and "1." not in done.stdout:
            raise SystemExit(f"{self.name}: tipjar ask found no tip:\n{done.stdout}")
        self.times[step].append(elapsed)
        self.cpu[step].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def demo_database(scratch: Path, cache: Path) -> Path:
    """The demo's database, made by this checkout's `tipjar demo --db` (which builds the graph into `cache`)."""
    database = scratch / "demo.db"
    subprocess.run([sys.executable, "-c", RUN_FROM_SOURCE, "demo", "--db", str(database)], cwd=scratch,
                   env={**os.environ, "PYTHONPATH": str(PROJECT), "TIPJAR_CACHE_DIR": str(cache)},
                   check=True, capture_output=True)
    return database


def _with_onnx_stand_in(source: Path) -> Path:
    """Revisions before the hand-written protobuf use the built graph only when the `onnx` package is installed,
    though they import it only to build one. This checkout does not install it, so an exported baseline gets an
    empty module of that name beside its code: the graph is already in the shared cache, so it is never run."""
    if importlib.util.find_spec("onnx") is None:
        (source / "onnx").mkdir(exist_ok=True)
        (source / "onnx" / "__init__.py").write_text('raise ImportError("a stand-in: the graph is already built")\n')
    return source


def sides(scratch: Path, baseline: str | None) -> list[Side]:
    cache = scratch / "cache"
    database = demo_database(scratch, cache)
    sources = [("this checkout", PROJECT)]
    if baseline:
        sources.append((f"baseline {baseline}", _with_onnx_stand_in(export_revision(baseline, scratch / "baseline"))))
    made = []
    for index, (name, source) in enumerate(sources):
        copy = scratch / f"demo-{index}.db"
        with sqlite3.connect(database) as original, sqlite3.connect(copy) as duplicate:
            original.backup(duplicate)  # with what is still in the write-ahead log, which a file copy misses
        workdir = scratch / f"cwd-{index}"  # no app.yaml here: the defaults, as after `make demo`
        workdir.mkdir()
        made.append(Side(name, source, copy, cache, workdir))
    return made


def report(all_sides: list[Side], measure: str) -> None:
    print(f"{measure:<20}" + "".join(f"{side.name:>36}" for side in all_sides))
    for step in STEPS:
        columns = [getattr(side, "times" if measure == "wall time" else "cpu")[step] for side in all_sides]
        cells = [f"{min(v):.2f} / {statistics.median(v):.2f} / {max(v):.2f} s" for v in columns]
        ratio = f"   median ratio {statistics.median(columns[0]) / statistics.median(columns[1]):.2f}" if len(columns) == 2 else ""
        print(f"{step:<20}" + "".join(f"{cell:>36}" for cell in cells) + ratio)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", help="a git revision to run beside this checkout, e.g. 6a934e3")
    parser.add_argument("--question", default="my barcode reader is stuck")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipjar-cold-ask-") as scratch:
        all_sides = sides(Path(scratch), args.baseline)
        for side in all_sides:
            side.run("tipjar ask", args.question)  # builds the graph into the cache if missing; not counted
            side.times["tipjar ask"].clear(), side.cpu["tipjar ask"].clear()
        print(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
        for _ in range(args.runs):
            for step in STEPS:
                for side in all_sides:
                    side.run(step, args.question)
        print(f"load average after:  {Path('/proc/loadavg').read_text().strip()}")
        report(all_sides, "wall time")
        report(all_sides, "CPU time")  # user + system, all threads: less swayed by other jobs than wall time
        print("(min / median / max of each step, a new process each time)")


if __name__ == "__main__":
    main()
