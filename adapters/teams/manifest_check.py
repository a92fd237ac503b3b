"""Checking a Teams app manifest (schema v1.17) as Teams would before accepting the package: every problem,
one line each."""
from __future__ import annotations

import re
from typing import Any, Callable

MANIFEST_VERSION = "1.17"
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
