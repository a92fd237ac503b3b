"""Screening what comes with a tip's text as the text is screened: a file is often named after the patient
("smith-john-mrn-4471203.pdf") and its link repeats the name; a tag a trainer types may be a record number.

File names, links and tags are read as words ("Garcia_Maria_DOB_03-04-1952.pdf", "Garcia%20Maria"), and two
names side by side count as a patient's name there. A file name that held an identifier is kept as those words
with the identifiers replaced by [KIND] (one that held none is kept as written); a link that held one is dropped, since a
redacted address leads nowhere (the file is still named, and opened from the message itself). A tag that
held one is dropped: a tag is one word, and "[mrn]" would find nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import unquote

from bot.model import FileRef, Source
from bot.privacy.lexicon import lexicon
from bot.privacy.screen import Screen, Screened
from bot.privacy.vocabulary import CLINICIAN_BEFORE

SEPARATORS = frozenset("_+/?=&")  # scanners, phones and URLs put these where a sentence puts spaces


@dataclass(frozen=True)
class ScreenedFiles:
    files: tuple[FileRef, ...]
    kinds: tuple[str, ...] = ()
    """Kinds of identifier taken out of the names and links, in order of first finding."""


def screen_files(screen: Screen, files: tuple[FileRef, ...]) -> ScreenedFiles:
    kinds: list[str] = []
    kept = []
    for file in files:
        name, link = _screen_name(screen, file.name), _screen_words(screen, unquote(file.link))
        link = link if link.flagged else screen(file.link)  # kept as written, not decoded
        kind = screen(file.kind)
        kinds += [*name.kinds, *link.kinds, *kind.kinds]
        kept.append(replace(file, name=name.text, link="" if link.flagged else link.text, kind=kind.text))
    return ScreenedFiles(tuple(kept), tuple(dict.fromkeys(kinds)))


def screen_tags(screen: Screen, tags: list[str]) -> list[str]:
    """The typed tags the screen finds nothing in (tags taken from a screened text need no second look)."""
    return [tag for tag in tags if not _screen_words(screen, tag).flagged]


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


def _screen_name(screen: Screen, name: str) -> Screened:
    """A file name screened as words; kept as written when nothing is found in it."""
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem and 0 < len(extension) <= 5 and extension.isalnum()):
        stem, dot, extension = name, "", ""
    screened = _screen_words(screen, unquote(stem))
    return Screened(screened.text + dot + extension, screened.kinds) if screened.flagged else screen(name)


def _screen_words(screen: Screen, text: str) -> Screened:
    """'Garcia_Maria_DOB_03-04-1952': separators read as spaces (a dash or dot between digits kept), and two
    names side by side taken as a patient's name, since a file name or tag has no sentence to give a cue."""
    if screen.mode == "off":
        return screen(text)
    spaced = "".join(" " if _separates(text, i) else char for i, char in enumerate(text))
    words = spaced.split(" ")
    paired = {i for i in range(len(words) - 1) if _name_word(words[i]) and _name_word(words[i + 1])
              and not (i and words[i - 1].lower() in CLINICIAN_BEFORE)}  # "Dr_Jen_Bishop_slides.pptx"
    if paired:
        words = ["[NAME]" if i in paired or i - 1 in paired else word for i, word in enumerate(words)]
    screened = screen(" ".join(words))
    kinds = tuple(dict.fromkeys(("NAME",) * bool(paired) + screened.kinds))
    return Screened(screened.text, kinds) if kinds else Screened(text)


def _separates(text: str, i: int) -> bool:
    char = text[i]
    if char in "-.":
        return not (0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal())
    return char in SEPARATORS


def _name_word(word: str) -> bool:
    """A census name written as often as a name ('garcia', 'MARIA'), or a capitalised word no list knows
    ('Okonkwo')."""
    lex, lower = lexicon(), word.lower()
    if lex.name_like(lower):
        return True
    return len(word) > 2 and word.isalpha() and word[0].isupper() and not word.isupper() and lex.commonness(lower) == 0
