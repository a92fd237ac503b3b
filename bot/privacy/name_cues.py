"""Where a name stands in a row of tokens: the cue words around names in clinical text, and token shapes.

Kept apart from the name finder's judgements (`bot.privacy.names`): these only say where to look.
"""
from __future__ import annotations

from bot.privacy.tokens import Token, titled
from bot.privacy.vocabulary import ABBREVIATED_RELATIVES, PATIENT_WORDS, RELATIVES, TITLES

UNIT_AFTER = {"hours", "hrs", "hr", "h", "minutes", "mins", "min", "days", "weeks", "months", "years", "pm", "am", "north",
              "south", "east", "west", "mg", "ml", "units", "times", "%", ":", "/", ".", "-"}
OWNERS = {"pt", "pt's", "patient", "his", "her", "the", "their"}
CONTRACTIONS = ("n't", "n’t", "'ll", "’ll", "'re", "’re", "'ve", "’ve", "'d", "’d", "'m", "’m")
VISIT_VERBS = {"called", "visited", "phoned", "visiting", "updated"}
BY_WITH = {"by", "with"}
TOLD = {"updated", "notified", "informed", "phoned", "called"}
MET = {"accompanied", "spoke", "talked", "met", "visited", "updated"}
ROOM_WORDS = {"bed", "rm", "room", "bay"}
CUES = TITLES | RELATIVES | PATIENT_WORDS | VISIT_VERBS | BY_WITH | TOLD | ROOM_WORDS | {"social", "family", "is", "was", "name", "in", "baby"}
NOT_AFTER_RELATIVE = RELATIVES | TITLES | PATIENT_WORDS | {"and", "or", "in", "at", "to", "was", "is", "will", "may", "can"}
LINKS = {",", "and", "&", "/"}  # between the names of a list
AFTER_TITLE = {"."}
AFTER_RELATIVE = {",", ":", "(", ")", "?", "-", "is", "was", "named", "="}
AFTER_ROOM = {",", "(", "-"}
AFTER_PATIENT = {":", "=", "is", "was", "named"}


def placed(tokens: list[Token], j: int) -> bool:
    """'in 22', 'in 9 is': a bed number after a name (not a unit: "in 4 South", "in 2 hours")."""
    if j + 1 >= len(tokens) or tokens[j].word != "in" or not tokens[j + 1].text.isdecimal() or len(tokens[j + 1].text) > 4:
        return False
    following = tokens[j + 2] if j + 2 < len(tokens) else None
    return following is None or not (following.text[0].isupper() or following.word in UNIT_AFTER or following.text.isdecimal())


def an_age(text: str) -> bool:
    return text.isdecimal() and len(text) <= 3 and 0 < int(text) < 120


def initials_before(tokens: list[Token], j: int) -> set[int]:
    """'J.S.' ending at tokens[j]: capital letters each followed by a full stop."""
    taken: set[int] = set()
    while j >= 1 and tokens[j].text == "." and len(tokens[j - 1].text) == 1 and tokens[j - 1].text.isupper() \
            and tokens[j - 1].end == tokens[j].start and len(taken) < 4:
        taken.add(j - 1)
        j -= 2
    return taken if len(taken) >= 2 else set()


def titled_parts(text: str) -> bool:
    return all(part and titled(part) for part in text.split("-"))  # "Maria-Elena"


def caps_phrase(tokens: list[Token], j: int) -> bool:
    """'KEEP DUBOIS FAMILY AWARE': a word in capitals between words in capitals."""
    near = [tokens[k].text for k in (j - 1, j + 1) if 0 <= k < len(tokens) and tokens[k].text.isalpha()]
    return bool(near) and all(word.isupper() for word in near)


def glued_to_a_digit(token: Token, text: str) -> bool:
    return token.end < len(text) and text[token.end].isdecimal()


def skip_past(tokens: list[Token], i: int, skipped: set[str]) -> int:
    """The first token after tokens[i] that is not one of `skipped` (at most three skipped)."""
    j = i + 1
    while j < len(tokens) and tokens[j].word in skipped and j - i <= 3:
        j += 1
    return j


def after_relative(tokens: list[Token], i: int) -> int:
    """Where a relative's name starts: past "in law", "dtr." and the marks of AFTER_RELATIVE."""
    following = [t.word for t in tokens[i + 1:i + 3]]
    if following == ["in", "law"]:
        i += 2  # "sister in law Rose"
    elif following[:1] == ["."] and tokens[i].word in ABBREVIATED_RELATIVES:
        i += 1  # "dtr. Mary"
    return skip_past(tokens, i, AFTER_RELATIVE)


def is_possessive(token: Token) -> bool:
    return token.text.lower() != token.word


def next_word(tokens: list[Token], i: int) -> str:
    return tokens[i + 1].word if i + 1 < len(tokens) else ""


def told(tokens: list[Token], i: int) -> bool:
    """'pt Maria Garcia, MD aware', 'Mr. Okonkwo, NP made aware': the role after the name is someone else
    being told about that patient, not the named person's job."""
    if i < len(tokens) and tokens[i].word == "made":
        i += 1
    return i < len(tokens) and tokens[i].word == "aware"
