"""The weekly curation loop: periods, the pure digest build (an ordered list of sections), and its renderings."""
from __future__ import annotations

from digests.build import Contributor, Digest, DigestEntry, build_digest
from digests.period import Period

__all__ = ["Contributor", "Digest", "DigestEntry", "Period", "build_digest"]
