"""The platform seam: everything the rest of Tipjar asks of one chat platform, behind one object.

Each platform's package has one `Platform` (adapters/<platform>/platform.py) and adapters/registry.py lists
them. `tipjar serve`, the digest commands, `tipjar purge`, the HTTP server, its access log and the command
line walk that list; none of them names a platform. What a platform is asked, in the order `tipjar serve`
asks it:

    enabled(settings)        is it set up here (its credentials, its settings section)
    check(settings, host)    refuse a configuration it must not run with (ConfigError), before anything starts
    connect(settings, ...)   its clients, opened once: a Connection (digests, members, erasure)
    serve(connection, ...)   its part of `tipjar serve`: a Serving (inbox processor, HTTP routes, loops)

A one-shot command (`tipjar digest send`, `tipjar purge`) only connects.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from pydantic import BaseModel

from bot.config import Settings
from bot.ports import Directory, Members
from bot.replies import Erased
from runtime.model import InboxItem

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from adapters.metrics import Metrics
    from bot.service import Bot
    from runtime.digest_sender import DigestPoster, DigestSender
    from runtime.records import Records

Loop = Callable[[threading.Event], object]
"""A loop run on a thread of its own until the event is set."""


class Readiness(Protocol):
    """Whether a platform accepts work yet (GET /readyz says 503 until every platform's is set)."""

    ready: threading.Event
    status: str
    """In a few words, for /readyz."""
    problem: str
    """In full, for the log."""


@dataclass
class Connection:
    """One platform's clients, opened once per process, and what the rest of Tipjar asks of them."""

    poster: "DigestPoster"
    """Posts and updates this platform's digests."""
    replace_posts: Callable[["Bot", Erased, "DigestSender"], None]
    """After an erasure: the bot's own posts about the erased tips replaced, its digests re-rendered."""
    directory: Directory | None = None
    """Who may read which channel, asked of the platform (else what the store recorded)."""
    members: Members | None = None
    """Who is in a digest's channel, for the trainer rule."""
    client: object = None
    """The platform's own API client, for its `serve`."""


@dataclass(frozen=True)
class Wiring:
    """What `tipjar serve` hands each platform it serves: the parts every platform shares."""

    settings: Settings
    bot: "Bot"
    records: "Records"
    digests: "DigestSender"
    metrics: "Metrics"
    accept: Callable[[str], Callable]
    """accept(platform) -> the inbox's writer for that platform's events (answered once the row is stored)."""
    accept_now: Callable[[str], Callable]
    """The same, storing before it returns (for listeners that cannot await, such as Slack's Socket Mode)."""
    socket_mode: bool = False


@dataclass
class Serving:
    """A platform's part of `tipjar serve`."""

    process: Callable[[InboxItem], str]
    """One accepted event from the inbox, handled (on an inbox worker's thread); returns a summary for the log."""
    routes: list["BaseRoute"] = field(default_factory=list)
    background: list[Loop] = field(default_factory=list)
    readiness: Readiness | None = None
    socket_mode: Callable[[threading.Event], None] | None = None
    """Events over a connection the app opens instead of HTTP (Slack's Socket Mode), run until stopped."""


class Platform(Protocol):
    name: str
    """As stored with every tip and event ("slack", "teams"), and as app.yaml's digests and workspaces name it."""
    paths: tuple[str, ...]
    """The HTTP paths its requests arrive at (the access log and the metrics label them with its name)."""
    setup_hint: str
    """How it is set up, for `tipjar serve` refusing to start with no platform ("" when it is never served)."""
    section: tuple[str, type[BaseModel]] | None
    """Its section of app.yaml (key, shape), added to the settings by adapters/settings.py."""
    secrets: type[BaseModel] | None
    """Its secrets, read from the environment by their aliases, added to the settings' `secrets`."""

    def enabled(self, settings: Settings, *, socket_mode: bool = False) -> bool: ...

    def check(self, settings: Settings, host: str, *, socket_mode: bool = False) -> None:
        """Raise ConfigError for a configuration `tipjar serve` must not start with."""

    def connect(self, settings: Settings, records: "Records", metrics: "Metrics | None" = None) -> Connection: ...

    def serve(self, connection: Connection, wiring: Wiring) -> Serving: ...
