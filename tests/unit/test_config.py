from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError
from tipjar.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(text)
    return path


def test_the_shipped_app_yaml_is_valid_and_matches_the_defaults():
    shipped = load_settings(ROOT / "app.yaml", {})
    assert shipped.capture.emojis == ["bulb", "pushpin", "bookmark"]
    assert shipped.digest().channel == "#trainers" and shipped.digest().schedule == "0 9 * * mon"


def test_no_app_yaml_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, {})
    assert settings.capture.confirm == "ephemeral" and settings.secrets.database_url == "sqlite:///tipjar.db"


def test_secrets_come_from_the_given_environment_and_never_print(tmp_path):
    settings = load_settings(write(tmp_path, ""), {"SLACK_BOT_TOKEN": "xoxb-secret", "TIPJAR_DATABASE_URL": "sqlite:///a.db"})
    assert settings.secrets.slack_bot_token.get_secret_value() == "xoxb-secret"
    assert "xoxb-secret" not in repr(settings) and settings.secrets.database_url == "sqlite:///a.db"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("capture:\n  emojis: 3\n", "capture.emojis: Input should be a valid list"),
        ("capture:\n  emoji: [bulb]\n", "capture.emoji: unknown setting"),
        ("digests:\n  - timezone: Mars/Base\n", "digests.0.timezone: Value error, unknown time zone 'Mars/Base'"),
        ("ask:\n  max_results: 0\n", "ask.max_results: Input should be greater than or equal to 1"),
        ("capture: [\n", "line 2: not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("secrets:\n  slack_bot_token: x\n", "secrets come from the environment only"),
        ("teams:\n  service_url_hosts: [https://x.example/teams]\n", "teams.service_url_hosts: Value error, "
         "'https://x.example/teams' is not a host name"),
    ],
)
def test_bad_config_is_one_clear_line_naming_the_key(tmp_path, text, expected):
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), {})
    message = str(caught.value)
    assert expected in message and "\n" not in message and message.startswith(str(tmp_path))


def test_an_explicit_config_path_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(None, {"TIPJAR_CONFIG": str(tmp_path / "nope.yaml")})


def test_unknown_digest_name_lists_the_configured_ones(tmp_path):
    settings = load_settings(write(tmp_path, ""), {})
    with pytest.raises(ConfigError, match="configured: weekly"):
        settings.digest("monthly")
