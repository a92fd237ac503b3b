"""A digest split into chat messages, each knowing what it shows.

A platform's section renderers return units: blocks that must stay in one message (a tip with its review
buttons, a question with its Answer and dismiss buttons), each naming the tips and questions its buttons act
on, or a heading, which travels with the unit after it. Units are packed into as many messages as the
platform's limit needs; each message carries the ids of its units with it, so the poster records what a
message shows from the renderer, never by reading the rendered payload back.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.model import PostedMessage


def _once(ids: Iterable[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Unit:
    blocks: tuple[dict, ...]
    tips: tuple[int, ...] = ()
    """The tips this unit carries review buttons for."""
    questions: tuple[int, ...] = ()
    """The questions this unit carries Answer / dismiss buttons for."""
    heading: bool = False

    @classmethod
    def of(cls, *blocks: dict, tips: Iterable[int] = (), questions: Iterable[int] = ()) -> Unit:
        return cls(tuple(blocks), tuple(tips), tuple(questions))

    @classmethod
    def titled(cls, *blocks: dict) -> Unit:
        """A heading: never the last thing in a message."""
        return cls(tuple(blocks), heading=True)

    def __add__(self, other: Unit) -> Unit:
        return Unit(self.blocks + other.blocks, _once(self.tips + other.tips),
                    _once(self.questions + other.questions), other.heading)


@dataclass(frozen=True)
class RenderedMessage:
    """One message of a digest as the platform takes it (`payload`), and the tips and questions it shows."""

    payload: dict
    tips: tuple[int, ...] = ()
    questions: tuple[int, ...] = ()

    def posted(self, conversation_id: str, message_id: str) -> PostedMessage:
        """The record of this message once the platform has put it at (conversation_id, message_id)."""
        return PostedMessage(conversation_id, message_id, self.tips, self.questions)


def glued(units: Iterable[Unit]) -> list[Unit]:
    """Headings travel with the unit after them (a trailing heading stays a unit of its own)."""
    out: list[Unit] = []
    carry: Unit | None = None
    for unit in units:
        carry = unit if carry is None else carry + unit
        if not carry.heading:
            out.append(carry)
            carry = None
    return out + ([carry] if carry is not None else [])


def packed(units: Iterable[Unit], fits: Callable[[list[dict]], bool]) -> list[Unit]:
    """Units in order, as few messages as `fits` allows (a unit is never split; one too big goes alone)."""
    messages: list[Unit] = []
    for unit in glued(units):
        if messages and fits(list(messages[-1].blocks + unit.blocks)):
            messages[-1] += unit
        else:
            messages.append(unit)
    return messages or [Unit(())]
