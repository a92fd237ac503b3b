from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.model import Feedback, Question, Visibility
from tests.contract.samples import sample_tip, store_tips

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def test_feedback_is_one_verdict_per_person_per_answer(units):
    with units() as u:
        question = u.questions.add(Question("U1", "frozen scanner?", NOW, "slack", "T1", True, [1]))
        u.feedback.record(Feedback(question.id, "U1", True, NOW))
        u.feedback.record(Feedback(question.id, "U2", True, NOW))
        u.commit()
    with units() as u:
        u.feedback.record(Feedback(question.id, "U1", False, NOW + timedelta(minutes=1)))
        u.commit()
    with units() as u:
        kept = {f.user_id: f for f in u.feedback.list()}
        assert kept["U1"].helpful is False and kept["U1"].given_at == NOW + timedelta(minutes=1)
        assert kept["U2"].helpful is True and len(kept) == 2
        assert u.questions.get(question.id).text == "frozen scanner?" and u.questions.get(999) is None


def test_private_channels_lists_channels_with_live_private_tips(units):
    open_tip = sample_tip("1.1")
    secret = sample_tip("1.2")
    secret.visibility = Visibility.PRIVATE
    gone = sample_tip("1.3")
    gone.visibility = Visibility.PRIVATE
    stored = store_tips(units, open_tip, secret, gone)
    with units() as u:
        tip = u.tips.get(stored[2].id)
        tip.deleted_at, tip.text = NOW, ""
        u.tips.update(tip)
        u.commit()
    ref = secret.source.ref
    with units() as u:
        assert u.tips.private_channels(ref.platform, ref.workspace_id) == frozenset({ref.channel_id})
        assert u.tips.private_channels(ref.platform, "T-ELSEWHERE") == frozenset()
