"""Questions a go-live ward would ask that neither benchmark corpus can answer (web-app FAQs, scientific
abstracts): the other half of judging `/ask`'s honesty. Built from fixed parts, so the set is the same on
every run: every subject with every problem, then every n-th pair kept.

    python bench/emr_questions.py [--count 120]   # prints them, one a line
"""
from __future__ import annotations

import argparse
import itertools

SUBJECTS = (
    "the BCMA wristband scanner", "the bedside label printer", "the eMAR", "the insulin drip titration order",
    "the Morse fall-risk flowsheet", "the discharge med reconciliation", "the downtime report binder",
    "the Pyxis override", "the heparin nomogram order set", "the blood transfusion checklist",
    "the restraint order renewal", "the I&O flowsheet row", "the sepsis BPA", "the telemetry monitor handoff",
    "the specimen label for a lab draw", "the charge nurse assignment board", "the PCA pump documentation",
    "the admission navigator", "the wound care LDA", "the NPO order after midnight",
)
PROBLEMS = (
    "keeps freezing on the night shift", "will not let me cosign", "shows the wrong unit",
    "is missing after the MRN merge", "asks for a witness twice", "drops the last vitals",
    "does not reach pharmacy verification", "prints on the wrong floor", "fires for every patient on 4 West",
    "needs a second nurse in the ICU", "disappears when I switch encounters", "errors out at shift change",
)
TEMPLATES = (
    "why {subject} {problem}?", "how do I fix {subject} when it {problem}?",
    "{subject} {problem}: who do I call?", "what is the workaround if {subject} {problem}?",
)


def emr_questions(count: int = 120) -> list[str]:
    """`count` distinct questions, spread evenly over every subject, problem and phrasing."""
    pairs = list(itertools.product(SUBJECTS, PROBLEMS))
    step = max(1, len(pairs) // count)
    questions = []
    for n, (subject, problem) in enumerate(pairs[::step][:count]):
        template = TEMPLATES[n % len(TEMPLATES)]
        questions.append(template.format(subject=subject, problem=problem))
    return questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=120)
    for question in emr_questions(parser.parse_args().count):
        print(question)


if __name__ == "__main__":
    main()
