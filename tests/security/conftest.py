"""Servers for the attacks: `tipjar serve` for Teams with MICROSOFT_APP_ID set (every request needs a Bot
Connector token, signed by the local test keys), and the `tipjar` command on a database of its own."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.conftest import Tipjar
from tests.e2e.teams.conftest import TeamsServer
from tests.e2e.teams.serve_with_keys import guarded_server
from tests.e2e.teams.tokens import TestKeys

TEAMS_ON = "teams:\n  enabled: true\n"


@pytest.fixture(scope="package")
def keys() -> Iterator[TestKeys]:
    with TestKeys() as running:
        yield running


@pytest.fixture(scope="package")
def guarded(keys, tmp_path_factory) -> Iterator[TeamsServer]:
    running = guarded_server(keys.url, tmp_path_factory.mktemp("guarded"), TEAMS_ON).start()
    yield running
    running.stop()


@pytest.fixture
def tipjar(tmp_path) -> Tipjar:
    return Tipjar(tmp_path)
