"""The bare servers the acknowledgement benchmarks compare `tipjar serve` with. Each runs in a process of its
own on a port the system picks (port 0) and prints that port as its first line for the parent to read, so no
port is chosen, released and then hoped to be still free."""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable

from tests.e2e.slack.conftest import wait_until


def serve_on_any_port(app, **options) -> None:
    """In the bare server's process: bind a free port, print it, serve `app` on it (uvicorn `options`)."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, **options)
    listener = config.bind_socket()
    print(listener.getsockname()[1], flush=True)
    uvicorn.Server(config).run(sockets=[listener])


def start_bare(command: list[str], cwd: Path, answers: Callable[[int], bool], what: str) -> tuple[subprocess.Popen, int]:
    """Start a bare server's process; (the process, its port) once `answers(port)`."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline())
    wait_until(lambda: answers(port), timeout=20, what=what)
    return process, port
