"""Teams message HTML -> the plain text a reader sees. Pure: no I/O, standard library only.

Teams delivers a chat message's body as HTML (``body.content`` of a messagePayload whose contentType is
"html"): paragraphs and divs, lists, tables, inline images and emoji, ``<at>`` mentions, links, code.
A tip stores text, so html_to_text keeps the words and the shape (one line per block, "- " list items,
" | " between table cells, link targets spelled out) and drops the markup. It takes time linear in the
input (adapters/teams/markup.py parses) and never raises: should rendering ever fail, the text is kept
with its tags stripped. No backtracking regular expression reads the message: re2 (linear) or plain string
methods.
"""
from __future__ import annotations

import logging
from itertools import groupby

import re2

from adapters.teams.markup import tokenize, without_tags

BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 li tr blockquote pre table ul ol".split())
DROPPED = frozenset({"script", "style", "head"})
CELLS = frozenset({"td", "th"})
ACTIVE = BLOCKS | DROPPED | CELLS | {"br", "pre", "code", "img", "a"}
"""Tags that change the text; every other tag (b, span, at, ...) only wraps it."""
EMOJI = "schema.skype.com/emoji"
log = logging.getLogger(__name__)
TAG = re2.compile(rb"(?i)</?(?:p|div|br|at|img|table|tr|td|th|span|a|b|i|u|s|strong|em|ul|ol|li|pre|code|blockquote|"
                  rb"h[1-6])\b[^<>]*>")
"""Read as UTF-8 bytes: re2 cannot take a str holding a lone surrogate, which JSON may carry."""


def looks_like_html(text: str) -> bool:
    """True when text carries markup such as <p>, <div>, <br>, <at>, <img>, <span>; plain text can be used as is."""
    return bool(text) and TAG.search(text.encode("utf-8", "surrogatepass")) is not None


def html_to_text(html: str) -> str:
    """The text of a Teams HTML message body: one line per block, at most one blank line in a row. Never raises."""
    html = html if isinstance(html, str) else ""
    try:
        parser = _TextParser()
        tokenize(html, parser)
        return parser.result()
    except Exception as exc:  # noqa: BLE001 - a message is never lost to a rendering bug: keep its plain text
        log.error("teams: message HTML rendered as plain text (%s)", type(exc).__name__)
        return " ".join(without_tags(html).split())


def _list_start(value: str) -> int:
    """The number before an <ol>'s first item: start="3" -> 2; anything but a plain number (of at most 9 ASCII
    digits) -> 0."""
    digits = value.strip()
    return int(digits) - 1 if digits.isascii() and digits.isdigit() and len(digits) <= 9 else 0


def _collapse_spaces(text: str) -> str:
    """Each run of whitespace as one space, the runs at either end included."""
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + words + (" " if text[-1].isspace() else "")


def _at_most_one_blank_line(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in "\n".join(lines).split("\n"):  # a line of inline code may hold newlines of its own
        if line or not kept or kept[-1]:
            kept.append(line)
    return kept


def _image(attrs: dict[str, str]) -> str:
    """A Teams emoji is its character; other images a marker ("image" is the alt Teams gives pasted images)."""
    alt = " ".join(attrs.get("alt", "").split())
    if EMOJI in attrs.get("itemtype", "").lower():
        return alt
    return f"[image: {alt}]" if alt and alt.lower() != "image" else "[image]"


def _render(chunks: list[tuple[str, bool]]) -> str:
    """A line's text: each run of whitespace becomes one space, except in literal (code, pre) text."""
    runs = []
    for literal, group in groupby(chunks, key=lambda chunk: chunk[1]):
        text = "".join(text for text, _ in group)
        runs.append(text if literal else _collapse_spaces(text))
    return "".join(runs)


class _TextParser:
    """The markup.Handler that writes the text: tags arrive in lower case, text with entities decoded, and
    every element opened is ended, in order."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.chunks: list[tuple[str, bool]] = []  # the current line: (text, literal)
        self.line_in_pre = False  # the current line is preformatted: its leading spaces stay
        self.prefix = ""  # "- " or "3. ", waiting for the list item's first line with text
        self.lists: list[int | None] = []  # per open list: None for <ul>, the last number used for <ol>
        self.link: tuple[str, list[str]] | None = None  # href and label text of the open <a>
        self.in_cell, self.cells = False, 0  # cells so far in the current table row
        self.open = {"pre": 0, "code": 0}  # how many are open: their text is kept as written
        self.dropped = 0  # inside <script>, <style> or <head>
        self.skip_newline = False  # a newline right after <pre> is not content

    def start(self, tag: str, attr: dict[str, str]) -> None:
        if tag not in ACTIVE:
            return
        self.dropped += tag in DROPPED
        if self.dropped:
            return
        if tag in ("tr", "table"):
            self.in_cell, self.cells = False, 0  # also ends a cell left open
        if tag in BLOCKS or tag == "br":
            self._block(hard=tag == "br")
        if tag in ("ul", "ol"):
            self.lists.append(None if tag == "ul" else _list_start(attr.get("start", "")))
        elif tag == "li" and not self.in_cell:
            number = self.lists[-1] if self.lists else None
            if number is not None:
                self.lists[-1] = number = number + 1
            self.prefix = "- " if number is None else f"{number}. "
        elif tag in CELLS:
            self._emit(" | " if self.cells else "")
            self.in_cell, self.cells = True, self.cells + 1
        elif tag in ("pre", "code"):
            self.open[tag] += 1
            self.skip_newline = self.skip_newline or tag == "pre"  # also across <pre><code>
        elif tag == "img":
            self._emit(_image(attr))
        elif tag == "a":
            self._end_link()
            self.link = (attr.get("href", "").strip(), [])

    def end(self, tag: str) -> None:
        if tag not in ACTIVE:
            return
        if tag in DROPPED:
            self.dropped = max(0, self.dropped - 1)
        if self.dropped or tag in DROPPED:
            return
        if tag in CELLS or tag in ("tr", "table"):
            self.in_cell = False
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("pre", "code"):
            self.open[tag] = max(0, self.open[tag] - 1)
        elif tag == "a":
            self._end_link()
        if tag in BLOCKS:
            self._block()
        if tag in ("li", "ul", "ol"):
            self.prefix = ""  # an item without text leaves no marker for the next line

    def text(self, data: str) -> None:
        if self.dropped:
            return
        data = data.replace("\xa0", " ").replace("\r\n", "\n")
        pre = self.open["pre"] > 0
        if pre and self.skip_newline and data.startswith("\n"):
            data = data[1:]
        self.skip_newline = False
        while pre and "\n\n\n" in data:  # more blank lines than the one kept: fewer lines to walk, same text
            data = data.replace("\n\n\n", "\n\n")
        first, *rest = data.split("\n") if pre else [data]
        self._emit(first)
        for line in rest:  # pre keeps its newlines
            self._end_line(hard=True)
            if line:
                self._emit(line)

    def _emit(self, text: str) -> None:
        self.chunks.append((text, any(self.open.values())))
        self.line_in_pre = self.line_in_pre or self.open["pre"] > 0
        if self.link:
            self.link[1].append(text)

    def _block(self, hard: bool = False) -> None:
        """A block boundary: a new line, except inside a table cell, where the row stays on one line."""
        if self.in_cell and not self.open["pre"]:
            self._emit(" ")
        else:
            self._end_line(hard)

    def _end_line(self, hard: bool = False) -> None:
        """Finish the current line; one without text is kept only as a hard (<br>, pre) blank line."""
        if not self.chunks:
            if hard:
                self.lines.append("")
            self.line_in_pre = False
            return
        line = _render(self.chunks)
        line = line.rstrip() if self.line_in_pre else line.strip()
        if line.strip():
            self.lines.append(self.prefix + line)
            self.prefix = ""
        elif hard:
            self.lines.append("")
        self.chunks, self.line_in_pre = [], False

    def _end_link(self) -> None:
        """After the label, " (URL)" when the URL says more than the label; never for mailto: or javascript:."""
        if self.link is None:
            return
        (href, label_parts), self.link = self.link, None
        label = " ".join("".join(label_parts).split())
        if not href or href.lower().startswith(("mailto:", "javascript:")):
            return
        if not label:
            self._emit(href)
        elif label.rstrip("/") != href.rstrip("/"):
            self._emit(f" ({href})")

    def result(self) -> str:
        self._end_link()
        self._end_line()
        return "\n".join(_at_most_one_blank_line(self.lines)).strip("\n")
