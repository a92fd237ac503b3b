"""Reading the settings: app.yaml (or the file named) for everything that is not secret, the environment for
secrets and the database URL. Every problem becomes one `ConfigError` line naming the file, the key and what
is wrong."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import yaml
from pydantic import ValidationError

from bot.config import ConfigError, Secrets, Settings

DEFAULT_CONFIG_PATH = "app.yaml"


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError(f"{path}: {where}not valid YAML ({exc.problem})") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return data


def _first_problem(path: Path, exc: ValidationError) -> ConfigError:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    message = "unknown setting" if error["type"] == "extra_forbidden" else error["msg"]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return ConfigError(f"{path}: {key}: {message}{more}")


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from `path` (default $TIPJAR_CONFIG or ./app.yaml) and the secrets in `env`.

    A path that was asked for explicitly must exist; the default ./app.yaml may be absent (built-in defaults).
    """
    env = dict(env or {})
    explicit = path if path is not None else env.get("TIPJAR_CONFIG")
    config_path = Path(explicit or DEFAULT_CONFIG_PATH)
    if config_path.exists():
        data = _read_yaml(config_path)
    elif explicit:
        raise ConfigError(f"{config_path}: config file not found")
    else:
        data = {}
    if "secrets" in data:
        raise ConfigError(f"{config_path}: secrets: secrets come from the environment only, never app.yaml")
    try:
        secrets = Secrets(**{k: v for k, v in env.items() if k in _SECRET_NAMES})
        return Settings(**data, secrets=secrets)
    except ValidationError as exc:
        raise _first_problem(config_path, exc) from None


_SECRET_NAMES = frozenset(field.alias for field in Secrets.model_fields.values())
