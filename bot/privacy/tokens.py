"""Words, runs of digits and single marks, with where they are: one linear pass, no pattern.

`str.split` does the bulk in C; only chunks that are not plain words are walked character by character.
Hyphenated names and relations ("Okonkwo-Hale", "son-in-law") stay one word.
"""
from __future__ import annotations

from bot.privacy.vocabulary import RELATIVES

MARKS = ".,;:!?()[]{}<>\"'’-/*_`~"


class Token:
    """A word, a run of digits or a mark; `word` is the lower-case word without a possessive 's."""

    __slots__ = ("start", "end", "text", "word")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        word = text.lower()
        self.word = word[:-2] if word.endswith(("'s", "’s")) else word


def tokens_of(text: str) -> list[Token]:
    """Words (letters, with inner apostrophes), runs of digits and single marks, in one pass: str.split does
    the bulk in C, and only chunks that are not plain words are walked character by character."""
    out: list[Token] = []
    at = 0
    for chunk in text.split():
        at = text.find(chunk, at)
        if chunk.isalpha():
            out.append(Token(at, at + len(chunk), chunk))
        else:
            core = chunk.strip(MARKS)
            if core.isalpha():  # "Smith," "(wife)": marks around a word, the common case
                lead = chunk.index(core)
                out.extend(Token(at + i, at + i + 1, chunk[i]) for i in range(lead))
                out.append(Token(at + lead, at + lead + len(core), core))
                out.extend(Token(at + i, at + i + 1, chunk[i]) for i in range(lead + len(core), len(chunk)))
            else:
                _split_chunk(chunk, at, out)
        at += len(chunk)
    return _joined(out)


def _joined(tokens: list[Token]) -> list[Token]:
    """'Okonkwo-Hale', 'Moreno-Diaz' and 'son-in-law' as one word; 'SOCIAL-wife', 'x-ray' stay apart."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        while j + 2 < len(tokens) and tokens[j + 1].text == "-" and tokens[j].end == tokens[j + 1].start \
                and tokens[j + 1].end == tokens[j + 2].start and tokens[j + 2].text.isalpha() and tokens[i].text.isalpha():
            j += 2
        if j > i:
            text = "".join(t.text for t in tokens[i:j + 1])
            parts = text.split("-")
            if all(titled(part) for part in parts) or text.lower() in RELATIVES:
                out.append(Token(tokens[i].start, tokens[j].end, text))
            else:
                out.extend(tokens[i:j + 1])
            i = j + 1  # past the whole run either way, so "a-a-a-…" costs one pass
            continue
        out.append(tokens[i])
        i += 1
    return out


def _split_chunk(chunk: str, at: int, out: list[Token]) -> None:
    start, kind = 0, None
    for i, char in enumerate(chunk):
        now = "letter" if char.isalpha() or (kind == "letter" and char in "'’") else "digit" if char.isdecimal() else "mark"
        if now != kind or now == "mark":
            if kind is not None:
                out.append(Token(at + start, at + i, chunk[start:i]))
            start, kind = i, now
    out.append(Token(at + start, at + len(chunk), chunk[start:]))


def titled(text: str) -> bool:
    return text[0].isupper() and (len(text) == 1 or not text[1:].isupper()) and text.isalpha()
