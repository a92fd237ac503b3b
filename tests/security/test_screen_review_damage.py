"""Clean EMR tips the screen damages: a hospital phone line, a release date, a colleague, a hospital or an
eponymous condition taken for patient data. Each message names no patient; every listed word must be stored."""
from __future__ import annotations

import pytest

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen

SCREEN = Screen(RuleDetector())

DAMAGED = [
    # Department phone lines: the most-asked "who do I call" tip. Very common.
    ("pharmacy_line", "call pharmacy at 555-0134 for verification", ("555-0134",)),
    ("charge_phone", "the 4 West charge phone is 555-0134", ("555-0134",)),
    ("service_desk", "IT service desk 555-867-5309 option 2", ("555-867-5309",)),
    # A release date in a tip that says 'pt' (nearly every EMR tip does). Very common at go-live.
    ("release_with_pt", "Rover release 12/15 has the fix for pt scanning", ("12/15",)),
    ("release_since", "pt wristband scanning broken since the 12/01 release", ("12/01",)),
    ("possessive_patient", "the patient's Rover 12/15 update fixes barcode scanning", ("12/15",)),
    # Colleagues named with their role nearby but not right after the name. Common ("ask X, our pharmacist").
    ("colleague_paren_role", "thanks Sarah Kim (RN educator) for the fix", ("Sarah", "Kim")),
    ("colleague_our_role", "ask Jen Bishop our pharmacist about vanc", ("Jen", "Bishop")),
    # Hospitals and pathways named after people. Common where they exist.
    ("hospital_after_person", "Morgan Stanley Children's Hospital NICU is live", ("Morgan", "Stanley")),
    ("pathway_after_person", "use the Sarah Cannon pathway for onc pts", ("Sarah", "Cannon")),
    # Eponymous findings in flowsheet and order names. Fairly common in clinical tips.
    ("eponym_tear", "Mallory Weiss tear order set is under GI bleed", ("Mallory", "Weiss")),
    ("eponym_pupil", "Marcus Gunn pupil doc in the neuro exam", ("Marcus", "Gunn")),
    # Product names with a title. Uncommon.
    ("diet_product", "Mrs. Dash is the sodium-free option on the diet order", ("Dash",)),
]


# Forms the screen still damages: each fails until fixed, and then shows up as an unexpected pass.
STILL_DAMAGED = {
    "pharmacy_line": "a department line after 'call pharmacy at' read as a phone",
    "charge_phone": "a unit's charge phone read as a patient's phone",
    "service_desk": "a service desk number read as a phone",
    "release_with_pt": "a release date in a tip that says 'pt'",
    "release_since": "a release date in a tip that says 'pt'",
    "possessive_patient": "a release date after 'the patient's'",
    "colleague_paren_role": "a colleague's role in parentheses after the name",
    "colleague_our_role": "a colleague's role after 'our'",
    "hospital_after_person": "a hospital named after people",
    "pathway_after_person": "a pathway named after a person",
    "eponym_tear": "an eponymous finding (Mallory Weiss)",
    "eponym_pupil": "an eponymous finding (Marcus Gunn)",
    "diet_product": "a product named with a title (Mrs. Dash)",
}


def _known(case: str) -> tuple:
    return (pytest.mark.xfail(strict=True, reason=STILL_DAMAGED[case]),) if case in STILL_DAMAGED else ()


@pytest.mark.parametrize("message, kept", [pytest.param(m, k, id=i, marks=_known(i)) for i, m, k in DAMAGED])
def test_clean_tip_is_stored_as_written(message: str, kept: tuple[str, ...]) -> None:
    stored = SCREEN(message).text
    for word in kept:
        assert word in stored, f"{word!r} removed from {stored!r}"
