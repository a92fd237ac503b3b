"""One typed line -> one chat action. Pure: no state, no I/O."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """Base of what a typed line asks for."""


@dataclass(frozen=True)
class Post(Action):
    text: str
    thread: int | None = None


@dataclass(frozen=True)
class React(Action):
    number: int
    emoji: str
    removed: bool = False


@dataclass(frozen=True)
class SaveAsTip(Action):
    number: int


@dataclass(frozen=True)
class Edit(Action):
    number: int
    text: str


@dataclass(frozen=True)
class Delete(Action):
    number: int


@dataclass(frozen=True)
class TipCommand(Action):
    text: str


@dataclass(frozen=True)
class AskCommand(Action):
    text: str


@dataclass(frozen=True)
class AnswerCommand(Action):
    """A trainer answers question `number` (shown when /ask found nothing); `text` may end with #tags."""

    number: int
    text: str


@dataclass(frozen=True)
class DismissCommand(Action):
    number: int


@dataclass(frozen=True)
class SwitchUser(Action):
    user: str


@dataclass(frozen=True)
class Join(Action):
    channel: str
    private: bool = False


@dataclass(frozen=True)
class Invite(Action):
    user: str


@dataclass(frozen=True)
class Show(Action):
    what: str  # "help" | "history" | "channels"


@dataclass(frozen=True)
class Quit(Action):
    pass


@dataclass(frozen=True)
class Invalid(Action):
    message: str


HELP = """\
Type a message to post it in the current channel; every message gets a number.
  /reply N TEXT        reply in the thread of message N
  /react N EMOJI       react to message N (bulb, pushpin or bookmark save it as a tip)
  /unreact N EMOJI     take your reaction back
  /save N              the "Save as tip" message action on message N
  /edit N TEXT         edit your message N          /delete N   delete your message N
  /tip TEXT #tags      post a tip directly          /ask QUESTION   ask Tipjar
  /answer Q TEXT #tags answer question Q as a trainer (the askers are told)
  /dismiss Q           "not a question for us": question Q leaves the digest
  /as NAME             speak as NAME                /join NAME [private]   go to (or create) a channel
  /invite NAME         add NAME to this channel     /history  /channels  /help  /quit"""


def _number(word: str) -> int | None:
    word = word.lstrip("#[").rstrip("]")
    return int(word) if word.isascii() and word.isdigit() else None  # "²" is a digit to str.isdigit, not to int


def _numbered(name: str, rest: str, build) -> Action:
    number_word, _, tail = rest.partition(" ")
    number = _number(number_word)
    if number is None:
        return Invalid(f"/{name} needs a message number first, e.g. /{name} 3 …  (see /history)")
    return build(number, tail.strip())


def _react(rest: str, removed: bool) -> Action:
    name = "unreact" if removed else "react"
    def build(number: int, tail: str) -> Action:
        emoji = tail.strip().strip(":")
        if not emoji or " " in emoji:
            return Invalid(f"/{name} needs one emoji name, e.g. /{name} {number} bulb")
        return React(number, emoji, removed)
    return _numbered(name, rest, build)


def _needs_text(name: str, build):
    def checked(number: int, tail: str) -> Action:
        return build(number, tail) if tail else Invalid(f"/{name} {number} needs some text after the number")
    return checked


def _name(name: str, rest: str, build) -> Action:
    words = rest.split()
    if not words:
        return Invalid(f"/{name} needs a name, e.g. /{name} maria")
    return build(words)


PARSERS = {
    "reply": lambda r: _numbered("reply", r, _needs_text("reply", lambda n, t: Post(t, thread=n))),
    "react": lambda r: _react(r, removed=False),
    "unreact": lambda r: _react(r, removed=True),
    "save": lambda r: _numbered("save", r, lambda n, _: SaveAsTip(n)),
    "edit": lambda r: _numbered("edit", r, _needs_text("edit", Edit)),
    "delete": lambda r: _numbered("delete", r, lambda n, _: Delete(n)),
    "tip": lambda r: TipCommand(r),
    "ask": lambda r: AskCommand(r),
    "answer": lambda r: _numbered("answer", r, _needs_text("answer", AnswerCommand)),
    "dismiss": lambda r: _numbered("dismiss", r, lambda n, _: DismissCommand(n)),
    "as": lambda r: _name("as", r, lambda w: SwitchUser(w[0].lstrip("@"))),
    "join": lambda r: _name("join", r, lambda w: Join(w[0].lstrip("#"), private="private" in w[1:])),
    "invite": lambda r: _name("invite", r, lambda w: Invite(w[0].lstrip("@"))),
    "help": lambda r: Show("help"),
    "history": lambda r: Show("history"),
    "channels": lambda r: Show("channels"),
    "quit": lambda r: Quit(),
    "exit": lambda r: Quit(),
}


def parse(line: str) -> Action | None:
    """The action a typed line asks for; None for a blank line."""
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    if not line.startswith("/"):
        return Post(line)
    name, _, rest = line[1:].partition(" ")
    parser = PARSERS.get(name.lower())
    if parser is None:
        return Invalid(f"Unknown command /{name}. Type /help for the list.")
    return parser(rest.strip())
