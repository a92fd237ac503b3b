"""GET /metrics is not open to the network: without TIPJAR_METRICS_TOKEN it answers only this machine, and
only when `tipjar serve` listens on loopback; no X-Forwarded-For makes a remote client look local; and the
compose file publishes the replicas' ports on loopback only.

Each `tipjar serve` here is a real process (Slack against a fake Web API) asked over HTTP.
"""
from __future__ import annotations

import http.client
import socket
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from tests.e2e.slack.conftest import SETTINGS, TipjarServer
from tests.e2e.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-exposure-token"
SPOOFED = {"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1", "Forwarded": "for=127.0.0.1"}


def lan_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.123", 9))  # no packet is sent: this only picks the outgoing interface
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class ListeningServer(TipjarServer):
    """`tipjar serve --host HOST`, asked at `ask_at` (a loopback address, or this machine's LAN address)."""

    def __init__(self, workdir, fake, host: str, ask_at: str, env: dict | None = None) -> None:
        super().__init__(workdir, fake, SETTINGS, env=env)
        self.host, self.ask_at = host, ask_at

    @property
    def url(self) -> str:
        return f"http://{self.ask_at}:{self.port}"

    def start(self) -> "ListeningServer":
        return self.launch([*self.program, "serve", "--host", self.host, "--port", "0"])

    def get(self, path: str, headers: dict | None = None) -> tuple[int, str]:
        return get(self.ask_at, self.port, path, headers)


def get(address: str, port: int, path: str, headers: dict | None = None) -> tuple[int, str]:
    """GET over a connection to `address`: the server sees this machine's own address as the client's."""
    connection = http.client.HTTPConnection(address, port, timeout=15)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        yield running


@pytest.fixture(scope="module")
def start(fake, tmp_path_factory):
    servers = []

    def started(host: str, ask_at: str, env: dict | None = None) -> ListeningServer:
        server = ListeningServer(tmp_path_factory.mktemp("metrics"), fake, host, ask_at, env).start()
        servers.append(server)
        return server

    yield started
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def every_interface(start) -> ListeningServer:
    """Listening on 0.0.0.0 without a token, trusting every proxy as far as uvicorn's setting goes."""
    return start("0.0.0.0", "127.0.0.1", env={"FORWARDED_ALLOW_IPS": "*"})


def refused_without_metrics(status: int, body: str) -> bool:
    return status == 403 and "TIPJAR_METRICS_TOKEN" in body and "tipjar_" not in body


def test_listening_beyond_loopback_without_a_token_refuses_metrics(every_interface):
    status, body = every_interface.get("/metrics")
    assert refused_without_metrics(status, body), (status, body[:200])
    assert "0.0.0.0" in body
    assert every_interface.get("/healthz") == (200, '{"status":"ok"}')  # probes and the bot itself still serve
    warned = [line for line in every_interface.log().splitlines() if "TIPJAR_METRICS_TOKEN is not set" in line]
    assert warned and "/metrics answers 403" in warned[0]


def test_a_remote_client_is_not_trusted_by_its_forwarded_headers(every_interface):
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no address beyond loopback")
    status, body = get(address, every_interface.port, "/metrics", SPOOFED)
    assert refused_without_metrics(status, body), (status, body[:200])


def test_listening_on_a_lan_address_needs_the_token(start):
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no address beyond loopback")
    bare = start(address, address)
    assert refused_without_metrics(*bare.get("/metrics", SPOOFED))
    with_token = start(address, address, env={"TIPJAR_METRICS_TOKEN": TOKEN})
    status, body = with_token.get("/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200 and "tipjar_requests_total" in body
    assert with_token.get("/metrics", SPOOFED)[0] == 401


def test_every_interface_with_the_token_serves_metrics_to_its_bearer(start):
    server = start("0.0.0.0", "127.0.0.1", env={"TIPJAR_METRICS_TOKEN": TOKEN})
    status, body = server.get("/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200 and "tipjar_requests_total" in body
    assert server.get("/metrics")[0] == 401
    assert "TIPJAR_METRICS_TOKEN is not set" not in server.log()


def test_on_loopback_metrics_go_without_a_token_to_this_machine_but_not_through_a_proxy(start):
    server = start("127.0.0.1", "127.0.0.1")
    status, body = server.get("/metrics")
    assert status == 200 and "tipjar_requests_total" in body
    for name, value in {**SPOOFED, "X-Forwarded-For": "203.0.113.7"}.items():
        status, body = server.get("/metrics", {name: value})
        assert refused_without_metrics(status, body), (name, status, body[:200])
    assert "TIPJAR_METRICS_TOKEN is not set" not in server.log()


def published_ports() -> list[tuple[str, object]]:
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    return [(name, port) for name, service in compose["services"].items() for port in service.get("ports", [])]


def host_ip(port: object) -> str | None:
    """The host address a compose port mapping publishes on (None: every interface)."""
    if isinstance(port, dict):
        return port.get("host_ip")
    parts = str(port).rsplit(":", 2)
    return parts[0].strip("[]") if len(parts) == 3 else None


def test_compose_publishes_the_replicas_on_loopback_only():
    ports = published_ports()
    assert ports, "deploy/compose.yaml publishes no port: the reverse proxy has nothing to reach"
    for name, port in ports:
        assert host_ip(port) in ("127.0.0.1", "::1"), f"{name} publishes {port!r} beyond this machine"
