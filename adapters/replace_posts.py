"""After an erasure, what the bot posted about the erased tips is replaced on each platform: its own messages
say "[removed]" and the digests that may list a tip are re-rendered without it. The walk is the same on every
platform; only how one message is replaced differs, and each platform's erase.py says how."""
from __future__ import annotations

import logging
from typing import Callable

from bot.config import Settings
from bot.model import Post
from bot.ports import PermanentFailure
from bot.replies import Erased, Reply
from runtime.digest_sender import DigestSender

log = logging.getLogger(__name__)


def replace_posts(reply: Reply, platform: str, settings: Settings, digests: DigestSender,
                  replace_one: Callable[[Post], None]) -> None:
    """`replace_one` each of the bot's posts on `platform` about the erased tips, then re-render its digests."""
    if not isinstance(reply, Erased) or reply.dry_run:
        return
    for post in reply.posts:
        if post.platform == platform:
            replace_one(post)
    for run in reply.digests:
        if settings.digest_platform(run.name) == platform:
            try:
                digests.refresh(run)
            except PermanentFailure as exc:
                log.warning("%s: digest %s %s not re-rendered after an erasure: %s", platform, run.name, run.period, exc)
