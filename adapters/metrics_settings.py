"""The metrics' part of the settings: app.yaml's `metrics` section and TIPJAR_METRICS_TOKEN (adapters/settings.py
adds both to Tipjar's settings; adapters/metrics.py serves GET /metrics by them)."""
from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

from bot.config import Section


class MetricsSettings(Section):
    enabled: bool = True
    require_token: bool = False


class MetricsSecrets(BaseModel):
    metrics_token: SecretStr | None = Field(None, alias="TIPJAR_METRICS_TOKEN")
