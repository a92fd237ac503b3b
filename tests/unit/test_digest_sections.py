"""The digest's parts beyond ranking by savers: the score, open questions, outdated and due tips, labels."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.model import Feedback, Question, Release, TipChange, TipStatus, Visibility
from digests.build import QuestionGroup, ScoreWeights, build_digest
from tests.unit.test_digest_build import MONDAY, NOW, W48, ranked_ids, tip

A = TipStatus.APPROVED
SUNDAY = MONDAY + timedelta(days=6)


def question(qid: int, text: str = "how do I reprint a wristband", *, answered: bool = False,
             asker: str = "U-ASKER", at: datetime = MONDAY, tip_ids: tuple[int, ...] = ()) -> Question:
    return Question(asker, text, at, "slack", "T1", answered, list(tip_ids), qid)


def verdict(qid: int, helpful: bool, user: str = "U-READER", at: datetime = MONDAY) -> Feedback:
    return Feedback(qid, user, helpful, at)


def status_change(tip_id: int, status: str, at: datetime, actor: str = "Jo Brennan", change_id: int = 0) -> TipChange:
    return TipChange(tip_id, "U-JO", actor, "status", {"status": "new"}, {"status": status}, at, change_id or None)


def ids(tip_list) -> list[int]:
    return [entry.tip.id for entry in tip_list.entries]


# --- score ---------------------------------------------------------------------------------------------


def test_score_adds_savers_answers_served_net_feedback_and_recency():
    tips = [tip(1, 3), tip(2, 2), tip(3, 2), tip(4, 2, at=SUNDAY)]
    questions = [question(10, answered=True, tip_ids=(2,)), question(11, answered=True, tip_ids=(2, 3)),
                 question(12, answered=True, tip_ids=(3,))]
    feedback = [verdict(10, True), verdict(10, True, "U-OTHER"), verdict(12, False)]
    digest = build_digest(tips, W48, NOW, questions=questions, feedback=feedback)
    # tip 2: 2 savers + 0.5 × 2 answers + 2 helpful = 5; tip 1: 3; tip 4: 2 + almost 0.5 of recency;
    # tip 3: 2 + 0.5 × 2 answers − 1 not helpful = 2
    assert ranked_ids(digest) == [2, 1, 4, 3]
    first = digest.section("best").entries[0]
    assert (first.served, first.feedback) == (2, 2)
    assert first.score == 5.027  # 5 + 0.5 × (9 hours into a 168-hour week), rounded to 3 places


def test_each_persons_latest_verdict_counts_once():
    questions = [question(10, answered=True, tip_ids=(1,))]
    feedback = [verdict(10, True, at=MONDAY), verdict(10, False, at=MONDAY + timedelta(hours=1)),
                verdict(10, False, at=MONDAY + timedelta(minutes=5))]
    (entry,) = build_digest([tip(1)], W48, NOW, questions=questions, feedback=feedback).section("best").entries
    assert entry.feedback == -1


def test_weights_are_tunable_and_questions_outside_the_period_do_not_count():
    tips = [tip(1, 3), tip(2, 1)]
    served = [question(n, answered=True, tip_ids=(2,)) for n in range(10, 15)]  # 1 + 0.5 × 5 > 3
    assert ranked_ids(build_digest(tips, W48, NOW, questions=served)) == [2, 1]
    assert ranked_ids(build_digest(tips, W48, NOW, questions=served, weights=ScoreWeights(served=0))) == [1, 2]
    earlier = [question(n, answered=True, tip_ids=(2,), at=W48.start - timedelta(days=1)) for n in range(10, 15)]
    assert ranked_ids(build_digest(tips, W48, NOW, questions=earlier)) == [1, 2]


def test_recency_breaks_a_tie_in_savers_but_never_beats_a_saver():
    tips = [tip(1, 2, at=W48.start), tip(2, 2, at=SUNDAY), tip(3, 3, at=W48.start)]
    assert ranked_ids(build_digest(tips, W48, NOW)) == [3, 2, 1]


# --- questions nobody could answer ---------------------------------------------------------------------


def test_open_questions_are_unanswered_or_found_not_helpful_then_earlier_ones_carried_forward():
    questions = [
        question(1, "printer jammed on ward 5", asker="U-A"),
        question(2, "how to print discharge summary", answered=True),
        question(3, "scanner frozen after update", answered=True),
        question(4, "order set missing", at=W48.start - timedelta(seconds=1)),
    ]
    digest = build_digest([], W48, NOW, questions=questions, feedback=[verdict(3, False), verdict(2, True)])
    texts = [g.text for g in digest.section("questions").groups]
    assert texts == ["printer jammed on ward 5", "scanner frozen after update", "order set missing"]
    assert [g.carried for g in digest.section("questions").groups] == [False, False, True]
    assert digest.stats.questions_asked == 3 and digest.stats.share_answered == 1 / 3
    assert not digest.empty


def test_near_duplicates_are_grouped_with_distinct_askers_counted():
    questions = [
        question(1, "How do I reprint a wristband?", asker="U-A"),
        question(2, "reprinting wristbands", asker="U-B", at=MONDAY + timedelta(hours=1)),
        question(3, "how to reprint a wristband label", asker="U-A", at=MONDAY + timedelta(hours=2)),
        question(4, "scanner frozen", asker="U-C"),
    ]
    groups = build_digest([], W48, NOW, questions=questions).section("questions").groups
    assert groups == (QuestionGroup("How do I reprint a wristband?", 2, 3, (1, 2, 3)),
                      QuestionGroup("scanner frozen", 1, 1, (4,)))


def test_question_groups_are_capped_but_counted():
    questions = [question(n, f"topic{n} subject{n}") for n in range(1, 31)]
    digest = build_digest([], W48, NOW, questions=questions, max_listed=5)
    assert len(digest.section("questions").groups) == 5 and digest.section("questions").total == 30


# --- flagged as outdated -------------------------------------------------------------------------------


def test_outdated_lists_needs_update_tips_from_any_period_most_saved_first():
    old = MONDAY - timedelta(days=200)
    tips = [tip(1, 1, at=old, status=TipStatus.NEEDS_UPDATE), tip(2, 4, at=old, status=TipStatus.NEEDS_UPDATE),
            tip(3, 5, at=old, status=A), tip(4, 9, at=old, status=TipStatus.NEEDS_UPDATE, deleted=True),
            tip(5, 9, at=old, status=TipStatus.NEEDS_UPDATE, visibility=Visibility.PRIVATE, channel="C-SECRET")]
    digest = build_digest(tips, W48, NOW)
    assert ids(digest.section("outdated")) == [2, 1] and digest.section("outdated").total == 2
    opted_in = build_digest(tips, W48, NOW, include_private_channels={"C-SECRET"})
    assert ids(opted_in.section("outdated")) == [5, 2, 1]


# --- due for re-check ----------------------------------------------------------------------------------


def test_approved_tips_are_due_review_after_days_after_their_last_approval():
    tips = [tip(1, status=A, at=NOW - timedelta(days=200)), tip(2, status=A, at=NOW - timedelta(days=200)),
            tip(3, status=A, at=NOW - timedelta(days=89, hours=23)), tip(4, status=A, at=NOW - timedelta(days=90))]
    changes = [status_change(1, "approved", NOW - timedelta(days=95)),
               status_change(2, "approved", NOW - timedelta(days=100)),
               status_change(2, "approved", NOW - timedelta(days=10))]
    digest = build_digest(tips, W48, NOW, changes=changes)
    assert sorted(ids(digest.section("due"))) == [1, 4]  # exactly 90 days is due; 89 days 23 hours is not
    reasons = {e.tip.id: e.reason for e in digest.section("due").entries}
    assert reasons == {1: "last approved 95 days ago", 4: "last approved 90 days ago"}
    assert sorted(ids(build_digest(tips, W48, NOW, changes=changes, review_after_days=5).section("due"))) == [1, 2, 3, 4]


def test_tips_from_before_the_newest_release_are_due_until_approved_again():
    release_at = NOW - timedelta(days=3)
    before = release_at - timedelta(days=30)
    tips = [tip(1, status=A, at=before), tip(2, at=before), tip(3, status=A, at=before), tip(4, at=release_at),
            tip(5, status=TipStatus.NEEDS_UPDATE, at=before), tip(6, status=TipStatus.ARCHIVED, at=before)]
    changes = [status_change(3, "approved", release_at)]
    releases = [Release("EMR 2.2", before - timedelta(days=9)), Release("EMR 2.3", release_at),
                Release("EMR 2.4", NOW + timedelta(days=1))]
    digest = build_digest(tips, W48, NOW, releases=releases, changes=changes)
    assert sorted(ids(digest.section("due"))) == [1, 2]
    assert {e.reason for e in digest.section("due").entries} == {"captured before EMR 2.3, not re-approved since"}
    assert build_digest(tips, W48, release_at - timedelta(seconds=1), releases=releases).section("due").total == 0


def test_a_best_new_tip_is_not_listed_again_as_due():
    release = Release("EMR 2.3", MONDAY + timedelta(days=1))
    digest = build_digest([tip(1, at=MONDAY)], W48, NOW, releases=[release])
    assert ranked_ids(digest) == [1] and digest.section("due").total == 0


# --- review labels -------------------------------------------------------------------------------------


def test_review_label_is_the_latest_status_change():
    old = MONDAY - timedelta(days=20)
    tips = [tip(1, status=TipStatus.NEEDS_UPDATE, at=old), tip(2, status=A), tip(3, status=TipStatus.ARCHIVED)]
    changes = [
        status_change(1, "approved", old + timedelta(days=1), "Jo Brennan"),
        status_change(1, "needs_update", old + timedelta(days=2), "Sam Patel"),
        TipChange(1, "U-X", "Ed Itor", "edit", {"text": "a"}, {"text": "b"}, old + timedelta(days=3)),
        status_change(2, "approved", MONDAY, "Jo Brennan"),
        status_change(3, "archived", MONDAY, "Ann Lee"),
    ]
    digest = build_digest(tips, W48, NOW, changes=changes)
    labels = {e.tip.id: e.review for e in list(digest.section("best").entries) + list(digest.section("outdated").entries)}
    assert labels == {1: "Flagged as outdated by Sam Patel", 2: "Approved by Jo Brennan"}
    assert build_digest([tip(4)], W48, NOW).section("best").entries[0].review == ""


# --- numbers and the empty week ------------------------------------------------------------------------


def test_stats_count_questions_and_share_answered():
    questions = [question(n, f"q{n}", answered=n % 4 != 0) for n in range(1, 9)]
    digest = build_digest([tip(1)], W48, NOW, questions=questions)
    assert (digest.stats.tips_captured, digest.stats.questions_asked, digest.stats.share_answered) == (1, 8, 0.75)


def test_an_empty_week_is_empty_everywhere():
    digest = build_digest([], W48, NOW, questions=[], feedback=[], releases=[], changes=[])
    assert digest.empty and digest.section("questions").groups == () and digest.section("due").total == digest.section("outdated").total == 0
    assert (digest.stats.questions_asked, digest.stats.share_answered) == (0, 0.0)


def test_private_tips_are_never_due_unless_their_channel_is_opted_in():
    old = NOW - timedelta(days=300)
    tips = [tip(1, status=A, at=old), tip(2, status=A, at=old, visibility=Visibility.PRIVATE, channel="C-SECRET")]
    assert ids(build_digest(tips, W48, NOW).section("due")) == [1]
    assert sorted(ids(build_digest(tips, W48, NOW, include_private_channels={"C-SECRET"}).section("due"))) == [1, 2]
