"""Bot.handle(command) -> Reply: the one dispatch table, and the one place errors become messages."""
from __future__ import annotations

import logging
from typing import Callable

from bot import ask, capture, curation, exchange, gaps
from bot.commands import (
    AnswerGap, Ask, CaptureMessage, Clicked, Command, DeleteSource, DismissGap, EditSource, EditTip, EraseTip,
    ImportTips, MakeChannelPrivate, Purge, RecordFeedback, RecordMembership, RecordRelease, RemoveVote, Review, SubmitTip,
)
from bot.privacy import erase
from bot.context import Context
from bot.ports import StoreUnavailable
from bot.replies import Level, Notice, Reply
from bot.views import Views

log = logging.getLogger(__name__)

Handler = Callable[[Command, Context], Reply]
HANDLERS: dict[type[Command], Handler] = {
    CaptureMessage: capture.capture,
    SubmitTip: capture.submit,
    RemoveVote: capture.remove_vote,
    EditSource: capture.edit,
    DeleteSource: erase.erase_deleted_source,
    EraseTip: erase.erase_tip,
    Purge: erase.purge,
    RecordMembership: capture.record_membership,
    MakeChannelPrivate: capture.make_channel_private,
    Ask: ask.ask,
    RecordFeedback: ask.record_feedback,
    Review: curation.review,
    EditTip: curation.edit_tip,
    RecordRelease: curation.record_release,
    ImportTips: exchange.import_tips,
    AnswerGap: gaps.answer_gap,
    DismissGap: gaps.dismiss_gap,
}
Middleware = Callable[[Command, Callable[[Command], Reply]], Reply]
"""Wraps Bot.handle: given the command and the rest of the chain, returns the reply (e.g. timing /ask)."""
STORE_DOWN = "Tipjar cannot reach its database right now, so nothing was saved. Please try again in a minute."


class Bot:
    def __init__(self, context: Context, *, caller_retries: bool = False) -> None:
        """`caller_retries`: a store failure is raised to the caller, who tries the command again later (the
        inbox worker), instead of being answered with a notice that nothing was saved."""
        self.context, self.caller_retries = context, caller_retries
        self.views = Views(context)
        """Reads that change nothing (bot.views): the Home tab, a digest, a tip or question by id."""
        self.middleware: list[Middleware] = []
        """Around every command, the first added outermost (`tipjar serve` adds its metrics here)."""

    def use(self, middleware: Middleware) -> None:
        self.middleware.append(middleware)

    def handle(self, command: Command) -> Reply:
        return self._through(0, command)

    def _through(self, at: int, command: Command) -> Reply:
        if at == len(self.middleware):
            return self._dispatch(command)
        return self.middleware[at](command, lambda inner: self._through(at + 1, inner))

    def _dispatch(self, command: Command) -> Reply:
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"no handler for {type(command).__name__}")
        if (refused := self.context.trainers.check(command, self.views, self.context.sharing)) is not None:
            return refused
        try:
            return handler(command, self.context)
        except StoreUnavailable as exc:
            if self.caller_retries:
                raise
            log.error("store unavailable while handling %s: %s", type(command).__name__, exc)
            return Notice(STORE_DOWN, Level.ERROR)

    def trainer_refusal(self, user: str, at: Clicked, *, tip_id: int | None = None,
                        question_id: int | None = None) -> str | None:
        """Why `user` may not act as a trainer where `at` says, on this tip or question (bot.trainers: not a
        trainer, an unknown digest, not on the message clicked, another workspace's); None when they may. For
        the adapters that must know before any command is sent: opening a form, answering a click."""
        rule = self.context.trainers
        return rule.refusal(user, at) or rule.off_the_message(at, self.views, self.context.sharing, tip_id, question_id)
