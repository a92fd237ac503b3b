"""Digest benchmark: build and render (Markdown, JSON, Block Kit) one week of 10,000 tips and 2,000 questions.

    python bench/digest.py [--tips 10000] [--questions 2000] [--runs 5] [--data PATH/messages.jsonl]

Tip and question texts come from the shared Slack chat data when present (said so), generated words otherwise.
The week is realistic in shape: savers 0-12 skewed low, one tip in ten private (half of those opted in), a
mix of review states with audit rows, a release mid-week, 30% of questions unanswered, feedback on half the
answers. Times are the median of --runs; peak memory is measured in one further run under tracemalloc (which
slows it, so its time is not reported). Target: build + render under 1 s. Figures printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.slack.digest_blocks import render_blocks  # noqa: E402
from bot.model import Feedback, Origin, Person, Question, Release, Source, SourceRef, Tip, TipChange  # noqa: E402
from bot.model import TipStatus, Visibility  # noqa: E402
from bot.text import display_text  # noqa: E402
from digests.build import build_digest  # noqa: E402
from digests.period import Period  # noqa: E402
from bench.workload import DEFAULT_DATA, chat_texts  # noqa: E402
from digests.render import render_json, render_markdown  # noqa: E402

WEEK = Period.parse("2026-W48", "Europe/London")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
TAGS = ["scanner", "printing", "orders", "meds", "wristband", "login", "handover", "labs", ""]
STATUSES = [TipStatus.NEW] * 14 + [TipStatus.APPROVED] * 4 + [TipStatus.NEEDS_UPDATE, TipStatus.ARCHIVED]


def make_tip(n: int, text: str, rng: random.Random) -> Tip:
    private = n % 10 == 0
    channel = f"C-PRIV{n % 20}" if private else f"C-{n % 40}"
    author = f"U-{rng.randint(1, 400)}"
    source = Source(SourceRef("slack", "T-BENCH", channel, f"1764000000.{n:06d}"), Person(author, f"Person {author}"),
                    permalink=f"https://bench.slack.com/archives/{channel}/p1764000000{n:06d}",
                    channel_name=channel.lower())
    captured = WEEK.start + timedelta(seconds=rng.randrange(7 * 24 * 3600))
    savers = [f"U-{rng.randint(1, 400)}" for _ in range(min(int(rng.expovariate(0.6)), 12))]
    return Tip(source, text, Visibility.PRIVATE if private else Visibility.PUBLIC, Origin.REACTION, captured,
               rng.choice(STATUSES), [t for t in [rng.choice(TAGS)] if t], savers, id=n)


def make_week(n_tips: int, n_questions: int, texts: list[str]) -> dict:
    rng = random.Random(42)
    tips = [make_tip(n, rng.choice(texts), rng) for n in range(1, n_tips + 1)]
    changes = [TipChange(t.id, "U-TRAINER", "Jo Brennan", "status", {"status": "new"}, {"status": t.status.value},
                         t.captured_at + timedelta(hours=1)) for t in tips if t.status is not TipStatus.NEW]
    questions, feedback = [], []
    for n in range(1, n_questions + 1):
        words = rng.choice(texts).split()[:12]
        answered = rng.random() > 0.3
        cited = rng.sample(range(1, n_tips + 1), 3) if answered else []
        asked = WEEK.start + timedelta(seconds=rng.randrange(7 * 24 * 3600))
        questions.append(Question(f"U-{rng.randint(1, 400)}", " ".join(words) or "?", asked, "slack", "T-BENCH",
                                  answered, cited, n))
        if answered and rng.random() < 0.5:
            feedback.append(Feedback(n, f"U-{rng.randint(1, 400)}", rng.random() < 0.7, asked + timedelta(minutes=2)))
    releases = [Release("EMR 2.3", WEEK.start + timedelta(days=3))]
    return {"tips": tips, "questions": questions, "feedback": feedback, "releases": releases, "changes": changes}


def one_run(week: dict) -> dict[str, float]:
    private = frozenset(f"C-PRIV{n}" for n in range(0, 20, 2))
    started = time.perf_counter()
    digest = build_digest(week["tips"], WEEK, NOW, questions=week["questions"], feedback=week["feedback"],
                          releases=week["releases"], changes=week["changes"], include_private_channels=private,
                          name="weekly")
    built = time.perf_counter()
    markdown = render_markdown(digest, display_text)
    marked = time.perf_counter()
    messages = render_blocks(digest, display_text)
    blocked = time.perf_counter()
    json.dumps(render_json(digest, display_text))
    done = time.perf_counter()
    return {"build": built - started, "markdown": marked - built, "blocks": blocked - marked, "json": done - blocked,
            "total": done - started, "messages": len(messages), "markdown_chars": len(markdown),
            "open_groups": digest.section("questions").total, "outdated": digest.section("outdated").total,
            "due": digest.section("due").total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tips", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    texts, said = chat_texts(args.data)
    print(f"texts: {said}")
    week = make_week(args.tips, args.questions, texts)
    print(f"week {WEEK.label}: {len(week['tips']):,} tips, {len(week['questions']):,} questions, "
          f"{len(week['feedback']):,} verdicts, {len(week['changes']):,} audit rows, 1 release")
    runs = [one_run(week) for _ in range(max(args.runs, 1))]
    for key in ("build", "markdown", "blocks", "json", "total"):
        values = [r[key] * 1000 for r in runs]
        print(f"{key:>9}: median {statistics.median(values):7.1f} ms   (min {min(values):.1f}, max {max(values):.1f})")
    last = runs[-1]
    print(f"digest: {last['messages']} Slack messages, {last['markdown_chars']:,} Markdown characters, "
          f"{last['open_groups']} open question groups, {last['outdated']} outdated, {last['due']} due for re-check")
    tracemalloc.start()
    one_run(week)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory allocated during build + render (tracemalloc): {peak / 2**20:.1f} MiB; target total < 1000 ms")


if __name__ == "__main__":
    main()
