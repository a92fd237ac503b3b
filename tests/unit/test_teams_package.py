"""The Teams app package: the manifest built from settings, its validation, the icons and the zip."""
from __future__ import annotations

import copy
import json
import struct
import zipfile
import zlib

import pytest

from adapters.teams.icons import color_icon, encode_png, outline_icon
from adapters.teams.manifest_check import REQUIRED_FIELDS, validate_manifest
from adapters.teams.package import build_manifest, write_package
from adapters.settings import Settings
from adapters.teams.settings import TeamsSettings

APP_ID = "8a3b5c2e-1f4d-4e6a-9b7c-0d1e2f3a4b5c"
# What the v1.17 schema requires at the top level and inside developer, name, description and icons.
SCHEMA_REQUIRED = {
    "$schema", "manifestVersion", "version", "id", "developer.name", "developer.websiteUrl",
    "developer.privacyUrl", "developer.termsOfUseUrl", "name.short", "description.short", "description.full",
    "icons.color", "icons.outline", "accentColor",
}


def settings(**teams) -> Settings:
    return Settings(teams=TeamsSettings(**teams))


@pytest.fixture
def manifest() -> dict:
    return build_manifest(settings(public_url="https://tipjar.example.org/base"), APP_ID)


def get(manifest: dict, path: str):
    value = manifest
    for part in path.split("."):
        value = value[part]
    return value


def without(manifest: dict, path: str) -> dict:
    changed = copy.deepcopy(manifest)
    *parents, last = path.split(".")
    target = changed
    for part in parents:
        target = target[part]
    del target[last]
    return changed


def changed(manifest: dict, path: str, value) -> dict:
    result = copy.deepcopy(manifest)
    *parents, last = path.split(".")
    target = result
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return result


# --- build_manifest -----------------------------------------------------------------------------------


def test_the_built_manifest_is_valid_and_has_every_required_field(manifest):
    assert validate_manifest(manifest) == []
    assert set(REQUIRED_FIELDS) == SCHEMA_REQUIRED
    for path in SCHEMA_REQUIRED:
        assert isinstance(get(manifest, path), str) and get(manifest, path), path


def test_the_manifest_follows_schema_1_17_and_the_settings():
    teams = dict(app_name="Go-live tips", app_version="2.3.4", developer_name="St Elsewhere IT",
                 website_url="https://it.example.org", privacy_url="https://it.example.org/privacy",
                 terms_url="https://it.example.org/terms")
    built = build_manifest(settings(**teams), APP_ID)
    assert built["$schema"] == "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
    assert built["manifestVersion"] == "1.17" and built["version"] == "2.3.4" and built["id"] == APP_ID
    assert built["developer"] == {"name": "St Elsewhere IT", "websiteUrl": "https://it.example.org",
                                  "privacyUrl": "https://it.example.org/privacy", "termsOfUseUrl": "https://it.example.org/terms"}
    assert built["name"] == {"short": "Go-live tips", "full": "Go-live tips: tips from chat, answered and curated"}
    assert len(built["description"]["short"]) <= 80 and len(built["description"]["full"]) <= 4000
    assert built["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert built["accentColor"] == "#2E7D6B"
    assert built["permissions"] == ["identity", "messageTeamMembers"]


def test_the_bot_has_commands_for_personal_and_for_team_and_group_chats(manifest):
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID and bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is False and bot["isNotificationOnly"] is False
    assert [c["scopes"] for c in bot["commandLists"]] == [["personal"], ["team", "groupChat"]]
    for command_list in bot["commandLists"]:
        commands = {c["title"]: c["description"] for c in command_list["commands"]}
        assert set(commands) == {"tip", "ask", "help"}
        assert commands["tip"] == "Save a tip: tip <text> #tags"
        assert commands["ask"] == "Ask what colleagues have shared: ask <question>"


def test_save_as_tip_is_a_message_action_with_optional_tags(manifest):
    (extension,) = manifest["composeExtensions"]
    assert extension["botId"] == APP_ID
    (command,) = extension["commands"]
    assert command == {
        "id": "saveTip", "type": "action", "context": ["message"], "title": "Save as tip",
        "description": "Save this message to Tipjar", "fetchTask": False,
        "parameters": [{"name": "tags", "title": "Tags", "description": "Optional, e.g. #scanner #nights",
                        "inputType": "text"}],
    }


def test_valid_domains_hold_the_public_host_only(manifest):
    assert manifest["validDomains"] == ["tipjar.example.org"]
    with_port = build_manifest(settings(public_url="https://Bot.Example.org:8443/x/y"), APP_ID)
    assert with_port["validDomains"] == ["bot.example.org"]
    assert build_manifest(settings(), APP_ID)["validDomains"] == []


@pytest.mark.parametrize("app_id", ["", "not-a-guid", "8a3b5c2e1f4d4e6a9b7c0d1e2f3a4b5c", APP_ID + "0", "{" + APP_ID + "}"])
def test_an_app_id_that_is_not_a_guid_is_refused(app_id):
    with pytest.raises(ValueError, match="MICROSOFT_APP_ID .* is not a GUID"):
        build_manifest(settings(), app_id)


# --- validate_manifest --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SCHEMA_REQUIRED))
def test_a_missing_required_field_is_reported(manifest, path):
    assert f"{path}: missing" in validate_manifest(without(manifest, path))


@pytest.mark.parametrize("path", ["developer", "name", "description", "icons"])
def test_a_missing_required_object_reports_its_fields(manifest, path):
    problems = validate_manifest(without(manifest, path))
    assert {f"{p}: missing" for p in SCHEMA_REQUIRED if p.startswith(path + ".")} <= set(problems)


@pytest.mark.parametrize("path, value, expected", [
    ("version", "1.0", "version: '1.0' is not a version of the form x.y.z"),
    ("manifestVersion", "1.16", "manifestVersion: '1.16' is not 1.17"),
    ("id", "abc", "id: 'abc' is not a GUID"),
    ("accentColor", "green", "accentColor: 'green' is not a colour of the form #RRGGBB"),
    ("accentColor", "#2E7D6", "accentColor: '#2E7D6' is not a colour"),
    ("developer.websiteUrl", "http://example.org", "developer.websiteUrl: 'http://example.org' is not an https:// address"),
    ("developer.privacyUrl", "https://", "developer.privacyUrl: 'https://' is not an https:// address"),
    ("developer.termsOfUseUrl", "example.org/terms", "developer.termsOfUseUrl: 'example.org/terms' is not an https://"),
    ("name.short", "x" * 31, "name.short: "),
    ("description.short", "x" * 81, "description.short: "),
    ("description.full", "x" * 4001, "description.full: "),
    ("developer.name", "   ", "developer.name: must be a non-empty string"),
    ("icons.color", "icons/color.png", "icons.color: 'icons/color.png' is not a .png file at the package root"),
    ("validDomains", ["https://tipjar.example.org"], "validDomains: 'https://tipjar.example.org' is not a bare host"),
    ("validDomains", ["tipjar.example.org/api"], "validDomains: 'tipjar.example.org/api' is not a bare host"),
    ("permissions", ["identity", "everything"], "permissions: only identity and messageTeamMembers"),
])
def test_an_invalid_field_is_reported(manifest, path, value, expected):
    problems = validate_manifest(changed(manifest, path, value))
    assert any(p.startswith(expected) for p in problems), problems


def test_lengths_at_the_limit_are_accepted(manifest):
    at_limit = changed(changed(changed(manifest, "name.short", "x" * 30), "description.short", "y" * 80),
                       "description.full", "z" * 4000)
    assert validate_manifest(at_limit) == []
    assert validate_manifest(changed(manifest, "name.short", "x" * 31)) == ["name.short: '" + "x" * 31 + "' is longer than 30 characters"]


@pytest.mark.parametrize("path, value, expected", [
    ("bots.0.botId", "", "bots[0].botId: missing"),
    ("bots.0.botId", "bot", "bots[0].botId: 'bot' is not a GUID"),
    ("bots.0.scopes", [], "bots[0].scopes: missing"),
    ("bots.0.scopes", ["personal", "everyone"], "bots[0].scopes: unknown scope 'everyone'"),
    ("bots", {"botId": APP_ID}, "bots: must be a list of objects"),
    ("composeExtensions.0.botId", None, "composeExtensions[0].botId: missing"),
    ("composeExtensions.0.commands", [], "composeExtensions[0].commands: missing"),
])
def test_bot_and_extension_problems_are_reported(manifest, path, value, expected):
    problems = validate_manifest(changed(manifest, path, value))
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("field, expected", [
    ("id", "composeExtensions[0].commands[0].id: missing"),
    ("title", "composeExtensions[0].commands[0].title: missing"),
    ("type", "composeExtensions[0].commands[0].type: must be query or action, not None"),
    ("context", "composeExtensions[0].commands[0].context: missing"),
])
def test_a_message_action_without_its_required_fields_is_reported(manifest, field, expected):
    broken = copy.deepcopy(manifest)
    del broken["composeExtensions"][0]["commands"][0][field]
    assert any(p.startswith(expected) for p in validate_manifest(broken))


def test_a_bot_without_bot_id_and_scopes_is_reported(manifest):
    broken = copy.deepcopy(manifest)
    broken["bots"][0] = {"commandLists": []}
    problems = validate_manifest(broken)
    assert "bots[0].botId: missing" in problems
    assert any(p.startswith("bots[0].scopes: missing") for p in problems)


def test_an_empty_manifest_lists_every_required_field():
    assert {f"{p}: missing" for p in SCHEMA_REQUIRED} <= set(validate_manifest({}))


# --- icons --------------------------------------------------------------------------------------------


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, colour type, rows of raw pixel bytes) of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, kind
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, compression, filtering, interlace) == (8, 0, 0, 0)
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels + 1
    assert len(raw) == stride * height
    rows = [raw[y * stride:(y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows), "only filter type 0 is decoded here"
    return width, height, colour, [row[1:] for row in rows]


def pixels(row: bytes, channels: int) -> list[tuple[int, ...]]:
    return [tuple(row[i:i + channels]) for i in range(0, len(row), channels)]


def test_the_colour_icon_is_192_square_full_colour_in_the_accent_colour():
    width, height, colour, rows = decode_png(color_icon())
    assert (width, height, colour) == (192, 192, 2)
    seen = {p for row in rows for p in pixels(row, 3)}
    assert (0x2E, 0x7D, 0x6B) in seen and len(seen) >= 3


def test_the_outline_icon_is_32_square_white_on_transparent():
    width, height, colour, rows = decode_png(outline_icon())
    assert (width, height, colour) == (32, 32, 6)
    seen = [p for row in rows for p in pixels(row, 4)]
    assert all(p[3] == 0 or p == (255, 255, 255, 255) for p in seen)
    opaque = sum(p[3] == 255 for p in seen)
    assert 0 < opaque < len(seen) // 2  # a drawing, not a filled square
    assert seen[0][3] == 0 and seen[-1][3] == 0  # transparent corners


def test_the_decoder_would_notice_a_wrong_pixel():
    grey = encode_png(2, 1, [[(255, 255, 255, 255), (128, 128, 128, 255)]], alpha=True)
    _, _, _, rows = decode_png(grey)
    assert not all(p[3] == 0 or p == (255, 255, 255, 255) for p in pixels(rows[0], 4))


def test_the_png_writer_refuses_rows_of_the_wrong_size():
    with pytest.raises(ValueError):
        encode_png(2, 1, [[(0, 0, 0)]], alpha=False)
    with pytest.raises(ValueError):
        encode_png(1, 2, [[(0, 0, 0)]], alpha=False)


# --- the zip ------------------------------------------------------------------------------------------


def test_the_package_holds_the_manifest_and_icons_at_its_root(tmp_path, manifest):
    path = tmp_path / "tipjar-teams.zip"
    write_package(path, manifest)
    with zipfile.ZipFile(path) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        text = package.read("manifest.json").decode("utf-8")
        assert json.loads(text) == manifest and "\n  " in text  # indented
        assert package.read("color.png") == color_icon() and package.read("outline.png") == outline_icon()
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_an_invalid_manifest_is_not_written(tmp_path, manifest):
    path = tmp_path / "tipjar-teams.zip"
    with pytest.raises(ValueError) as refused:
        write_package(path, changed(without(manifest, "developer.privacyUrl"), "version", "1"))
    assert "developer.privacyUrl: missing" in str(refused.value) and "version: '1'" in str(refused.value)
    assert not path.exists() and list(tmp_path.iterdir()) == []
