"""Capitalised words that follow "patient", a bed number or a title in EMR chat without being anyone's name.

Kept apart from the rules so a reader can see the whole list; a hospital adds its own unit names (the ones
that look like surnames: "Baker 4", "Rowan ward") with `privacy.not_names` in app.yaml.
"""
from __future__ import annotations

NOT_NAMES = frozenset("""
a about access account active admission admit admitted advance after alert alerts all allergies allergy also am an
and any appointment as at attending b banner bar barcode bay bca bcma bed bedside before best bp brain button by c
call can cannot card care census chart check checklist class click clinical code coding column comments communication
complete confirm contact copy could couldn critical d dashboard data date day dc demographics did discharge
discharged do does doesn done dose doses downtime dr e ed education eg emar emr encounter enter entry er error
esc event every f family fax fever file filter first flag flowsheet flowsheets for form friendly from g go got
h had handoff has have he header health her here his history home hospital how i icu id identification identifier if
in info information insurance intake into io is isn it its j just k keep l label lab labs last list lists log
look m mar medication medications meds menu message mode monitor more movement mrn ms must my n name navigator need
new next no not note notes now o of off ok on once one only open or order orders other out p page pain pass
patient patients pending pharmacy plan please portal pre print printer problem profile provider pt pts q r ready
record refresh regular release report request results review right room s safety save scan scanner schedule search
section see select sepsis she shift should show sidebar sign since so specimen station status sticker still story
storyboard summary system t tab tele than thank thanks that the then there these they this those to today
tomorrow too tower transfer transport triage try type u under unit until up use v verify view vitals w wait
mr mrs miss mstr mx fin csn har dob ssn enc acct ward
adt bmp cbc ccu cmp ct ehr gi icu inr iv l&d lab mri nicu np ns ob pacu pca pcu picu pa po prn rn rt stat tpn us
cpoe ekg ecg hl7 npo pharm ssn mar bcma emar sbar poc was we were what when where which while who why will with without won would wristband x y yes yesterday you
your z
""".split())

# Words whose next words are a name: titles, relatives and proxies, the patient. Clinicians' markers, on either
# side of a name, keep it.
TITLES = frozenset("mr mrs ms miss mstr mx".split())
RELATIVES = frozenset("""
wife husband son sons daughter daughters dtr dau sister sisters brother brothers mother mom mum father dad
niece neice nephew grandson granddaughter grandaughter grandchild grandmother grandfather aunt uncle cousin
fiance fiancee partner boyfriend girlfriend friend proxy hcp spokesperson sibling stepson stepdaughter
son-in-law daughter-in-law dtr-in-law children kids
spouse neighbor neighbour gf bf fiancé fiancée caregiver caretaker roommate companion stepmother
stepfather grandma grandpa grandparent grandchildren grandsons granddaughters nieces nephews
aunts uncles cousins siblings twin godson goddaughter godmother godfather poa dpoa surrogate
sister-in-law brother-in-law mother-in-law father-in-law bro sis stepbrother stepsister
ex-wife ex-husband hubby visitor visitors
""".split())
ABBREVIATED_RELATIVES = frozenset("dtr dau bro sis".split())  # "dtr. Mary"
PATIENT_WORDS = frozenset("pt patient pts".split())
CLINICIAN_BEFORE = frozenset("dr doctor drs np pa rn attending resident fellow intern pharmacist nurse".split())
CLINICIAN_AFTER = frozenset("md rn np pa do pharmd cns crna lpn rrt slp".split())  # not "pt": the patient
# "Ask Sarah Chen in informatics": a name in or from a department is staff.
DEPARTMENTS = frozenset("""
informatics pharmacy radiology lab laboratory registration admitting cardiology neurology oncology
nephrology pulmonary anesthesia surgery ortho orthopedics urology psychiatry billing coding him finance hr
education training security facilities biomed transport dietary nutrition rehab ot slp
""".split())

# Ordinary words of clinical notes and chat that the census lists also hold as names ("Bill", "Will", "Rich"
# are kept as names only after a title or a relative, where the common-word test is relaxed).
NOT_NAMES = NOT_NAMES | frozenset("""
the an of to at in on by or and is was are be been has had will may can could would should who whom that
this with for from as but not no yes called calls visited visit visiting came come went here there today
tonight yesterday tomorrow am pm noc night morning evening afternoon aware updated update also both all
other others several many multiple member members members' present bedside phone number beeper pager
cell home work nurse nursing md rn np resident team service social dispo code full
husband's wife's son's daughter's family's inlaw in-law law him they them their
rover haiku canto hyperspace storyboard snapshot synopsis kardex navigator beacon willow stork cupid radiant
micu sicu csru cvicu tsicu ccu ccru nsicu msicu
beaker cadence prelude tapestry resolute optime bugsy millennium powerchart firstnet surginet
""".split())
