"""Patients' and relatives' names, found word by word (a linear tokenizer, no backtracking pattern).

A word is taken as a name where clinical text puts one and where it looks like one:
- after a title (Mr, Mrs, Ms) in any case: "mrs. lucia fenwick", "MRS HALVORSEN";
- after a relative or proxy (wife, son, daughter, HCP, family of...), as a list: "Sons Smokey, Morris and Roger";
- just before a relative's word: "Jane (daughter)", "Mary, the patient's daughter", "Aaliyah's mom";
- after "pt"/"patient", "X family", beside a visit or a call, a bed number or an age, or "LAST, FIRST";
- a census given name followed by a surname: "Gerry Masci arrived", "GERRY MASCI ARRIVED", "DeShawn Williams".
"Looks like one" means: in the census name lists and not a common English word (or a name that reads as one
though it is also a word, `Lexicon.name_like`: "Johnson", "Lee"), or (in context) a word no English list knows. Clinicians keep their names: nothing is taken after Dr or before RN/MD/NP. A name found
once is removed everywhere in the text ("Mr. Masci ... mr masci").
"""
from __future__ import annotations

from bot.privacy.lexicon import Lexicon, lexicon
from bot.privacy.name_cues import (AFTER_PATIENT, AFTER_RELATIVE, AFTER_ROOM, AFTER_TITLE, BY_WITH, CONTRACTIONS, CUES,
                                   LINKS, MET, NOT_AFTER_RELATIVE, OWNERS, ROOM_WORDS, TOLD, VISIT_VERBS, after_relative,
                                   an_age, caps_phrase, glued_to_a_digit, initials_before, is_possessive, next_word, placed,
                                   skip_past, titled_parts, told)
from bot.privacy.name_checks import pair_in_capitals, repeatable, surname_after, unknown_placed
from bot.privacy.screen import Finding
from bot.privacy.tokens import Token, titled as _titled, tokens_of
from bot.privacy.vocabulary import CLINICIAN_AFTER, CLINICIAN_BEFORE, DEPARTMENTS, NOT_NAMES, PATIENT_WORDS, RELATIVES, TITLES

class NameFinder:
    def __init__(self, not_names: frozenset[str] = frozenset()) -> None:
        self._not_names = NOT_NAMES | RELATIVES | PATIENT_WORDS | TITLES | not_names
        self._lex: Lexicon = lexicon()

    def find(self, text: str) -> list[Finding]:
        tokens = tokens_of(text)
        self._text = text
        letters, capitals = sum(map(str.isalpha, text)), sum(map(str.isupper, text))
        shouting = letters > 20 and capitals > 0.6 * letters
        self._lower_case = capitals <= 0.02 * letters  # "mr masci had an uneventful noc"
        found: set[int] = set()
        for i, token in enumerate(tokens):
            if token.word in CUES or token.text[0].isupper():  # the only tokens a rule starts from
                found |= self._at(tokens, i, token.word, shouting)
        found = {i for i in found if not self._clinician(tokens, i)}
        found |= {i - 2 for i in found if i >= 2 and tokens[i - 1].text == "(" and self._given(tokens[i - 2], shouting)}
        words = {tokens[i].word for i in found if repeatable(self._lex, self._not_names, tokens[i].word)}
        found |= {i for i, token in enumerate(tokens) if token.word in words}
        return [Finding(tokens[i].start, tokens[i].end, "NAME") for i in sorted(found)]

    def _at(self, tokens: list[Token], i: int, word: str, shouting: bool) -> set[int]:
        owned = tokens[i].text.lower() != word  # "daughter's wedding" names no one
        if word == "miss" and not (tokens[i].text[0].isupper() or self._lower_case):
            return set()  # "applicants that miss minor points"
        if word in TITLES and next_word(tokens, i) not in (":", "-"):  # "MS: A+O x3" is mental status
            if tokens[i].text == "MS" and not self._lex.is_name(tokens[skip_past(tokens, i, AFTER_TITLE)].word
                                                                 if skip_past(tokens, i, AFTER_TITLE) < len(tokens) else ""):
                return set()  # "changes in MS. Aspiration precautions"
            return self._run(tokens, skip_past(tokens, i, AFTER_TITLE), shouting, limit=2, initials=True)
        if word == "baby" and next_word(tokens, i) in ("boy", "girl"):  # a newborn registered as "Baby Girl Garcia"
            return self._run(tokens, skip_past(tokens, i + 1, AFTER_TITLE), shouting, limit=2, initials=True)
        if word == "social" and next_word(tokens, i) in (":", "-"):  # a note's "Social:" section names relatives
            j = skip_past(tokens, i, AFTER_RELATIVE)
            return {j} if j < len(tokens) and tokens[j].word in self._lex.given and self._in_context(tokens[j], shouting) else set()
        if word == "family" and next_word(tokens, i) == "of":  # "family of Ana Ruiz", not "family of parsers"
            return self._run(tokens, i + 2, shouting, limit=3) if self._full_name(tokens, i + 2) else set()
        if word in RELATIVES and not owned:
            return self._named_before(tokens, i, shouting) | self._run(tokens, after_relative(tokens, i), shouting, limit=3,
                                                                      lists=True)
        if word in PATIENT_WORDS and not owned:
            nxt = skip_past(tokens, i, AFTER_PATIENT)
            if self._full_name(tokens, nxt):
                return {nxt, nxt + 1}  # "pt agnes jablonski", "PATIENT IS LUIS TREMBLAY"
            if nxt < len(tokens) and unknown_placed(self._lex, self._not_names, tokens, nxt):
                return {nxt}  # "pt Okonkwo in 4": a word no list knows, with a bed number after it
            return self._run(tokens, nxt, shouting, limit=2) if self._strong(tokens, nxt, shouting) else set()
        if word == "family" and i and (self._strong(tokens, i - 1, shouting, surname=True) or self._unknown(tokens[i - 1])):
            return {i - 1}  # "KEEP ROMERO FAMILY AWARE", "the Achebe family"
        if word in ROOM_WORDS and i + 1 < len(tokens) and tokens[i + 1].text.isdecimal():
            return self._by_room(tokens, i, shouting)
        return self._beside(tokens, i, word, shouting)

    def _beside(self, tokens: list[Token], i: int, word: str, shouting: bool) -> set[int]:
        """A name beside the verbs and marks of a visit, a call, a bed or an age; else a pair of names."""
        if word in VISIT_VERBS and i and self._given(tokens[i - 1], shouting):
            return {i - 1}  # "george called early", "Anne is family contact"
        if word == "name" and next_word(tokens, i) in ("is", ":", "=") and i and (
                tokens[i - 1].word in OWNERS | RELATIVES and tokens[i - 1].word != "the"):  # "her name is Barbara Hosty"
            return self._run(tokens, i + 2, shouting, limit=2)
        if word in BY_WITH and i and tokens[i - 1].word in MET and i + 1 < len(tokens) and \
                self._given(tokens[i + 1], shouting, rare=True):
            return {i + 1} | surname_after(self._lex, self._not_names, tokens, i + 2)  # "accompanied by Edward", "spoke with maria garcia"
        if word in ("is", "was") and 0 < i < len(tokens) - 1 and tokens[i + 1].word in RELATIVES | {"family"} \
                and self._given(tokens[i - 1], shouting):
            return {i - 1}  # "Anne is family contact", "Jane is HCP"
        if word in TOLD and i + 1 < len(tokens) and self._given(tokens[i + 1], shouting, rare=word != "called"):
            return {i + 1}  # "updated Anne", "called george back"
        if word == "in" and i and [t.word for t in tokens[i + 1:i + 3]] in (["to", "visit"], ["to", "see"]) \
                and self._given(tokens[i - 1], shouting):
            return {i - 1}  # "Mary in to visit"
        if i + 3 < len(tokens) and tokens[i + 1].text == "," and tokens[i + 3].text == "," and an_age(tokens[i + 2].text) \
                and self._given(tokens[i], shouting):
            return {i}  # "Harold, 97, in 3A"
        if placed(tokens, i + 1) and self._given(tokens[i], shouting) and (i == 0 or not (
                _titled(tokens[i - 1].text) or tokens[i - 1].word in ("from", "by", "ask"))):
            return {i}  # "Maggie in 22", not "tip from Jennifer in 4 South"
        return self._pair(tokens, i, shouting) | self._last_first(tokens, i)

    def _named_before(self, tokens: list[Token], i: int, shouting: bool) -> set[int]:
        """A name just before a relative's word: "Aaliyah's mom", "Jane (daughter)", "Mary, the pt's daughter"."""
        if i and is_possessive(tokens[i - 1]) and self._given(tokens[i - 1], shouting, rare=True):
            return {i - 1}
        k = i - 1
        while k > 0 and tokens[k].word in OWNERS and i - k < 4:
            k -= 1
        if k > 0 and tokens[k].text in ("(", ",", "-") and self._given(tokens[k - 1], shouting):
            return {k - 1}
        return set()

    def _run(self, tokens: list[Token], j: int, shouting: bool, limit: int, lists: bool = False,
             initials: bool = False) -> set[int]:
        """Name-like words from tokens[j] on: up to `limit` in a row, and further names of a list."""
        taken: set[int] = set()
        row = 0
        while j < len(tokens):
            token = tokens[j]
            first = initials and (row == 0 or (row == 1 and len(tokens[min(taken)].text) == 1))  # "Ms. D Washington"
            if row < limit and (self._in_context(token, shouting, initials and row == 0, after_title=first)
                                or (lists and _titled(token.text) and token.word in self._lex.given
                                    and token.word not in NOT_AFTER_RELATIVE)):
                taken.add(j)
                row, j = row + 1, j + 1
                if j < len(tokens) and tokens[j].text == "." and len(token.text) == 1:
                    j += 1  # "S. Nguyen"
            elif lists and taken and token.word in LINKS and j + 1 < len(tokens):
                row, j = 0, j + 1
            else:
                break
        return taken

    def _in_context(self, token: Token, shouting: bool, initial: bool = False, after_title: bool = False) -> bool:
        """After a title or a relative: a name if no list says it is an ordinary word."""
        word, text = token.word, token.text
        if not text[0].isalpha() or word in self._not_names:
            return initial and len(text) == 1 and text.isupper()
        if word.endswith(CONTRACTIONS):
            return False  # "isn't", "he'll"
        if len(word) == 1:
            return initial and text.isupper()
        if glued_to_a_digit(token, self._text):
            return False  # "sao2", "x3"
        common = self._lex.commonness(word)
        if word in self._lex.given or (after_title and word in self._lex.surnames):
            return common < 5.3 or self._lex.name_like(word)  # "son bill", "Husband Rich", "MRS SMALL"
        if word in self._lex.surnames:
            return common < 4.0 or self._lex.name_like(word)  # not "husband CEO", "MRS BRUCER FAIR"
        if shouting:  # capitals say nothing: "MOM GU--VOIDING", but "DAUGHTER, FATOU, CALLED"
            return common < (3.0 if after_title else 2.0) and len(word) > 2
        capitalised = text[0].isupper()
        return common < (4.0 if capitalised else 3.0)

    def _by_room(self, tokens: list[Token], i: int, shouting: bool) -> set[int]:
        """'Smith in rm 4', 'bed 12, Alvarez': a name-like word beside a bed or room number."""
        number = i + 1
        if number + 2 < len(tokens) and tokens[number + 1].text == "-" and len(tokens[number + 2].text) == 1:
            number += 2  # "room 412-B Garcia"
        after = skip_past(tokens, number, AFTER_ROOM)  # not past a colon: "rm 4: Rover scanner pairs" starts the message
        before = i - 2 if i >= 2 and tokens[i - 1].word in ("in", "on", "at") else -1
        found = {j for j in (before, after) if 0 <= j < len(tokens) and self._beside_room(tokens[j], shouting)}
        if before >= 1 and self._full_name(tokens, before - 1):
            found |= {before - 1, before}  # "jose ramirez in bed 4"
        return found | initials_before(tokens, before)  # "J.S. in bed 3"

    def _beside_room(self, token: Token, shouting: bool) -> bool:
        word = token.word
        if not _titled(token.text) or shouting or word in self._not_names or glued_to_a_digit(token, self._text):
            return False
        common = self._lex.commonness(word)
        return (self._lex.is_name(word) and common < 5.0) or common < 2.5

    def _full_name(self, tokens: list[Token], j: int) -> bool:
        """A given name then a surname (or a word no list knows), in any case."""
        if j + 1 >= len(tokens) or not tokens[j].text.isalpha() or not tokens[j + 1].text.isalpha():
            return False
        first, last = tokens[j].word, tokens[j + 1].word
        if first in self._not_names or last in self._not_names or len(last) < 3:
            return False
        surname = last in self._lex.surnames and (self._lex.commonness(last) < 4.6 or self._lex.name_like(last))
        if first in self._lex.given and (self._lex.commonness(first) < 5.0 or self._lex.name_like(first)):
            return surname or self._lex.commonness(last) < 2.5
        titled = _titled(tokens[j].text) and _titled(tokens[j + 1].text)  # "patient Kwame Ferreira"
        return titled and self._lex.commonness(first) < 2.5 and (surname or self._lex.commonness(last) < 2.5)

    def _given(self, token: Token, shouting: bool, rare: bool = False) -> bool:
        """A census given name that is not an ordinary word, written as a name: "Anne", "george" in lower case;
        `rare`: or a capitalised word no English list knows ("Aaliyah")."""
        word, text = token.word, token.text
        if word in self._not_names or shouting or glued_to_a_digit(token, self._text) or not text[0].isalpha():
            return False
        if word not in self._lex.given:
            bare = text.split("'")[0].split("’")[0]
            return rare and bare[0].isupper() and bare[1:].islower() and bare.isalpha() and len(word) > 2 and self._lex.commonness(word) < 2.0
        if text.islower() and not self._lower_case:  # "spoke with mary" in a note written in sentence case
            return self._lex.name_like(word) and self._lex.commonness(word) < 5.0
        return (_titled(text) or self._lower_case) and (self._lex.commonness(word) < 4.6 or self._lex.name_like(word))

    def _strong(self, tokens: list[Token], j: int, shouting: bool, surname: bool = False) -> bool:
        """Without a title or a relative: a census name that is not a common word, or a capitalised rare one."""
        if not 0 <= j < len(tokens) or not tokens[j].text[0].isalpha() or len(tokens[j].word) < 2:
            return False
        word, text = tokens[j].word, tokens[j].text
        if word in self._not_names:
            return False
        common = self._lex.commonness(word)
        parts = word.split("-")  # "Moreno-Diaz": listed when each part is
        listed = all((part in self._lex.surnames) if surname else self._lex.is_name(part) for part in parts)
        capitalised = text[0].isupper() and not text.isupper()
        shouting = shouting or (text.isupper() and len(text) > 2 and caps_phrase(tokens, j))
        if glued_to_a_digit(tokens[j], self._text) or (text.isupper() and not shouting and len(text) > 1):
            return False  # "pt is HOH" in a mixed-case note, "pt sao2"
        if not (capitalised or shouting):
            return listed and common < 2.5  # "mr masci", "pt. goldberg", not "pt settles"
        name_like = all(self._lex.name_like(part) for part in parts)  # "PT JOHNSON", "Lee", not "PT YOUNG"
        return listed and (common < 3.5 or name_like or (capitalised and not shouting and common < 4.6))

    def _pair(self, tokens: list[Token], i: int, shouting: bool) -> set[int]:
        """'Gerry Masci', 'Mohammed Hughes': a census given name and a surname, each capitalised."""
        if i + 1 >= len(tokens):
            return set()
        first, second = tokens[i], tokens[i + 1]
        if shouting or (first.text.isupper() and second.text.isupper()):
            return pair_in_capitals(self._lex, self._not_names, first, second, i, placed(tokens, i + 2))
        if not (titled_parts(first.text) and titled_parts(second.text)) or {first.word, second.word} & self._not_names:
            return set()
        given = self._listed(first.word, self._lex.given)
        surname = self._listed(second.word, self._lex.surnames)
        if (given and surname) or (given and self._lex.commonness(second.word) < 2.5) or (
                self._lex.commonness(first.word) < 1.5 and len(first.word) > 3 and self._common_surname(second.word)):
            return {i, i + 1}  # "Robert Smith", "Maria-Elena Gutierrez-Lopez", "DeShawn Williams"
        if first.word in self._lex.surnames and first.word not in self._lex.given and self._lex.commonness(first.word) < 4.0 \
                and second.word in self._lex.given and self._lex.commonness(second.word) < 4.0 and placed(tokens, i + 2):
            return {i, i + 1}  # family name first, then where the patient is: "Zhang Wei in 9"
        return set()

    def _unknown(self, token: Token) -> bool:
        """A capitalised word that no English list knows and that is not a unit's or a system's name."""
        text = token.text
        return text.isalpha() and len(text) > 3 and text[0].isupper() and (text[1:].islower() or text.isupper()) \
            and token.word not in self._not_names and self._lex.commonness(token.word) < 1.5

    def _common_surname(self, word: str) -> bool:
        """One of the surnames many people bear ("Williams", "Nguyen"): after a word no list knows, a name."""
        return word in self._lex.surnames and self._lex.name_like(word) and self._lex.commonness(word) >= 3.0

    def _listed(self, word: str, names: frozenset[str]) -> bool:
        """Every part of the word in the census list, and each not a common word ("Rich", "Young" are)."""
        parts = word.split("-")
        return all(part in names and (self._lex.commonness(part) < 4.6 or self._lex.name_like(part)) for part in parts)

    def _last_first(self, tokens: list[Token], i: int) -> set[int]:
        """'GONZALEZ, MARIA' as EMR lists show it (capitals, both words census names, neither common)."""
        if i + 2 >= len(tokens) or tokens[i + 1].text != ",":
            return set()
        last, first = tokens[i], tokens[i + 2]
        capitals = last.text.isupper() and first.text.isupper()
        if not (capitals or (_titled(last.text) and _titled(first.text))) or min(len(last.text), len(first.text)) < 2:
            return set()
        if not capitals:  # "Ivanova, John": a rarer surname and a given name, as a list of patients shows them
            rare = self._lex.commonness(last.word) < 3.5 and last.word not in self._not_names
            given = first.word in self._lex.given and self._lex.commonness(first.word) < 5.5
            unlisted = last.word in self._lex.surnames and self._lex.commonness(first.word) < 1.5 and len(first.word) > 2 \
                and first.text[1:].islower() and next_word(tokens, i + 2) not in LINKS | {"or"}  # not "Haskell, Lisp, Scala"
            return {i, i + 2} if rare and (given or unlisted) else set()  # "Patel, Anjali"
        if first.word in self._lex.given and not {last.word, first.word} & self._not_names:
            listed = last.word in self._lex.surnames or (  # "ODUYA, EILEEN", not "CARDIOVERSION, ECHO"
                self._lex.commonness(last.word) < 2.5 and self._lex.commonness(first.word) < 3.8 and len(first.word) > 3)
            if listed and max(self._lex.commonness(last.word), self._lex.commonness(first.word)) < 4.6:
                return {i, i + 2}
        return set()

    def _clinician(self, tokens: list[Token], i: int) -> bool:
        """Dr Healey, Dr. Jen Bishop, 'Sarah Kim RN', Healey MD: clinicians keep their names."""
        j = i - 1
        while j >= 0 and i - j <= 3 and (tokens[j].text == "." or _titled(tokens[j].text)) and \
                tokens[j].word not in CLINICIAN_BEFORE:
            j -= 1
        if j >= 0 and tokens[j].word.rstrip(".") in CLINICIAN_BEFORE:
            return True
        if j >= 0 and tokens[j].word in RELATIVES:
            return False  # "daughter Maria Garcia RN is the HCP": a relative's own job keeps no name
        j = i + 1
        while j < len(tokens) and j - i <= 3 and (tokens[j].text == "," or _titled(tokens[j].text)) and \
                tokens[j].word not in CLINICIAN_AFTER | {"in", "from"}:
            j += 1
        if j + 1 < len(tokens) and tokens[j].word in ("in", "from") and tokens[j + 1].word in DEPARTMENTS:
            return True  # "Sarah Chen in informatics"
        return j < len(tokens) and tokens[j].word in CLINICIAN_AFTER and not told(tokens, j + 1)

