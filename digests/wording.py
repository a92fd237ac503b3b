"""The digest's words that every rendering shares: its title, its numbers, and the lines under a tip or a
question. Chat text (names, review labels) goes through the caller's `display` function."""
from __future__ import annotations

from datetime import date
from typing import Callable

from bot.curation import LABELS
from bot.model import TipStatus
from digests.model import Digest, DigestEntry, DigestStats, QuestionGroup
from digests.period import Period

Display = Callable[[str], str]
NO_TIPS = "There were no new tips this week."


def date_range(period: Period) -> str:
    """"23–29 Nov 2026", "30 Nov – 6 Dec 2026" or "28 Dec 2026 – 3 Jan 2027"."""
    first, last = period.first_day, period.last_day

    def day(d: date, month: bool = True, year: bool = True) -> str:
        return f"{d.day}" + (f" {d:%b}" if month else "") + (f" {d.year}" if year else "")

    if first.year != last.year:
        return f"{day(first)} – {day(last)}"
    if first.month != last.month:
        return f"{day(first, year=False)} – {day(last)}"
    return f"{day(first, month=False, year=False)}–{day(last)}"


def title(digest: Digest) -> str:
    return f"Tipjar weekly digest — {digest.period.label} ({date_range(digest.period)})"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def review_words(entry: DigestEntry, display: Display) -> str:
    """"Approved by Jo Brennan"; without a review on record, the status in words ("" for a new tip)."""
    if entry.review:
        return display(entry.review)
    return "" if entry.tip.status is TipStatus.NEW else LABELS[entry.tip.status].capitalize()


def asked_by(group: QuestionGroup) -> str:
    times = "" if group.asked == group.askers else f", {plural(group.asked, 'time')}"
    people = "1 person" if group.askers == 1 else f"{group.askers} people"
    return f"asked by {people}{times}"


def gap_words(group: QuestionGroup, display: Display) -> str:
    """"answered by Jo Brennan", "open for 12 days" (carried from an earlier week), or "" (new and open)."""
    if group.answered_by:
        return f"answered by {display(group.answered_by)}"
    return f"open for {plural(group.age_days, 'day')}" if group.carried else ""


def question_note(group: QuestionGroup, display: Display) -> str:
    """"asked by 2 people, 3 times · answered by Jo Brennan": the line under a question in every renderer."""
    return " · ".join(part for part in (asked_by(group), gap_words(group, display)) if part)


def more_tips_line(more: int) -> str:
    """"…and 3 more tips this week (…)" when the best new tips were cut at the digest's limit; else ""."""
    if more <= 0:
        return ""
    return (f"…and {plural(more, 'more tip')} this week: find them with /ask, or in the knowledge "
            "base export (tipjar export --format html).")


def more_line(count: int, what: str) -> str:
    """"…and 4 more questions." under a list cut at the digest's `max_listed`; "" when nothing was cut."""
    return f"…and {count} more {what}." if count > 0 else ""


def stats_line(stats: DigestStats, display: Display) -> str:
    """One line of numbers: tips captured, contributors, questions and share answered, top contributors."""
    tips, people = plural(stats.tips_captured, "tip"), plural(stats.contributors, "contributor")
    line = f"{tips} captured this week; {people} in this digest."
    if stats.top_contributors:
        names = ", ".join(f"{display(c.name)} ({c.tips})" for c in stats.top_contributors)
        line += f" Top contributors: {names}."
    if stats.questions_asked:
        line += f" {plural(stats.questions_asked, 'question')} asked, {stats.share_answered:.0%} answered."
    else:
        line += " No /ask questions this week."
    if stats.gaps_total:
        line += f" {stats.gaps_answered} of {plural(stats.gaps_total, 'gap')} answered this week."
    if stats.dead_events:
        line += (f" {plural(stats.dead_events, 'chat event')} could not be processed (a tip or vote may be missing):"
                 " an administrator can see them with `tipjar inbox`.")
    return line
