"""The terminal chat: channels, numbered messages and reactions, with Tipjar listening in.

Chat state (who said what where) lives here, as it lives in Slack or Teams; what Tipjar keeps goes
through the same core commands as every other platform.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, TextIO

from adapters.console import translate as t
from adapters.console.render import BOT, render
from bot.commands import Ask, CaptureMessage, Command, DeleteSource, EditSource, RecordMembership, RemoveVote, SubmitTip
from bot.model import Origin, Person, Source, SourceRef, Viewer, Visibility
from bot.ports import Clock
from bot.service import Bot
from bot.text import display_text

PLATFORM = "console"


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
    thread: int | None = None
    reactions: dict[str, set[str]] = field(default_factory=dict)
    deleted: bool = False


class ConsoleChat:
    def __init__(self, bot: Bot, clock: Clock, *, workspace: str, user: str, channel: str,
                 capture_emojis: list[str], out: Callable[[str], None]) -> None:
        self.bot, self.clock, self.workspace = bot, clock, workspace
        self.capture_emojis = set(capture_emojis)
        self.out = out
        self.user = user
        self.channels: dict[str, Channel] = {}
        self.messages: list[Message] = []
        self.default_channel = channel
        self.channel = self._enter(channel, private=False)

    # --- reading input -------------------------------------------------------------------------
    def run(self, lines: TextIO, prompt: Callable[[str], None] | None = None) -> None:
        """Handle lines until /quit or end of input."""
        while True:
            if prompt:
                prompt(f"{self.user} in #{self.channel}> ")
            line = lines.readline()
            if not line or not self.handle(line):
                return

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when the person asked to quit."""
        action = t.parse(line)
        if isinstance(action, t.Quit):
            return False
        if action is not None:
            self._act(action)
        return True

    # --- chat state ----------------------------------------------------------------------------
    def _enter(self, name: str, private: bool) -> str:
        channel = self.channels.get(name)
        if channel is None:
            channel = self.channels[name] = Channel(name, private)
        elif channel.private and self.user not in channel.members:
            self._say(f"#{name} is private. A member can /invite {self.user}.")
            return self.channel
        self._add_member(channel, self.user)
        return name

    def _add_member(self, channel: Channel, user: str) -> None:
        if user not in channel.members:
            channel.members.add(user)
            if channel.private:
                self._send(RecordMembership(PLATFORM, self.workspace, channel.name, (user,)))

    def _message(self, number: int) -> Message | None:
        if 1 <= number <= len(self.messages) and not self.messages[number - 1].deleted:
            message = self.messages[number - 1]
            if self.user in self.channels[message.channel].members:
                return message
        self._say(f"There is no message [{number}] you can see. Type /history to list them.")
        return None

    def _own(self, number: int) -> Message | None:
        message = self._message(number)
        if message and message.user != self.user:
            self._say("You can only edit or delete your own messages.")
            return None
        return message

    def _new_ts(self) -> str:
        now = self.clock.now().timestamp()
        last = float(self.messages[-1].ts) if self.messages else 0.0
        return f"{max(now, last + 0.000001):.6f}"

    # --- acting ----------------------------------------------------------------------------------
    def _act(self, action: t.Action) -> None:
        handler = getattr(self, "_on_" + type(action).__name__)
        handler(action)

    def _on_Post(self, action: t.Post) -> None:
        parent = self._message(action.thread) if action.thread else None
        if action.thread and parent is None:
            return
        thread = (parent.thread or parent.number) if parent else None
        message = Message(len(self.messages) + 1, parent.channel if parent else self.channel, self.user,
                          action.text, self._new_ts(), self.clock.now(), thread)
        self.messages.append(message)
        self._show(message)

    def _on_React(self, action: t.React) -> None:
        message = self._message(action.number)
        if message is None:
            return
        voters = message.reactions.setdefault(action.emoji, set())
        if action.removed == (self.user not in voters):  # Slack ignores these too
            done = "has no" if action.removed else "already has"
            self.out(f"  ([{message.number}] {done} :{action.emoji}: from {self.user})")
            return
        had_saved = self.user in self._capture_voters(message)
        (voters.discard if action.removed else voters.add)(self.user)
        self.out(f"  :{action.emoji}: {'removed' if action.removed else 'added'} by {self.user} on [{message.number}]")
        saves = self.user in self._capture_voters(message)
        if saves and not had_saved:
            self._send(self._capture(message, Origin.REACTION))
        elif had_saved and not saves:
            self._send(RemoveVote(self._ref(message), self.user))

    def _capture_voters(self, message: Message) -> set[str]:
        return set().union(*(message.reactions.get(e, set()) for e in self.capture_emojis))

    def _on_SaveAsTip(self, action: t.SaveAsTip) -> None:
        if message := self._message(action.number):
            self._send(self._capture(message, Origin.SHORTCUT))

    def _on_Edit(self, action: t.Edit) -> None:
        if message := self._own(action.number):
            message.text = action.text
            self.out(f"  [{message.number}] edited: {display_text(message.text)}")
            self._send(EditSource(self._ref(message), message.text))

    def _on_Delete(self, action: t.Delete) -> None:
        if message := self._own(action.number):
            message.deleted = True
            self.out(f"  [{message.number}] deleted")
            self._send(DeleteSource(self._ref(message)))

    def _on_TipCommand(self, action: t.TipCommand) -> None:
        source = Source(SourceRef(PLATFORM, self.workspace, self.channel, "tip-" + self._new_ts()),
                        Person(self.user, self.user), channel_name=self.channel, posted_at=self.clock.now())
        source.permalink = self._permalink(self.channel, source.ref.message_id)
        self._send(SubmitTip(source, action.text, self._visibility(self.channel)))

    def _on_AskCommand(self, action: t.AskCommand) -> None:
        self._send(Ask(Viewer(PLATFORM, self.workspace, self.user), action.text))

    def _on_SwitchUser(self, action: t.SwitchUser) -> None:
        self.user = action.user
        current = self.channels[self.channel]
        if current.private and self.user not in current.members:
            self.channel = self._enter(self.default_channel, private=False)
        else:
            self._add_member(current, self.user)
        self.out(f"  (you are now {self.user} in #{self.channel})")

    def _on_Join(self, action: t.Join) -> None:
        self.channel = self._enter(action.channel, action.private)
        self.out(f"  (you are in #{self.channel}{' — private' if self.channels[self.channel].private else ''})")

    def _on_Invite(self, action: t.Invite) -> None:
        self._add_member(self.channels[self.channel], action.user)
        self.out(f"  ({action.user} was added to #{self.channel})")

    def _on_Show(self, action: t.Show) -> None:
        if action.what == "help":
            self.out(t.HELP)
        elif action.what == "channels":
            for channel in self.channels.values():
                self.out(f"  #{channel.name}{' (private)' if channel.private else ''}: {', '.join(sorted(channel.members))}")
        else:
            for message in self.messages:
                if message.channel == self.channel and not message.deleted:
                    self._show(message)

    def _on_Invalid(self, action: t.Invalid) -> None:
        self._say(action.message)

    # --- to and from the core ---------------------------------------------------------------------
    def _capture(self, message: Message, origin: Origin) -> Command:
        source = Source(
            SourceRef(PLATFORM, self.workspace, message.channel, message.ts), Person(message.user, message.user),
            thread_id=self.messages[message.thread - 1].ts if message.thread else None,
            permalink=self._permalink(message.channel, message.ts), channel_name=message.channel,
            posted_at=message.posted_at,
        )
        return CaptureMessage(source, message.text, self.user, self._visibility(message.channel), origin)

    def _send(self, command: Command) -> None:
        for line in render(self.bot.handle(command)):
            self._say(line)

    def _say(self, line: str) -> None:
        self.out(f"  {BOT} → {self.user} (only you): {line}")

    def _show(self, message: Message) -> None:
        indent = "    ↳ " if message.thread else ""
        self.out(f"{indent}#{message.channel} [{message.number}] {message.user}: {display_text(message.text)}")

    def _ref(self, message: Message) -> SourceRef:
        return SourceRef(PLATFORM, self.workspace, message.channel, message.ts)

    def _visibility(self, channel: str) -> Visibility:
        return Visibility.PRIVATE if self.channels[channel].private else Visibility.PUBLIC

    def _permalink(self, channel: str, ts: str) -> str:
        return f"console://{self.workspace}/{channel}/{ts}"
