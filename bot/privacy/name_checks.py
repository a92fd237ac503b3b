"""Checks of one word the name finder makes against the name and word lists."""
from __future__ import annotations

from bot.privacy.lexicon import Lexicon
from bot.privacy.name_cues import placed
from bot.privacy.tokens import Token


def repeatable(lex: Lexicon, not_names: frozenset[str], word: str) -> bool:
    """A found name taken wherever it appears again: a short one ("Wu", "Ng") only if rarely a word."""
    return (len(word) > 2 or (len(word) == 2 and lex.commonness(word) < 4.3)) and word not in not_names


def surname_after(lex: Lexicon, not_names: frozenset[str], tokens: list[Token], j: int) -> set[int]:
    """The surname after a given name already found, when it reads as a name ("maria garcia")."""
    word = tokens[j].word if j < len(tokens) else ""
    return {j} if word.isalpha() and word in lex.surnames and lex.name_like(word) \
        and word not in not_names else set()


def unknown_placed(lex: Lexicon, not_names: frozenset[str], tokens: list[Token], j: int) -> bool:
    text = tokens[j].text
    return (len(text) > 3 and text.isalpha() and text[0].isupper() and text[1:].islower()
            and lex.commonness(tokens[j].word) == 0 and not lex.is_name(tokens[j].word)
            and tokens[j].word not in not_names and placed(tokens, j + 1))


def pair_in_capitals(lex: Lexicon, not_names: frozenset[str], first: Token, second: Token, i: int, in_a_bed: bool) -> set[int]:
    """'GERRY MASCI ARRIVED': in capitals, a given name that reads as one and a surname no English list has;
    'JOHN SMITH in 12': or any surname that reads as one, with a bed number after it."""
    if not (first.text.isalpha() and second.text.isalpha() and len(second.text) > 2) or \
            {first.word, second.word} & not_names:
        return set()
    given = first.word in lex.given and (lex.commonness(first.word) < 4.0 or lex.name_like(first.word))
    rare_surname = second.word in lex.surnames and lex.commonness(second.word) < 2.5
    surname = rare_surname or (in_a_bed and second.word in lex.surnames and lex.name_like(second.word))
    return {i, i + 1} if given and surname else set()
