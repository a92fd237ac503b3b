"""Who is told what after a capture: decided once, here, for every platform; each platform renders the notes
in its own way (an ephemeral message, a private chat, a line in the terminal).

The person who saved hears how it went (unless capture.confirm is "none" and nothing was taken out); the
message's author, when someone else saved it, hears privately which patient details were taken out of their
words; under privacy.patient_data "hold" nothing is stored yet: the author is asked, and a saver who is not
the author hears that the author was asked.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.replies import HeldForAuthor, Reply, TipSaved


class Note(str, Enum):
    CONFIRMATION = "confirmation"
    """The reply itself, for the person who saved."""
    REDACTION = "redaction"
    """Which kinds of patient details were taken out of the saved words, for their author."""
    HELD = "held"
    """For a saver who is not the author: the author was asked first."""
    HOLD_PROMPT = "hold_prompt"
    """For the author: save the held words as written, or not."""


@dataclass(frozen=True)
class Tell:
    user_id: str
    note: Note
    saver: bool
    """The person whose action this answers: a platform may answer them where they acted (a response URL)."""


def after_capture(reply: Reply, saver: str, author: str, confirm: str) -> list[Tell]:
    """The notes a capture's `reply` calls for, in the order they are to be delivered."""
    if isinstance(reply, HeldForAuthor):
        told = [Tell(saver, Note.HELD, True)] if author != saver else []
        return [*told, Tell(author, Note.HOLD_PROMPT, author == saver)]
    saved = isinstance(reply, TipSaved)
    told = []
    if not (saved and confirm == "none" and not reply.removed):
        told.append(Tell(saver, Note.CONFIRMATION, True))
    if saved and reply.removed and author != saver:
        told.append(Tell(author, Note.REDACTION, False))
    return told


def told_privately_of_redaction(reply: Reply, saver: str) -> list[str]:
    """Who hears, in private, which details were taken out, where a platform's confirmation is seen by everyone
    in the conversation (the saver's note cannot ride in it): the saver, then the author."""
    if not (isinstance(reply, TipSaved) and reply.removed):
        return []
    told = after_capture(reply, saver, reply.tip.source.author.user_id, "ephemeral")
    return list(dict.fromkeys(tell.user_id for tell in told))
