"""Oversized bodies at POST /api/messages: what a 1 GB stream costs `tipjar serve`, with and without a token.

    python bench/teams_stream.py [--megabytes 1024] [--baseline REV]

`tipjar serve` for Teams runs with MICROSOFT_APP_ID set, so every request needs a Bot Connector token; its
signing keys come from a local key set (tests/e2e/teams/serve_with_keys.py: the real command, the key URL
aside). Each case streams the body over a raw socket, chunked or after a Content-Length header, with no
token, with a forged one (the right claims, signed by a key nobody published), and with a valid one (the
size limit alone). Printed per case: the answer, the seconds until it came, the MB the client had sent by
then and in all before the server hung up, and the server's peak memory growth: VmHWM from /proc before
and after, and VmRSS sampled every 5 ms. `--baseline REV` runs the same cases against the Tipjar of that
git revision (its keys are Microsoft's: it refuses the valid token too, once it has read the body).
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from bench.baseline import RUN_FROM_SOURCE, export_revision  # noqa: E402
from tests.e2e.teams.serve_with_keys import guarded_server  # noqa: E402
from tests.e2e.teams.tokens import TestKeys  # noqa: E402
from tests.security.streaming import MB, stream_post, zeros  # noqa: E402

TEAMS_ON = "teams:\n  enabled: true\n"


def memory(pid: int, field: str) -> int:
    """A /proc/<pid>/status memory figure (VmHWM: the peak resident set; VmRSS: the current one), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for process {pid}")


class RssSampler:
    """The highest VmRSS seen while the block runs, sampled every 5 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.highest, self._stop = pid, memory(pid, "VmRSS"), threading.Event()

    def __enter__(self) -> "RssSampler":
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.highest = max(self.highest, memory(self.pid, "VmRSS"))

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def cases(keys: TestKeys) -> list[tuple[str, dict[str, str]]]:
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return [("no token", {}), ("forged token", {"Authorization": f"Bearer {keys.token(key=stranger)}"}),
            ("valid token", {"Authorization": f"Bearer {keys.token()}"})]


def measure(name: str, server, keys: TestKeys, total: int) -> None:
    print(f"\n{name}: {total // MB:,} MB bodies")
    print(f"  {'case':<34} {'answer':>6} {'seconds':>8} {'MB sent by answer':>18} {'MB sent in all':>15} "
          f"{'VmHWM growth':>13} {'VmRSS peak growth':>18}")
    pid = server.process.pid
    for label, headers in cases(keys):
        for framing, length in (("chunked", None), ("Content-Length", total)):
            hwm_before, rss_before = memory(pid, "VmHWM"), memory(pid, "VmRSS")
            with RssSampler(pid) as sampler:
                answer = stream_post(server.port, "/api/messages", zeros(total), headers, length, timeout=600)
                time.sleep(0.2)  # what the server does after answering counts too
            print(f"  {label + ', ' + framing:<34} {answer.status or 'closed':>6} {answer.seconds:8.3f} "
                  f"{answer.sent_when_answered / MB:18.1f} {answer.sent_in_all / MB:15.1f} "
                  f"{(memory(pid, 'VmHWM') - hwm_before) / MB:10.1f} MB {(sampler.highest - rss_before) / MB:15.1f} MB")
    assert server.healthy()


def baseline_server(revision: str, scratch: Path, keys: TestKeys):
    source = export_revision(revision, scratch / "source")
    server = guarded_server(keys.url, scratch / "baseline", TEAMS_ON)
    server.env["PYTHONPATH"] = str(source)
    server.program = [sys.executable, "-c", RUN_FROM_SOURCE]
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=1024, help="the size of each body streamed")
    parser.add_argument("--baseline", help="also measure the Tipjar of this git revision (beware: one that reads "
                        "whole bodies needs about twice --megabytes of memory)")
    args = parser.parse_args()
    with TestKeys() as keys, tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "tipjar").mkdir()
        runs = [("tipjar serve", guarded_server(keys.url, Path(scratch) / "tipjar", TEAMS_ON))]
        if args.baseline:
            (Path(scratch) / "baseline").mkdir()
            runs.append((f"tipjar serve {args.baseline}", baseline_server(args.baseline, Path(scratch), keys)))
        for name, server in runs:
            try:
                measure(name, server.start(), keys, args.megabytes * MB)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
