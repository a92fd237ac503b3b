"""The Microsoft Teams app package: manifest.json (schema v1.17) and the two icons, zipped for upload.

Everything here is pure apart from `write_package`, which writes the zip. The icons are drawn in code
(a jar with a light bulb in it) and encoded by a small PNG writer, so no image file or imaging library is
needed.
"""
from __future__ import annotations

import json
import os
import re
import struct
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from bot.config import Settings

SCHEMA_URL = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
MANIFEST_VERSION = "1.17"
ACCENT_COLOR = "#2E7D6B"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
COLOR_SIZE, OUTLINE_SIZE = 192, 32
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

GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DOMAIN = re.compile(r"^(\*\.)?[^\s/?#*:]+(:\d+)?$")

# Every field the v1.17 schema requires at the top level and in its required objects, as dotted paths.
REQUIRED_FIELDS: tuple[str, ...] = (
    "$schema",
    "manifestVersion",
    "version",
    "id",
    "developer.name",
    "developer.websiteUrl",
    "developer.privacyUrl",
    "developer.termsOfUseUrl",
    "name.short",
    "description.short",
    "description.full",
    "icons.color",
    "icons.outline",
    "accentColor",
)
URL_FIELDS = ("$schema", "developer.websiteUrl", "developer.privacyUrl", "developer.termsOfUseUrl")
MAX_LENGTHS = {
    "name.short": 30,
    "name.full": 100,
    "description.short": 80,
    "description.full": 4000,
    "developer.name": 32,
}
BOT_SCOPES = frozenset({"personal", "team", "groupChat", "groupchat"})
COMMAND_TYPES = frozenset({"query", "action"})
COMMAND_CONTEXTS = frozenset({"compose", "commandBox", "message"})
PERMISSIONS = frozenset({"identity", "messageTeamMembers"})

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
    commands = [{"title": title, "description": description} for title, description in BOT_COMMANDS]
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
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": commands},
                    {"scopes": ["team", "groupChat"], "commands": [dict(c) for c in commands]},
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": app_id,
                "commands": [
                    {
                        "id": "saveTip",
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
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host] if host else [],
    }


def bot_endpoint(settings: Settings) -> str | None:
    """Where Teams must post activities (the Azure Bot's messaging endpoint), when public_url is known."""
    return settings.teams.public_url + MESSAGES_PATH if settings.teams.public_url else None


# --- validation ---------------------------------------------------------------------------------------

_MISSING = object()


def _get(manifest: Any, path: str) -> Any:
    value = manifest
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _list_of_dicts(manifest: dict, key: str, problems: list[str]) -> list[dict]:
    value = manifest.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append(f"{key}: must be a list of objects")
        return []
    return value


def _check_bot_id(where: str, owner: dict, problems: list[str]) -> None:
    if not _text(owner.get("botId")):
        problems.append(f"{where}.botId: missing")
    elif not GUID.match(owner["botId"]):
        problems.append(f"{where}.botId: {owner['botId']!r} is not a GUID")


def _check_bot(where: str, bot: dict, problems: list[str]) -> None:
    _check_bot_id(where, bot, problems)
    scopes = bot.get("scopes")
    if not isinstance(scopes, list) or not scopes:
        problems.append(f"{where}.scopes: missing (one or more of personal, team, groupChat)")
    elif unknown := [s for s in scopes if s not in BOT_SCOPES]:
        problems.append(f"{where}.scopes: unknown scope {unknown[0]!r} (use personal, team, groupChat)")
    lists = bot.get("commandLists", [])
    if not isinstance(lists, list):
        problems.append(f"{where}.commandLists: must be a list")
        lists = []
    for i, command_list in enumerate(lists):
        here = f"{where}.commandLists[{i}]"
        if not isinstance(command_list, dict):
            problems.append(f"{here}: must be an object")
            continue
        if not isinstance(command_list.get("scopes"), list) or not command_list["scopes"]:
            problems.append(f"{here}.scopes: missing")
        commands = command_list.get("commands")
        if not isinstance(commands, list) or not commands:
            problems.append(f"{here}.commands: missing")
            continue
        for j, command in enumerate(commands):
            if not isinstance(command, dict) or not _text(command.get("title")):
                problems.append(f"{here}.commands[{j}].title: missing")
            elif len(command["title"]) > 32:
                problems.append(f"{here}.commands[{j}].title: longer than 32 characters")
            elif len(command.get("description", "")) > 128:
                problems.append(f"{here}.commands[{j}].description: longer than 128 characters")


def _check_extension(where: str, extension: dict, problems: list[str]) -> None:
    _check_bot_id(where, extension, problems)
    commands = extension.get("commands")
    if not isinstance(commands, list) or not commands:
        problems.append(f"{where}.commands: missing")
        return
    for j, command in enumerate(commands):
        here = f"{where}.commands[{j}]"
        if not isinstance(command, dict):
            problems.append(f"{here}: must be an object")
            continue
        for key, longest in (("id", 64), ("title", 32)):
            if not _text(command.get(key)):
                problems.append(f"{here}.{key}: missing")
            elif len(command[key]) > longest:
                problems.append(f"{here}.{key}: longer than {longest} characters")
        kind = command.get("type")
        if kind not in COMMAND_TYPES:
            problems.append(f"{here}.type: must be query or action, not {kind!r}")
        context = command.get("context")
        if kind == "action" and (not isinstance(context, list) or not context):
            problems.append(f"{here}.context: missing (a message action needs [\"message\"])")
        elif isinstance(context, list) and (unknown := [c for c in context if c not in COMMAND_CONTEXTS]):
            problems.append(f"{here}.context: unknown context {unknown[0]!r} (use compose, commandBox, message)")
        if len(command.get("description", "")) > 128:
            problems.append(f"{here}.description: longer than 128 characters")


def validate_manifest(manifest: dict) -> list[str]:
    """Every problem Teams would reject the manifest for, as one line each; empty when it is valid."""
    if not isinstance(manifest, dict):
        return ["the manifest must be a JSON object"]
    problems: list[str] = []
    for path in REQUIRED_FIELDS:
        value = _get(manifest, path)
        if value is _MISSING or value is None:
            problems.append(f"{path}: missing")
        elif not _text(value):
            problems.append(f"{path}: must be a non-empty string")

    def check(path: str, rule: Callable[[str], bool], message: str) -> None:
        value = _get(manifest, path)
        if _text(value) and not rule(value):
            problems.append(f"{path}: {value!r} {message}")

    check("manifestVersion", lambda v: v == MANIFEST_VERSION, f"is not {MANIFEST_VERSION}, the schema this manifest follows")
    check("version", SEMVER.match, "is not a version of the form x.y.z")
    check("id", GUID.match, "is not a GUID")
    check("accentColor", HEX_COLOR.match, "is not a colour of the form #RRGGBB")
    for path in URL_FIELDS:
        check(path, lambda v: v.startswith("https://") and len(v) > len("https://"), "is not an https:// address")
    for path, longest in MAX_LENGTHS.items():
        check(path, lambda v, n=longest: len(v) <= n, f"is longer than {longest} characters")
    for path in ("icons.color", "icons.outline"):
        check(path, lambda v: v.lower().endswith(".png") and "/" not in v, "is not a .png file at the package root")

    for i, bot in enumerate(_list_of_dicts(manifest, "bots", problems)):
        _check_bot(f"bots[{i}]", bot, problems)
    for i, extension in enumerate(_list_of_dicts(manifest, "composeExtensions", problems)):
        _check_extension(f"composeExtensions[{i}]", extension, problems)

    domains = manifest.get("validDomains", [])
    if not isinstance(domains, list):
        problems.append("validDomains: must be a list of host names")
    else:
        problems.extend(
            f"validDomains: {d!r} is not a bare host name (no scheme, path or spaces)"
            for d in domains if not isinstance(d, str) or not DOMAIN.match(d)
        )
    permissions = manifest.get("permissions", [])
    if not isinstance(permissions, list) or any(p not in PERMISSIONS for p in permissions):
        problems.append("permissions: only identity and messageTeamMembers are allowed")
    return problems


# --- icons --------------------------------------------------------------------------------------------

Pixel = tuple[int, ...]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(width: int, height: int, rows: Iterable[Iterable[Pixel]], alpha: bool) -> bytes:
    """An 8-bit truecolour PNG (colour type 2 RGB, or 6 RGBA): signature, IHDR, one IDAT, IEND."""
    channels = 4 if alpha else 3
    raw = bytearray()
    count = 0
    for row in rows:
        line = bytes(channel for pixel in row for channel in pixel)
        if len(line) != width * channels:
            raise ValueError(f"row {count}: {len(line)} bytes, expected {width * channels}")
        raw.append(0)  # filter type None for every scanline
        raw += line
        count += 1
    if count != height:
        raise ValueError(f"{count} rows, expected {height}")
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def _rgb(hex_color: str) -> Pixel:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def _in_rounded_rect(x: float, y: float, left: float, top: float, right: float, bottom: float, radius: float) -> bool:
    """Whether (x, y) lies in the rectangle with corners rounded by `radius`."""
    if not (left <= x <= right and top <= y <= bottom):
        return False
    nearest_x = min(max(x, left + radius), right - radius)
    nearest_y = min(max(y, top + radius), bottom - radius)
    return (x - nearest_x) ** 2 + (y - nearest_y) ** 2 <= radius ** 2


def _in_circle(x: float, y: float, cx: float, cy: float, radius: float) -> bool:
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


@lru_cache(maxsize=1)
def color_icon() -> bytes:
    """192x192 full colour: a jar in the accent colour, a light bulb inside, on a pale background."""
    background, jar, lid, bulb, base = _rgb("#EEF6F3"), _rgb(ACCENT_COLOR), _rgb("#1F574A"), _rgb("#FFD54F"), _rgb("#F5F5F5")

    def pixel(px: int, py: int) -> Pixel:
        x, y = px + 0.5, py + 0.5  # sample at the pixel's centre
        if _in_rounded_rect(x, y, 60, 34, 132, 56, 6):
            return lid
        if _in_rounded_rect(x, y, 44, 58, 148, 170, 24):
            if _in_circle(x, y, 96, 104, 26):
                return bulb
            if _in_rounded_rect(x, y, 84, 126, 108, 146, 4):
                return base
            return jar
        return background

    rows = ([pixel(px, py) for px in range(COLOR_SIZE)] for py in range(COLOR_SIZE))
    return encode_png(COLOR_SIZE, COLOR_SIZE, rows, alpha=False)


@lru_cache(maxsize=1)
def outline_icon() -> bytes:
    """32x32 white on transparent, as Teams requires: the jar's lid, its walls and a dot for the bulb."""
    white, clear = (255, 255, 255, 255), (255, 255, 255, 0)

    def pixel(px: int, py: int) -> Pixel:
        x, y = px + 0.5, py + 0.5
        lid = _in_rounded_rect(x, y, 10, 3, 22, 7, 1)
        walls = _in_rounded_rect(x, y, 6, 9, 26, 29, 5) and not _in_rounded_rect(x, y, 8, 11, 24, 27, 3)
        bulb = _in_circle(x, y, 16, 18, 4) or _in_rounded_rect(x, y, 14, 22, 18, 24, 0)
        return white if lid or walls or bulb else clear

    rows = ([pixel(px, py) for px in range(OUTLINE_SIZE)] for py in range(OUTLINE_SIZE))
    return encode_png(OUTLINE_SIZE, OUTLINE_SIZE, rows, alpha=True)


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
