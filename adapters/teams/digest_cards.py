"""The trainers' digest as Teams Adaptive Card messages, section by section, each card knowing what it shows.

Every string from chat passes render.safe. Each section kind has one render function here (registered on
TEAMS); a card is cut below MAX_CARD_BYTES, and a tip or question stays on one card with its buttons.
"""
from __future__ import annotations

import json

from adapters.teams.render import TIP_TEXT_LIMIT, card, credit, execute, md_link, message, safe, text_block
from bot.actions import GAP_ANSWER, GAP_DISMISS, REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from bot.curation import LABELS
from bot.model import TipStatus
from bot.text import shorten
from digests.messages import RenderedMessage, Unit, packed
from digests.model import Digest, DigestEntry, QuestionGroup, TipList
from digests.renderers import ByKind
from digests.sections.best import BestTips
from digests.sections.questions import OpenQuestions
from digests.wording import NO_TIPS, more_line, more_tips_line, plural, question_note, review_words, stats_line, title

MAX_CARD_BYTES = 24_000
"""Teams refuses messages over about 28 KB; a digest is split into cards below this size."""
REVIEW_BUTTONS = (("Approve", REVIEW_APPROVE, "positive"), ("Needs update", REVIEW_NEEDS_UPDATE, "default"),
                  ("Archive", REVIEW_ARCHIVE, "destructive"))
TEAMS: ByKind[list[Unit]] = ByKind("Teams")


def _button_data(digest: Digest, **about: int) -> dict:
    return {**about, "digest": digest.name[:200], "period": digest.period.label[:50]}


def _entry(entry: DigestEntry, digest: Digest) -> Unit:
    """One tip: its words, who and where it came from with its review state, and the review buttons."""
    tip = entry.tip
    link = md_link(tip.source.permalink, "open in chat")
    review = review_words(entry, safe) or LABELS[TipStatus.NEW].capitalize()
    about = " · ".join(part for part in (credit(tip), review, safe(entry.reason), link) if part)
    items = [text_block(f"**{entry.rank}.** **{plural(entry.savers, 'saver')}** · "
                        f"{shorten(safe(tip.text), TIP_TEXT_LIMIT)}", spacing="Medium"),
             text_block(about, isSubtle=True, size="Small", spacing="None")]
    if tip.id is None:
        return Unit.of({"type": "Container", "id": f"tip-{tip.id}", "items": items})
    data = _button_data(digest, tip_id=tip.id)
    items.append({"type": "ActionSet", "actions": [execute(label, verb, data, style)
                                                   for label, verb, style in REVIEW_BUTTONS]})
    return Unit.of({"type": "Container", "id": f"tip-{tip.id}", "items": items}, tips=[tip.id])


def _heading(text: str) -> dict:
    return text_block(text, weight="Bolder", size="Medium", spacing="Large")


def _more(line: str) -> list[Unit]:
    return [Unit.of(text_block(line, isSubtle=True))] if line else []


@TEAMS.register(BestTips.kind)
def _best(section: BestTips, digest: Digest) -> list[Unit]:
    if not section.groups:
        return [Unit.of(_heading(section.heading), text_block(NO_TIPS))]
    units = [Unit.titled(_heading(section.heading))]
    for group in section.groups:
        tag = f"#{safe(group.tag)}" if group.tag else "Untagged"
        units.append(Unit.titled(text_block(tag, weight="Bolder", spacing="Medium")))
        units += [_entry(entry, digest) for entry in group.entries]
    return units + _more(more_tips_line(section.more))


def answer_form(question_id: int, data: dict) -> dict:
    """Answer: a card that opens in place with the answer and tags inputs; Send carries them in its data."""
    inputs = [{"type": "Input.Text", "id": "answer", "isMultiline": True, "maxLength": 4000, "isRequired": True,
               "label": "Your answer (it becomes an approved tip)", "errorMessage": "Write the answer first"},
              {"type": "Input.Text", "id": "tags", "label": "Tags (optional, e.g. #scanner #printing)"}]
    form = card(inputs, [execute("Send answer", GAP_ANSWER, data, "positive")])
    return {"type": "Action.ShowCard", "title": "Answer", "card": form}


def _question(group: QuestionGroup, digest: Digest) -> Unit:
    """One question group: its words, who asked and how long ago (or who answered), and the trainers' buttons."""
    items = [text_block(f"“{shorten(safe(group.text), 300)}”", spacing="Medium"),
             text_block(question_note(group, safe), isSubtle=True, size="Small", spacing="None")]
    if group.question_id is None or group.answered_by:
        return Unit.of({"type": "Container", "id": f"gap-{group.question_id}", "items": items})
    data = _button_data(digest, question_id=group.question_id)
    items.append({"type": "ActionSet", "actions": [
        answer_form(group.question_id, data), execute("Not a question for us", GAP_DISMISS, data)]})
    return Unit.of({"type": "Container", "id": f"gap-{group.question_id}", "items": items},
                   questions=[group.question_id])


@TEAMS.register(OpenQuestions.kind)
def _questions(section: OpenQuestions, digest: Digest) -> list[Unit]:
    if not section.groups:
        return []
    units = [Unit.titled(_heading(section.heading))] + [_question(group, digest) for group in section.groups]
    return units + _more(more_line(section.more, "questions"))


@TEAMS.register("outdated", "due")
def _tip_list(section: TipList, digest: Digest) -> list[Unit]:
    if not section.entries:
        return []
    units = [Unit.titled(_heading(section.heading))] + [_entry(entry, digest) for entry in section.entries]
    return units + _more(more_line(section.more, "tips"))


def digest_cards(digest: Digest) -> list[RenderedMessage]:
    """The digest as one or more card messages with what each shows, posted in order, each under
    MAX_CARD_BYTES as JSON."""
    units = [Unit.of(text_block(title(digest), weight="Bolder", size="Large"),
                     text_block(stats_line(digest.stats, safe), isSubtle=True))]
    for section in digest.sections:
        units += TEAMS(section, digest)
    cards = packed(units, lambda body: len(json.dumps(message(card(body), title(digest)))) <= MAX_CARD_BYTES)
    total = len(cards)
    summaries = [title(digest) + (f" (part {n} of {total})" if total > 1 else "") for n in range(1, total + 1)]
    return [RenderedMessage(message(card(list(body.blocks)), summary), body.tips, body.questions)
            for body, summary in zip(cards, summaries)]


def digest_messages(digest: Digest) -> list[dict]:
    """Only the activities Teams takes, for a preview (the poster uses digest_cards)."""
    return [rendered.payload for rendered in digest_cards(digest)]
