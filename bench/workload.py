"""What the benchmarks feed Tipjar: real chat text when the shared data is there, and questions made from it."""
from __future__ import annotations

import json
import random
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/slack-chats/messages.jsonl"


def chat_texts(path: Path) -> tuple[list[str], str]:
    """Message texts from messages.jsonl, or generated ones (and a line saying so) when the file is absent."""
    if path.is_file():
        with path.open(encoding="utf-8") as lines:
            texts = [t for t in (json.loads(line).get("text", "").strip() for line in lines) if t]
        return texts, f"{len(texts):,} real messages from {path}"
    rng = random.Random(1)
    syllables = ["ka", "lo", "mi", "ter", "sun", "do", "ra", "vel", "pi", "no", "sca", "ner", "fro", "zen"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    texts = [" ".join(rng.choices(vocabulary, weights, k=rng.randint(5, 30))) for _ in range(50_000)]
    return texts, f"NO DATA at {path}: using 50,000 generated texts (Zipf words), figures are only indicative"


def make_questions(texts: list[str], count: int, terms) -> list[str]:
    """Questions made of 2-4 words of real messages (as `terms` splits them), phrased the way people ask."""
    rng = random.Random(3)
    openings = ["how do I", "why does", "anyone know about", "what is the best way to use", "", "help with"]
    questions: list[str] = []
    while len(questions) < count:
        words = [w for w in terms(rng.choice(texts)) if w.isalpha() and len(w) > 2]
        if len(words) >= 2:
            picked = rng.sample(words, min(len(words), rng.randint(2, 4)))
            questions.append(f"{rng.choice(openings)} {' '.join(picked)}?".strip())
    return questions


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
