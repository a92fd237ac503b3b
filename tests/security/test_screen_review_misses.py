"""Identifiers in hospital-chat forms that the screen stores unremoved.

Each case is a message as a nurse or unit clerk might type it in Slack or Teams, with the words that must not
reach storage. The comment after each says how common the form is judged to be.
"""
from __future__ import annotations

import pytest

from bot.model import FileRef
from bot.privacy.attachments import screen_files, screen_tags
from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen

SCREEN = Screen(RuleDetector())

MISSES = [
    # "MD aware" / "NP aware" / "RN aware" after a patient's name: the clinician rule keeps the name even after
    # "pt" or "Mr.". Very common: nurses report every escalation this way.
    ("pt_name_md_aware", "pt Maria Garcia, MD aware of BP", ("Maria", "Garcia")),
    ("title_name_np_aware", "Mr. Okonkwo, NP aware, holding lovenox", ("Okonkwo",)),
    ("title_name_rn_aware", "Mr Smith RN aware, will recheck at 1600", ("Smith",)),
    ("relative_who_is_a_nurse", "daughter Maria Garcia RN is the HCP", ("Maria", "Garcia")),
    # A two-letter surname found after a title is not removed where it appears again. Common (Wu, Ng, Li, Le).
    ("short_surname_repeated", "Mr. Wu in 12 is NPO, wu family at bedside", ("wu",)),
    # The one-liner's age and sex: "92M", "92F", "92 F". Very common: how every handoff and consult opens.
    ("age_sex_glued_male", "92M w/ CHF in 12, daughter at bedside", ("92M",)),
    ("age_sex_glued_female", "92F s/p fall, NPO", ("92F",)),
    ("age_sex_spaced", "92 F s/p fall, NPO", ("92",)),
    ("age_yr_sex", "92yr F s/p fall, NPO", ("92yr",)),
    # Newborns are registered as "Baby Boy/Girl <family name>". Very common on L&D, NICU and peds channels.
    ("newborn_baby_boy", "Baby Boy Okonkwo in NICU bed 4 needs a hearing screen", ("Okonkwo",)),
    ("newborn_baby_girl", "baby girl Garcia in the NICU still has no MRN", ("Garcia",)),
    # Given names popular since 1990 (not in the census list read). Common on peds units.
    ("recent_given_name_bed", "Jayden in 22 is NPO", ("Jayden",)),
    ("recent_given_name_mom_of", "mom of Jayden in 22 called", ("Jayden",)),
    ("recent_given_name_pt", "Jayden (pt) in 22 pulled his IV", ("Jayden",)),
    ("given_name_possessive_mom", "Siobhan's mom called twice about discharge", ("Siobhan",)),
    ("rare_given_name_pt", "pt Oluwaseun in 9 needs an interpreter", ("Oluwaseun",)),
    # Lower-case full name after a visit verb: the given name goes, the surname stays. Common.
    ("lower_full_name_spoke_with", "spoke with maria garcia re: dc plan", ("garcia",)),
    ("pt_equals_surname", "pt = Garcia, bed 12", ("Garcia",)),
    # Dates of birth in EMR export forms. Fairly common (copied from a report or an HL7 viewer).
    ("dob_compact", "DOB 19520304 does not match the armband", ("19520304",)),
    ("dob_month_dash", "DOB Mar-04-1952 does not match the armband", ("1952",)),
    ("dob_apostrophe_year", "dob 03/04/'52 on the armband", ("'52",)),
    # Numbered streets: common in any city.
    ("numbered_street", "lives at 123 W 42nd St, needs transport", ("123 W 42nd St",)),
    ("ordinal_street_apt", "lives at 456 1st Ave Apt 3, needs transport", ("456 1st Ave",)),
    ("email_spaced_at", "daughter email jane.doe @ gmail.com", ("jane.doe",)),
    # A census list pasted as bullets or a table, "Last, First" in title case. Very common at shift change.
    ("census_bullet_last_first", "• Garcia, Maria — 12 — fall risk", ("Garcia", "Maria")),
    ("census_table_last_first", "| 12 | Garcia, Maria | fall risk |", ("Garcia", "Maria")),
    # A hashtag on the patient's name: kept in the text, then taken from the screened text as the tip's tag.
    # Uncommon, but tags are shown with every answer.
    ("hashtag_surname_after_pt", "pt #Garcia in 12 fell again", ("Garcia",)),
    ("hashtag_surname_after_title", "Mr. #Okonkwo in 4 refusing lovenox", ("Okonkwo",)),
    # Slack renders a typed phone number as <tel:...|shown>; only the link target is screened. Common: every
    # Slack client sends phone numbers this way when the user or a bot formats them.
    ("tel_link_shown_text", "call wife <tel:5558675309|555-867-5309>", ("555-867-5309",)),
    # Family-name-first with a comma, as on the armband and census list. Very common.
    ("last_comma_first_mid_sentence", "pt in 12 is Garcia, Maria - needs repeat lytes", ("Garcia", "Maria")),
    ("last_comma_first_surname_leaks", "Garcia, Maria in 12 needs repeat lytes", ("Garcia",)),
    ("last_comma_first_start", "Smith, John wont scan his armband", ("Smith", "John")),
    ("last_comma_first_code", "`Smith, John` wont scan his armband", ("Smith", "John")),
    ("name_label_last_first", "patient name - O'Brien, Sean", ("O'Brien", "Sean")),
    # Title + initial + surname: the initial is removed, the surname kept. Common.
    ("title_initial_surname", "Ms. D Washington in 9 is NPO", ("Washington",)),
    ("title_initial_dot_surname", "Ms. D. Washington in 9 is NPO", ("Washington",)),
    # A surname after 'pt' that is not common in the US census (West African, etc). Common in diverse cities.
    ("pt_uncommon_surname", "pt Okonkwo in 4 is a fall risk", ("Okonkwo",)),
    # Slack emphasis around a surname after 'pt'. Common: people bold the name to draw the eye.
    ("pt_bold_surname", "pt *Garcia* in 12 is a fall risk", ("Garcia",)),
    ("pt_double_bold_surname", "Pt **Garcia** refusing meds", ("Garcia",)),
    ("pt_italic_surname", "pt _Garcia_ in 12 is a fall risk", ("Garcia",)),
    # Bed-board style 'bed N: last first' in lower case or title case. Common on unit channels.
    ("bed_colon_name_lower", "bed 12: tran minh, fall risk", ("tran", "minh")),
    ("bed_colon_name_title", "bed 12: Tran Minh, fall risk", ("Tran", "Minh")),
    # Whole name in capitals without a cue word (caps-lock/census copy). Fairly common.
    ("caps_full_name", "JOHN SMITH in 12 needs a sitter", ("JOHN", "SMITH")),
    # Fullwidth letters are folded, yet a fullwidth name is kept (an IME left in full-width mode). Uncommon,
    # but the README claims look-alikes are folded before matching.
    ("fullwidth_caps_name", "ＪＯＨＮ ＳＭＩＴＨ in 12 needs a sitter", ("ＪＯＨＮ", "ＳＭＩＴＨ")),
    # Ages over 89 without 'age' or 'year old'. Common in handoff chatter.
    ("age_she_is", "she is 93 and lives alone, needs home health", ("93",)),
    ("age_pt_is", "pt is 104 and still sharp", ("104",)),
    ("age_turned", "pt turned 90 yesterday, family bringing cake", ("90",)),
    # Addresses. PO boxes are common on facesheets; lower-case street names are common in chat.
    ("po_box", "mail the bill to PO Box 1234, Springfield", ("1234",)),
    ("address_lower", "lives 123 main st, needs transport home", ("123 main st",)),
    # MRN written in groups of three (as read aloud from the armband). Uncommon.
    ("mrn_groups_of_three", "MRN 123 456 78 has the wrong allergy list", ("123 456 78",)),
    # DOB with spaces around slashes. Uncommon.
    ("dob_spaced_slashes", "DOB 3 / 4 / 1952 wrong in registration", ("1952",)),
    # Email spelled out to dodge link formatting. Uncommon but seen.
    ("email_spelled_out", "daughter email jane dot doe at gmail dot com", ("jane dot doe",)),
    ("email_bracket_at", "daughter email jane.doe [at] gmail [dot] com", ("jane.doe",)),
]


# Forms the screen still misses: each fails until fixed, and then shows up as an unexpected pass.
STILL_MISSED = {
    "recent_given_name_bed": "a given name popular since 1990, not in the census list",
    "recent_given_name_mom_of": "a given name popular since 1990, not in the census list",
    "recent_given_name_pt": "a given name popular since 1990, not in the census list",
    "given_name_possessive_mom": "a given name with 's before a relative",
    "census_bullet_last_first": "'Last, First' in a census bullet",
    "census_table_last_first": "'Last, First' in a census table",
    "last_comma_first_mid_sentence": "'Last, First' mid-sentence",
    "last_comma_first_surname_leaks": "'Last, First' at the start: surname kept",
    "last_comma_first_start": "'Last, First' at the start",
    "last_comma_first_code": "'Last, First' in code marks",
    "name_label_last_first": "'Last, First' after 'patient name -'",
    "bed_colon_name_lower": "'bed N: last first' in lower case",
    "bed_colon_name_title": "'bed N: Last First'",
    "wound_photo_date": "a single unlisted surname in a file name",
}


def _known(case: str) -> tuple:
    return (pytest.mark.xfail(strict=True, reason=STILL_MISSED[case]),) if case in STILL_MISSED else ()


@pytest.mark.parametrize("message, leaked", [pytest.param(m, w, id=i, marks=_known(i)) for i, m, w in MISSES])
def test_identifier_is_removed(message: str, leaked: tuple[str, ...]) -> None:
    stored = SCREEN(message).text
    for word in leaked:
        assert word not in stored, f"{word!r} stored in {stored!r}"


# Attachments. Scanned facesheets, consents and wound photos are named after the patient, with underscores or
# hyphens (scanner and phone defaults), and their links repeat the name URL-encoded. Very common.
FILE_NAMES = [
    ("underscored_name_dob", "Garcia_Maria_DOB_03-04-1952.pdf", ("Garcia", "Maria", "1952")),
    ("underscored_lower_name", "garcia_maria_consent.pdf", ("garcia", "maria")),
    ("hyphenated_name_mrn", "smith-john-mrn-4471203.pdf", ("smith", "john")),
    ("caps_name_spaces", "GARCIA MARIA facesheet.pdf", ("GARCIA", "MARIA")),
    ("name_spaces", "Okonkwo Chidi wound photo.jpg", ("Okonkwo", "Chidi")),
    ("underscored_mrn", "MRN_00123456_labs.pdf", ("00123456",)),
    ("wound_photo_date", "wound_okonkwo_12-01-2026.jpg", ("okonkwo",)),
]
LINKS = [
    ("link_underscored", "https://files.slack.com/files-pri/T1-F2/download/John_Smith_DOB_1952-03-04.pdf"),
    ("link_percent_encoded", "https://files.slack.com/files-pri/T1-F2/Garcia%20Maria%20MRN%2012345678.pdf"),
    ("link_sharepoint", "https://hospital.sharepoint.com/sites/4W/Shared%20Documents/Maria%20Garcia%20facesheet.docx"),
]


@pytest.mark.parametrize("name, leaked", [pytest.param(n, w, id=i, marks=_known(i)) for i, n, w in FILE_NAMES])
def test_file_name_identifier_is_removed(name: str, leaked: tuple[str, ...]) -> None:
    stored = screen_files(SCREEN, (FileRef(name=name),)).files[0].name
    for word in leaked:
        assert word not in stored, f"{word!r} stored in file name {stored!r}"


@pytest.mark.parametrize("link", [pytest.param(link, id=i) for i, link in LINKS])
def test_link_naming_a_patient_is_dropped(link: str) -> None:
    stored = screen_files(SCREEN, (FileRef(name="scan.pdf", link=link),)).files[0].link
    assert stored == "", f"link stored as {stored!r}"


@pytest.mark.xfail(strict=True, reason="a single unlisted surname as a tag")
def test_tag_naming_a_patient_is_dropped() -> None:
    """A trainer tags a tip with the patient it came from. Uncommon, but tags are shown in every answer."""
    assert screen_tags(SCREEN, ["garcia-maria", "okonkwo"]) == []
