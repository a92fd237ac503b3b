"""`tipjar chat` in the test's own process, as a chat transcript: push a line, pop what Tipjar and the room said.

The shape is errbot's test backend: `push_message` is a person typing one line, `pop_message` the next thing
the chat printed, in order. Behind it is what `tipjar chat` runs: the real ConsoleChat over the real Bot, on
the test's own SQLite file, with the settings a `tipjar` command run in that directory would read. Starting a
process per transcript is left to the one test that proves `tipjar chat` itself starts and answers.
"""
from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Mapping

from adapters.console.chat import ConsoleChat
from adapters.settings import Secrets, Settings
from store.db import open_store
from store.repository import unit_of_work_factory
from tipjar.bootstrap import build_bot
from tipjar.settings import load_settings


def settings_in(workdir: Path, env: Mapping[str, str]) -> Settings:
    """What a `tipjar` command run in `workdir` with `env` reads: its app.yaml if there is one, else the defaults."""
    config = workdir / "app.yaml"
    if config.exists():
        return load_settings(config, env)
    return Settings(secrets=Secrets(TIPJAR_DATABASE_URL=env["TIPJAR_DATABASE_URL"]))


class ChatBackend:
    def __init__(self, settings: Settings, user: str | None = None, channel: str | None = None) -> None:
        self.engine = open_store(settings.secrets.database_url, auto_upgrade=True)
        self.bot = build_bot(settings, units=unit_of_work_factory(self.engine))
        self._said: deque[str] = deque()
        self.chat = ConsoleChat(
            self.bot, self.bot.context.clock, workspace=settings.console.workspace,
            user=user or settings.console.user, channel=channel or settings.console.channel,
            capture_emojis=settings.capture.emojis, out=self._said.append,
        )
        self.open = True

    def push_message(self, line: str) -> None:
        """One line typed into the chat (after /quit nothing more is read, as in the terminal)."""
        if self.open:
            self.open = self.chat.handle(line)

    def pop_message(self) -> str:
        """The next thing the chat printed: a message in the room, or what Tipjar told someone."""
        if not self._said:
            raise AssertionError("the chat has said nothing more")
        return self._said.popleft()

    def close(self) -> None:
        """Let go of the database, as `tipjar chat` does when it exits (SQLite folds its write-ahead log back)."""
        self.engine.dispose()

    def __enter__(self) -> ChatBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transcript(self, typed: str) -> str:
        """Type every line of `typed`; everything the chat printed since the last pop, as the terminal shows it."""
        for line in typed.splitlines():
            self.push_message(line)
        said = "".join(line + "\n" for line in self._said)
        self._said.clear()
        return said
