"""A new platform is one package and one line: the in-memory toy platform (tests/toy), added to the registry,
is served by the same `tipjar serve` code as Slack and Teams: its events go through the HTTP server, the
inbox and its workers to the bot; a capture and an /ask are answered, and its digest is posted by the
service's own digest sender."""
from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest
import uvicorn

from adapters.registry import PLATFORMS
from adapters.server import http_app
from digests.period import Period
from tests.toy.platform import Toy
from tipjar.bootstrap import bootstrap
from tipjar.serve import build_service, check_serve_settings
from tipjar.settings import load_settings

APP_YAML = """
semantic:
  provider: "off"
digests:
  - name: toy-weekly
    platform: toy
    channel: trainers
"""


@pytest.fixture
def toy():
    platform = Toy()
    PLATFORMS.append(platform)  # the one line that registers a platform (adapters/registry.py)
    yield platform
    PLATFORMS.remove(platform)


@pytest.fixture
def served(toy, tmp_path):
    (tmp_path / "app.yaml").write_text(APP_YAML)
    settings = load_settings(tmp_path / "app.yaml", {"TIPJAR_DATABASE_URL": f"sqlite:///{tmp_path / 'toy.db'}"})
    check_serve_settings(settings, "127.0.0.1", False)
    service = build_service(bootstrap(settings))
    service.start_workers(1)
    server = uvicorn.Server(uvicorn.Config(http_app(service, "127.0.0.1"), host="127.0.0.1", port=0, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not (server.started and server.servers) and time.monotonic() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield service, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    service.stop_workers()


def post(url: str, event: dict) -> int:
    request = urllib.request.Request(url + "/toy/events", json.dumps(event).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def told(toy: Toy, user: str, count: int = 1) -> list[str]:
    """What `user` was told, once they were told `count` things (the inbox works after the acknowledgement)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        words = [text for who, text in toy.chat.told if who == user]
        if len(words) >= count:
            return words
        toy.chat.heard.wait(0.05)
        toy.chat.heard.clear()
    raise AssertionError(f"{user} was told {toy.chat.told!r}, not {count} things")


def test_a_registered_toy_platform_captures_answers_and_gets_its_digest(toy, served):
    service, url = served
    text = "To unfreeze the wristband scanner, undock it for ten seconds and dock it again."
    assert post(url, {"kind": "message", "id": "m1", "channel": "go-live", "user": "dev", "text": text}) == 200
    assert post(url, {"kind": "react", "id": "r1", "message": "m1", "user": "maria"}) == 200
    assert told(toy, "maria") == ["saved tip #1"]

    assert post(url, {"kind": "ask", "id": "a1", "user": "sam", "text": "wristband scanner frozen"}) == 200
    assert told(toy, "sam") == [text]

    period = Period.containing(service.bot.context.clock.now(), "UTC")
    outcome = service.scheduler.sender.send("toy-weekly", period)
    assert outcome.startswith("toy-weekly") and "posted to trainers in 1 message(s)" in outcome
    ((channel, digest),) = toy.chat.digests
    assert channel == "trainers" and "undock it for ten seconds" in digest


def test_the_toy_platform_is_named_where_every_platform_is(toy, tmp_path):
    from adapters.access import AccessLog
    from tipjar.cli_workspace import parse_workspace

    assert parse_workspace("toy:toy-town") == ("toy", "toy-town")
    assert AccessLog(None, None).platform_of_path["/toy/events"] == "toy"
    (tmp_path / "app.yaml").write_text("digests:\n  - platform: toy\n")
    assert load_settings(tmp_path / "app.yaml", {}).digests[0].platform == "toy"
