"""Chat messages as nurses and doctors write them: identifiers in the forms most likely to be missed, and
clean EMR tips full of screen names, units, clinicians and look-alike numbers that must stay as written.

Each miss or false removal that the rules cannot fix without a wider change is marked xfail (strict) with what
the finder does not read; when a change to the rules makes one pass, strict xfail says so.
"""
from __future__ import annotations

import pytest

from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen

SCREEN = Screen(RuleDetector())


def _case(id_, *values, reason=None):
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(*values, id=id_, marks=marks)


IDENTIFIERS = [  # (message, the words that must not be stored)
    _case('d01', 'pt keisha brown in 4B bed 2 needs a new IV', ('keisha', 'brown')),
    _case('d02', 'PT JOHNSON IN 412 KEEPS PULLING LINES', ('JOHNSON',)),
    _case('d03', "Mrs. O'Malley's daughter called again about the discharge", ("O'Malley",)),
    _case('d04', 'Mr McDonald in 7 is refusing meds', ('McDonald',)),
    _case('d05', "pt's daughter Keisha wants a call back", ('Keisha',)),
    _case('d06', 'Maria-Elena Gutierrez-Lopez has a latex allergy', ('Maria-Elena', 'Gutierrez-Lopez')),
    _case('d07', 'Nguyen Thi Hoa in room 5 speaks Vietnamese only', ('Nguyen', 'Hoa'),
          reason='the first word of a Vietnamese name in family-name-first order is not read as part of the name'),
    _case('d08', 'Bobby (Robert Smith) in 12B fell again', ('Bobby', 'Robert', 'Smith')),
    _case('d09', 'J.S. in bed 3 is NPO after midnight', ('J.S.',)),
    _case('d10', 'Smith is the one with the PICC in room 14', ('Smith',),
          reason='a surname alone at the start of a sentence, with the room number later in it'),
    _case('d11', 'MRN:12345678 needs a new armband', ('12345678',)),
    _case('d12', 'MRN 1234 5678 is the wrong one, use the other', ('1234 5678',)),
    _case('d13', 'mrn 12.345.678 got merged with another chart', ('12.345.678',)),
    _case('d14', 'acct# 9876543210 has the wrong insurance', ('9876543210',)),
    _case('d15', 'FIN 5550012345 is still showing as outpatient', ('5550012345',)),
    _case('d16', 'CSN: 1029384756 encounter never closed', ('1029384756',)),
    _case('d17', 'DOB 3/4/51, check the armband', ('3/4/51',)),
    _case('d18', "born 4 March 1951 so she's 75", ('4 March 1951',)),
    _case('d19', '92 yo female with CHF in 6', ('92',)),
    _case('d20', 'pt is a 94 year old with dementia', ('94',)),
    _case('d21', 'call the son at 555-867-5309 ext 204', ('555-867-5309',)),
    _case('d22', "son's cell (617) 555 0199", ('555 0199',)),
    _case('d23', "wife's number 617.555.0142", ('617.555.0142',)),
    _case('d24', 'daughter email jane.doe+hospital@gmail.com for updates', ('jane.doe+hospital@gmail.com',)),
    _case('d25', 'he lives at 42 Elm Street, Springfield', ('42 Elm Street',)),
    _case('d26', 'address on file is 1200 N Main St Apt 4B', ('1200 N Main St',)),
    _case('d27', 'room 412-B Garcia needs a sitter', ('Garcia',)),
    _case('d28', '412B: Patel, Anjali - fall risk', ('Patel', 'Anjali')),
    _case('d29', 'Rm 7 bed 1 - Mr. Okonkwo - pending transfer', ('Okonkwo',)),
    _case('d30', 'admitted 3/12/2026 with sepsis, pt Hernandez', ('Hernandez', '3/12/2026')),
    _case('d31', 'surgery date for pt Lee was 12/01/2026', ('Lee', '12/01/2026')),
    _case('d32', "Siobhan Ní Bhriain's husband wants the chaplain", ('Siobhan',)),
    _case('d33', 'Zhang Wei in 9 is a difficult stick', ('Zhang', 'Wei')),
    _case('d34', "Aaliyah's mom said she is allergic to peanuts", ('Aaliyah',)),
    _case('d35', 'jose ramirez in bed 4 is AMA risk', ('jose', 'ramirez')),
    _case('d36', 'Patient: Dmitri Volkov, MRN 00456789', ('Dmitri', 'Volkov', '00456789')),
    _case('d37', "Can someone check on van der Berg in 3? she's confused", ('van der Berg',),
          reason='a Dutch surname with lower-case particles (van der Berg)'),
    _case('d38', 'pt Fatima Al-Sayed 88F discharged home', ('Fatima', 'Al-Sayed')),
    _case('d39', "Mrs Kowalczyk's grandson Tyler is the POA", ('Kowalczyk', 'Tyler')),
    _case('d40', 'MRN#00987654', ('00987654',)),
    _case('d41', 'Medical record number 4455667788 has a duplicate', ('4455667788',)),
    _case('d42', 'pt DOB: 1951-03-04', ('1951-03-04',)),
    _case('d43', 'D.O.B. 03-04-1951', ('03-04-1951',)),
    _case('d44', 'she is ninety-three and lives alone', ('ninety-three',)),
    _case('d45', 'Harold, 97, in 3A keeps calling out', ('Harold', '97')),
    _case('d46', 'call sister on 07700 900123', ('07700 900123',)),
    _case('d47', 'phone +1 617 555 0123 x12', ('617 555 0123',)),
    _case('d48', 'email him at bsmith@comcast.net', ('bsmith@comcast.net',)),
    _case('d49', 'Lives at 18 Oak Ave. Apt 2', ('18 Oak Ave',)),
    _case('d50', 'SSN 123-45-6789 was in the notes', ('123-45-6789',)),
    _case('d51', 'HAR 7788990011 needs recoding', ('7788990011',)),
    _case('d52', 'enc# 445566778 was cancelled', ('445566778',)),
    _case('d53', "Maggie in 22 is the Jones family's mom", ('Maggie', 'Jones')),
    _case('d54', 'DeShawn Williams, room 8, needs a social work consult', ('DeShawn', 'Williams')),
    _case('d55', "Mary-Kate O'Brien-Smythe has a DNR", ('Mary-Kate', "O'Brien-Smythe"),
          reason="hyphenated given name and hyphenated O' surname with no cue"),
    _case('d56', 'pt. goldberg in 411 asking for kosher meals', ('goldberg',),
          reason="a lower-case surname after 'pt.' in a mixed-case message"),
    _case('d57', 'Hi team - Mr. Tanaka (MRN 33445566) is going to CT', ('Tanaka', '33445566')),
    _case('d58', 'the family (son Darnell, 555 123 4567) wants updates', ('Darnell', '555 123 4567')),
    _case('d59', 'DOB 3.4.1951', ('3.4.1951',)),
    _case('d60', 'Ms. Nakamura-Schultz, dob 11/22/33, MRN 7766554', ('Nakamura-Schultz', '11/22/33', '7766554')),
    _case('d61', 'pt LOPEZ, MARIA in ED hall bed 3', ('LOPEZ', 'MARIA')),
    _case('d62', 'Ángel Muñoz in 14 prefers Spanish', ('Ángel', 'Muñoz')),
    _case('d63', "got a call from pt's wife, Ingrid Svensson", ('Ingrid', 'Svensson')),
    _case('d64', 'age 101, full code per family', ('101',)),
    _case('d65', 'pt born 1931 so over 90', ('1931',)),
]

CLEAN = [
    _case('c01', 'In Epic go to Patient Lists, then right click the column header to add Patient Class'),
    _case('c02', 'Patient Station has a new Sidebar report since the Feb 2026 upgrade'),
    _case('c03', 'Dr Healey in pharmacy says the heparin order set 3045 is retired'),
    _case('c04', 'Print the wristband to printer ICU-4B-ZEBRA02'),
    _case('c05', 'Call the help desk at ext 4357 for Haiku login issues'),
    _case('c06', 'The Nov 2025 release moved Discharge Navigator under Activities'),
    _case('c07', 'Ask Sarah Chen in informatics about the BPA for sepsis'),
    _case('c08', 'Use order set 12345 for the insulin drip, not the old one'),
    _case('c09', 'On 5 North, the Brain tab shows Tasks due in the next 4 hours'),
    _case('c10', 'Patient Class should be Inpatient, not Observation, before 2 midnights'),
    _case('c11', 'Dr. Patel from cardiology wants the tele order entered under Cardiology Consult'),
    _case('c12', 'MAR scanning: if the barcode fails, use the Override Pull in Omnicell'),
    _case('c13', 'Upgrade to Epic version 2025.1 goes live on 3/15/2026'),
    _case('c14', 'The Flowsheets activity has a new LDA avatar in the Nov release'),
    _case('c15', 'Charge Nurse Maria Lopez on 6 West has the keys to the pyxis'),
    _case('c16', 'Cerner PowerChart: use the Depart Process to print the AVS'),
    _case('c17', 'Registration fixes Patient Class errors, call ext 5-1234'),
    _case('c18', 'Use the SmartPhrase .NURSINGNOTE for shift notes'),
    _case('c19', 'Storyboard shows Isolation and Code Status at the top'),
    _case('c20', 'In Patient Lists, add the column Attending Provider'),
    _case('c21', 'Work queue 1234 is for Registration errors'),
    _case('c22', 'The Alaris pump library version 14.2 was updated on 10/01/2026'),
    _case('c23', 'Tip from Jennifer in 4 South: sign the MAR before you leave the room'),
    _case('c24', 'Room 412 has a broken call light, facilities knows'),
    _case('c25', "Dr O'Connor prefers paging via Vocera instead of Secure Chat"),
    _case('c26', "Patient Station won't load if you have more than 20 tabs open"),
    _case('c27', 'Print labels to ZEBRA-5N-01 from Specimen Collection'),
    _case('c28', 'The Rover app on the Zebra TC52 needs version 10.3'),
    _case('c29', 'Use the I&O flowsheet row for the 24 hour total'),
    _case('c30', 'Ask Dr. McDonald about the ortho order set 4410'),
    _case('c31', 'The Unit Manager tool shows bed 12A as dirty until EVS cleans it'),
    _case('c32', 'Hyperspace downtime is scheduled for 01:00-03:00 on 12/13/2026'),
    _case('c33', 'Teresa from the Epic Willow team fixed the dispense issue'),
    _case('c34', 'Use Chart Review > Encounters tab to see prior visits'),
    _case('c35', 'The Patient Class column is blank on the ED Track Board for boarders'),
    _case('c36', "St. Mary's Hospital uses a different Patient Lists template"),
    _case('c37', 'Dr Nguyen on Neuro ICU wants the NIH stroke scale every 4 hours'),
    _case('c38', 'To fix a wrong FIN on a lab, call the lab at ext 2234'),
    _case('c39', 'Kronos timecards are due Monday by noon'),
    _case('c40', 'BCMA override reasons are reviewed by pharmacy every 30 days'),
    _case('c41', 'Levels of care: Patient Class Emergency becomes Inpatient after the admit order'),
    _case('c42', 'Mount Sinai West went live with MyChart Bedside in 2024'),
]


@pytest.mark.parametrize("text, identifiers", IDENTIFIERS)
def test_patient_identifiers_as_chat_writes_them_are_removed(text, identifiers):
    stored = SCREEN(text).text
    assert [word for word in identifiers if word in stored] == []


@pytest.mark.parametrize("text", CLEAN)
def test_emr_tips_keep_their_screen_unit_and_clinician_names_and_numbers(text):
    assert SCREEN(text).text == text
