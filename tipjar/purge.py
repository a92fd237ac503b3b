"""After `tipjar purge`: what the bot posted about the erased tips is replaced on each platform configured here."""
from __future__ import annotations

from adapters.platform import Platform
from adapters.registry import PLATFORMS
from bot.replies import Erased
from tipjar.bootstrap import Root


def replace_posts(root: Root, erased: Erased) -> list[str]:
    """One line per platform: what was replaced, or why it could not be."""
    return [line for platform in PLATFORMS if (line := _replace_on(root, platform, erased))]


def _replace_on(root: Root, platform: Platform, erased: Erased) -> str:
    settings, name = root.settings, platform.name
    posts = [p for p in erased.posts if p.platform == name]
    digests = [run for run in erased.digests if settings.digest_platform(run.name) == name]
    if not (posts or digests):
        return ""
    if erased.dry_run:
        return f"{name}: would replace {len(posts)} bot messages and re-render {len(digests)} digests"
    if not platform.enabled(settings):
        return (f"{name}: {len(posts)} bot messages and {len(digests)} digests NOT replaced: "
                f"{name} is not configured for this command (set its credentials and run again)")
    connection = platform.connect(settings, root.records)
    connection.replace_posts(root.bot, erased, root.digest_sender({name: connection}))
    return f"{name}: {len(posts)} bot messages replaced by [removed], {len(digests)} digests re-rendered"
