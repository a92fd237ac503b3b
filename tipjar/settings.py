"""Reading the settings: app.yaml (or the file named) for everything that is not secret, the environment for
secrets and the database URL. Every problem becomes one `ConfigError` line naming the file, the key and what
is wrong."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping
from urllib.parse import parse_qs, unquote, urlsplit

import yaml
from pydantic import ValidationError

from adapters.registry import platform_names
from adapters.settings import Secrets, Settings
from bot.config import ConfigError, not_a_workspace

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
    except RecursionError:  # PyYAML reads nesting by recursion: [[[[...]]]] thousands deep
        raise ConfigError(f"{path}: not valid YAML (nested too deeply)") from None
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
        settings = Settings(**data, secrets=secrets)
    except ValidationError as exc:
        raise _first_problem(config_path, exc) from None
    _known_platforms(config_path, settings)
    return settings


def _known_platforms(path: Path, settings: Settings) -> None:
    """Every digest and every shared workspace names a platform of adapters/registry.py."""
    names = platform_names()
    for number, digest in enumerate(settings.digests):
        if digest.platform not in names:
            listed = ", ".join(repr(name) for name in names[:-1]) + f" or {names[-1]!r}"
            raise ConfigError(f"{path}: digests.{number}.platform: Input should be {listed}")
    for number, key in enumerate(settings.public_tips.shared_between):
        if key.partition(":")[0] not in names:
            raise ConfigError(f"{path}: public_tips.shared_between: Value error, {not_a_workspace(key)}")


_SECRET_NAMES = frozenset(field.alias for field in Secrets.model_fields.values())


SECRET_NAMES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "OPENAI_API_KEY", "MICROSOFT_APP_PASSWORD",
                "TIPJAR_METRICS_TOKEN")
URL_NAMES = ("TIPJAR_DATABASE_URL", "SLACK_API_URL", "OPENAI_BASE_URL")
"""Settings that are addresses, and may carry a password (user:password@host, ?password=...)."""


def secret_values(env: Mapping[str, str]) -> list[str]:
    """Every secret's value in `env`, the passwords inside its URLs included: what no output may show (doctor
    blanks them from its lines, the log from every line it writes)."""
    values = [env[name] for name in SECRET_NAMES if env.get(name)]
    for name in URL_NAMES:
        values += _url_passwords(env.get(name) or "")
    return sorted({value for value in values if len(value) >= 4}, key=len, reverse=True)  # longest first


def _url_passwords(url: str) -> list[str]:
    try:
        parts = urlsplit(url)
        passwords = [parts.password or ""]
        query = parse_qs(parts.query)
    except ValueError:
        return []
    passwords += query.get("password", []) + query.get("sslpassword", [])
    return [form for password in passwords if password for form in {password, unquote(password)}]

