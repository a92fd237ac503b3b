"""A digest is an ordered list of sections, each rendered by the function its kind has on every output; each
chat message of a digest records, from its renderer, the tips and questions its buttons act on."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import pytest

from adapters.slack.digest_blocks import SLACK, render_messages
from adapters.teams import digest_cards
from adapters.teams.digest_cards import TEAMS
from bot.model import TipStatus
from bot.text import display_text
from digests.build import SECTIONS, build_digest, build_sections
from digests.inputs import DigestInput, DigestLimits
from digests.messages import Unit
from digests.model import Digest, DigestEntry, DigestStats
from digests.render import JSON, MARKDOWN, render_json, render_markdown
from tests.unit.test_digest_build import NOW, W48
from tests.unit.test_digest_render import tip
from tests.unit.test_digest_gaps import answered
from tests.unit.test_digest_sections import question

OUTPUTS = {"Markdown": MARKDOWN, "JSON": JSON, "Slack": SLACK, "Teams": TEAMS}


def render_everywhere(digest: Digest) -> None:
    render_markdown(digest, display_text)
    render_json(digest, display_text)
    render_messages(digest, display_text)
    digest_cards.digest_cards(digest)


def test_the_sections_come_in_reading_order_and_every_kind_renders_on_every_output():
    kinds = [section.kind for section in build_digest([], W48, NOW).sections]
    assert kinds == ["best", "questions", "outdated", "due"] and len(SECTIONS) == 4
    for output, registry in OUTPUTS.items():
        assert registry.kinds == set(kinds), f"{output} must render every section kind, and only those"


@dataclass(frozen=True)
class Unrendered:
    kind: ClassVar[str] = "unrendered"
    heading: ClassVar[str] = "Nobody renders this"
    entries: tuple[DigestEntry, ...] = ()
    listed: bool = True


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_a_section_kind_without_a_render_function_is_refused_by_name_never_skipped(output):
    digest = build_digest([tip(1)], W48, NOW)
    digest = replace(digest, sections=digest.sections + (Unrendered(),))
    with pytest.raises(LookupError, match="'unrendered' section"):
        {"Markdown": lambda: render_markdown(digest, display_text), "JSON": lambda: render_json(digest, display_text),
         "Slack": lambda: render_messages(digest, display_text), "Teams": lambda: digest_cards.digest_cards(digest)}[output]()
    with pytest.raises(ValueError, match="already has a render function"):
        OUTPUTS[output].register("best")(lambda *_: [])


# --- adding a kind: its module (data and rule), its place in the order, one render function per output ----

@dataclass(frozen=True)
class Pinned:
    """Tips a trainer pinned (here: tagged #pinned), from any period."""

    kind: ClassVar[str] = "pinned"
    heading: ClassVar[str] = "Pinned by the trainers"
    entries: tuple[DigestEntry, ...] = ()

    @property
    def listed(self) -> bool:
        return bool(self.entries)


def pinned(given: DigestInput, earlier) -> Pinned:
    found = [t for t in given.not_listed(earlier) if "pinned" in t.tags]
    return Pinned(tuple(DigestEntry(t, rank, len(t.savers)) for rank, t in enumerate(found, start=1)))


@pytest.fixture
def pinned_renders(monkeypatch):
    """The four render functions a new kind brings (registered for this test only)."""
    def markdown(section, display):
        return ["", f"## {section.heading}", ""] + [f"- {display(e.tip.text)}" for e in section.entries]

    def json_(section, display):
        return {"pinned": [e.tip.id for e in section.entries]}

    def chat(section, digest, *display):
        return [Unit.of({"type": "TextBlock", "text": e.tip.text}, tips=[e.tip.id]) for e in section.entries]

    for registry, render in ((MARKDOWN, markdown), (JSON, json_), (SLACK, chat), (TEAMS, chat)):
        monkeypatch.setitem(registry._by_kind, Pinned.kind, render)


def test_a_new_section_kind_plugs_in_at_its_place_and_its_tips_are_recorded_and_listed_once(pinned_renders):
    old_pinned = replace(tip(1, "Wristband printer: use tray 2", tags=("pinned",), status=TipStatus.NEEDS_UPDATE),
                         captured_at=W48.start.replace(year=2025))
    given = DigestInput([old_pinned, tip(2, "Hold F12 to refresh")], W48, NOW, DigestLimits())
    rules = (SECTIONS[0], pinned, *SECTIONS[1:])
    digest = Digest(W48, NOW, build_sections(given, rules), DigestStats(), "weekly")
    assert [s.kind for s in digest.sections] == ["best", "pinned", "questions", "outdated", "due"]
    assert digest.section("outdated").entries == (), "a tip an earlier section lists is not listed again"
    markdown = render_markdown(digest, display_text)
    assert markdown.index("## Best new tips") < markdown.index("## Pinned by the trainers") < markdown.index(
        "- Wristband printer: use tray 2")
    assert render_json(digest, display_text)["pinned"] == [1]
    assert [m.tips for m in render_messages(digest, display_text)] == [(2, 1)]
    assert [m.tips for m in digest_cards.digest_cards(digest)] == [(2, 1)]


# --- what each posted message records ----------------------------------------------------------------------

def mixed_digest(n_tips: int) -> Digest:
    """Best new tips (one never stored, so without buttons), open and answered questions, outdated tips."""
    tips = [tip(n, f"Tip {n}: " + "x" * 500, tags=(f"tag{n % 3}",), savers=1 + n % 4) for n in range(1, n_tips + 1)]
    tips.append(replace(tip(n_tips + 1, "never stored"), id=None))
    tips += [replace(tip(n, f"Old tip {n}", status=TipStatus.NEEDS_UPDATE), captured_at=W48.start.replace(year=2025))
             for n in range(500, 504)]
    questions = [question(1, "where is the fall risk form"), answered(question(2, "cancel a discharge order")),
                 question(3, "scanner frozen after the update", asker="U-C")]
    return build_digest(tips, W48, NOW, questions=questions, max_tips=n_tips + 1, name="weekly")


def ids_with_buttons(blocks: list[dict], buttons: str, prefix: str) -> tuple[int, ...]:
    """The ids of the tips ("tip-") or questions ("gap-") that carry buttons in a rendered message."""
    found = []
    for block in blocks:
        block_id = str(block.get("block_id") or block.get("id") or "")
        has_buttons = block.get("type") == buttons or any(i.get("type") == "ActionSet" for i in block.get("items", []))
        if has_buttons and block_id.startswith(prefix) and block_id.count("-") == 1:
            found.append(int(block_id.split("-")[1]))
    return tuple(found)


@pytest.mark.parametrize("n_tips", [3, 120])
def test_each_slack_message_records_what_its_buttons_act_on(n_tips):
    messages = render_messages(mixed_digest(n_tips), display_text)
    assert (len(messages) > 1) is (n_tips > 3)
    for message in messages:
        blocks = message.payload["blocks"]
        assert message.tips == ids_with_buttons(blocks, "actions", "tip-")
        assert message.questions == ids_with_buttons(blocks, "actions", "gap-")
    assert sorted(t for m in messages for t in m.tips) == [*range(1, n_tips + 1), *range(500, 504)]
    assert [q for m in messages for q in m.questions] == [1, 3], "an answered question has no buttons"
    posted = messages[0].posted("C-TRAINERS", "1.1")
    assert (posted.conversation_id, posted.message_id, posted.tips) == ("C-TRAINERS", "1.1", messages[0].tips)


@pytest.mark.parametrize("n_tips", [3, 120])
def test_each_teams_card_records_what_its_buttons_act_on(n_tips):
    cards = digest_cards.digest_cards(mixed_digest(n_tips))
    assert (len(cards) > 1) is (n_tips > 3)
    for card in cards:
        body = card.payload["attachments"][0]["content"]["body"]
        assert card.tips == ids_with_buttons(body, "", "tip-")
        assert card.questions == ids_with_buttons(body, "", "gap-")
    assert sorted(t for c in cards for t in c.tips) == [*range(1, n_tips + 1), *range(500, 504)]
    assert [q for c in cards for q in c.questions] == [1, 3], "an answered question has no buttons"
