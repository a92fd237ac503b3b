"""A linear-time HTML tokenizer for Teams message bodies. Pure: standard library only.

The standard library's HTMLParser takes quadratic time on some unclosed constructs (thousands of "<a x",
"<!--", "<?" or "</" without an end) and raises on others: a 1 MB message could hold a worker, or the
event loop, for minutes. Here every character is looked at a bounded number of times: a tag is "<", a
name, then anything but "<" and ">" up to ">" (so a failed tag costs only the text up to the next "<" or
">", which is then text); a comment or declaration without its end runs to the end of the input.
An attribute value holding a literal "<" or ">" is the one thing read differently from a browser (Teams
writes them as &lt; and &gt;). After MAX_TAGS tags the rest is read as words only.
"""
from __future__ import annotations

import html
import re
from typing import Protocol

TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*?)\s*>|<!--|<[!?/]")
"""A tag (groups: "/" of an end tag, the name, the raw attributes), or the start of a comment or of a bogus
comment. Any other "<" is text."""
ATTRIBUTE = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?""")
MAX_TAGS = 20_000
"""Tags read for the message's shape; the text after them keeps its words only. A Teams message holds at
most about 28 KB, a few thousand tags: only a hostile body gets this far."""
ANY_TAG = re.compile(r"<[^<>]*>")
HUGE_CHARREF = re.compile(r"&#(?:[xX]0*[0-9a-fA-F]{7,}|0*[0-9]{8,});?")
"""A numeric character reference beyond Unicode: the standard library raises on one of 4,300+ digits."""


class Handler(Protocol):
    def start(self, tag: str, attributes: str, closed: bool) -> None:
        """An opening tag (lower case); `attributes` is the raw text after its name; `closed` for "<x/>"."""

    def end(self, tag: str) -> None: ...

    def text(self, data: str) -> None:
        """Text between tags, character references decoded."""


def unescape(text: str) -> str:
    """Character references decoded; one beyond Unicode becomes U+FFFD, as browsers show it."""
    if "&" not in text:
        return text
    return html.unescape(HUGE_CHARREF.sub("\ufffd", text))


def attributes(raw: str) -> dict[str, str]:
    """The attributes of a tag (names in lower case, values decoded; the first of a repeated name wins)."""
    found: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(raw):
        name = match.group(1).lower()
        if name not in found:
            value = next((v for v in match.group(2, 3, 4) if v is not None), "")
            found[name] = unescape(value)
    return found


def tokenize(markup: str, handler: Handler) -> None:
    """Calls handler.start / end / text for the tags and text of `markup`, in order; comments, declarations
    and processing instructions are skipped."""
    _Scanner(markup, handler).run()


class _Scanner:
    def __init__(self, markup: str, handler: Handler) -> None:
        self.markup, self.handler = markup, handler
        self.next_close = -2  # the last ">" found by _close_after; -2 before the first look, -1 when none is left

    def run(self) -> None:
        markup, handler, text_from, search, tags = self.markup, self.handler, 0, 0, 0
        while (token := TOKEN.search(markup, search)) is not None:
            tags += 1
            if tags > MAX_TAGS:
                handler.text(unescape(ANY_TAG.sub(" ", markup[text_from:])))
                return
            opening, name = token.start(), token.group(2)
            if name is None:
                end = self._unnamed_end(token)
                if end < 0:  # no ">" left to end it: this "<" is text
                    search = opening + 1
                    continue
            else:
                end = token.end()
            if opening > text_from:
                handler.text(unescape(markup[text_from:opening]))
            if name is not None:
                self._tag(name.lower(), token.group(1), token.group(3))
            text_from = search = end
        if len(markup) > text_from:
            handler.text(unescape(markup[text_from:]))

    def _tag(self, name: str, slash: str, raw: str) -> None:
        if slash:
            self.handler.end(name)
            return
        closed = raw.endswith("/")
        self.handler.start(name, raw, closed)
        if closed:
            self.handler.end(name)

    def _unnamed_end(self, token: re.Match) -> int:
        """Where a comment (left open, it runs to the end, as in browsers) or a bogus comment such as
        <![if !supportLists]>, <?xml ...?>, </ x> or </> ends; -1 for a "<" that is only text."""
        if token.group(0) == "<!--":
            end = self.markup.find("-->", token.end())
            return len(self.markup) if end < 0 else end + 3
        end = self._close_after(token.end())
        return end + 1 if end >= 0 else -1

    def _close_after(self, start: int) -> int:
        """The next ">" at or after `start` (-1: none). Starts only grow, so no stretch is searched twice."""
        if self.next_close == -1 or self.next_close >= start:
            return self.next_close
        self.next_close = self.markup.find(">", start)
        return self.next_close
