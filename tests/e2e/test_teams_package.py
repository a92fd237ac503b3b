"""`tipjar teams-package` as an operator runs it: a zip ready to upload to Teams, or one clear line why not."""
from __future__ import annotations

import json
import struct
import zipfile

import pytest

APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
APP_YAML = """\
teams:
  public_url: https://tipjar.hospital.example.org/
  app_name: Go-live tips
  app_version: 2.1.0
  developer_name: St Elsewhere IT
  website_url: https://it.hospital.example.org
  privacy_url: https://it.hospital.example.org/privacy
  terms_url: https://it.hospital.example.org/terms
"""


@pytest.fixture
def operator(tipjar):
    for name in [k for k in tipjar.env if k.startswith("MICROSOFT_")]:
        del tipjar.env[name]
    (tipjar.workdir / "app.yaml").write_text(APP_YAML)
    return tipjar


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_package_is_built_from_app_yaml_and_the_app_id(operator):
    operator.env["MICROSOFT_APP_ID"] = APP_ID
    (operator.workdir / "dist").mkdir()
    done = operator("teams-package", "--out", "dist/teams.zip")
    lines = done.stdout.splitlines()
    assert lines[0] == "Wrote dist/teams.zip (manifest.json, color.png, outline.png)"
    assert f"Microsoft App ID {APP_ID}" in lines[1] and "Go-live tips 2.1.0" in lines[1]
    assert lines[2].startswith("Bot endpoint: https://tipjar.hospital.example.org/api/messages")
    assert done.stderr == ""
    with zipfile.ZipFile(operator.workdir / "dist" / "teams.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json").decode("utf-8"))
        assert png_size(package.read("color.png")) == (192, 192)
        assert png_size(package.read("outline.png")) == (32, 32)
    assert manifest["manifestVersion"] == "1.17" and manifest["id"] == APP_ID and manifest["version"] == "2.1.0"
    assert manifest["name"]["short"] == "Go-live tips" and manifest["developer"]["name"] == "St Elsewhere IT"
    assert manifest["developer"]["privacyUrl"] == "https://it.hospital.example.org/privacy"
    assert manifest["validDomains"] == ["tipjar.hospital.example.org"]
    assert manifest["bots"][0]["botId"] == APP_ID and manifest["composeExtensions"][0]["botId"] == APP_ID


def test_the_default_file_name_and_a_warning_without_public_url(operator):
    (operator.workdir / "app.yaml").write_text("teams:\n  enabled: true\n")
    operator.env["MICROSOFT_APP_ID"] = APP_ID
    done = operator("teams-package")
    assert done.stdout.splitlines()[0] == "Wrote tipjar-teams.zip (manifest.json, color.png, outline.png)"
    assert "Bot endpoint" not in done.stdout
    (warning,) = done.stderr.splitlines()
    assert "teams.public_url is not set" in warning and "Azure Bot" in warning
    with zipfile.ZipFile(operator.workdir / "tipjar-teams.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["validDomains"] == [] and manifest["name"]["short"] == "Tipjar"


def test_without_microsoft_app_id_it_says_so_in_one_line(operator):
    done = operator("teams-package", check=False)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("tipjar: MICROSOFT_APP_ID is not set")
    assert not (operator.workdir / "tipjar-teams.zip").exists()


def test_an_app_id_that_is_not_a_guid_is_one_line(operator):
    operator.env["MICROSOFT_APP_ID"] = "tipjar-bot"
    done = operator("teams-package", check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("tipjar: MICROSOFT_APP_ID 'tipjar-bot' is not a GUID")
    assert not (operator.workdir / "tipjar-teams.zip").exists()


def test_an_unwritable_destination_is_one_line(operator):
    operator.env["MICROSOFT_APP_ID"] = APP_ID
    done = operator("teams-package", "--out", "missing/dir/teams.zip", check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("tipjar: cannot write missing/dir/teams.zip")


def test_teams_package_has_help(operator):
    assert "Usage: tipjar teams-package" in operator("teams-package", "--help").stdout
