"""TeamsProcessor: one accepted Teams activity from the inbox -> core command -> card posted back.

Runs on the inbox worker's threads, after Teams has had its answer. Every activity first updates what
Tipjar knows about its conversation (where to post later, which team it belongs to): only with a service
URL on the allow-list, and, when requests are not authenticated (no app id), never over an address
already stored.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Callable

from adapters.cache import MAX_ENTRIES
from adapters.teams import render
from adapters.teams import translate
from adapters.teams.connector import ConnectorUnavailable, TeamsConnector, TeamsDirectory
from adapters.teams.curate import TeamsCuration
from adapters.teams.erase import TeamsErasure
from adapters.teams.gaps import TeamsGaps, keep_private_post
from adapters.teams.mentions import command_text, parse_command
from adapters.teams.saved import saved_message
from adapters.teams.trust import Tenants, service_urls_for
from bot.actions import ERASE_TIP, FEEDBACK, GAP_ACTIONS, HELPFUL, REVIEWS
from bot.commands import CaptureMessage, RemoveVote
from bot.config import Settings
from bot.model import Origin, Post
from bot.ports import MalformedEvent, PermanentFailure
from bot.privacy.erase import forget_payload
from bot.replies import Answer, Reply, TipSaved
from bot.service import Bot
from bot.telling import told_privately_of_redaction
from runtime.model import Conversation, InboxItem

log = logging.getLogger(__name__)
REMEMBER_SECONDS = 600.0
CARRIES_TEXT = frozenset({"message", "save_tip", "message_changed", "message_deleted", "card_action"})
"""Activities whose payload holds chat text (maybe patient details): erased as soon as they are handled."""


class TeamsProcessor:
    def __init__(self, bot: Bot, connector: TeamsConnector, settings: Settings, curation: TeamsCuration,
                 directory: TeamsDirectory) -> None:
        self.bot, self.connector, self.settings, self.curation = bot, connector, settings, curation
        self.erasure = TeamsErasure(bot, connector, settings, curation.digests)
        self.directory, self.records = directory, curation.trainers.records
        self.gaps = TeamsGaps(curation, connector, settings)
        self.public_teams = settings.teams.public_teams
        self.service_urls, self.tenants = service_urls_for(settings), Tenants(settings.teams.tenants)
        self.verified = bool(settings.secrets.microsoft_app_id)  # every request carried a checked token
        self._remembered: dict[str, tuple[tuple, float]] = {}
        self.handlers: dict[str, Callable[[dict], str]] = {
            "conversation_update": self.conversation_update, "message": self.message, "reaction": self.reaction,
            "save_tip": self.save_tip, "card_action": self.card_action,
            "message_changed": self.message_changed, "message_deleted": self.message_deleted,
        }

    def handle(self, item: InboxItem) -> str:
        handler = self.handlers.get(item.kind)
        if handler is None:
            raise PermanentFailure(f"no handler for Teams activity kind {item.kind!r}")
        try:
            activity = self._scoped(item.payload)
            refusal = self.tenants.refusal(translate.where(activity).tenant) or self._remember(activity)
            outcome = f"refused: {refusal}" if refusal else handler(activity)
        except translate.Malformed as exc:
            raise MalformedEvent(f"{item.kind} activity: {exc}") from None
        if item.kind in CARRIES_TEXT:
            forget_payload(self.bot.context, item.id)
        return outcome

    def _scoped(self, activity: dict) -> dict:
        """A standard channel (by channelData, or General) whose roster is not its team's is read as its own
        scope, and so is one whose roster cannot be read. Only ever narrows: a roster never widens a channel
        to its team (translate.where decides that from what Teams says alone)."""
        place = translate.where(activity)
        if place.kind != "channel" or place.scope != place.team_id or place.team_id == place.conversation_id:
            return activity
        if self.directory.is_standard_channel(place.service_url, place.conversation_id, place.team_id):
            return activity
        return translate.narrowed(activity)

    def _remember(self, activity: dict) -> str | None:
        """Store where the activity came from, unless this process stored the same a moment ago (most
        activities come from conversations already known: no write for them). Why the activity is refused
        when it names a conversation (or team) known in another tenant: Teams' tokens name no tenant, so the
        tenant a conversation was first known in is the one that holds; None when it is not refused."""
        now = time.monotonic()
        seen = translate.conversations(activity, self.bot.context.clock.now())
        if refusal := self.service_urls.refusal(activity.get("serviceUrl")):
            log.warning("teams: conversation address not stored: %s", refusal)
            return _elsewhere(self.records.claimed_elsewhere(seen))
        fresh = [c for c in seen if self._remembered.get(c.conversation_id, (None, 0.0))[0] != _fingerprint(c)
                 or now - self._remembered[c.conversation_id][1] > REMEMBER_SECONDS]
        if not fresh:
            return None
        if elsewhere := self.records.remember(fresh, replace=self.verified):
            return _elsewhere(elsewhere)
        for conversation in fresh:
            self._remembered.pop(conversation.conversation_id, None)
            self._remembered[conversation.conversation_id] = (_fingerprint(conversation), now)
        while len(self._remembered) > MAX_ENTRIES:  # the oldest first: the dict keeps insertion order
            del self._remembered[next(iter(self._remembered))]
        return None

    # --- activities -------------------------------------------------------------------------------------
    def conversation_update(self, activity: dict) -> str:
        if not translate.bot_was_added(activity):
            return "conversation noted"
        self._post(activity, render.help_message(), reply_to=None)
        return "installed: welcome posted"

    def message(self, activity: dict) -> str:
        verb, rest = parse_command(command_text(activity))
        if verb == "tip":
            return self._show(activity, self.bot.handle(translate.submit_tip(activity, rest, self.public_teams)))
        if verb == "ask":
            return self._show(activity, self.bot.handle(translate.ask(activity, rest)))
        self._post(activity, render.help_message())
        return "help shown"

    def save_tip(self, activity: dict) -> str:
        """"Save as tip": the tip card goes into the thread of the saved message."""
        command = saved_message(activity, self.public_teams)
        message_id = command.source.ref.message_id.rpartition("|")[2]
        return self._show(activity, self.bot.handle(command), reply_to=command.source.thread_id or message_id)

    def message_changed(self, activity: dict) -> str:
        return "; ".join(self.bot.handle(command).summary for command in translate.edits(activity))

    def message_deleted(self, activity: dict) -> str:
        replies = [self.bot.handle(command) for command in translate.deletions(activity)]
        for reply in replies:
            self.erasure.replace_posts(reply)
        return "; ".join(reply.summary for reply in replies)

    def reaction(self, activity: dict) -> str:
        """A like or heart on one of Tipjar's posts: on a tip, a save; on an answer, "helpful"."""
        place, user = translate.where(activity), translate.person(activity).user_id
        post = self.records.post(translate.PLATFORM, place.conversation_id, str(activity.get("replyToId") or ""))
        tip = self.bot.views.tip(post.tip_id) if post and post.tip_id else None
        added, removed = translate.reactions(activity)
        if post is None or not (added or removed):
            return "ignored: not a like on a Tipjar post"
        if tip is not None and added:
            reply = self.bot.handle(CaptureMessage(tip.source, tip.text, user, tip.visibility, Origin.REACTION))
        elif tip is not None:
            reply = self.bot.handle(RemoveVote(tip.source.ref, user))
        elif post.question_id is not None and added:
            reply = self.bot.handle(translate.feedback(activity, {"question_id": post.question_id}, True))
        else:
            return "ignored: nothing to undo"
        self._tell_removed(activity, reply)
        return reply.summary

    def card_action(self, activity: dict) -> str:
        verb, data = translate.card_action(activity)
        if verb in FEEDBACK:
            return self.feedback(activity, data, verb == HELPFUL)
        if verb in REVIEWS:
            return self.curation.review(activity, verb, data)
        if verb in GAP_ACTIONS:  # an answer's words come in the card's input: card actions carry text
            return self.gaps.handle(activity, verb, data)
        if verb == ERASE_TIP:
            reply, summary = self.erasure.erase(activity, data)
            self._post(activity, render.render(reply), reply_to=None)
            return summary
        return "ignored: unknown card verb"

    def feedback(self, activity: dict, data: dict, helpful: bool) -> str:
        """Helpful / Not helpful counts for the answer Tipjar recorded posting as the clicked card, only."""
        place = translate.where(activity)
        post = self.records.post(translate.PLATFORM, place.conversation_id, str(activity.get("replyToId") or ""))
        if post is None or post.question_id is None:
            return "ignored: feedback on a card that is not an answer Tipjar posted here"
        if data.get("question_id") not in (None, post.question_id, str(post.question_id)):
            return "refused: the feedback names another answer than the clicked card's"
        return self.bot.handle(translate.feedback(activity, {"question_id": post.question_id}, helpful)).summary

    # --- talking back -----------------------------------------------------------------------------------
    def _show(self, activity: dict, reply: Reply, reply_to: str | None = "") -> str:
        """Post the reply where the activity happened and remember the post when it is about a tip or answer."""
        message = render.render(reply)
        if message is not None:
            posted = self._post(activity, message, reply_to)
            tip_id = reply.tip.id if isinstance(reply, TipSaved) else None
            question_id = reply.question_id if isinstance(reply, Answer) else None
            if posted and (tip_id or question_id):
                self.records.keep_post(Post(translate.PLATFORM, translate.where(activity).conversation_id, posted, tip_id, question_id))
        self._tell_removed(activity, reply)
        return reply.summary

    def _tell_removed(self, activity: dict, reply: Reply) -> None:
        """Patient details were taken out of a capture: the saver and the message's author hear which, in their
        one-to-one chat with the bot, with the tip's Delete. An undeliverable note is logged and skipped: the
        tip stays saved (Teams refuses a 1:1 chat with someone who never installed the app). The note quotes the
        tip: it is recorded as a post about it, so that erasing the tip replaces it."""
        told = told_privately_of_redaction(reply, translate.person(activity).user_id)
        if not told:
            return
        place, note = translate.where(activity), render.redaction_note(reply)
        for user_id in told:
            try:
                sent = self.connector.send_privately(place.service_url, place.tenant, user_id, note)
            except (PermanentFailure, ConnectorUnavailable) as exc:  # names the person, never the tip's words
                log.warning("teams: redaction note for tip %s not delivered: %s", reply.tip.id, exc)
                continue
            keep_private_post(self.records, place, sent, self.bot.context.clock.now(),
                              Post(translate.PLATFORM, sent.conversation_id, sent.activity_id, tip_id=reply.tip.id))

    def _post(self, activity: dict, message: dict, reply_to: str | None = "") -> str:
        """Send into the activity's conversation; in a channel, into its thread ("" = the activity's own)."""
        place = translate.where(activity)
        if reply_to == "":
            reply_to = place.thread_id or activity.get("id") if place.kind == "channel" else None
        return self.connector.send(place.service_url, place.conversation_id, message, reply_to=reply_to)


def _elsewhere(known: list[Conversation]) -> str | None:
    """The refusal of an activity naming conversations known in another tenant; None when there are none."""
    if not known:
        return None
    log.warning("teams: activity refused: %s", "; ".join(
        f"{c.kind} {c.conversation_id} is of tenant {c.workspace_id}" for c in known))
    return f"{known[0].kind} {known[0].conversation_id} is known in another tenant than the activity's"


def _fingerprint(conversation: Conversation) -> tuple:
    return conversation.kind, conversation.name, json.dumps(conversation.address, sort_keys=True)
