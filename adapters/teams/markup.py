"""Teams message HTML read by a maintained HTML parser, as start / end / text events, in time linear in its size.

The parser is libxml2's (through lxml, whose wheels carry libxml2 2.14 or later, with the HTML Standard's
tokenizer) driven as a stream of events: no tree is built, so nothing is cut at a depth limit, and there is
no tree builder whose scope checks cost the square of the nesting depth (Lexbor, html5ever and html5lib do;
bench/html_parsers.py measures the candidates). A hand tokenizer of regular expressions was quadratic on
whitespace inside a tag, and Python's `re` holds the interpreter while it runs, so a worker thread did not
keep the event loop free; here the interpreter is let go between events.

Past MAX_TAGS "<" the rest of a message keeps its words only (each tag a space), read in one pass. A "<"
with no ">" after it anywhere is text (a browser would drop an unfinished tag at the end), and a lone
surrogate (valid JSON, not valid text) becomes U+FFFD.
"""
from __future__ import annotations

from typing import Protocol

from lxml import etree

MAX_TAGS = 10_000
"""Tags read for the message's shape; the text after them keeps its words only. A Teams message holds at
most about 28 KB, so fewer than 7,000 tags: only a hostile body gets this far."""


class Handler(Protocol):
    def start(self, tag: str, attributes: dict[str, str]) -> None:
        """An opening tag; names in lower case, values decoded (a name without a value has "")."""

    def end(self, tag: str) -> None: ...

    def text(self, data: str) -> None:
        """Text between tags, character references decoded."""


def tokenize(markup: str, handler: Handler) -> None:
    """Calls handler.start / end / text for the elements and text of `markup`, in document order; comments,
    declarations and processing instructions are skipped. Every element opened is ended."""
    if "<" not in markup and "&" not in markup:  # plain text: nothing to read, every character kept
        handler.text(markup)
        return
    markup = _valid_text(markup)
    cut = _after_tags(markup, MAX_TAGS)
    head = _unfinished_tag_as_text(markup[:cut])
    if head.strip():
        parser = etree.HTMLParser(target=_Events(handler), encoding="utf-8", huge_tree=True, no_network=True)
        etree.fromstring(head.encode("utf-8"), parser)
    if cut < len(markup):
        handler.text(_words_only(markup[cut:]))


def without_tags(markup: str) -> str:
    """Markup with each tag ("<" up to the next ">" with no "<" between) a space: one pass, no parser."""
    first, *rest = markup.split("<")
    pieces = [first]
    for part in rest:
        close = part.find(">")
        pieces.append(" " + part[close + 1:] if close >= 0 else "<" + part)
    return "".join(pieces)


def _words_only(markup: str) -> str:
    """The text of markup with each tag a space and character references decoded, all in C: every "<" made
    the start of an end tag (" </"), which nests nothing, so the parser builds a flat tree (no depth limit
    to reach) without calling back for each tag, and lets other threads run while it parses."""
    flat = _unfinished_tag_as_text(markup).replace("<", " </")
    if not flat.strip():
        return flat
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=True, no_network=True)
    root = etree.fromstring(flat.encode("utf-8"), parser)
    return "" if root is None else etree.tostring(root, method="text", encoding="unicode")


def _valid_text(markup: str) -> str:
    """A lone surrogate becomes U+FFFD (it cannot be encoded for the parser)."""
    try:
        markup.encode("utf-8")
    except UnicodeEncodeError:
        return markup.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return markup


def _after_tags(markup: str, tags: int) -> int:
    """Where the (tags + 1)-th "<" is; the length of markup when it has no more."""
    position = -1
    for _ in range(tags + 1):
        position = markup.find("<", position + 1)
        if position < 0:
            return len(markup)
    return position


def _unfinished_tag_as_text(markup: str) -> str:
    """Every "<" after the last ">" written as "&lt;", so "a <b c" keeps its words as a chat message would;
    a comment opened there still runs to the end, as in browsers."""
    tail_from = markup.rfind(">") + 1
    comment = markup.find("<!--", tail_from)
    text_to = len(markup) if comment < 0 else comment
    if "<" not in markup[tail_from:text_to]:
        return markup
    return markup[:tail_from] + markup[tail_from:text_to].replace("<", "&lt;") + markup[text_to:]


class _Events:
    """lxml's parser target: passes libxml2's events on, without the <html> and <body> it adds itself."""

    IMPLIED = frozenset({"html", "body"})

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    def start(self, tag: str, attributes) -> None:
        if tag not in self.IMPLIED:
            self.handler.start(tag, attributes)

    def end(self, tag: str) -> None:
        if tag not in self.IMPLIED:
            self.handler.end(tag)

    def data(self, data: str) -> None:
        self.handler.text(data)

    def close(self) -> None:
        return None
