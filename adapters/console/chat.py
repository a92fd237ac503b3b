"""The terminal chat: each typed line becomes a chat event, and each event Tipjar cares about becomes a
core command, exactly as the Slack and Teams adapters do with their platforms' payloads."""
from __future__ import annotations

from datetime import timezone
from typing import Callable, TextIO

from adapters.console import translate
from adapters.console.render import BOT, heard_back, render
from adapters.console.room import Channel, Message, Room
from bot.commands import AnswerGap, Ask, CaptureMessage, DismissGap, Command, DeleteSource, EditSource, RecordMembership, RemoveVote, SubmitTip
from bot.model import Origin, Person, Source, SourceRef, Viewer, Visibility
from bot.operator import Operator
from bot.ports import Clock
from bot.gaps import weekday
from bot.replies import GapAnswered
from bot.service import Bot
from bot.text import display_text

PLATFORM = "console"

CONSOLE = Operator("console")
"""The console chat runs on the operator's own machine: its trainer's commands are the operator's."""


class ConsoleChat:
    def __init__(self, bot: Bot, clock: Clock, *, workspace: str, user: str, channel: str,
                 capture_emojis: list[str], out: Callable[[str], None]) -> None:
        self.bot, self.workspace, self.out = bot, workspace, out
        self.capture_emojis = set(capture_emojis)
        self.room = Room(clock)
        self.user = user
        self.default_channel = self.channel = channel
        self._enter(channel)

    def run(self, lines: TextIO, prompt: Callable[[str], None] | None = None) -> None:
        """Handle lines until /quit or the end of input."""
        while True:
            if prompt:
                prompt(f"{self.user} in #{self.channel}> ")
            line = lines.readline()
            if not line or not self.handle(line):
                return

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when the person asked to quit."""
        action = translate.parse(line)
        if isinstance(action, translate.Quit):
            return False
        if action is not None:
            getattr(self, "_on_" + type(action).__name__)(action)
        return True

    # --- channels and messages ------------------------------------------------------------------
    def _enter(self, name: str, private: bool = False) -> None:
        channel = self.room.channel(name, private)
        if channel.private and self.user not in channel.members and channel.members:
            self._say(f"#{name} is private. A member can /invite {self.user}.")
            return
        self._add_member(channel, self.user)
        self.channel = name

    def _add_member(self, channel: Channel, user: str) -> None:
        if user not in channel.members:
            channel.members.add(user)
            if channel.private:
                self._send(RecordMembership(PLATFORM, self.workspace, channel.name, (user,)))

    def _message(self, number: int, own: bool = False) -> Message | None:
        message = self.room.readable(number, self.user)
        if message is None:
            self._say(f"There is no message [{number}] you can see. Type /history to list them.")
        elif own and message.user != self.user:
            self._say("You can only edit or delete your own messages.")
            return None
        return message

    # --- one method per action --------------------------------------------------------------------
    def _on_Post(self, action: translate.Post) -> None:
        parent = self._message(action.thread) if action.thread else None
        if action.thread and parent is None:
            return
        self._show(self.room.post(parent.channel if parent else self.channel, self.user, action.text, parent))

    def _on_React(self, action: translate.React) -> None:
        message = self._message(action.number)
        if message is None:
            return
        voters = message.reactions.setdefault(action.emoji, set())
        if action.removed == (self.user not in voters):  # a repeated reaction, or one never given
            self.out(f"  ([{message.number}] {'has no' if action.removed else 'already has'} :{action.emoji}: from {self.user})")
            return
        had_saved = self.user in message.reacted(self.capture_emojis)
        (voters.discard if action.removed else voters.add)(self.user)
        self.out(f"  :{action.emoji}: {'removed' if action.removed else 'added'} by {self.user} on [{message.number}]")
        saves = self.user in message.reacted(self.capture_emojis)
        if saves and not had_saved:
            self._send(self._capture(message, Origin.REACTION))
        elif had_saved and not saves:
            self._send(RemoveVote(self._ref(message), self.user))

    def _on_SaveAsTip(self, action: translate.SaveAsTip) -> None:
        if message := self._message(action.number):
            self._send(self._capture(message, Origin.SHORTCUT))

    def _on_Edit(self, action: translate.Edit) -> None:
        if message := self._message(action.number, own=True):
            message.text = action.text
            self.out(f"  [{message.number}] edited: {display_text(message.text)}")
            self._send(EditSource(self._ref(message), message.text))

    def _on_Delete(self, action: translate.Delete) -> None:
        if message := self._message(action.number, own=True):
            message.deleted = True
            self.out(f"  [{message.number}] deleted")
            self._send(DeleteSource(self._ref(message)))

    def _on_TipCommand(self, action: translate.TipCommand) -> None:
        message_id = "tip-" + self.room.new_ts()
        source = Source(SourceRef(PLATFORM, self.workspace, self.channel, message_id), Person(self.user, self.user),
                        permalink=self._permalink(self.channel, message_id), channel_name=self.channel)
        self._send(SubmitTip(source, action.text, self._visibility(self.channel)))

    def _on_AskCommand(self, action: translate.AskCommand) -> None:
        self._send(Ask(Viewer(PLATFORM, self.workspace, self.user), action.text))

    def _on_AnswerCommand(self, action: translate.AnswerCommand) -> None:
        """The console has no roles: whoever types /answer acts as a trainer (as the operator of a local chat)."""
        reply = self.bot.handle(AnswerGap(action.number, Person(self.user, self.user), action.text, at=CONSOLE))
        for line in render(reply):
            self._say(line)
        if isinstance(reply, GapAnswered):
            for question in reply.askers:
                note = heard_back(question.text, weekday(question.asked_at, timezone.utc), reply.trainer, reply.tip.text)
                self.out(f"  {BOT} → {question.asker_id} (only {question.asker_id}): {note}")

    def _on_DismissCommand(self, action: translate.DismissCommand) -> None:
        self._send(DismissGap(action.number, Person(self.user, self.user), at=CONSOLE))

    def _on_SwitchUser(self, action: translate.SwitchUser) -> None:
        self.user = action.user
        current = self.room.channels[self.channel]
        self._enter(self.default_channel if current.private and self.user not in current.members else self.channel)
        self.out(f"  (you are now {self.user} in #{self.channel})")

    def _on_Join(self, action: translate.Join) -> None:
        self._enter(action.channel, action.private)
        self.out(f"  (you are in #{self.channel}{' — private' if self.room.channels[self.channel].private else ''})")

    def _on_Invite(self, action: translate.Invite) -> None:
        self._add_member(self.room.channels[self.channel], action.user)
        self.out(f"  ({action.user} was added to #{self.channel})")

    def _on_Show(self, action: translate.Show) -> None:
        if action.what == "help":
            self.out(translate.HELP)
        elif action.what == "channels":
            for c in self.room.channels.values():
                self.out(f"  #{c.name}{' (private)' if c.private else ''}: {', '.join(sorted(c.members))}")
        else:
            for message in self.room.history(self.channel):
                self._show(message)

    def _on_Invalid(self, action: translate.Invalid) -> None:
        self._say(action.message)

    # --- to and from the core ---------------------------------------------------------------------
    def _capture(self, message: Message, origin: Origin) -> Command:
        source = Source(
            self._ref(message), Person(message.user, message.user), thread_id=message.thread_ts,
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
        indent = "    ↳ " if message.thread_ts else ""
        self.out(f"{indent}#{message.channel} [{message.number}] {message.user}: {display_text(message.text)}")

    def _ref(self, message: Message) -> SourceRef:
        return SourceRef(PLATFORM, self.workspace, message.channel, message.ts)

    def _visibility(self, channel: str) -> Visibility:
        return Visibility.PRIVATE if self.room.channels[channel].private else Visibility.PUBLIC

    def _permalink(self, channel: str, ts: str) -> str:
        return f"console://{self.workspace}/{channel}/{ts}"
