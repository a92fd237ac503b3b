"""Screening what comes with a tip's text as the text is screened: a file is often named after the patient
("smith-john-mrn-4471203.pdf") and its link repeats the name; a tag a trainer types may be a record number.

A file name keeps its place with the identifiers replaced by [KIND]; a link that held one is dropped, since a
redacted address leads nowhere (the file is still named, and opened from the message itself). A tag that
held one is dropped: a tag is one word, and "[mrn]" would find nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from bot.model import FileRef, Source
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
        name, link, kind = screen(file.name), screen(file.link), screen(file.kind)
        kinds += [*name.kinds, *link.kinds, *kind.kinds]
        kept.append(replace(file, name=name.text, link="" if link.flagged else link.text, kind=kind.text))
    return ScreenedFiles(tuple(kept), tuple(dict.fromkeys(kinds)))


def screen_tags(screen: Screen, tags: list[str]) -> list[str]:
    """The typed tags the screen finds nothing in (tags taken from a screened text need no second look)."""
    return [tag for tag in tags if not screen(tag).flagged]


TEAMS_ADDRESS = ("@thread.", "@unq.gbl.spaces")
"""A Teams conversation id ("19:...@thread.tacv2") reads as an email address to the rules: in a link it is not."""


def screen_link(screen: Screen, link: str, own_ids: tuple[str, ...] = ()) -> str:
    """The link, or "" when it holds an identifier (redacted, it would lead nowhere). The message's own ids
    in it (a Slack channel id "C00000001" reads as a record number) are the platform's, not patient data."""
    probe = link
    for own in sorted((i for i in own_ids if i), key=len, reverse=True):
        probe = probe.replace(own, "id")
    for address in TEAMS_ADDRESS:
        probe = probe.replace(address, "/" + address[1:])
    return "" if screen(probe).flagged else link


def screen_place(screen: Screen, source: Source) -> Source:
    """Where a message was: a place's name is anyone's to choose (a Teams group chat is often named after the
    patient it is about), and a message link may carry it. Screened whatever the author confirmed."""
    ref = source.ref
    own = (ref.workspace_id, ref.channel_id, ref.message_id, ref.message_id.replace(".", ""), source.thread_id or "")
    return replace(source, channel_name=screen(source.channel_name).text,
                   permalink=screen_link(screen, source.permalink, own))


def screen_imported_source(screen: Screen, source: Source) -> Source:
    """An import file's fields are free text: every one kept beside the tip is screened. An author's name is
    a person's name by design: it goes only when the screen finds another kind of identifier in it."""
    thread = source.thread_id if source.thread_id and not screen(source.thread_id).flagged else None
    source = screen_place(screen, replace(source, thread_id=thread))  # a dropped thread id is no exemption
    author_kinds = set(screen(source.author.name).kinds) - {"NAME"}
    return replace(source, author=replace(source.author, name="" if author_kinds else source.author.name))


def screen_savers(screen: Screen, savers: list[str]) -> list[str]:
    """Saver ids as an import file gives them: one the screen finds anything in is not an id."""
    return [saver for saver in savers if not screen(saver).flagged]
