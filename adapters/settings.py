"""Tipjar's settings as a whole: the core's sections and secrets (bot/config.py) with each registered platform's
section and secrets beside it, and the metrics'. Composed once, from adapters/registry.py's list; app.yaml's
keys and the environment's names are those of docs/architecture.md's contract, wherever their shapes live."""
from __future__ import annotations

from pydantic import BaseModel, Field, create_model

from adapters.metrics_settings import MetricsSecrets, MetricsSettings
from adapters.registry import PLATFORMS
from bot import config


def _sections() -> dict[str, type[BaseModel]]:
    sections = {name: model for platform in PLATFORMS if (section := platform.section) for name, model in [section]}
    return {**sections, "metrics": MetricsSettings}


def _secrets() -> type[config.Secrets]:
    parts = [platform.secrets for platform in PLATFORMS if platform.secrets is not None]
    return type("Secrets", (config.Secrets, *parts, MetricsSecrets), {"__doc__": config.Secrets.__doc__})


Secrets = _secrets()
Settings = create_model(
    "Settings", __base__=config.Settings, __doc__=config.Settings.__doc__,
    **{name: (model, Field(default_factory=model)) for name, model in _sections().items()},
    secrets=(Secrets, Field(default_factory=Secrets)),
)
