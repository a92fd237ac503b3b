"""The rule set Tipjar screens with: formats for what has one (phones, emails, record numbers, dates, ages over
89, addresses), and the word-by-word name finder (`bot.privacy.names`) for what has none.

Every pattern here is compiled by RE2 (google-re2), which runs in time linear in the text: chat is untrusted
and a backtracking pattern can hold the interpreter for seconds. RE2 has no look-around, so the checks that
a number stands alone are done on the characters either side of a match (`_alone`).

A date counts when it is a date of birth, or when the text is about a patient (pt, patient, admitted, yo,
a relative, a title...): "7/22 found by husband on floor" is removed, "release 2.3.1 goes live 7/22" stays.
"""
from __future__ import annotations

import gc
from typing import Iterable

import re2

from bot.privacy.names import NameFinder
from bot.privacy.screen import Finding

_MONTH_NAME = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MONTH = rf"{_MONTH_NAME}\b\.?"
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-(?:\d{4}|\d{2})|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})|(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
_WORDY_DATE = (rf"{_MONTH} ?\d{{1,2}}(?:st|nd|rd|th)?,? ?(?:\d{{4}}|'?\d{{2}})?|\d{{1,2}}(?:st|nd|rd|th)?[ -]?{_MONTH_NAME}\.?,?[ -]?(?:\d{{4}}|\d{{2}})\b|\d{{1,2}}(?:st|nd|rd|th)?[ -]?{_MONTH}")
_ID = r"[A-Za-z]{0,3}-?\d(?:[-.]?\d|[- ]\d\d\d?){4,15}"  # "1234 5678", "12.345.678", "123 456 78"
_ID_WORDS = (r"(?i:mrn|mr ?#|mr ?no\.?|med ?rec(?:ord)?s?(?: number| no\.?| #| num)?|medical record(?: number| no\.?| #)?|fin|csn|har"
             r"|encounter(?: number| no\.?| #| id)?|enc ?#?|acct(?: number| no\.?| #| num)?|account(?: number| no\.?| #)?"
             r"|visit(?: number| no\.?| #)|mr|chart(?: number| no\.?| #))")

_AGE_WORDS = r"(?i:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a) hundred(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten))?)"

FORMATS: list[tuple[str, "re2._Regexp"]] = [
    ("EMAIL", re2.compile(r"[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
                          r"|[A-Za-z0-9._%+-]+ ?[\[(](?i:at)[\])] ?[A-Za-z0-9-]+(?: ?[\[(](?i:dot)[\])] ?[A-Za-z0-9-]+)+"
                          r"|\b[A-Za-z0-9]+(?: dot [A-Za-z0-9]+)* at [A-Za-z0-9-]+(?: dot [A-Za-z0-9-]+)* dot (?i:com|org|net|edu|gov)\b")),
    ("SSN", re2.compile(r"(?:^|[^\d-])(\d{3}-\d{2}-\d{4})(?:$|[^\d-])|(?i:\bssn\b|social security(?: number| no\.?)?)\s*(?:is|:|#)?\s*(\d{3}[ .]?\d{2}[ .]?\d{4})\b")),
    ("PHONE", re2.compile(
        r"(?:^|[^\w.-])((?:\+?1[ .-])?\(?\d{3}\)?[ ./-]?\(?\d{3}[ ./-]\d{4}\)?(?: ?(?:x|ext\.?) ?\d{1,5})?)(?:$|[^\w-])"
        r"|(?:^|[^\w.])(\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4})(?:$|[^\w-])"
        r"|(?:^|[^\w.-])([2-9]\d{2}[2-9]\d{6})(?:$|[^\w.-])"
        r"|\((\d{3}[ .-]?\d{3}[ .-]?\d{4,5})\)"  # "(301 273 4516)"
        r"|(?:^|[^\w.,/:-])([2-9]\d{2}-\d{4})(?:$|[^\w/:%-])"  # a local number, "555-0142"
        r"|(?:^|[^\w.-])(0\d{4} \d{6}|0\d{3} \d{3} \d{4}|0\d{2} \d{4} \d{4})(?:$|[^\w.-])")),  # UK: "07700 900123"
    ("ADDRESS", re2.compile(
        r"\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Ct|"
        r"Court|Way|Pl|Place|Terrace|Cir|Circle|Pkwy|Parkway|Hwy|Highway)\b"
        r"|\b\d{1,5}\s+(?:[A-Z]+\s+){1,2}(?:ST|AVE|RD|BLVD|LN|PKWY|HWY)\b\.?(?:,?\s+(?:Apt|Unit|#)\s*\w+)?"
        r"|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"
        r"|\b(?i:p\.? ?o\.? box|post office box) ?#? ?\d{1,6}\b"
        r"|\b(?i:lives|lives at|living at|address|address is|resides at):? (\d{1,5} (?:[a-z]+ ){1,3}"  # "lives 123 main st"
        r"(?:st|street|ave|avenue|rd|road|blvd|dr|drive|ln|lane|ct|court|way|pl|place))\b")),
    ("MRN", re2.compile(rf"\b{_ID_WORDS}\s*(?:is|was|=|:|-)?\s*#?\s*:?\s*({_ID})\b|(?:^|[^\w.-])(0\d{{6,11}}|[A-Z]\d{{7,10}})(?:$|[^\w.-])")),
    ("DATE", re2.compile(rf"(?i:\bdob\b|\bd\.o\.b\.?|date of birth|\bbirth ?date|\bborn(?: on)?|\bb\.)\s*(?:is|was|:|-)?\s*(?i:in )?({_NUMERIC_DATE}|{_WORDY_DATE}|(?:19|20)\d\d[01]\d[0-3]\d|\d{{1,2}} / \d{{1,2}} / (?:19|20)?\d\d|\d{{1,2}}/\d{{1,2}}/'\d\d|[A-Za-z]{{3}}-\d{{1,2}}-(?:19|20)\d\d"
                        rf"|\d{{1,2}}/\d{{1,2}}|(?:19|20)\d\d)\b")),  # EMR exports: "19520304", "Mar-04-1952", "03/04/'52"
    ("AGE", re2.compile(r"\b((?:9\d|1[01]\d))(?: |-)?(?i:yo\b|y/o|y\.o\.|yr old|yrs old|year old|years old|year-old|-year-old)"
                        r"|\b((?:9\d|1[01]\d)) (?i:s/p|female|male|woman|man|gentleman|lady|yr|yrs)\b"
                        r"|\b(?i:aged?)\s*(?:is|was|:|-)?\s*((?:9\d|1[01]\d))\b"
                        r"|\b[A-Z][a-z]+, ((?:9\d|1[01]\d)),"  # "Harold, 97, in 3A"
                        r"|\b(?i:in (?:his|her|their) )((?:9|10)0'?s)\b"  # "in her 90s"
                        rf"|\b({_AGE_WORDS})[ -](?i:yo\b|y/o|years?[ -]old|yr old)"
                        r"|\b((?:9\d|1[01]\d))(?:yrs?|yo|y)? ?[MF]\b"  # "92M w/ CHF", "92 F", "92yr F": the one-liner
                        r"|\b(?i:she|he|pt|patient|mom|dad|mother|father|grandma|grandpa|who)\s+(?i:is|was|turned|turns|just turned|"
                        r"will be)\s+((?:9\d|1[01]\d))\s*(?:$|[,;.!)]|(?i:and|but|with|so|now|today|yesterday|tomorrow|this|"
                        r"next|last|years?|yrs?|yo|y/o|on|in|at|lives|living|still)\b)"  # "she is 93 and", "pt turned 90 yesterday"
                        rf"|\b(?i:is|aged?|age of|turned|turns|turning)\s+({_AGE_WORDS})\b(?:$|[^\w-][^\w]*(?:$|(?i:and|but|with|so|yo|years?|now|today|tomorrow|next|last|this)\b|[^\w\s])|[^\w-]*$)")),
]
PATIENT_NUMBER = re2.compile(r"\b(?:[Pp]atient|[Pp]ts?|PT)\b\.?[^.\n]{0,20}?(?:^|[^\w.-])(\d{7,10})(?:$|[^\w.-])")
PAGER = re2.compile(r"(?i:\b(?:pager|beeper|beep|pgr|pg|cell|phone|ph|reached at|page|paged|ext|extension|x)\b)\D{0,12}?\b(\d{4,11})\b"
                   r"|(?i:\b(?:call|contact|tel|telephone|mobile|number|home|work|cell|phone)\b)\D{0,16}?(?:^|[^\w.-])"
                   r"(\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}|\d{3}[ .-]\d{4})(?:$|[^\w.-])")
SHORT_DATE = re2.compile(r"(?:^|[^\w/.])((?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?:/(?:\d{4}|\d{2}))?|(?:1[0-2]|0?[1-9])/[4-9]\d)(?:$|[^\w/])")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_RANGE = r" ?(?:->|-|to|&|and) ?"
ANY_DATE = re2.compile(
    rf"\b(?i:in|since|from|of|until) ((?i:jan|january|feb|february|apr|april|june|july|aug|august|sept|september|oct|october|nov|november|dec|december))\b"
    rf"|\b[Tt]he (\d{{1,2}}(?:st|nd|rd|th))\b|(?:[A-Za-z]{{3,}}|(?i:in)) (\d{{2}})'(?:$|[^\w])|\b(?i:in|since|from|of) '(\d{{2}})\b"
    rf"|\b(?i:on|since|from|until|till|thru|through|by|before|after) (?:the )?((?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))\b"
    rf"|\b(?:{_NUMERIC_DATE})\b"
    rf"|\b(?:{_MONTH} {_DAY}(?:{_RANGE}{_DAY})?(?:,? \d{{4}})?|(?:{_DAY}{_RANGE})?{_DAY}(?: of)?[ -]{_MONTH}(?:,? (?:\d{{4}}|\d{{2}})|-(?:\d{{4}}|\d{{2}}))?"
    rf"|{_MONTH},? (?:19|20)?\d{{2}})\b")
A_DAY_ENDS = re2.compile(r"^(?:\s*$|\s*[^\w\s]|\s+(?i:of|at|and|when|in|on|per|for|pt|patient|the|to|with|but|so|we|he|she|was|is|am|pm|until|after|before|from|noc|night|morning|evening|shift)\b)")
NOT_A_DATE_AFTER = re2.compile(r"^(?:[/%']|\s*(?i:ns|strength|murmur|sem|str|tab|tabs|units?|mg|dose|of|cc|ml|up|way)\b)")
NOT_A_DATE_BEFORE = re2.compile(r"(?:(?:^|[^\w.])\d |(?i:psv|ps|cpap|peep|pain|cp|ci|co|rate|vent|sbt|imv|simv|ac|strength|murmur)\W{0,3})$")
SETTINGS_NEARBY = re2.compile(r"(?i:\b(?:psv|ps|cpap|peep|ips|vent|settings|simv|imv|ac|pain|cp|angina|scale|pressure|discomfort|abg)\b)")
# "pt *Garcia*", "Pt **Garcia**", "pt _Garcia_", "pt #Garcia": emphasis and hashtags read as spaces by the
# name finder (one character for one, so the spans stay where they were)
EMPHASIS_AS_SPACE = str.maketrans("*_#~", "    ")
# Slack sends a typed phone number as <tel:5558675309|555-867-5309>: the pattern's match of the target ends on
# the "|" the shown number needs before it, so the shown number is taken here.
TEL_LINK = re2.compile(r"<tel:[^|>\n]{0,40}\|([^>\n]{1,40})>")
# "temp 99 F", "Tmax 101F", "bed 92F": a temperature or a bed, not an age and sex
NOT_AN_AGE_BEFORE = re2.compile(r"(?i:\b(?:t|temp|temps|tmax|tm|fever|febrile|temperature|bed|rm|room|bay)\b\W{0,3})$")
NOT_A_YEAR_BEFORE = re2.compile(r"(?i:\b(?:x|ambulated|walked|amb|for)) $")
DATE_CUE_BEFORE = re2.compile(r"(?i:\b(?:on|since|from|until|till|thru|through|dated|of|after|before|admitted|extubated|intubated|transferred|started|d/c'?d)\s*)$")
FRACTIONS = frozenset("1/2 1/3 1/4 2/3 3/4".split())
NUMBER_CHARS = frozenset("0123456789/.-")
ABOUT_A_PATIENT = re2.compile(
    r"(?i:\b(?:pts?|pt's|patients?(?: is| was| has| had)|the patient|admitted|admission|discharged|dob|mrn|mr|mrs|ms"
    r"|yo|y/o|s/p|hx|pmh|family|wife|husband|son|daughter|sister|brother|proxy|hcp"
    r"|neuro|resp|lungs|afebrile|febrile|intubated|extubated|sedated|oriented|npn|u/o|uop|gu|abd|cultures)\b)"
    r"|\b\d{1,3} ?(?:y/?o|yo|year old)\b")
BEDSIDE = re2.compile(  # the words of a nursing note: two of them, and the text is about a patient
    r"(?i:\b(?:bp|hr|rr|sats?|sao2|o2|iv|ivf|lasix|foley|cxr|abg|ngt|npo|prn|cvp|map|hct|wbc|bun|cr|lytes|urine|stool"
    r"|skin|ett|vent|tf|ekg|ecg|cpap|peep|fio2|u/o|bs|lungs|neuro|resp|cv|gi|gu|id|heme|labs|meds)\b)")
ROOM = re2.compile(r"\b(?:[Bb]ed|BED|[Rr]m|RM|[Rr]oom|ROOM|[Bb]ay)\s*#?\s*\d{1,4}[A-Za-z]?\b")


class RuleDetector:
    """Patient identifiers by format and context. `record_patterns` are the hospital's own MRN formats (RE2
    syntax), `not_names` words that look like surnames there (unit names such as "Baker 4")."""

    def __init__(self, record_patterns: Iterable[str] = (), not_names: Iterable[str] = ()) -> None:
        self._records = [re2.compile(pattern) for pattern in record_patterns]
        self._names = NameFinder(frozenset(w.lower() for phrase in not_names for w in phrase.split()))

    def find(self, text: str) -> list[Finding]:
        # One token object per word makes no reference cycle, but thousands of them set off the cyclic
        # collector, which then walks the whole heap (every loaded model): paused meanwhile, it costs nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._find(text)
        finally:
            if collecting:
                gc.enable()

    def _find(self, text: str) -> list[Finding]:
        found = [f for kind, pattern in FORMATS for f in _matches(kind, pattern, text)]
        found += _matches("PHONE", TEL_LINK, text)
        found += [f for pattern in self._records for f in _matches("MRN", pattern, text)]
        names = self._names.find(text.translate(EMPHASIS_AS_SPACE))
        found += names
        if names:
            found += _matches("ROOM", ROOM, text)
        if names or ABOUT_A_PATIENT.search(text) or _bedside(text):
            found += _matches("MRN", PATIENT_NUMBER, text) + _matches("PHONE", PAGER, text)
            found += _not_settings(text, _matches("DATE", ANY_DATE, text) + _matches("DATE", SHORT_DATE, text))
        found = [f for f in found if not (f.kind == "AGE" and NOT_AN_AGE_BEFORE.search(text[max(0, f.start - 16):f.start]))]
        return [f for f in found if f.kind in ("NAME", "EMAIL", "ADDRESS") or _alone(text, f) and not _a_range(text, f)]


def _bedside(text: str) -> bool:
    first = BEDSIDE.search(text)
    return first is not None and BEDSIDE.search(text, first.end()) is not None


def _alone(text: str, found: Finding) -> bool:
    """A number or date not cut from a longer run of figures ("63-70/27-30", "3.22-4.25", "10.1/4.72/230")."""
    before = text[max(0, found.start - 2):found.start].rjust(2)
    after = text[found.end:found.end + 2]
    cut_before = before[1].isdecimal() or (before[1] in NUMBER_CHARS and before[0].isdecimal())
    cut_after = after[:1] in NUMBER_CHARS and after[1:2].isdecimal()
    if found.kind == "DATE" and "/" in text[found.start:found.end]:  # "8/25-8/26": a range of dates
        cut_before = cut_before and not (before[1] == "-" and "/" in text[max(0, found.start - 7):found.start - 1])
        cut_after = cut_after and not (after[0] == "-" and "/" in text[found.end + 1:found.end + 7])
    return not cut_before and not cut_after


def _a_range(text: str, found: Finding) -> bool:
    """'900-1300', '750-1000': round numbers either side of a dash are a range (tidal volumes, urine), not a
    local phone number."""
    shown = text[found.start:found.end]
    if found.kind != "PHONE" or len(shown) != 8 or shown[3] != "-":
        return False
    return shown.endswith("00") or (shown[2] == "0" and shown.endswith("0"))


def _not_settings(text: str, dates: list[Finding]) -> list[Finding]:
    """7/22, 9/3/97, 8/87 in a text about a patient, but not fractions (1 1/2 hours, rales 1/3 up), scores and
    settings (pain 5/10, PSV 10/5/40%, 4/5 strength), nor a distance (ambulated 30')."""
    out = []
    for found in dates:
        shown = text[found.start:found.end]
        if "/" not in shown:
            if shown.isdecimal() and NOT_A_YEAR_BEFORE.search(text[max(0, found.start - 12):found.start]):
                continue  # "ambulated 30'"
            if shown[-2:] in ("st", "nd", "rd", "th") and not A_DAY_ENDS.search(text[found.end:found.end + 16]):
                continue  # "on the 24th.", "since the 3rd when", but not "on 1st step mattress", "after 2nd dose"
            out.append(found)
            continue
        before = text[max(0, found.start - 12):found.start]
        if (shown in FRACTIONS and not DATE_CUE_BEFORE.search(before)) or NOT_A_DATE_AFTER.search(text[found.end:found.end + 12]) or NOT_A_DATE_BEFORE.search(before):
            continue
        day = shown.split("/")[1]
        if day.isdecimal() and int(day) <= 10 and SETTINGS_NEARBY.search(text[max(0, found.start - 30):found.end + 30]):
            continue  # ventilator settings (PSV 10/5) and pain scores (6/10) near their words
        out.append(found)
    return out


def _matches(kind: str, pattern, text: str) -> list[Finding]:
    """Spans of the pattern's first group that matched (or of the whole match when it has none)."""
    out = []
    groups = pattern.groups
    for match in pattern.finditer(text):
        group = next((i for i in range(1, groups + 1) if match.group(i) is not None), 0)
        out.append(Finding(match.start(group), match.end(group), kind))
    return out
