"""Screening what comes with a tip's text as the text is screened: a file is often named after the patient
("smith-john-mrn-4471203.pdf") and its link repeats the name; a tag a trainer types may be a record number.

A file name keeps its place with the identifiers replaced by [KIND]; a link that held one is dropped, since a
redacted address leads nowhere (the file is still named, and opened from the message itself). A tag that
held one is dropped: a tag is one word, and "[mrn]" would find nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from bot.model import FileRef
from bot.privacy.screen import Screen


@dataclass(frozen=True)
class ScreenedFiles:
    files: tuple[FileRef, ...]
    kinds: tuple[str, ...] = ()
    """Kinds of identifier taken out of the names and links, in order of first finding."""


def screen_files(screen: Screen, files: tuple[FileRef, ...]) -> ScreenedFiles:
    kinds: list[str] = []
    kept = []
    for file in files:
        name, link = screen(file.name), screen(file.link)
        kinds += [*name.kinds, *link.kinds]
        kept.append(replace(file, name=name.text, link="" if link.flagged else link.text))
    return ScreenedFiles(tuple(kept), tuple(dict.fromkeys(kinds)))


def screen_tags(screen: Screen, tags: list[str]) -> list[str]:
    """The typed tags the screen finds nothing in (tags taken from a screened text need no second look)."""
    return [tag for tag in tags if not screen(tag).flagged]
