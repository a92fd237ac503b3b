"""Core replies -> plain terminal text. Every tip text goes through display_text (no pings, readable)."""
from __future__ import annotations

from functools import singledispatch

from bot.curation import LABELS
from bot.files import CLIP
from bot.privacy.screen import marker, removed_words
from bot.model import Tip
from bot.replies import Answer, Erased, GapAnswered, Imported, Notice, Quiet, Reply, TipSaved
from bot.text import display_text

BOT = "tipjar"


def credit(tip: Tip) -> str:
    """'Maria Lopez in #emr-go-live' — a name, never a ping."""
    channel = tip.source.channel_name or tip.source.ref.channel_id
    said = f"{display_text(tip.source.author.display_name)} in #{channel.lstrip('#')}"
    said += "".join(f" · {CLIP} {display_text(f.name)}" for f in tip.source.files)
    return f"{said} · {marker(tip.redacted)}" if tip.redacted else said


@singledispatch
def render(reply: Reply) -> list[str]:
    raise TypeError(f"cannot render {type(reply).__name__}")


@render.register
def _(reply: Quiet) -> list[str]:
    return []


@render.register
def _(reply: Notice) -> list[str]:
    return reply.text.splitlines()  # the core's own words, not chat markup


@render.register
def _(reply: TipSaved) -> list[str]:
    tip = reply.tip
    people = "1 person has" if tip.votes == 1 else f"{tip.votes} people have"
    if reply.created and reply.removed:
        return [f"Saved as tip #{tip.id}. {people} saved it. Before saving, Tipjar removed "
                f"{removed_words(reply.removed)} (patient details): only the text without them was stored."]
    if reply.created:
        return [f"Saved as tip #{tip.id}. {people} saved it.", *filter(None, [reply.tags_note])]
    if not reply.counted:
        return [f"You had already saved this as tip #{tip.id}. {people} saved it."]
    return [f"Added your vote to tip #{tip.id}. {people} saved it."]


@render.register
def _(reply: Answer) -> list[str]:
    if not reply.answered:
        noted = [f"(Question #{reply.question_id}: a trainer can answer it with /answer {reply.question_id} TEXT.)"]
        return [display_text(reply.text)] + (noted if reply.question_id else [])
    lines = [f'What Tipjar knows about "{display_text(reply.question)}":']
    if reply.text:
        lines += ["  " + line for line in display_text(reply.text).splitlines()]
    for number, source in enumerate(reply.sources, 1):
        tip = source.tip
        lines.append(f"  {number}. " + "".join(f"*{text}*" if hit else text for text, hit in source.segments()))
        where = [credit(tip), LABELS[tip.status]] + ([tip.source.permalink] if tip.source.permalink else [])
        lines.append("     — " + " · ".join(where))
    return lines


@render.register
def _(reply: Erased) -> list[str]:
    """Deletions happen quietly in the chat; `tipjar purge` prints what was erased where."""
    return []


@render.register
def _(reply: Imported) -> list[str]:
    return [f"Imported {reply.created} new tips; {reply.merged} were already stored (savers and tags merged)."]


@render.register
def _(reply: GapAnswered) -> list[str]:
    people = ", ".join(q.asker_id for q in reply.askers)
    return [f"Saved your answer as tip #{reply.tip.id} (approved). Told privately: {display_text(people)}."]


def heard_back(question_text: str, day: str, trainer: str, answer: str) -> str:
    """The private note to one asker: "You asked … on Tuesday; jo answered: …"."""
    return f"You asked “{display_text(question_text)}” on {day}; {display_text(trainer)} answered: {display_text(answer)}"
