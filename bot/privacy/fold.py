"""The text the rules read: look-alike characters folded to the ASCII they imitate, with a map back.

Chat text can hide an identifier from ASCII patterns without changing how it reads: fullwidth or Arabic-Indic
digits ("MRN １２３４５６７８"), a no-break space or an en dash inside a phone number, a zero-width space, soft
hyphen or direction mark inside a name or a number ("John\u200bson"), a combining accent, Cyrillic letters that
look Latin. The rules run on a folded copy: invisible format characters and combining marks dropped, each other
character replaced by its compatibility form without marks (NFKD), its digit value, "-" for a dash, " " for a
space, or the Latin letter it looks like. Every folded character remembers the position of the character it
came from, so what is found is removed from the text as written.
"""
from __future__ import annotations

import unicodedata

LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁһԛԝАВЕКМНОРСТХІЈЅԌοαικνρτυχΟΑΒΕΗΙΚΜΝΡΤΧΥΖ",
    "aeopcyxijsdhqwABEKMHOPCTXIJSGoaikvptuxOABEHIKMNPTXYZ",
)
MAX_EXPANSION = 4  # "ﬁ" gives two letters; a character that unfolds into a phrase ("﷽") is kept as it is


def _folded_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in ("Cf", "Mn", "Me"):  # zero-width, soft hyphen, direction marks; combining marks
        return ""
    if category == "Nd":
        return str(unicodedata.digit(char))
    if category == "Zs":
        return " "
    if category == "Pd":
        return "-"
    looked = char.translate(LOOK_ALIKES)
    if looked != char:
        return looked
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return plain if 0 < len(plain) <= MAX_EXPANSION else char


class Folded:
    """`text` folded, and `span(start, end)`: where a span of it lies in the original."""

    __slots__ = ("text", "_at", "_length")

    def __init__(self, original: str) -> None:
        self._length = len(original)
        if original.isascii():
            self.text, self._at = original, None
            return
        pieces: list[str] = []
        at: list[int] = []
        for index, char in enumerate(original):
            if char.isascii():
                pieces.append(char)
                at.append(index)
                continue
            folded = _folded_char(char)
            pieces.append(folded)
            at.extend([index] * len(folded))
        self.text, self._at = "".join(pieces), at

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self._at is None:
            return start, end
        first = self._at[start] if start < len(self._at) else self._length
        last = self._at[end - 1] + 1 if end > 0 else first
        # Dropped characters right after the span (a zero-width space, a trailing combining mark) go with it.
        following = self._at[end] if end < len(self._at) else self._length
        return first, max(last, following)
