"""`metrics.require_token: true` with `TIPJAR_METRICS_TOKEN=` (set, but empty): the start-up check refuses only
a token that is absent (`None`), and the /metrics endpoint reads the empty token as no token at all, so the
scrape is served without any Authorization header (loopback rule) although app.yaml made the token compulsory."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.testclient import TestClient

from adapters.metrics import Metrics
from adapters.server import http_app
from bot.config import ConfigError
from tipjar.serve import check_serve_settings
from tipjar.settings import load_settings


def required_but_empty(tmp_path):
    (tmp_path / "app.yaml").write_text("metrics:\n  require_token: true\n")
    return load_settings(tmp_path / "app.yaml", {"SLACK_BOT_TOKEN": "xoxb-seam", "SLACK_SIGNING_SECRET": "seam",
                                                 "TIPJAR_METRICS_TOKEN": ""})


def test_serve_refuses_an_empty_token_when_one_is_required(tmp_path):
    with pytest.raises(ConfigError, match="TIPJAR_METRICS_TOKEN"):
        check_serve_settings(required_but_empty(tmp_path), "127.0.0.1", False)


def test_metrics_without_authorization_is_refused_when_a_token_is_required(tmp_path):
    settings = required_but_empty(tmp_path)
    service = SimpleNamespace(settings=settings, platforms={}, metrics=Metrics(None))
    with TestClient(http_app(service, "127.0.0.1"), client=("127.0.0.1", 40000)) as client:
        scraped = client.get("/metrics")
    assert scraped.status_code in (401, 403), (scraped.status_code, scraped.text[:200])
