"""Screening text for patient identifiers before it is stored: the port, the redaction, the marker.

The core depends only on `PatientDataDetector` (anything that finds identifiers) and `Screen` (which applies
the hospital's chosen mode). The rule set in `bot.privacy.rules` is the detector Tipjar ships with.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.privacy.fold import Folded

KIND_WORDS = {
    "NAME": "a name", "MRN": "a record number", "DATE": "a date", "PHONE": "a phone number",
    "EMAIL": "an email address", "ADDRESS": "a street address", "SSN": "a social security number",
    "ROOM": "a room or bed number", "AGE": "an age over 89",
}
MARKER = "patient details removed"
MAX_SCREENED_CHARS = 40_000
"""The longest text screened (and so stored): the longest message Tipjar accepts. Screening is linear, and
this bounds its time too (~20-100 ms at the limit)."""


@dataclass(frozen=True, order=True)
class Finding:
    """One identifier in a text: its kind (NAME, MRN, DATE...) and where it is."""

    start: int
    end: int
    kind: str


class PatientDataDetector(Protocol):
    def find(self, text: str) -> list[Finding]:
        """Every identifier in `text` (spans may overlap)."""


@dataclass(frozen=True)
class Screened:
    """A text as it may be stored: identifiers replaced by [KIND]; `kinds` lists what was replaced."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.kinds)


def merged(findings: list[Finding]) -> list[Finding]:
    """Overlapping or touching spans joined, keeping the kind of the one that starts first (or is longer)."""
    out: list[Finding] = []
    for item in sorted(findings, key=lambda f: (f.start, -f.end)):
        if out and item.start <= out[-1].end:
            last = out[-1]
            out[-1] = Finding(last.start, max(last.end, item.end), last.kind)
        else:
            out.append(item)
    return out


def redact(text: str, findings: list[Finding]) -> Screened:
    pieces, at, kinds = [], 0, []
    for item in merged(findings):
        pieces += [text[at:item.start], f"[{item.kind}]"]
        at = item.end
        kinds.append(item.kind)
    pieces.append(text[at:])
    return Screened("".join(pieces), tuple(dict.fromkeys(kinds)))


class Screen:
    """The hospital's choice (`privacy.patient_data`) applied to one text: redact, or leave it as it is."""

    def __init__(self, detector: PatientDataDetector, mode: str = "redact") -> None:
        self.detector, self.mode = detector, mode

    def __call__(self, text: str) -> Screened:
        if self.mode == "off" or not text:
            return Screened(text)
        text = text[:MAX_SCREENED_CHARS]
        folded = Folded(text)  # the rules read ASCII: look-alike digits, spaces and letters folded first
        found = [Finding(*folded.span(f.start, f.end), f.kind) for f in self.detector.find(folded.text)]
        return redact(text, found)


def removed_words(kinds: tuple[str, ...] | list[str]) -> str:
    """'a name, a record number and a date' for the private note to the saver and the author."""
    words = [KIND_WORDS.get(kind, kind.lower()) for kind in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def marker(kinds: tuple[str, ...] | list[str]) -> str:
    """The small note shown beside a redacted tip in answers, digests and exports ('' when none)."""
    return MARKER if kinds else ""
