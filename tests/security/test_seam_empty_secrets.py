"""An empty SLACK_SIGNING_SECRET (`SLACK_SIGNING_SECRET=` in an env file) is not a missing one to the platform
check: Slack.check refuses only `None`, so `tipjar serve` passes its settings check on a public address and only
later, while serving is being built, dies in slack_sdk's SignatureVerifier with a ValueError traceback instead
of the one-line refusal naming the setting."""
from __future__ import annotations

import pytest

from bot.config import ConfigError
from tipjar.serve import check_serve_settings
from tipjar.settings import load_settings


def empty_secret_settings(tmp_path):
    (tmp_path / "app.yaml").write_text("")
    return load_settings(tmp_path / "app.yaml", {"SLACK_BOT_TOKEN": "xoxb-seam", "SLACK_SIGNING_SECRET": ""})


def test_serve_refuses_an_empty_signing_secret_on_a_public_address(tmp_path):
    settings = empty_secret_settings(tmp_path)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        check_serve_settings(settings, "0.0.0.0", False)
