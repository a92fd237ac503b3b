"""`tipjar serve` as a real process, against a fake Slack Web API, driven with signed requests."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from bot.ports import TipFilter
from store.db import open_store
from store.repository import unit_of_work_factory
from store.runtime import runtime_units
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient

SECRET = "test-signing-secret"
SETTINGS = """\
digests:
  - name: weekly
    channel: C-TRAINERS
slack:
  trainers_channel: C-TRAINERS
"""
TIPJAR = str(Path(sys.executable).with_name("tipjar"))
LISTENING = re.compile(r"running on https?://\S+?:(\d+)")
"""The line uvicorn logs once `tipjar serve --port 0` has bound its port, naming the port."""


def wait_until(check: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def workspace(fake: FakeSlack) -> None:
    """St Mary's: a public go-live channel, a private pharmacy group, and the people in them."""
    for user, name, real in (("U-MARIA", "maria", "Maria Lopez"), ("U-DEV", "dev", "Dev Patel"),
                             ("U-SAM", "sam", "Sam Okafor"), ("U-PRIYA", "priya", "Priya Nair"),
                             ("U-JO", "jo", "Jo Brennan")):
        fake.add_user(user, name, real)
    fake.add_user("U-ROBOT", "pagerbot", "Pager Bot", is_bot=True)
    fake.add_channel("C-GOLIVE", "emr-go-live", members=("U-MARIA", "U-DEV", "U-SAM", "U-JO", "U-ROBOT"))
    fake.add_channel("G-PHARM", "pharmacy-informatics", private=True, members=("U-PRIYA", "U-SAM"))
    fake.add_channel("C-TRAINERS", "trainers", members=("U-JO",))


class TipjarServer:
    def __init__(self, workdir: Path, fake: FakeSlack | None, settings_yaml: str = "", env: dict | None = None) -> None:
        """`tipjar serve` for Slack (with `fake`), for Teams (with teams settings or env), or for both."""
        self.workdir, self.port = workdir, 0  # the port it binds, once started
        self.database_url = f"sqlite:///{workdir / 'tipjar.db'}"
        (workdir / "app.yaml").write_text(settings_yaml)
        platform_vars = ("TIPJAR_", "SLACK_", "OPENAI_", "MICROSOFT_APP_")
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith(platform_vars)},
                    "TIPJAR_DATABASE_URL": self.database_url, **(env or {})}
        if fake is not None:
            self.env.update({"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET,
                             "SLACK_API_URL": fake.url + "/api/"})
        self.process: subprocess.Popen | None = None
        self._engine = None
        self.program = [TIPJAR]  # the command that starts `serve`

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "TipjarServer":
        return self.launch([*self.program, "serve", "--port", "0"])

    def launch(self, command: list[str], timeout: float = 20) -> "TipjarServer":
        """Run `command`, a `tipjar serve` on port 0; read the port it bound from its log; wait until it answers."""
        log_path = self.workdir / "serve.log"
        earlier = log_path.stat().st_size if log_path.exists() else 0  # a restart appends to the same log
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            self.port = int(wait_until(lambda: self._bound_port(earlier), timeout, f"tipjar serve to listen (log: {log_path})"))
            wait_until(self.healthy, timeout=timeout, what=f"tipjar serve on {self.url} (log: {log_path})")
        except BaseException:
            self.kill()  # a server that did not come up is not left running past its test
            raise
        return self

    def _bound_port(self, earlier: int) -> str | None:
        assert self.process is not None and self.process.poll() is None, self.log()
        found = LISTENING.search((self.workdir / "serve.log").read_bytes()[earlier:].decode(errors="replace"))
        return found.group(1) if found else None

    def healthy(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log()
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    def kill(self) -> None:
        """A crash: no shutdown, no cleanup."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._engine is not None:
            self._engine.dispose()

    def log(self) -> str:
        return (self.workdir / "serve.log").read_text(errors="replace")

    def units(self):
        """Opens the domain's units of work on the server's database."""
        return unit_of_work_factory(self._opened())

    def runtime(self):
        """Opens the runtime's units of work (inbox, digest runs, conversations, posts) on the server's database."""
        return runtime_units(self._opened())

    def _opened(self):
        if self._engine is None:
            self._engine = open_store(self.database_url)
        return self._engine

    def tip(self, channel: str, ts: str):
        from bot.model import SourceRef

        with self.units()() as uow:
            return uow.tips.get_by_source(SourceRef("slack", "T1", channel, ts))

    def tips(self) -> list:
        with self.units()() as uow:
            return uow.tips.list(TipFilter())

    def wait_for_tip(self, channel: str, ts: str, check: Callable = lambda tip: True, timeout: float = 10.0):
        return wait_until(lambda: (tip := self.tip(channel, ts)) is not None and check(tip) and tip,
                          timeout, f"tip for {channel}/{ts}")

    def drained(self) -> bool:
        with self.runtime()() as uow:
            return uow.inbox.pending() == 0

    def command(self, *args: str) -> list[str]:
        return [TIPJAR, *args]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Another `tipjar` command against the same database and settings."""
        return subprocess.run([TIPJAR, *args], cwd=self.workdir, env=self.env, capture_output=True, text=True,
                              timeout=120, check=check)

    def export(self) -> list[dict]:
        done = subprocess.run([TIPJAR, "export", "--format", "jsonl"], cwd=self.workdir, env=self.env,
                              capture_output=True, text=True, timeout=60, check=True)
        return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        yield running


@pytest.fixture(scope="module")
def server(fake, tmp_path_factory) -> Iterator[TipjarServer]:
    running = TipjarServer(tmp_path_factory.mktemp("serve"), fake, SETTINGS).start()
    yield running
    running.stop()


@pytest.fixture
def slack(server) -> SlackClient:
    return SlackClient(server.url, SECRET)


@pytest.fixture(autouse=True)
def clean_slate(fake):
    """The fake Slack serves the whole module; each test sees only the calls it caused and no failure left
    over from another test."""
    fake.reset_failures()
    fake.forget_calls()
    yield
    fake.reset_failures()
