"""Settings: app.yaml for everything that is not secret, the environment for secrets and the database URL.

These are the core's shapes and their rules (each platform's own section and secrets are beside it, in its
package, and adapters/settings.py puts them together); `tipjar.settings.load_settings(path, env)` reads them,
the only way to get a Settings object, and turns every problem into one `ConfigError` line naming the file,
the key and what is wrong. Nothing is read at import time.
"""
from __future__ import annotations

import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.privacy.screen import MAX_SCREENED_CHARS

DEFAULT_DATABASE_URL = "sqlite:///tipjar.db"


class ConfigError(Exception):
    """A one-line, human-readable configuration problem."""


class Section(BaseModel):
    """One section of app.yaml: unknown keys refused, never changed once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CaptureSettings(Section):
    emojis: list[str] = Field(default_factory=lambda: ["bulb", "pushpin", "bookmark"])
    confirm: Literal["ephemeral", "none"] = "ephemeral"
    max_text_chars: int = Field(MAX_SCREENED_CHARS, gt=0, le=MAX_SCREENED_CHARS)  # never past what the screen reads

    @field_validator("emojis")
    @classmethod
    def _bare_names(cls, value: list[str]) -> list[str]:
        names = [e.strip().strip(":") for e in value]
        if not all(names):
            raise ValueError("emoji names must not be empty")
        return names


class AskSettings(Section):
    max_results: int = Field(5, ge=1, le=20)
    snippet_chars: int = Field(240, ge=40, le=3000)
    retrieval: Literal["fused", "lexical", "semantic"] = "fused"
    semantic_weight: float = Field(0.92, ge=0, le=1)
    confidence_slope: float = Field(0.08, ge=0, le=1)
    expansion_weight: float = Field(1.0, ge=0, le=5)
    min_similarity: float = Field(0.3, ge=-1, le=1)
    min_word_share: float = Field(0.5, ge=0, le=1)
    approved_boost: float = Field(0.25, ge=0, le=5)
    outdated_penalty: float = Field(0.25, ge=0, le=5)
    saves_boost: float = Field(0.15, ge=0, le=5)
    feedback_step: float = Field(0.25, ge=0, le=5)
    feedback_limit: float = Field(0.5, ge=0, le=5)
    feedback_days: int = Field(180, ge=1, le=3650)


class SemanticSettings(Section):
    provider: Literal["local", "openai", "off"] = "local"
    model: str = "all-MiniLM-L6-v2"
    runtime: Literal["onnx", "torch"] = "onnx"


class LlmSettings(Section):
    model: str = "gpt-4o-mini"
    timeout_seconds: float = Field(10, gt=0, le=300)
    max_tips: int = Field(5, ge=1, le=20)
    max_answer_chars: int = Field(1200, ge=100, le=3000)


TEAMS_CONVERSATION = re.compile(r"19:[^\s@;/]+@thread\.[a-z0-9]+")
"""A Teams channel's or group chat's conversation id (19:...@thread.tacv2, 19:...@thread.skype, ...@thread.v2)."""
TENANT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
FINDING_A_CHANNEL = ("in Teams choose ... on the channel, then Get link to channel: in the link "
                     "(https://teams.microsoft.com/l/channel/19%3a...%40thread.tacv2/...?groupId=...&tenantId=...) "
                     "the part after /channel/, with %3a read as : and %40 as @, is the channel's id, and tenantId "
                     "is its tenant")


class DigestSettings(Section):
    name: str = "weekly"
    platform: str = "slack"
    """One of adapters/registry.py's platforms (tipjar.settings checks the name against the list)."""
    channel: str = Field("#trainers", validate_default=True)
    tenant: str = Field("", validate_default=True)
    """A Teams digest's tenant: its channel must be a conversation of this tenant."""
    schedule: str = "0 9 * * mon"
    timezone: str = "UTC"
    max_tips: int = Field(10, ge=1, le=50)
    min_savers: int = Field(1, ge=0)
    include_private_channels: list[str] = Field(default_factory=list)
    skip_when_empty: bool = False
    review_after_days: int = Field(90, ge=1, le=3650)
    trainers: list[str] = Field(default_factory=list)

    @field_validator("channel")
    @classmethod
    def _teams_channel_by_id(cls, value: str, info: ValidationInfo) -> str:
        """A Teams channel's name is anyone's to choose (and the same name is in every team and tenant): a
        Teams digest is posted to the conversation named by its id only. Slack names stay (unique, set by admins)."""
        if info.data.get("platform") != "teams":
            return value
        if not TEAMS_CONVERSATION.fullmatch(value.strip()):
            raise ValueError(f"a Teams digest's channel is its conversation id (19:...@thread.tacv2), never a name "
                             f"such as {value!r}, which anyone may give a channel: {FINDING_A_CHANNEL}")
        return value.strip()

    @field_validator("tenant")
    @classmethod
    def _teams_tenant(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("platform") != "teams":
            if value.strip():
                raise ValueError("only a Teams digest has a tenant: remove it")
            return value
        if not TENANT_ID.fullmatch(value.strip()):
            raise ValueError(f"a Teams digest names its channel's tenant by id (a GUID), not {value!r}: "
                             f"{FINDING_A_CHANNEL}")
        return value.strip().lower()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/London)")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"not a cron expression (minute hour day month weekday): {exc}") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class ConsoleSettings(Section):
    workspace: str = "console"
    user: str = "you"
    channel: str = "general"


class PrivacySettings(Section):
    patient_data: Literal["redact", "hold", "off"] = "redact"
    record_patterns: list[str] = Field(default_factory=list)
    not_names: list[str] = Field(default_factory=list)
    question_days: int = Field(90, ge=1, le=3650)

    @field_validator("record_patterns")
    @classmethod
    def _regular_expressions(cls, value: list[str]) -> list[str]:
        import re

        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression ({exc})") from None
        return value


API_TIMEOUT_SECONDS = 10
"""Longest wait for one Slack or Teams API call: shorter than any lease, so an event is never processed twice
at once."""


class ServerSettings(Section):
    workers: int = Field(2, ge=1, le=32)
    lease_seconds: int = Field(15, gt=API_TIMEOUT_SECONDS, le=3600)
    retry_max_delay_seconds: int = Field(300, ge=1, le=3600)
    give_up_after_hours: float = Field(24, gt=0, le=24 * 30)
    embedding_threads: int = Field(1, ge=1, le=64)
    claim_batch: int = Field(10, ge=1, le=500)
    request_body_seconds: float = Field(10, gt=0, le=60)


class DatabaseSettings(Section):
    """PostgreSQL connections of one process (SQLite always shares one connection)."""

    pool_size: int = Field(5, ge=1, le=100)
    max_overflow: int = Field(10, ge=0, le=200)
    statement_timeout_seconds: float = Field(30, ge=0, le=3600)


class LoggingSettings(Section):
    format: Literal["text", "json"] = "text"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("level", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value  # `level: debug` as well as DEBUG


class Secrets(BaseSettings):
    """The core's secrets and the database URL, from the environment only (each platform's own secrets are
    beside it: adapters/settings.py puts them together)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="TIPJAR_DATABASE_URL")
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: object) -> object:
        """A variable set to nothing (`SLACK_SIGNING_SECRET=` in an env file) is no secret: read as unset, so
        every check that refuses a missing secret refuses it too (for this class and each platform's part)."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if not (isinstance(value, str) and not value.strip())}
        return data

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings: PydanticBaseSettingsSource, **_: PydanticBaseSettingsSource
    ):
        return (init_settings,)  # only the mapping handed to load_settings: no hidden global reads


WORKSPACE_KEY = re.compile(r"[a-z0-9_-]+:[^\s:]+")
"""PLATFORM:ID; tipjar.settings checks that PLATFORM is a registered platform."""


def not_a_workspace(key: str) -> str:
    return f"{key!r} is not a workspace (write slack:T0123, teams:<tenant id> or console:<name>)"


class PublicTipsSettings(Section):
    shared_between: list[str] = Field(default_factory=list)

    @field_validator("shared_between")
    @classmethod
    def _workspace_keys(cls, value: list[str]) -> list[str]:
        for key in value:
            if not WORKSPACE_KEY.fullmatch(key.strip()):
                raise ValueError(not_a_workspace(key))
        return [key.strip() for key in value]


class Settings(Section):
    """The core's sections of app.yaml; adapters/settings.py adds each platform's section and secrets to make
    the settings `tipjar.settings.load_settings` reads."""

    capture: CaptureSettings = Field(default_factory=CaptureSettings)
    ask: AskSettings = Field(default_factory=AskSettings)
    semantic: SemanticSettings = Field(default_factory=SemanticSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    digests: list[DigestSettings] = Field(default_factory=lambda: [DigestSettings()])
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    public_tips: PublicTipsSettings = Field(default_factory=PublicTipsSettings)
    secrets: Secrets = Field(default_factory=Secrets)

    @field_validator("digests")
    @classmethod
    def _distinct_names(cls, value: list[DigestSettings]) -> list[DigestSettings]:
        """A digest's name finds its settings (its trainers, its channel) and its runs: two of one name would
        act with each other's trainers and claim each other's weeks."""
        names = [digest.name for digest in value]
        if twice := sorted({name for name in names if names.count(name) > 1}):
            raise ValueError(f"two digests are named {twice[0]!r}: give each digest its own `name:`")
        return value

    def digest_platform(self, name: str) -> str | None:
        """Where the digest of this name is posted; None when app.yaml no longer has it."""
        return next((digest.platform for digest in self.digests if digest.name == name), None)

    def digest(self, name: str | None = None) -> DigestSettings:
        if name is None:
            if not self.digests:
                raise ConfigError("app.yaml: digests: no digest is configured")
            return self.digests[0]
        for digest in self.digests:
            if digest.name == name:
                return digest
        known = ", ".join(d.name for d in self.digests) or "none"
        raise ConfigError(f"no digest named {name!r} in app.yaml (configured: {known})")
