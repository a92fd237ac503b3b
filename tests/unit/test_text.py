from __future__ import annotations

import pytest

from bot.text import ZWSP, display_text, extract_tags, shorten, strip_tags


@pytest.mark.parametrize("raw", ["<!channel>", "<!here>", "<!everyone>", "@channel", "@here", "@Everyone", "<!here|here>"])
def test_broadcasts_are_neutralised(raw):
    shown = display_text(f"heads up {raw} the scanner is down")
    assert "<!" not in shown and f"@{ZWSP}" in shown
    assert "@channel" not in shown.lower() and "@here" not in shown.lower() and "@everyone" not in shown.lower()


def test_user_pings_become_names_that_do_not_ping():
    shown = display_text("thanks <@U123> and <@U456|sam>", {"U123": "Maria Lopez"})
    assert shown == f"thanks @{ZWSP}Maria Lopez and @{ZWSP}sam"


def test_links_channels_and_entities_become_readable():
    raw = "see <https://wiki.example.org/scan|the wiki> in <#C42|emr-go-live> &amp; <https://x.org> 1 &lt; 2"
    assert display_text(raw) == "see the wiki (https://wiki.example.org/scan) in #emr-go-live & https://x.org 1 < 2"


def test_escaped_markup_cannot_turn_back_into_a_mention():
    shown = display_text("literal &lt;!channel&gt; and &lt;@U1&gt;")
    assert "<!channel>" not in shown and "<@U1>" not in shown


def test_teams_mentions_are_neutralised():
    assert display_text("ask <at>Jo Brennan</at>") == f"ask @{ZWSP}Jo Brennan"


def test_user_group_mentions_are_neutralised():
    assert display_text("<!subteam^S1|@nurses> please") == f"@{ZWSP}nurses please"


def test_tags_are_lower_case_unique_and_skip_channel_links():
    assert extract_tags("Fix #Scanner now <#C1|general> #scanner #epic-tips, see &#39;x") == ["scanner", "epic-tips"]


def test_strip_tags_keeps_inline_tags():
    assert strip_tags("the #scanner trick #a #b") == "the #scanner trick"


def test_shorten_cuts_on_a_word_boundary():
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("short", 12) == "short"
