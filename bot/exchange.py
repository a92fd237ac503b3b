"""Bulk import of tips from an export file, one transaction per batch."""
from __future__ import annotations

from dataclasses import replace

from bot.commands import ImportTips
from bot.context import Context
from bot.model import Tip
from bot.ports import UnitOfWork
from bot.privacy.attachments import screen_files, screen_imported_source, screen_savers, screen_tags
from bot.replies import Imported, Reply


def _merge(stored: Tip, incoming: Tip) -> bool:
    """Add what `incoming` knows that `stored` lacks; True when anything changed."""
    savers = [s for s in incoming.savers if s not in stored.savers]
    tags = [t for t in incoming.tags if t not in stored.tags]
    stored.savers.extend(savers)
    stored.tags.extend(tags)
    return bool(savers or tags)


def _import_one(uow: UnitOfWork, tip: Tip) -> Tip | None:
    """Store `tip`, or merge it into the stored tip of the same source. The stored tip when it was new."""
    stored = uow.tips.get_by_source(tip.source.ref)
    if stored is None:
        return uow.tips.add(tip)
    if not stored.deleted and _merge(stored, tip):
        uow.tips.update(stored)
    return None


def _screened(tip: Tip, ctx: Context) -> Tip:
    screened, files = ctx.screen(tip.text), screen_files(ctx.screen, tip.source.files)
    if screened.text != tip.text:  # identifiers removed, or a text longer than the screen reads cut where it stops
        tip = replace(tip, text=screened.text)
    if (tags := screen_tags(ctx.screen, tip.tags)) != tip.tags:
        tip = replace(tip, tags=tags)
    if (source := screen_imported_source(ctx.screen, replace(tip.source, files=files.files))) != tip.source:
        tip = replace(tip, source=source)
    if (savers := screen_savers(ctx.screen, tip.savers)) != tip.savers:
        tip = replace(tip, savers=savers)
    if screened.kinds or files.kinds:
        tip = replace(tip, redacted=list(dict.fromkeys([*tip.redacted, *screened.kinds, *files.kinds])))
    return tip


def import_tips(cmd: ImportTips, ctx: Context) -> Reply:
    with ctx.units() as uow:
        created = [new for new in (_import_one(uow, _screened(tip, ctx)) for tip in cmd.tips) if new is not None]
        uow.commit()
    ctx.retriever.indexer.index_later(ctx.units, [(tip.id, tip.text) for tip in created])
    return Imported(created=len(created), merged=len(cmd.tips) - len(created))
