"""The weekly curation loop: periods, the pure digest build, and its renderings."""
from __future__ import annotations

from digests.build import Contributor, Digest, DigestEntry, DigestSection, build_digest
from digests.period import Period

__all__ = ["Contributor", "Digest", "DigestEntry", "DigestSection", "Period", "build_digest"]
