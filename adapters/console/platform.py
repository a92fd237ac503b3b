"""The terminal chat as one of Tipjar's platforms. It runs in the operator's own terminal (`tipjar chat`,
`tipjar demo`), never under `tipjar serve`, and posts no digest: its name is what it adds to the list (tips,
workspaces and digests of app.yaml may name it)."""
from __future__ import annotations

from adapters.platform import Connection, Serving, Wiring
from bot.config import Settings

PLATFORM = "console"


class Console:
    name = PLATFORM
    paths: tuple[str, ...] = ()
    setup_hint = ""
    section = None  # app.yaml's `console` section is the core's: the command line reads it too
    secrets = None

    def enabled(self, settings: Settings, *, socket_mode: bool = False) -> bool:
        return False

    def check(self, settings: Settings, host: str, *, socket_mode: bool = False) -> None:
        return None

    def connect(self, settings: Settings, records, metrics=None) -> Connection:
        raise NotImplementedError("the console chat is not connected to: it runs in `tipjar chat`")

    def serve(self, connection: Connection, wiring: Wiring) -> Serving:
        raise NotImplementedError("the console chat is not served: it runs in `tipjar chat`")
