"""The Microsoft Teams app package: manifest.json (schema v1.17) and the two icons, zipped for upload.

Everything here is pure apart from `write_package`, which writes the zip. The manifest is checked by
adapters/teams/manifest_check.py, the icons are drawn by adapters/teams/icons.py.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from adapters.teams.icons import ACCENT_COLOR, color_icon, outline_icon
from adapters.teams.manifest_check import GUID, MANIFEST_VERSION, validate_manifest
from adapters.teams.translate import SAVE_TIP
from bot.config import Settings

SCHEMA_URL = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
MESSAGES_PATH = "/api/messages"

SHORT_DESCRIPTION = "Save the tips colleagues share in chat and find them again when you need them."
FULL_DESCRIPTION = (
    "Tipjar keeps the useful things people share in team chat: the fix for the frozen scanner, the shortcut "
    "that saves ten minutes a shift. Use Save as tip on any message (in its ... menu), or write "
    "'tip <text> #tags' to Tipjar, and the message, its author and a link to it are kept. "
    "Write 'ask <question>' and Tipjar answers from what colleagues have saved, with links back to the "
    "original messages, and says plainly when it knows nothing. Who sees a tip follows where it was shared: "
    "unless your administrator opened a team to everyone, a team's tips are for its members and a chat's "
    "tips for the people in it. Trainers get a weekly digest of the best new "
    "tips to approve, flag as outdated or archive, and the curated tips become the first draft of training "
    "material."
)

BOT_COMMANDS = (
    ("tip", "Save a tip: tip <text> #tags"),
    ("ask", "Ask what colleagues have shared: ask <question>"),
    ("help", "What Tipjar does and how to use it"),
)


# --- the manifest -------------------------------------------------------------------------------------


def build_manifest(settings: Settings, app_id: str) -> dict:
    """The Teams manifest for this deployment. `app_id` is the Microsoft App ID of the Azure Bot (a GUID)."""
    app_id = (app_id or "").strip()
    if not GUID.match(app_id):
        raise ValueError(
            f"MICROSOFT_APP_ID {app_id!r} is not a GUID: use the bot's Microsoft App ID (Application (client) ID), "
            "like 00000000-0000-0000-0000-000000000000"
        )
    teams = settings.teams
    host = urlsplit(teams.public_url).hostname if teams.public_url else None
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": teams.app_version,
        "id": app_id,
        "developer": {
            "name": teams.developer_name,
            "websiteUrl": teams.website_url,
            "privacyUrl": teams.privacy_url,
            "termsOfUseUrl": teams.terms_url,
        },
        "name": {"short": teams.app_name, "full": f"{teams.app_name}: tips from chat, answered and curated"},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": ACCENT_COLOR,
        "bots": [_bot(app_id)],
        "composeExtensions": [_save_as_tip(app_id)],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host] if host else [],
    }


def _bot(app_id: str) -> dict:
    """The bot, in personal chats, teams and group chats, with the commands Teams suggests."""
    commands = [{"title": title, "description": description} for title, description in BOT_COMMANDS]
    return {
        "botId": app_id,
        "scopes": ["personal", "team", "groupChat"],
        "supportsFiles": False,
        "isNotificationOnly": False,
        "commandLists": [
            {"scopes": ["personal"], "commands": commands},
            {"scopes": ["team", "groupChat"], "commands": [dict(c) for c in commands]},
        ],
    }


def _save_as_tip(app_id: str) -> dict:
    """The "Save as tip" message action, with optional tags."""
    return {
        "botId": app_id,
        "commands": [
            {
                "id": SAVE_TIP,
                "type": "action",
                "context": ["message"],
                "title": "Save as tip",
                "description": "Save this message to Tipjar",
                "fetchTask": False,
                "parameters": [
                    {
                        "name": "tags",
                        "title": "Tags",
                        "description": "Optional, e.g. #scanner #nights",
                        "inputType": "text",
                    }
                ],
            }
        ],
    }


def bot_endpoint(settings: Settings) -> str | None:
    """Where Teams must post activities (the Azure Bot's messaging endpoint), when public_url is known."""
    return settings.teams.public_url + MESSAGES_PATH if settings.teams.public_url else None


# --- the zip ------------------------------------------------------------------------------------------


def write_package(path: Path, manifest: dict) -> None:
    """Write the app package (manifest.json, color.png, outline.png at the zip's root) to `path`.

    Refuses (ValueError naming every problem) when the manifest is not valid; the file appears complete or
    not at all."""
    import zipfile

    problems = validate_manifest(manifest)
    if problems:
        raise ValueError("the Teams manifest is not valid: " + "; ".join(problems))
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
            package.writestr(COLOR_ICON, color_icon())
            package.writestr(OUTLINE_ICON, outline_icon())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the package holds nothing secret
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
