"""Teams' part of the settings: app.yaml's `teams` section and the Microsoft app's secrets from the environment
(adapters/settings.py adds both to Tipjar's settings)."""
from __future__ import annotations

import re2
from pydantic import BaseModel, Field, SecretStr, field_validator

from bot.config import TENANT_ID, Section

HOST_NAME = re2.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
"""A service URL's host as app.yaml's teams.service_url_hosts gives it (no scheme, no path)."""


class TeamsSettings(Section):
    enabled: bool = False
    public_url: str = ""
    public_teams: list[str] = Field(default_factory=list)
    membership_cache_seconds: int = Field(60, ge=0, le=3600)
    app_name: str = Field("Tipjar", min_length=1, max_length=30)
    app_version: str = Field("1.0.0", pattern=r"^\d+\.\d+\.\d+$")
    developer_name: str = "Tipjar"
    website_url: str = "https://github.com/tipjar/tipjar"
    privacy_url: str = "https://github.com/tipjar/tipjar#privacy"
    terms_url: str = "https://github.com/tipjar/tipjar#license"
    service_url_hosts: list[str] = Field(default_factory=list)
    tenants: list[str] = Field(default_factory=list)
    """Tenant ids whose activities Tipjar accepts; empty: any tenant's."""

    @field_validator("tenants")
    @classmethod
    def _tenant_ids(cls, value: list[str]) -> list[str]:
        for tenant in value:
            if not TENANT_ID.fullmatch(tenant.strip()):
                raise ValueError(f"{tenant!r} is not a tenant id (a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47)")
        return [tenant.strip().lower() for tenant in value]

    @field_validator("service_url_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if not HOST_NAME.fullmatch(host.strip().lower()):
                raise ValueError(f"{host!r} is not a host name (write smba.example.us, without https:// or a path)")
        return [host.strip().lower() for host in value]

    @field_validator("public_url", "website_url", "privacy_url", "terms_url")
    @classmethod
    def _https(cls, value: str) -> str:
        if value and not value.startswith("https://"):
            raise ValueError("must be an https:// address (Teams accepts nothing else)")
        return value.rstrip("/")


class TeamsSecrets(BaseModel):
    microsoft_app_id: str | None = Field(None, alias="MICROSOFT_APP_ID")
    microsoft_app_password: SecretStr | None = Field(None, alias="MICROSOFT_APP_PASSWORD")
    microsoft_app_tenant_id: str | None = Field(None, alias="MICROSOFT_APP_TENANT_ID")
