"""What the inbox keeps of a handled event (bot.replies.outcome): ids, kinds, counts and statuses only, never
the words of a tip, a question, an answer or a notice, whatever the reply."""
from __future__ import annotations

from bot.model import Origin, Question, Tip, Visibility
from bot.replies import (Answer, AnswerSource, Erased, GapAnswered, HeldForAuthor, Imported, Level, Notice, Quiet,
                         Refused, TipSaved)
from tests.unit.conftest import make_source
from tests.unit.fakes import FixedClock

WORDS = "Okonkwo-Hale"


def test_no_reply_kind_puts_its_words_in_the_outcome():
    now = FixedClock().now()
    tip = Tip(make_source(), f"Pump for {WORDS}", Visibility.PUBLIC, Origin.REACTION, now, id=7)
    question = Question("U-SAM", f"what about {WORDS}", now, "slack", "T1", False, id=3)
    expected = [
        (TipSaved(tip, created=True, removed=("NAME",)), "tip 7 captured (redacted)"),
        (TipSaved(tip, created=False), "tip 7 saved again"),
        (Answer(f"{WORDS}?", [AnswerSource(tip, 1.0, WORDS)], text=f"Ask {WORDS}", question_id=3), "question 3 answered with tips [7]"),
        (Answer(f"{WORDS}?", question_id=4), "question 4 not answered"),
        (Notice(f"Tip #7 quoted {WORDS}", Level.ERROR), "notice (error)"),
        (Refused(f"Only trainers, {WORDS}"), "refused"),
        (GapAnswered(tip, WORDS, (question,)), "gap answered with tip 7; 1 askers to tell"),
        (Erased((7,)), "erased tips [7]"),
        (HeldForAuthor(tip.source, WORDS, "U-JO", ("NAME",), Origin.REACTION), "held for the author's confirmation (NAME)"),
        (Imported(2, 1), "2 tips imported, 1 merged"),
        (Quiet("tip 7: text updated from its edited source"), "tip 7: text updated from its edited source"),
    ]
    assert [reply.summary for reply, _ in expected] == [said for _, said in expected]
