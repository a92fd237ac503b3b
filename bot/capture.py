"""Capture rules: one tip per message, one vote per person, sources followed through edits and deletes."""
from __future__ import annotations

from dataclasses import replace

from bot.commands import CaptureMessage, EditSource, MakeChannelPrivate, RecordMembership, RemoveVote, SubmitTip
from bot.context import Context
from bot.model import FileRef, Origin, Source, Tip, Visibility
from bot.ports import Conflict, TipFilter, UnitOfWork
from bot.privacy.attachments import screen_files, screen_place
from bot.privacy.screen import Screened
from bot.replies import HeldForAuthor, Level, Notice, Quiet, Reply, TipSaved
from bot.text import cap_tags, extract_tags, strip_tags

TIP_USAGE = (
    "Usage: /tip <what you learned> #tags — for example: "
    "/tip To unfreeze the wristband scanner, hold the trigger for 10 seconds #scanner #barcode"
)


def _too_long(text: str, ctx: Context) -> Notice | None:
    limit = ctx.capture.max_text_chars
    if len(text) > limit:
        return Notice(
            f"That is {len(text):,} characters; Tipjar keeps tips up to {limit:,}. "
            "Nothing was saved — please shorten it or split it into several tips.",
            Level.ERROR,
        )
    return None


def _remember_members(uow: UnitOfWork, tip: Tip, *user_ids: str) -> None:
    """Authors and savers of a private message can read its channel: note it for /ask."""
    if tip.visibility is Visibility.PRIVATE:
        ref = tip.source.ref
        uow.members.add(ref.platform, ref.workspace_id, ref.channel_id, user_ids)


def _save(ctx: Context, new: Tip, saver_id: str) -> Reply:
    """Store `new`, or add `saver_id` to the tip that already holds its source."""
    with ctx.units() as uow:
        tip = uow.tips.get_by_source(new.source.ref)
        if tip is not None and tip.deleted:
            return Notice("That message was deleted, so there is nothing to save.", Level.ERROR)
        if tip is None:
            tip = uow.tips.add(new)
            created, counted = True, True
        else:
            counted = saver_id not in tip.savers
            narrowed = new.visibility is Visibility.PRIVATE and tip.visibility is Visibility.PUBLIC
            if counted:
                tip.savers.append(saver_id)
            if narrowed:  # its channel was made private since: never the other way round
                tip.visibility = Visibility.PRIVATE
            if counted or narrowed:
                uow.tips.update(tip)
            created = False
        _remember_members(uow, tip, tip.source.author.user_id, saver_id)
        uow.commit()
    return TipSaved(tip=tip, created=created, counted=counted)


def _save_once_more_on_conflict(ctx: Context, new: Tip, saver_id: str) -> Reply:
    new.tags, dropped = cap_tags(new.tags)
    try:
        reply = _save(ctx, new, saver_id)
    except Conflict:  # another replica captured the same message a moment ago: join its tip
        reply = _save(ctx, new, saver_id)
    if isinstance(reply, TipSaved) and reply.created:
        ctx.retriever.indexer.index_later(ctx.units, [(reply.tip.id, reply.tip.text)])
        reply = replace(reply, tags_dropped=dropped)
    return reply


def _hold(cmd: CaptureMessage | SubmitTip, screened: Screened, ctx: Context) -> bool:
    """Wait for the author (nothing stored) when the hospital chose `hold` and the author can be asked."""
    return ctx.screen.mode == "hold" and screened.flagged and cmd.author_can_confirm and not cmd.confirmed


def _told_what_was_removed(reply: Reply, screened: Screened) -> Reply:
    """A new tip whose text lost identifiers says which, so the saver and the author can be told privately."""
    if isinstance(reply, TipSaved) and reply.created and screened.kinds:
        return replace(reply, removed=screened.kinds)
    return reply


def _screened(cmd: CaptureMessage | SubmitTip, text: str, ctx: Context) -> tuple[Screened, Source]:
    """The text and the file names and links, screened alike (as written when the author confirmed them); the
    place's name and link always (the author confirmed their words, not the chat's name)."""
    if cmd.confirmed:
        return Screened(text), screen_place(ctx.screen, cmd.source)
    screened, files = ctx.screen(text), screen_files(ctx.screen, cmd.source.files)
    kinds = tuple(dict.fromkeys([*screened.kinds, *files.kinds]))
    return Screened(screened.text, kinds), screen_place(ctx.screen, replace(cmd.source, files=files.files))


def capture(cmd: CaptureMessage, ctx: Context) -> Reply:
    if not cmd.text.strip():
        return Notice("That message has no text to save as a tip.", Level.ERROR)
    if problem := _too_long(cmd.text, ctx):
        return problem
    screened, source = _screened(cmd, cmd.text, ctx)
    if _hold(cmd, screened, ctx):
        return HeldForAuthor(cmd.source, cmd.text, cmd.saver_id, screened.kinds, cmd.origin)
    tip = Tip(
        source=source, text=screened.text, visibility=cmd.visibility, origin=cmd.origin,
        captured_at=ctx.clock.now(), tags=extract_tags(screened.text), savers=[cmd.saver_id],
        redacted=list(screened.kinds),
    )
    return _told_what_was_removed(_save_once_more_on_conflict(ctx, tip, cmd.saver_id), screened)


def submit(cmd: SubmitTip, ctx: Context) -> Reply:
    if not strip_tags(cmd.text).strip():
        return Notice(TIP_USAGE, Level.USAGE)
    if problem := _too_long(cmd.text, ctx):
        return problem
    author = cmd.source.author.user_id
    screened, source = _screened(cmd, cmd.text.strip(), ctx)
    source = replace(source, posted_at=source.posted_at or ctx.clock.now())
    if _hold(cmd, screened, ctx):
        return HeldForAuthor(cmd.source, cmd.text.strip(), author, screened.kinds, Origin.COMMAND)
    tip = Tip(
        source=source, text=screened.text, visibility=cmd.visibility, origin=Origin.COMMAND,
        captured_at=ctx.clock.now(), tags=extract_tags(screened.text), savers=[author],
        redacted=list(screened.kinds),
    )
    return _told_what_was_removed(_save_once_more_on_conflict(ctx, tip, author), screened)


def remove_vote(cmd: RemoveVote, ctx: Context) -> Reply:
    with ctx.units() as uow:
        tip = uow.tips.get_by_source(cmd.ref)
        if tip is None or cmd.saver_id not in tip.savers:
            return Quiet("no vote to remove")
        tip.savers.remove(cmd.saver_id)
        tip.updated_at = ctx.clock.now()
        uow.tips.update(tip)
        uow.commit()
    return Quiet(f"tip {tip.id}: vote of {cmd.saver_id} removed, {tip.votes} left")


def edit(cmd: EditSource, ctx: Context) -> Reply:
    screened = ctx.screen(cmd.text[: ctx.capture.max_text_chars])
    with ctx.units() as uow:
        tip = uow.tips.get_by_source(cmd.ref)
        if tip is None or tip.deleted:
            return Quiet("edit of a message that is not a live tip")
        new_text = bool(cmd.text.strip()) and tip.text != screened.text
        files = _files_kept(tip.source.files, cmd.files, ctx)
        if not new_text and files == tip.source.files:
            return Quiet("edit of a tip's source that changes nothing Tipjar keeps")
        if new_text:
            tip.previous_text, tip.text = tip.text, screened.text
            tip.redacted = list(dict.fromkeys([*tip.redacted, *screened.kinds]))
        files_removed = files != tip.source.files
        tip.source, tip.updated_at = replace(tip.source, files=files), ctx.clock.now()
        uow.tips.update(tip)
        uow.commit()
        if files_removed:  # a removed file's name and link are gone from the message: no copy stays on disk
            uow.compact()
    if new_text:
        ctx.retriever.indexer.index_later(ctx.units, [(tip.id, tip.text)])
    return Quiet(f"tip {tip.id}: {'text' if new_text else 'files'} updated from its edited source")


def _files_kept(stored: tuple[FileRef, ...], still_there: tuple[FileRef, ...] | None,
                ctx: Context) -> tuple[FileRef, ...]:
    """The tip's files the edited message still has (matched by their screened names, as the tip keeps them);
    an edit never adds a file."""
    if still_there is None:
        return stored
    names = {file.name for file in screen_files(ctx.screen, still_there).files}
    return tuple(file for file in stored if file.name in names)


def record_membership(cmd: RecordMembership, ctx: Context) -> Reply:
    with ctx.units() as uow:
        uow.members.add(cmd.platform, cmd.workspace_id, cmd.channel_id, cmd.user_ids)
        uow.commit()
    return Quiet(f"{len(cmd.user_ids)} members of {cmd.channel_id} recorded")


def make_channel_private(cmd: MakeChannelPrivate, ctx: Context) -> Reply:
    """Tips shared while the channel was public are read by its members only from now on (a rare event: the
    scan over every tip is acceptable)."""
    where = (cmd.platform, cmd.workspace_id, cmd.channel_id)
    with ctx.units() as uow:
        public = [tip.id for tip in uow.tips.list(TipFilter()) if tip.visibility is Visibility.PUBLIC
                  and (tip.source.ref.platform, tip.source.ref.workspace_id, tip.source.ref.channel_id) == where]
        for tip_id in public:
            tip = uow.tips.get(tip_id)  # locked: a concurrent save must not write the old visibility back
            tip.visibility, tip.updated_at = Visibility.PRIVATE, ctx.clock.now()
            uow.tips.update(tip)
        uow.commit()
    return Quiet(f"{len(public)} tips of {cmd.channel_id} made private")
