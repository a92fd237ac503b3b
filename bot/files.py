"""File references in words: how every renderer shows a tip's attachments ("📎 scanner-settings.png")."""
from __future__ import annotations

from bot.model import FileRef

CLIP = "📎"


def size_words(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(size // 1000, 1)} kB" if size else ""


def file_words(files: tuple[FileRef, ...] | list[FileRef], display=lambda text: text) -> str:
    """"📎 scanner-settings.png, 📎 downtime.pdf" (names through the caller's `display`); "" without files."""
    return ", ".join(f"{CLIP} {display(f.name or 'file')}" for f in files)


def safe_link(link: str) -> str:
    """The link when it is one a renderer may put behind a name (https only, no spaces or brackets)."""
    return link if link.startswith("https://") and len(link) <= 1000 and not any(c in link for c in ' "<>()|') else ""
