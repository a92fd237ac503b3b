"""File references in every rendering: named with 📎, linked only to an https address, never as markup."""
from __future__ import annotations

from dataclasses import replace

from adapters.console.render import credit as console_credit
from adapters.slack.digest_blocks import render_blocks
from adapters.slack.render import home_view
from adapters.teams.render import credit as teams_credit
from bot.model import FileRef
from bot.text import display_text
from digests.build import build_digest
from digests.render import render_markdown
from tests.unit.test_digest_build import NOW, W48, tip

SHOT = FileRef("scanner settings & codes.png", "image/png", 48_213, "https://stmarys.slack.com/files/U1/F1/scanner.png")
ODD = FileRef("notes.pdf", "application/pdf", 10, "javascript:alert(1)")


def with_files(tip_):
    return replace(tip_, source=replace(tip_.source, files=(SHOT, ODD)))


def test_the_digest_in_markdown_and_block_kit_names_and_links_the_files():
    digest = build_digest([with_files(tip(1))], W48, NOW)
    markdown = render_markdown(digest, display_text)
    assert f"[📎 scanner settings & codes.png]({SHOT.link})" in markdown and "📎 notes.pdf" in markdown
    assert "javascript:" not in markdown
    blocks = str(render_blocks(digest, display_text))
    assert f"<{SHOT.link}|📎 scanner settings &amp; codes.png>" in blocks and "javascript:" not in blocks


def test_answers_home_and_console_show_the_files():
    shared = with_files(tip(2))
    assert "[📎 scanner settings & codes.png](" + SHOT.link + ")" in teams_credit(shared) and "javascript:" not in teams_credit(shared)
    assert "📎 notes.pdf" in console_credit(shared)
    home = str(home_view([shared], []))
    assert f"<{SHOT.link}|📎 scanner settings &amp; codes.png>" in home and "javascript:" not in home
