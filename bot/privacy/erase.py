"""Erasure that leaves no copy: a tip's words go from its row, its earlier text, its tags and file references,
the audit trail (texts and tags), the search indexes (by the store's triggers, then compaction), its vectors,
the inbox and, for a purge, stored questions. What the bot posted about it (its cards, answers citing it, the
private messages telling askers it answered their question) is returned for the adapters to replace with
"[removed]".
"""
from __future__ import annotations

import html
from dataclasses import replace
from datetime import timedelta

from bot.commands import DeleteSource, EraseTip, Purge
from bot.context import Context
from bot.model import Tip
from bot.ports import UnitOfWork
from bot.replies import Erased, Level, Notice, Quiet, Reply
from bot.trainers import erase_refusal

REMOVED = "[removed]"
"""What a message the bot posted about an erased tip says once replaced, on every platform."""


def _erase(uow: UnitOfWork, tip: Tip, ctx: Context) -> list[str]:
    words = inbox_needles(tip)
    tip.text, tip.previous_text, tip.tags = "", None, []
    # File names and links are the message's words too; its place's name and link may name the patient.
    tip.source = replace(tip.source, files=(), permalink="", channel_name="")
    tip.updated_at = ctx.clock.now()
    tip.deleted_at = tip.deleted_at or tip.updated_at
    uow.tips.update(tip)
    audit = uow.erasure.erase_audit_text([tip.id])
    inbox = uow.erasure.erase_inbox_mentioning(words)
    return [f"tip {tip.id}: text, earlier text, tags, file references, link, place name and vectors erased; "
            f"{audit} audit entries and {inbox} inbox events"]


PREFIX_CHARS = 60
"""A digest or a Home shows a long tip shortened: its first characters are what an event quoting it holds."""


def inbox_needles(tip: Tip) -> list[str]:
    """What an inbox event about this tip holds: its words (whole, and the start of long ones) as written and
    as HTML and Slack's mrkdwn escape them ("&gt;", "&amp;"), so a button clicked on a digest or an edit in
    Teams HTML is found; and its message id, also as the event names it (without the "tip-" a command's tip
    is stored under, or the conversation a channel reply's id is stored after)."""
    texts = {part for text in (tip.text, tip.previous_text or "") for part in (text, text[:PREFIX_CHARS]) if part.strip()}
    words = {form for text in texts for form in (text, html.escape(text, quote=False), html.escape(text))}
    message_id = tip.source.ref.message_id
    bare = message_id.rpartition("|")[2].removeprefix("tip-")
    return sorted(words | {message_id} | ({bare} if len(bare) >= 8 else set()))


def erase_tips(ctx: Context, tip_ids: list[int], *, dry_run: bool = False) -> Erased:
    """Erase these tips in one transaction, then compact the store; a dry run only says what it would do."""
    with ctx.units() as uow:
        tips = [tip for tip in uow.tips.get_many(tip_ids).values() if tip.text or tip.previous_text]
        if not tips:
            return Erased(tip_ids=(), dry_run=dry_run)
        posts = uow.erasure.posts_about([tip.id for tip in tips])
        digests = uow.erasure.digests_posted_since(min(tip.captured_at for tip in tips))
        if dry_run:
            done = [f"tip {tip.id}: would be erased ({len(tip.text)} characters)" for tip in tips]
            return Erased(tuple(t.id for t in tips), tuple(posts), tuple(digests), tuple(done), dry_run=True)
        done = [line for tip in tips for line in _erase(uow, tip, ctx)]
        uow.commit()
        done += uow.compact()
    return Erased(tuple(t.id for t in tips), tuple(posts), tuple(digests), tuple(done))


def erase_deleted_source(cmd: DeleteSource, ctx: Context) -> Reply:
    """The author deleted the message: its words go everywhere, only the fact that it existed stays."""
    with ctx.units() as uow:
        tip = uow.tips.get_by_source(cmd.ref)
    if tip is None or tip.deleted:
        return Quiet("delete of a message that is not a live tip")
    return erase_tips(ctx, [tip.id])


def erase_tip(cmd: EraseTip, ctx: Context) -> Reply:
    with ctx.units() as uow:
        tip = uow.tips.get(cmd.tip_id)
    if tip is None or tip.deleted:
        return Notice(f"Tip #{cmd.tip_id} was already deleted.", Level.INFO)
    if refusal := erase_refusal(ctx.trainers, cmd, tip):
        return Notice(refusal, Level.ERROR)
    return erase_tips(ctx, [tip.id])


def purge(cmd: Purge, ctx: Context) -> Reply:
    if [cmd.tip_id, cmd.user_id, cmd.match].count(None) != 2 or cmd.match == "":
        return Notice("Purge what? Give exactly one of --tip N, --user ID or --match TEXT.", Level.USAGE)
    if cmd.tip_id is not None:
        return erase_tips(ctx, [cmd.tip_id], dry_run=cmd.dry_run)
    with ctx.units() as uow:
        tip_ids = uow.erasure.tips_of(author_id=cmd.user_id, containing=cmd.match)
    erased = erase_tips(ctx, tip_ids, dry_run=cmd.dry_run)
    return _with_questions(erased, cmd, ctx)


def _with_questions(erased: Erased, cmd: Purge, ctx: Context) -> Erased:
    """A purge by person or by words reaches the questions people asked too, and the bot's messages quoting
    them; by words, also inbox events (dead ones included) and place names holding them."""
    with ctx.units() as uow:
        posts = uow.erasure.posts_about_questions(asker_id=cmd.user_id, containing=cmd.match)
        count = uow.erasure.erase_questions(asker_id=cmd.user_id, containing=cmd.match)
        lines = [f"{count} stored questions {'would be ' if cmd.dry_run else ''}erased"]
        if cmd.match is not None and not cmd.dry_run:
            lines += _words_beside_tips(uow, cmd.match)
        if not cmd.dry_run:
            uow.commit()
            if (count or len(lines) > 1) and not erased.tip_ids:
                uow.compact()
    known = set(erased.posts)
    posts = (*erased.posts, *(post for post in posts if post not in known))
    return Erased(erased.tip_ids, posts, erased.digests, (*erased.done, *lines), erased.dry_run)


def _words_beside_tips(uow: UnitOfWork, words: str) -> list[str]:
    """What a purge by words erases that belongs to no tip it found: events (a `/tip` that never became one,
    a click that died) and the names of channels and chats. Nothing found, nothing said."""
    inbox, places = uow.erasure.erase_inbox_containing(words), uow.erasure.clear_place_names(words)
    return [line for n, line in ((inbox, f"{inbox} inbox events erased"), (places, f"{places} place names cleared"))
            if n]


def forget_payload(ctx: Context, item_id: int) -> None:
    """An event that carried chat text has been handled: its payload goes now rather than when the event is
    closed, and the write-ahead log's copy of it with it (the raw words had to be kept until screened)."""
    if ctx.screen.mode == "off":
        return
    with ctx.units() as uow:
        uow.erasure.erase_inbox_item(item_id)
        uow.commit()
        uow.compact(log_only=True)


def forget_old_questions(uow: UnitOfWork, ctx: Context) -> int:
    """Questions older than `privacy.question_days` lose their words (the digest keeps only their count)."""
    return uow.erasure.erase_questions(asked_before=ctx.clock.now() - timedelta(days=ctx.question_days))
