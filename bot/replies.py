"""The core's only output. Adapters render these as Block Kit, Adaptive Cards or plain text."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from bot.model import DigestRun, Origin, Post, Question, Source, Tip


class Level(str, Enum):
    INFO = "info"
    USAGE = "usage"
    ERROR = "error"


@dataclass(frozen=True)
class Reply:
    """Base of every reply: what every reply has, so that adapters never probe for it."""

    @property
    def message(self) -> str:
        """The words for the person who acted; "" when the reply is shown otherwise (a card, a list)."""
        return ""

    @property
    def summary(self) -> str:
        """What came of the command, in a few words, for the log and the inbox (never a tip's words)."""
        return type(self).__name__


@dataclass(frozen=True)
class Notice(Reply):
    """A short message for the person who acted (shown only to them where the platform allows)."""

    text: str
    level: Level = Level.INFO

    @property
    def message(self) -> str:
        return self.text

    @property
    def summary(self) -> str:
        return f"notice ({self.level.value})"  # by its level only: a notice may quote a tip or a question


@dataclass(frozen=True)
class Refused(Notice):
    """A trainer's command from someone the trainer rule (bot.trainers) does not name: nothing was changed, so
    the adapters leave the digest as it is."""

    level: Level = Level.ERROR

    @property
    def summary(self) -> str:
        return "refused"


@dataclass(frozen=True)
class Quiet(Reply):
    """Nothing to show anyone; `summary` is for the log."""

    summary: str = ""


@dataclass(frozen=True)
class TipSaved(Reply):
    tip: Tip
    created: bool
    """False when the message was already a tip and this only added a saver."""
    counted: bool = True
    """False when this person had already saved it."""
    removed: tuple[str, ...] = ()
    """Kinds of patient identifier taken out of the text before this save stored it (for a private note)."""
    tags_dropped: int = 0
    """Tags beyond the per-tip limit that were not kept."""

    @property
    def tags_note(self) -> str:
        if not self.tags_dropped:
            return ""
        return f"Only the first {len(self.tip.tags)} tags were kept; {self.tags_dropped} more were dropped."

    @property
    def summary(self) -> str:
        done = "captured" if self.created else "saved again"
        return f"tip {self.tip.id} {done}" + (" (redacted)" if self.removed else "")


@dataclass(frozen=True)
class AnswerSource:
    tip: Tip
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    """(start, end) of the words in `snippet` that match the question, for renderers to emphasise."""

    def segments(self) -> list[tuple[str, bool]]:
        """The snippet cut into (text, matches the question) pieces, in order."""
        pieces, at = [], 0
        for start, end in sorted(self.highlights):
            if start < at or end > len(self.snippet):
                continue
            pieces += [(self.snippet[at:start], False), (self.snippet[start:end], True)]
            at = end
        pieces.append((self.snippet[at:], False))
        return [(text, hit) for text, hit in pieces if text]


@dataclass(frozen=True)
class Answer(Reply):
    question: str
    sources: list[AnswerSource] = field(default_factory=list)
    text: str = ""
    question_id: int | None = None

    @property
    def answered(self) -> bool:
        return bool(self.sources)

    @property
    def summary(self) -> str:
        cited = ",".join(str(source.tip.id) for source in self.sources)
        if not cited:
            return f"question {self.question_id} not answered"
        return f"question {self.question_id} answered with tips [{cited}]"


@dataclass(frozen=True)
class HeldForAuthor(Reply):
    """privacy.patient_data is `hold` and the text seems to hold patient details: nothing was stored. The
    adapter asks the author privately whether to save it as written (the command again, confirmed)."""

    source: Source
    text: str
    saver_id: str
    kinds: tuple[str, ...]
    origin: Origin

    @property
    def summary(self) -> str:
        return f"held for the author's confirmation ({', '.join(self.kinds)})"


@dataclass(frozen=True)
class Erased(Reply):
    """Words erased from the store; what the bot posted about them is for the adapters to replace."""

    tip_ids: tuple[int, ...]
    posts: tuple[Post, ...] = ()
    digests: tuple[DigestRun, ...] = ()
    done: tuple[str, ...] = ()
    """What was erased where, one line each (for `tipjar purge` and the log)."""
    dry_run: bool = False

    @property
    def summary(self) -> str:
        return f"{'would erase' if self.dry_run else 'erased'} tips {list(self.tip_ids)}"


@dataclass(frozen=True)
class Imported(Reply):
    created: int
    merged: int
    """Tips whose source was already stored: their savers and tags were added to the stored tip."""

    @property
    def summary(self) -> str:
        return f"{self.created} tips imported, {self.merged} merged"


@dataclass(frozen=True)
class GapAnswered(Reply):
    """A trainer's answer stored as an approved tip; `askers` are the questions whose askers should hear
    back privately (one per person: their first question of the group)."""

    tip: Tip
    trainer: str
    askers: tuple[Question, ...] = ()

    @property
    def summary(self) -> str:
        return f"gap answered with tip {self.tip.id}; {len(self.askers)} askers to tell"
