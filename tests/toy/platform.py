"""The toy platform: people post messages, react to them and ask, over POST /toy/events; what Tipjar tells
them and the digests it posts are kept in memory (`ToyChat`) for the tests to read."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.acks import committed
from adapters.platform import Connection, Serving, Wiring
from bot.commands import Ask, CaptureMessage
from bot.model import Origin, Person, PostedMessage, Source, SourceRef, Viewer, Visibility
from bot.ports import PermanentFailure
from bot.replies import Answer, Reply, TipSaved
from bot.telling import Note, after_capture
from bot.text import display_text
from digests.render import render_markdown

PLATFORM = "toy"
WORKSPACE = "toy-town"


@dataclass
class ToyChat:
    """The platform's own side: its messages, what each person was told, the digests posted to each channel."""

    messages: dict[str, dict] = field(default_factory=dict)
    told: list[tuple[str, str]] = field(default_factory=list)
    digests: list[tuple[str, str]] = field(default_factory=list)
    heard: threading.Event = field(default_factory=threading.Event)

    def tell(self, user: str, text: str) -> None:
        self.told.append((user, text))
        self.heard.set()


class ToyPoster:
    """The DigestPoster port: each digest as one Markdown message."""

    def __init__(self, chat: ToyChat) -> None:
        self.chat = chat

    def post(self, digest, config, progress) -> list[PostedMessage]:
        for part, text in progress.remaining([render_markdown(digest, display_text)]):
            self.chat.digests.append((config.channel, text))
            progress.keep(PostedMessage(config.channel, str(len(self.chat.digests))))
        return progress.messages

    def update(self, digest, messages: list[PostedMessage]) -> None:
        self.chat.digests.append((messages[0].conversation_id, render_markdown(digest, display_text)))

    def audience_channels(self, config) -> frozenset[str]:
        return frozenset()

    def workspace(self, config) -> str:
        return WORKSPACE

    def shows_public(self, config) -> bool:
        return True


def rendered(reply: Reply, note: Note) -> str:
    if note is Note.REDACTION:
        return f"removed from your words: {', '.join(reply.removed)}"
    if isinstance(reply, TipSaved):
        return f"saved tip #{reply.tip.id}"
    if isinstance(reply, Answer):
        return " | ".join(display_text(source.tip.text) for source in reply.sources) or "no tip answers that"
    return reply.summary


class ToyProcessor:
    def __init__(self, wiring: Wiring, chat: ToyChat) -> None:
        self.bot, self.settings, self.chat = wiring.bot, wiring.settings, chat

    def handle(self, item) -> str:
        event = item.payload
        if item.kind == "message":
            self.chat.messages[event["id"]] = event
            return "noted"
        if item.kind == "react":
            return self.capture(self.chat.messages[event["message"]], event["user"])
        if item.kind == "ask":
            reply = self.bot.handle(Ask(Viewer(PLATFORM, WORKSPACE, event["user"]), event["text"]))
            self.chat.tell(event["user"], rendered(reply, Note.CONFIRMATION))
            return reply.summary
        raise PermanentFailure(f"no handler for toy event kind {item.kind!r}")

    def capture(self, message: dict, saver: str) -> str:
        source = Source(SourceRef(PLATFORM, WORKSPACE, message["channel"], message["id"]), Person(message["user"]))
        reply = self.bot.handle(CaptureMessage(source, message["text"], saver, Visibility.PUBLIC, Origin.REACTION))
        for tell in after_capture(reply, saver, message["user"], self.settings.capture.confirm):
            self.chat.tell(tell.user_id, rendered(reply, tell.note))
        return reply.summary


class Toy:
    name = PLATFORM
    paths = ("/toy/events",)
    setup_hint = ""
    section = None
    secrets = None

    def __init__(self) -> None:
        self.chat = ToyChat()

    def enabled(self, settings, *, socket_mode: bool = False) -> bool:
        return not socket_mode

    def check(self, settings, host: str, *, socket_mode: bool = False) -> None:
        return None

    def connect(self, settings, records, metrics=None) -> Connection:
        return Connection(ToyPoster(self.chat), replace_posts=lambda bot, erased, digests: None, client=self.chat)

    def serve(self, connection: Connection, wiring: Wiring) -> Serving:
        accept = wiring.accept(PLATFORM)

        async def events(request: Request) -> Response:
            event = await request.json()
            await committed(accept(event["kind"], event["id"], event))
            return JSONResponse({"ok": True})
        return Serving(ToyProcessor(wiring, connection.client).handle, [Route("/toy/events", events, methods=["POST"])])
