"""The patient-data evaluation set: chat lines from an EMR go-live, with identifiers injected in varied formats,
and clean tips full of things that look like identifiers but are not.

    python bench/phi_eval_set.py [--seed 12] [--with-identifiers 450] [--clean 450] > eval.jsonl

Each line: {"id", "text", "identifiers": [{"kind", "text"}], "clean": bool}. `identifiers` holds the words that
must not survive redaction (a surname, the digits of a record number...). Names, numbers and dates are drawn at
random, so no detector can know them in advance; the sentences imitate the register of go-live chat (short,
abbreviated, lower-case, Slack markup now and then). Nothing here comes from real patients or real chats.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field

SURNAMES = ("Alvarez Okafor Nguyen Kowalski O'Brien McAllister Haddad Lindqvist Ferreira Abernathy Castellano "
            "Delacroix Oyelaran Szymanski Whitcombe Baptiste Yamamoto Fitzgerald Achterberg Moreno-Diaz Quaresma "
            "Ivanova Thackeray Mbeki Gallagher Rasmussen Petrosyan Villanueva Hollingsworth Adeyemi").split()
GIVEN = "Maria John Aisha Wei Tomasz Siobhan Dmitri Grace Luis Fatima Owen Priya Ruth Kwame Elena Hamid".split()
TITLES = ("Mr", "Mrs", "Ms", "Mr.", "Mrs.", "Miss")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
STREETS = ("Oak Street", "Maple Ave", "Elm Rd", "Station Road", "Lakeview Drive", "Cedar Ln", "Church St")
PROBLEMS = (
    "the BCMA scan failed because the band was old, reprint it from the Brain",
    "MAR shows the heparin twice, refresh before you document",
    "order went to the wrong pharmacy, cancel and reorder from the order set",
    "label printer in the med room spat out a blank, power cycle it",
    "the insulin drip didn't cross over from legacy, verify with pharmacy",
    "discharge med rec froze, close the activity and reopen from the sidebar",
    "they show up twice on the unit census, call the command centre",
    "allergies didn't pull through, re-verify before the first dose",
    "the wristband reprints with the old name, registration has to fix it first",
    "vitals from the monitor never filed to flowsheets, enter them by hand",
)
WHERE = ("4 West", "the ED", "ICU", "PACU", "L&D", "5 North", "the cath lab", "Tele")
UNITS = ("Baker 4", "Rowan ward", "Ashby 2", "Keller unit")
"""Unit names that look like surnames: a hospital lists these in privacy.not_names."""


@dataclass
class Line:
    text: str
    identifiers: list[dict] = field(default_factory=list)

    def add(self, kind: str, words: str) -> str:
        self.identifiers.append({"kind": kind, "text": words})
        return words


def _digits(rng: random.Random, count: int, zero_first: bool = False) -> str:
    first = "0" if zero_first else str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(count - 1))


def name_phrase(rng: random.Random, line: Line) -> str:
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    style = rng.randrange(7)
    if style == 0:
        return f"{rng.choice(TITLES)} {line.add('NAME', surname)}"
    if style == 1:
        return f"pt {line.add('NAME', surname)}"
    if style == 2:
        return f"patient {line.add('NAME', given)} {line.add('NAME', surname)}"
    if style == 3:
        return f"{line.add('NAME', surname.upper())}, {line.add('NAME', given.upper())}"
    if style == 4:
        return f"{line.add('NAME', surname)}, {line.add('NAME', given)} (pt)"
    if style == 5:
        return f"{line.add('NAME', surname)} in bed {rng.randint(1, 40)}"
    return f"rm {rng.randint(100, 699)} {line.add('NAME', surname)}"


def record_phrase(rng: random.Random, line: Line) -> str:
    number = _digits(rng, rng.choice((7, 8, 9)), zero_first=rng.random() < 0.4)
    label = rng.choice(("MRN", "MRN:", "mrn", "MRN#", "MR#", "FIN", "FIN:", "CSN", "encounter #", "acct #", "MRN -"))
    if rng.random() < 0.15:
        return f"pt {line.add('MRN', number)}"
    return f"{label} {line.add('MRN', number)}"


def date_phrase(rng: random.Random, line: Line) -> str:
    year, month, day = rng.randint(1925, 2005), rng.randint(1, 12), rng.randint(1, 28)
    shown = rng.choice((f"{month}/{day}/{year}", f"{month:02d}/{day:02d}/{year % 100:02d}", f"{year}-{month:02d}-{day:02d}",
                        f"{MONTHS[month - 1]} {day}, {year}", f"{day} {MONTHS[month - 1]} {year}", f"{month}-{day}-{year}"))
    return f"{rng.choice(('DOB', 'dob', 'DOB:', 'born', 'date of birth'))} {line.add('DATE', shown)}"


def phone_phrase(rng: random.Random, line: Line) -> str:
    a, b, c = _digits(rng, 3), _digits(rng, 3), _digits(rng, 4)
    shown = rng.choice((f"{a}-{b}-{c}", f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"{a}{b}{c}"))
    return f"{rng.choice(('daughter at', 'call the wife on', 'family cell', 'pt phone', 'son can be reached at'))} {line.add('PHONE', shown)}"


def other_phrase(rng: random.Random, line: Line) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        user = f"{rng.choice(GIVEN).lower()}.{rng.choice(SURNAMES).lower().replace(chr(39), '')}"
        return f"family emailed from {line.add('EMAIL', user + rng.choice(('@gmail.com', '@yahoo.com', '@outlook.com')))}"
    if kind == 1:
        return f"SSN {line.add('SSN', f'{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 4)}')} was typed into the note"
    address = f"{rng.randint(2, 9999)} {rng.choice(STREETS)}"
    return f"home address {line.add('ADDRESS', address)} is wrong in registration"


def with_identifiers(rng: random.Random) -> Line:
    line = Line("")
    parts = [rng.choice((name_phrase, record_phrase))(rng, line)]
    for maker in (record_phrase, date_phrase, phone_phrase, other_phrase, name_phrase):
        if rng.random() < 0.3:
            parts.append(maker(rng, line))
    rng.shuffle(parts)
    opener = rng.choice(("", "fyi ", "heads up: ", "<@U0482> ", "on " + rng.choice(WHERE) + ": "))
    line.text = f"{opener}{', '.join(parts)} - {rng.choice(PROBLEMS)}"
    return line


CLEAN = (
    "Use order set {n4} for sepsis, not {n4}; the old one still shows up in search",
    "Epic {ver} moved the discharge button; it is under More Activities now",
    "Command centre is ext {ext}, 24/7 until {d_short}",
    "Room {room} printer is jammed, print to the one outside {room2}",
    "Ctrl+Shift+{key} opens the patient lookup, F{fkey} refreshes the MAR",
    "heparin {dose} units q8h shows as a continuous infusion, verify the frequency",
    "0.9% NS {ml} mL bolus over {mins} min: pick the bolus order, not the maintenance one",
    "go-live is {date_year} at {time}; downtime reports print at {time2}",
    "release {ver} goes in on {iso}, expect a restart at {time}",
    "ticket INC{inc} is open for the scanner drops, add your unit to it",
    "the pharmacy line is x{ext}, pager {pager} after hours",
    "bed {bed} on {unit} has a broken call light, facilities know",
    "ask Dr {surname} about the new insulin sliding scale panel",
    "{given} on {where} says the Zebra printers need firmware {ver}",
    "IP for the new label printer is 10.{a}.{b}.{c}, queue {queue}",
    "Vitals flowsheet row {n4} was renamed in {ver}, search for it by name",
    "patient list: right click > Add to My List, then the column picker",
    "patient station header shows allergies since {ver}",
    "{unit} census prints from the unit tab, not from patient lists",
    "the {time} huddle is moved to {time2} on {where}",
    "set the BCA PC in {where} to print every {hours} hours during downtime",
    "labs drawn before {time} show under yesterday's encounter, that's expected",
    "the {n4}-{n2} shortcut for wound care documentation is SmartPhrase .WOUND{n2}",
    "MRN field is now on the banner, hover to copy it",
    "don't paste DOBs or MRNs in this channel please, use secure chat",
    "insulin glargine {dose2} units at {time}: the MAR shows it as due at {time2}",
    "Tower {n1} elevators are down, use the {where} lift for transport",
    "version {ver} fixed the BCMA override reasons list",
    "the {d_short} training session is in room {room}, bring your badge",
    "call {ext4} for the Rover scanner pool, they deliver within the hour",
)


def clean(rng: random.Random) -> Line:
    values = {
        "n1": rng.randint(1, 9), "n2": rng.randint(10, 99), "n4": rng.randint(1000, 9999),
        "ver": rng.choice(("2.3.1", "v12.4.0", "2024.1", "8.11", "Nov 2025")), "ext": rng.randint(2000, 8999),
        "ext4": f"4-{rng.randint(1000, 9999)}", "d_short": f"{rng.randint(1, 12)}/{rng.randint(1, 28)}",
        "room": rng.randint(100, 699), "room2": rng.randint(100, 699), "key": rng.choice("PFLMK"),
        "fkey": rng.randint(1, 12), "dose": rng.choice((5000, 7500, 2500)), "dose2": rng.randint(4, 60),
        "ml": rng.choice((250, 500, 1000)), "mins": rng.choice((15, 30, 60)), "hours": rng.choice((2, 4, 6)),
        "date_year": f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2026", "time": f"{rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}",
        "time2": f"{rng.randint(0, 23):02d}{rng.choice((0, 30)):02d}", "iso": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "inc": _digits(rng, 7, zero_first=True), "pager": rng.randint(1000, 9999), "bed": rng.randint(1, 40),
        "unit": rng.choice(UNITS), "surname": rng.choice(SURNAMES), "given": rng.choice(GIVEN), "where": rng.choice(WHERE),
        "a": rng.randint(0, 255), "b": rng.randint(0, 255), "c": rng.randint(1, 254), "queue": rng.randint(100, 999),
    }
    return Line(rng.choice(CLEAN).format(**values))


def assemble(seed: int, with_ids: int, clean_lines: int, with_maker, clean_maker) -> list[dict]:
    """`with_ids` lines from `with_maker` and `clean_lines` from `clean_maker`, shuffled, as records."""
    rng = random.Random(seed)
    lines = [(with_maker(rng), False) for _ in range(with_ids)] + [(clean_maker(rng), True) for _ in range(clean_lines)]
    rng.shuffle(lines)
    return [{"id": n, "text": line.text, "identifiers": line.identifiers, "clean": is_clean}
            for n, (line, is_clean) in enumerate(lines, start=1)]


def generate(seed: int = 12, with_ids: int = 450, clean_lines: int = 450) -> list[dict]:
    return assemble(seed, with_ids, clean_lines, with_identifiers, clean)


def write_set(description: str, generate_set, seed: int, count: int) -> None:
    """The command line of a set: its records as JSON lines on standard output."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--with-identifiers", type=int, default=count)
    parser.add_argument("--clean", type=int, default=count)
    args = parser.parse_args()
    for record in generate_set(args.seed, args.with_identifiers, args.clean):
        sys.stdout.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    write_set(__doc__.splitlines()[0], generate, 12, 450)
