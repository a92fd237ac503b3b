"""Slack's part of the settings: app.yaml's `slack` section and Slack's secrets from the environment
(adapters/settings.py adds both to Tipjar's settings)."""
from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

from bot.config import Section


class SlackSettings(Section):
    trainers_channel: str = ""
    membership_cache_seconds: int = Field(60, ge=0, le=3600)
    profile_cache_seconds: int = Field(3600, ge=0, le=86_400)
    privacy_recheck_seconds: int = Field(3600, ge=1, le=3600)


class SlackSecrets(BaseModel):
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str | None = Field(None, alias="SLACK_API_URL")
