"""A second patient-data set in the style of hospital go-live chat, written apart from the screen's rules.

    python bench/hospital_chat_set.py [--seed 5] [--with-identifiers 500] [--clean 500] > chat.jsonl

Lines with identifiers carry patients' and relatives' names (with and without titles, lower case, capitals,
"LAST, FIRST"), record, account and encounter numbers in many formats, dates of birth written many ways, ages
over 89, phones and emails. Clean lines are EMR tips full of what a screen must keep: screen, activity and
field names ("Patient Class", "Patient Lists", "Patient Station"), unit names, clinicians' names, release
dates, versions, tickets, extensions, doses and lab values. Same record shape as bench/phi_eval_set.py, so
bench/screen.py measures either. Names and numbers are drawn at random; nothing comes from real people.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.phi_eval_set import Line, _digits, assemble, write_set  # noqa: E402

SURNAMES = ("Castillo Whitaker Fenwick Halvorsen Dubois Ruiz Nakamura Okonkwo Brennan Schultz Patel Kim Nguyen "
            "Romano Jablonski Oduya Ferraro Lindgren MacLeod Abernethy Gutierrez Kaur Mwangi O'Sullivan Vance "
            "Przybylo Tremblay Haddad Sorensen Delgado Achebe Kowalczyk Rossi Yilmaz Bianchi Duarte Hughes "
            "Carver Bishop Wells").split()
GIVEN = ("Tom Joan Lucia Ana LaToya Mohammed Priya Walter Doris Kenji Chiamaka Bernard Agnes Luis Svetlana Darnell "
         "Imelda Gus Rosa Hank Suzette Wen Fatou Eileen Marco DeShawn Yolanda Patrick Ingrid Omar").split()
RELATIVES = ("wife", "husband", "son", "daughter", "sister", "brother", "mother", "mom", "dad", "niece", "nephew",
             "grandson", "granddaughter", "HCP", "health care proxy", "partner", "friend")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
FULL_MONTHS = ("January February March April May June July August September October November December").split()
TAILS = (
    "cant get the BCMA scan to take", "wristband prints with the wrong name", "MAR still shows the old drip rate",
    "orders didnt cross over from legacy", "meds are stuck in pending verify", "duplicate chart, who merges these",
    "discharge med rec wont sign", "pharmacy says the order is on the wrong encounter", "allergies blank after transfer",
    "cant find them on the unit census", "lab labels print blank", "ADT shows them still in the ED",
)


def _name(rng: random.Random, line: Line) -> str:
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    style = rng.randrange(10)
    if style == 0:
        return f"{rng.choice(('Mr', 'Mrs', 'Ms', 'mr.', 'mrs.', 'MRS'))} {line.add('NAME', surname)}"
    if style == 1:
        return f"{rng.choice(RELATIVES)} {line.add('NAME', given)} {line.add('NAME', surname)} in to visit"
    if style == 2:
        return f"his {rng.choice(RELATIVES)}, {line.add('NAME', given)}, called"
    if style == 3:
        return f"mrs. {line.add('NAME', given.lower())} {line.add('NAME', surname.lower())}"
    if style == 4:
        return f"KEEP {line.add('NAME', surname.upper())} FAMILY AWARE"
    if style == 5:
        return f"{line.add('NAME', surname.upper())}, {line.add('NAME', given.upper())}"
    if style == 6:
        return f"family of {line.add('NAME', given)} {line.add('NAME', surname)} asked"
    if style == 7:
        return f"{line.add('NAME', given)} {line.add('NAME', surname)} in {rng.randint(1, 40)}B"
    if style == 8:
        return f"pt {line.add('NAME', given.lower())} {line.add('NAME', surname.lower())}"
    return f"patient is {line.add('NAME', given)} {line.add('NAME', surname)}"


def _record(rng: random.Random, line: Line) -> str:
    style = rng.randrange(7)
    if style == 0:
        return f"{rng.choice(('med rec #', 'MRN', 'mrn:', 'MR#', 'Medical Record Number'))} {line.add('MRN', _digits(rng, 8))}"
    if style == 1:
        return f"{line.add('MRN', 'E' + _digits(rng, 8))} on the band"
    if style == 2:
        return f"acct {line.add('MRN', _digits(rng, 4) + '-' + _digits(rng, 3))}"
    if style == 3:
        return f"enc# {line.add('MRN', _digits(rng, 9))}"
    if style == 4:
        return f"FIN {line.add('MRN', '20' + _digits(rng, 2) + '-' + _digits(rng, 7))}"
    if style == 5:
        return f"CSN: {line.add('MRN', _digits(rng, 10))}"
    return f"acct no {line.add('MRN', 'H' + _digits(rng, 7))}"


def _dob(rng: random.Random, line: Line) -> str:
    year, month, day = rng.randint(1920, 2010), rng.randint(1, 12), rng.randint(1, 28)
    shown = rng.choice((
        f"{day:02d}-{MONTHS[month - 1]}-{year}", f"{month}/{day}/{year % 100:02d}", f"{month}.{day}.{year}",
        f"{FULL_MONTHS[month - 1]} {day} {year}", f"{day} {FULL_MONTHS[month - 1]}, {year}", f"{year}-{month:02d}-{day:02d}",
        f"{day:02d}{MONTHS[month - 1].upper()}{year}", f"{month:02d}/{day:02d}/{year}"))
    return f"{rng.choice(('d.o.b.', 'DOB', 'dob', 'DOB:', 'born', 'b.', 'birthdate'))} {line.add('DATE', shown)}"


def _phone(rng: random.Random, line: Line) -> str:
    a, b, c = str(rng.randint(201, 989)), _digits(rng, 3), _digits(rng, 4)
    shown = rng.choice((f"({a}/{b}/{c})", f"{a} {b} {c}", f"{a}-{b}-{c}", f"({a}) {b}-{c}", f"{a}.{b}.{c}",
                        f"1-{a}-{b}-{c}", f"{a}{b}{c}"))
    return f"{rng.choice(('daughters cell', 'wife at', 'call son', 'home #', 'HCP phone', 'reach family on'))} {line.add('PHONE', shown)}"


def _other(rng: random.Random, line: Line) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{line.add('AGE', str(rng.randint(90, 104)))} {rng.choice(('yo', 'y/o', 'year old', 'YO'))}"
    if style == 1:
        user = f"{rng.choice(GIVEN).lower()}{rng.randint(1, 99)}"
        return f"son emails from {line.add('EMAIL', user + rng.choice(('@gmail.com', '@comcast.net', '@aol.com')))}"
    return f"lives at {line.add('ADDRESS', str(rng.randint(3, 999)) + ' ' + rng.choice(('Elm St', 'Harbor Rd', 'Pine Ave')))}"


def with_identifiers(rng: random.Random) -> Line:
    line = Line("")
    makers = [_name, _record, _dob, _phone, _other]
    parts = [rng.choice(makers)(rng, line)]
    parts += [maker(rng, line) for maker in makers if rng.random() < 0.2]
    rng.shuffle(parts)
    text = f"{rng.choice(('', 'fyi ', 'anyone? ', 'on 6 north ', ''))}{' / '.join(parts)} {rng.choice(('-', ':', '...'))} {rng.choice(TAILS)}"
    if rng.random() < 0.1:  # some write whole messages in capitals
        text = text.upper()
        line.identifiers = [{"kind": i["kind"], "text": i["text"].upper()} for i in line.identifiers]
    line.text = text
    return line


SCREENS = ("Patient Class", "Patient Lists", "Patient Station", "Patient Summary", "Chart Review", "Results Review",
           "Brain", "Storyboard", "Snapshot", "Synopsis", "Work List", "Kardex", "Rover", "Haiku", "In Basket",
           "Wrap-Up", "Bed Planning", "Unit Manager", "Track Board", "Grand Central", "Patient Movement",
           "Patient Contacts", "Patient Instructions", "Patient FYI", "Order Review", "Navigator")
UNITS = ("Ellison 6", "Bigelow 11", "Lunder 8", "Blake 12", "White 9", "Phillips House")
"""Units named after people: a hospital lists these in privacy.not_names."""
PLAIN_UNITS = ("4 West", "MICU", "CVICU", "6 North", "the ED", "L&D", "PACU", "NICU")
CLINICIANS = ("Dr Healey", "Dr. Okafor", "Dr Vasquez", "Dr. Rizzo", "Sarah Kim RN", "Jen Bishop NP", "Dr Wells")
CLEAN = (
    "{screen} column missing after the {ver} upload - add it back from the column picker",
    "to change {screen}, open the {screen2} activity and click the pencil",
    "ask {clinician} in pharmacy about the heparin nomogram before the {d_short} go-live",
    "{unit} census prints from the unit tab; {screen} is under More Activities",
    "release {ver} goes live {month} {day}, {year} at {time}, expect {screen} to be slow",
    "upgrade window {d_full} 0200-0400, downtime reports print from the BCA PC on {plain}",
    "ticket INC{inc} open for {screen} freezing on {plain}",
    "pharmacy is x{ext}, rover scanners pager {pager}",
    "order set {n4} replaced {n4b} for sepsis; search it by number",
    "{screen} now shows Patient Class and the attending, per {clinician}",
    "K {k} and BP {bp} auto-file from the monitor into flowsheet row {n4}",
    "give 1/2 NS at {ml} mL/hr until the {screen} order is verified",
    "the {plain} printer IP is 10.{a}.{b}.{c}, queue {queue}",
    "{screen}: right click the header > Properties to add Patient Station",
    "bed {bed} on {unit} has a broken call light, facilities ticket {n4}",
    "Hyperspace {ver} training on {d_short} in room {room}, ask {clinician}",
    "SmartPhrase .WOUND{n2} is the wound care one; version {ver}",
    "insulin glargine {dose} units at {time} shows due at {time2} on the MAR",
    "go live was {iso}; {screen} filters reset at {time}",
    "{clinician} says use the {screen} tab to see the {unit} patients",
    "PATIENT LISTS AND {screen_caps} ARE DOWN ON {plain_caps} UNTIL {time}",
    "PT REMAINS ON DOPAMINE shows in the Kardex note, thats free text not an order",
    "dont paste MRNs or DOBs here, use {screen} secure chat",
    "ext {ext} for the command centre 24/7 until {d_short}",
    "{screen} and {screen2} both broke after the {month} {day} patch",
)


def clean(rng: random.Random) -> Line:
    screen, screen2 = rng.sample(SCREENS, 2)
    plain = rng.choice(PLAIN_UNITS)
    values = {
        "screen": screen, "screen2": screen2, "screen_caps": screen.upper(), "plain": plain, "plain_caps": plain.upper(),
        "unit": rng.choice(UNITS), "clinician": rng.choice(CLINICIANS), "ver": rng.choice(("2.3.1", "v12.4", "2024.1", "Nov 2025")),
        "d_short": f"{rng.randint(1, 12)}/{rng.randint(1, 28)}", "d_full": f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2026",
        "month": rng.choice(FULL_MONTHS), "day": rng.randint(1, 28), "year": rng.choice((2025, 2026)),
        "time": f"{rng.randint(0, 23):02d}:{rng.choice((0, 30)):02d}", "time2": f"{rng.randint(0, 23):02d}00",
        "iso": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "inc": _digits(rng, 7, zero_first=True),
        "ext": rng.randint(2000, 8999), "pager": rng.randint(10000, 99999), "n4": rng.randint(1000, 9999),
        "n4b": rng.randint(1000, 9999), "n2": rng.randint(10, 99), "k": f"{rng.randint(3, 5)}.{rng.randint(0, 9)}",
        "bp": f"{rng.randint(90, 160)}/{rng.randint(50, 95)}", "ml": rng.choice((75, 100, 125)), "a": rng.randint(0, 255),
        "b": rng.randint(0, 255), "c": rng.randint(1, 254), "queue": rng.randint(100, 999), "bed": rng.randint(1, 40),
        "room": rng.randint(100, 699), "dose": rng.randint(4, 60),
    }
    return Line(rng.choice(CLEAN).format(**values))


def generate(seed: int = 5, with_ids: int = 500, clean_lines: int = 500) -> list[dict]:
    return assemble(seed, with_ids, clean_lines, with_identifiers, clean)


if __name__ == "__main__":
    write_set(__doc__.splitlines()[0], generate, 5, 500)
