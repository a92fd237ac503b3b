"""The rule set Tipjar screens with: regular expressions for identifier formats, and context for names and dates.

Names have no fixed format, so a capitalised word counts as a name only where clinical chat puts one: after a
title (Mr, Mrs, Ms), after "patient"/"pt", beside a bed or room number, or as "LAST, FIRST" in a message about
a patient. A word found that way is a name wherever else it appears in the message. A full date counts when
it is a date of birth or when the message is about a patient; a release date in a plain tip is left alone.
"""
from __future__ import annotations

import re
from typing import Iterable

from bot.privacy.screen import Finding
from bot.privacy.vocabulary import NOT_NAMES

_NAME = r"(?:O'|Mc|Mac)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_CAPS = r"[A-Z]{2,}(?:[-'][A-Z]{2,})?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})\b|\b(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}\b"
    rf"|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}\b"
)
_ROOM = r"\b(?:[Bb]ed|BED|[Rr]m|RM|[Rr]oom|ROOM|[Bb]ay)\s*#?\s*\d{1,4}[A-Za-z]?\b"
_ID_WORDS = (
    r"(?i:MRN|MR\s?#|MR\s?No\.?|medical record(?: number| no\.?| #)?|FIN|CSN|HAR|encounter(?: number|"
    r" no\.?| #| ID)?|enc\s?#|acct(?: number| no\.?| #)?|account (?:number|no\.?|#)|visit (?:number|no\.?|#))"
)

FORMATS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("SSN", re.compile(r"(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])|(?i:\bSSN\b|social security(?: number| no\.?)?)"
                       r"\s*(?:is|:|#)?\s*\d{9}\b")),
    ("PHONE", re.compile(
        r"(?<![\w.-])(?:\+?1[ .-])?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-]|\.\d)"
        r"|(?<![\w.])\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?![\w-]|\.\d)"
        r"|\b07\d{3} ?\d{6}\b|(?<![\w.-])[2-9]\d{2}[2-9]\d{6}(?![\w.-])"
        r"|(?i:\b(?:phone|cell|mobile|tel|ph|call|fax|pager)\b)\D{0,12}?\b\d{10,11}\b")),
    ("ADDRESS", re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Ct|"
        r"Court|Way|Pl|Place|Terrace|Cir|Circle|Pkwy|Parkway|Hwy|Highway)\b\.?(?:,?\s+(?:Apt|Unit|#)\s*\w+)?"
        r"|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")),
    ("MRN", re.compile(rf"(?:\b(?:{_ID_WORDS}))\s*(?:is|was|=|:|-)?\s*#?\s*([A-Z]{{0,2}}-?\d[\d-]{{4,14}}\d)\b"
                       r"|(?<![\w.-])(0\d{6,11})(?![\w.-])")),
    ("DATE", re.compile(rf"(?i:\bDOB\b|\bD\.O\.B\.?|date of birth|\bbirth ?date|\bborn(?: on)?)"
                        rf"\s*(?:is|was|:|-)?\s*({_DATE}|\d{{1,2}}/\d{{1,2}})")),
]
PATIENT_NUMBER = re.compile(r"\b(?:[Pp]atient|[Pp]ts?|PT)\b\.?[^.\n]{0,20}?(?<![\w.-])(\d{7,10})(?![\w.-])")
ANY_DATE = re.compile(_DATE)
ABOUT_A_PATIENT = re.compile(
    r"\b(?:[Pp]atients?|[Pp]ts?|PT|MRN|mrn|DOB|dob|[Aa]dmitted|[Dd]ischarged|[Bb]orn|Mr|Mrs|Ms|Miss)\b"
    r"|\b\d{1,3} ?(?:y/?o|yo)\b")
NAME_AFTER_TITLE = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mstr|Mx)\.?\s+((?:{_NAME}|{_CAPS})(?:\s+{_NAME})?)")
NAME_AFTER_PATIENT = re.compile(
    rf"\b(?:[Pp]atient|[Pp]t|PT)(?:'s)?\.?(?:\s+(?:named|name|is|was))?\s*:?\s+((?:{_NAME}|{_CAPS})(?:\s+{_NAME})?)")
NAME_BY_ROOM = re.compile(
    rf"{_ROOM}\s*[,:(–—-]?\s*((?:{_NAME}|{_CAPS})(?:\s+{_NAME})?)"
    rf"|((?:{_NAME}|{_CAPS})(?:\s+{_NAME})?)\s+(?:in|on|at|\()\s*{_ROOM}")
# Lookaheads, so that "Szymanski, McAllister, Wei" yields both pairs. EMR lists show "LAST, FIRST" in capitals:
# that form counts anywhere, the mixed-case one only in a message about a patient.
LAST_FIRST = re.compile(rf"\b(?=({_NAME}, {_NAME})\b)")
CAPS_LAST_FIRST = re.compile(rf"\b(?=({_CAPS}, {_CAPS})\b)")
ROOM = re.compile(_ROOM)


class RuleDetector:
    """Patient identifiers by format and context. `record_patterns` are the hospital's own MRN formats,
    `not_names` words that look like surnames there (unit names)."""

    def __init__(self, record_patterns: Iterable[str] = (), not_names: Iterable[str] = ()) -> None:
        self._records = [re.compile(pattern) for pattern in record_patterns]
        self._not_names = NOT_NAMES | {word.lower() for word in not_names}

    def find(self, text: str) -> list[Finding]:
        found = [f for kind, pattern in FORMATS for f in _matches(kind, pattern, text)]
        found += [f for pattern in self._records for f in _matches("MRN", pattern, text)]
        about_a_patient = bool(ABOUT_A_PATIENT.search(text))
        names = self._names(text, about_a_patient)
        if names:
            found += names + list(_matches("ROOM", ROOM, text))
        if about_a_patient or names:
            found += list(_matches("MRN", PATIENT_NUMBER, text)) + list(_matches("DATE", ANY_DATE, text))
        return found

    def _names(self, text: str, about_a_patient: bool) -> list[Finding]:
        patterns = [NAME_AFTER_TITLE, NAME_AFTER_PATIENT, NAME_BY_ROOM, CAPS_LAST_FIRST]
        patterns += [LAST_FIRST] if about_a_patient else []
        spans = [f for pattern in patterns for f in _matches("NAME", pattern, text) if self._is_name(text[f.start:f.end])]
        words = {word for f in spans for word in re.findall(r"[\w'’-]+", text[f.start:f.end])
                 if len(word) > 2 and word.lower() not in self._not_names}
        if words:  # the same name elsewhere in the message ("Mr Alvarez ... Alvarez's band")
            alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
            spans += _matches("NAME", re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), text)
        return spans

    def _is_name(self, words: str) -> bool:
        parts = [part.strip(",") for part in words.split()]
        return all(part.lower() not in self._not_names for part in parts)


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> list[Finding]:
    """Spans of the pattern's first group that matched (or of the whole match when it has none)."""
    out = []
    for match in pattern.finditer(text):
        group = next((i for i in range(1, (pattern.groups or 0) + 1) if match.group(i) is not None), 0)
        out.append(Finding(match.start(group), match.end(group), kind))
    return out
