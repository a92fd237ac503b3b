"""File references in words: how every renderer shows a tip's attachments ("📎 scanner-settings.png")."""
from __future__ import annotations

CLIP = "📎"


def safe_link(link: str) -> str:
    """The link when it is one a renderer may put behind a name (https only, no spaces or brackets)."""
    return link if link.startswith("https://") and len(link) <= 1000 and not any(c in link for c in ' "<>()|') else ""
