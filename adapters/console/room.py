"""The terminal chat's own world, kept the way Slack or Teams keeps theirs: channels with members, and
numbered messages with threads and reactions. Tipjar never reads this; it only hears about events."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.ports import Clock


@dataclass
class Channel:
    name: str
    private: bool = False
    members: set[str] = field(default_factory=set)


@dataclass
class Message:
    number: int
    channel: str
    user: str
    text: str
    ts: str
    posted_at: datetime
    thread_ts: str | None = None
    reactions: dict[str, set[str]] = field(default_factory=dict)
    deleted: bool = False

    def reacted(self, emojis: set[str]) -> set[str]:
        """Who reacted with any of `emojis`."""
        return set().union(*(self.reactions.get(emoji, set()) for emoji in emojis))


class Room:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.channels: dict[str, Channel] = {}
        self.messages: list[Message] = []
        self._last_ts = 0.0

    def new_ts(self) -> str:
        """A Slack-style message id: the time in seconds with microseconds, strictly increasing."""
        self._last_ts = max(self.clock.now().timestamp(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    def channel(self, name: str, private: bool = False) -> Channel:
        """The channel called `name`, created (public or private) when it does not exist yet."""
        return self.channels.setdefault(name, Channel(name, private))

    def post(self, channel: str, user: str, text: str, parent: Message | None = None) -> Message:
        thread_ts = (parent.thread_ts or parent.ts) if parent else None
        message = Message(len(self.messages) + 1, channel, user, text, self.new_ts(), self.clock.now(), thread_ts)
        self.messages.append(message)
        return message

    def readable(self, number: int, user: str) -> Message | None:
        """Message `number` if it exists, is not deleted and `user` is in its channel."""
        if not 1 <= number <= len(self.messages):
            return None
        message = self.messages[number - 1]
        if message.deleted or user not in self.channels[message.channel].members:
            return None
        return message

    def history(self, channel: str) -> list[Message]:
        return [m for m in self.messages if m.channel == channel and not m.deleted]
