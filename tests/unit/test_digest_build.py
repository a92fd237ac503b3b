"""Digest periods (ISO weeks in a timezone) and the pure digest build: filters, ranking, grouping."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
from digests.build import Contributor, ScoreWeights, build_digest
from digests.period import Period

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
W48 = Period.parse("2026-W48", "UTC")  # Mon 23 Nov 2026 00:00 UTC to Mon 30 Nov 00:00 UTC
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
NO_RECENCY = ScoreWeights(recency=0)
AUTHORS = {"U-MARIA": "Maria Lopez", "U-JO": "Jo Smith", "U-SAM": "Sam Patel"}


def tip(
    tip_id: int,
    savers: int | list[str] = 1,
    *,
    at: datetime = MONDAY,
    tags: tuple[str, ...] = (),
    author: str = "U-MARIA",
    channel: str = "C-GOLIVE",
    visibility: Visibility = Visibility.PUBLIC,
    status: TipStatus = TipStatus.NEW,
    deleted: bool = False,
) -> Tip:
    source = Source(
        ref=SourceRef("slack", "T1", channel, f"1700000000.{tip_id:06d}"),
        author=Person(author, AUTHORS.get(author, "")),
        channel_name="emr-go-live",
    )
    return Tip(
        source=source,
        text=f"tip number {tip_id}",
        visibility=visibility,
        origin=Origin.REACTION,
        captured_at=at,
        status=status,
        tags=list(tags),
        savers=savers if isinstance(savers, list) else [f"U-{n}" for n in range(savers)],
        deleted_at=at if deleted else None,
        id=tip_id,
    )


def ranked_ids(digest) -> list[int]:
    return [entry.tip.id for entry in digest.section("best").entries]


# --- periods ---------------------------------------------------------------------------------------


def test_parse_gives_monday_to_monday_in_the_timezone():
    week = Period.parse("2026-W48", LONDON)
    assert week.label == "2026-W48"
    assert week.start == datetime(2026, 11, 23, tzinfo=LONDON)
    assert week.end == datetime(2026, 11, 30, tzinfo=LONDON)
    assert (week.first_day.isoformat(), week.last_day.isoformat()) == ("2026-11-23", "2026-11-29")


def test_parse_accepts_a_timezone_name_and_week_53_when_the_year_has_one():
    assert Period.parse("2026-W53", "America/New_York").start == datetime(2026, 12, 28, tzinfo=NEW_YORK)
    assert Period.parse(" 2026w01 ", "UTC").start == datetime(2025, 12, 29, tzinfo=UTC)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2026-W60", "2026 has weeks 1 to 53, got week 60"),
        ("2025-W53", "2025 has weeks 1 to 52, got week 53"),
        ("2026-W00", "got week 0"),
        ("last week", "expected an ISO week like 2026-W48, got 'last week'"),
        ("2026-11-23", "expected an ISO week like 2026-W48"),
    ],
)
def test_parse_rejects_bad_labels_with_a_clear_message(label, message):
    with pytest.raises(ValueError, match=message):
        Period.parse(label, "UTC")


def test_an_unknown_timezone_is_a_value_error():
    with pytest.raises(ValueError, match="timezone: unknown IANA timezone 'Mars/Olympus'"):
        Period.parse("2026-W48", "Mars/Olympus")


def test_containing_uses_the_local_calendar_not_utc():
    # Sunday 29 Nov 23:30 in New York is already Monday 30 Nov (W49) in UTC.
    late_sunday = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)
    assert Period.containing(late_sunday, NEW_YORK).label == "2026-W48"
    assert Period.containing(late_sunday, UTC).label == "2026-W49"
    # Monday 30 Nov 08:00 in Auckland is still Sunday 29 Nov in UTC.
    assert Period.containing(datetime(2026, 11, 29, 19, 0, tzinfo=UTC), AUCKLAND).label == "2026-W49"


def test_week_boundaries_are_inclusive_start_exclusive_end():
    week = Period.parse("2026-W48", LONDON)
    assert week.contains(week.start) and not week.contains(week.end)
    assert week.contains(week.end - timedelta(microseconds=1))
    assert not week.contains(week.start - timedelta(microseconds=1))


def test_contains_compares_instants_across_timezones_and_treats_naive_as_utc():
    week = Period.parse("2026-W48", NEW_YORK)  # starts 23 Nov 05:00 UTC
    assert not week.contains(datetime(2026, 11, 23, 4, 59, tzinfo=UTC))
    assert week.contains(datetime(2026, 11, 23, 5, 0, tzinfo=UTC))
    assert week.contains(datetime(2026, 11, 23, 5, 0))


def test_dst_weeks_start_and_end_at_local_midnight():
    spring = Period.parse("2026-W13", LONDON)  # clocks go forward Sunday 29 Mar 2026
    assert spring.end.astimezone(UTC) - spring.start.astimezone(UTC) == timedelta(hours=167)
    assert spring.end.astimezone(UTC) == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
    autumn = Period.parse("2026-W44", NEW_YORK)  # clocks go back Sunday 1 Nov 2026
    assert autumn.end.astimezone(UTC) - autumn.start.astimezone(UTC) == timedelta(hours=169)
    assert autumn.start.astimezone(UTC) == datetime(2026, 10, 26, 4, 0, tzinfo=UTC)
    assert autumn.end.astimezone(UTC) == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)


def test_consecutive_weeks_tile_time_without_gaps_across_dst():
    week = Period.parse("2026-W10", NEW_YORK)
    for _ in range(40):
        following = week.next()
        assert following.start == week.end and following.previous() == week
        week = following


def test_latest_complete_is_the_week_before_the_one_containing_now():
    assert Period.latest_complete(NOW, LONDON).label == "2026-W48"
    assert Period.latest_complete(datetime(2026, 11, 29, 23, 59, tzinfo=UTC), LONDON).label == "2026-W47"
    assert Period.latest_complete(datetime(2026, 1, 2, tzinfo=UTC), "UTC").label == "2025-W52"
    assert Period.parse("2026-W01", "UTC").previous().label == "2025-W52"


# --- filters -----------------------------------------------------------------------------------------


def test_only_tips_captured_in_the_period_are_in_the_digest():
    tips = [
        tip(1, at=W48.start),
        tip(2, at=W48.end - timedelta(seconds=1)),
        tip(3, at=W48.start - timedelta(seconds=1)),
        tip(4, at=W48.end),
    ]
    digest = build_digest(tips, W48, NOW)
    assert sorted(ranked_ids(digest)) == [1, 2] and digest.stats.tips_captured == 2


def test_deleted_archived_and_unsaved_tips_are_left_out():
    tips = [tip(1), tip(2, deleted=True), tip(3, status=TipStatus.ARCHIVED), tip(4, savers=0)]
    assert ranked_ids(build_digest(tips, W48, NOW)) == [1]


def test_min_savers_counts_distinct_savers():
    tips = [tip(1, ["U-A", "U-A", "U-A"]), tip(2, ["U-A", "U-B"])]
    digest = build_digest(tips, W48, NOW, min_savers=2)
    assert ranked_ids(digest) == [2] and digest.section("best").entries[0].savers == 2


def test_private_tips_only_from_opted_in_channels():
    tips = [
        tip(1, channel="C-PUBLIC"),
        tip(2, channel="C-SECRET", visibility=Visibility.PRIVATE),
        tip(3, channel="C-TRAINERS", visibility=Visibility.PRIVATE),
    ]
    assert ranked_ids(build_digest(tips, W48, NOW)) == [1]
    digest = build_digest(tips, W48, NOW, include_private_channels={"C-TRAINERS"})
    assert sorted(ranked_ids(digest)) == [1, 3]
    assert digest.stats.tips_captured == 2  # the private tip from C-SECRET is not even counted


def test_approved_and_needs_update_tips_stay_in():
    tips = [tip(1, status=TipStatus.APPROVED), tip(2, status=TipStatus.NEEDS_UPDATE)]
    assert sorted(ranked_ids(build_digest(tips, W48, NOW))) == [1, 2]


# --- ranking -----------------------------------------------------------------------------------------


def test_without_usage_or_recency_ranked_by_savers_then_earlier_capture_then_id():
    tips = [
        tip(5, 1, at=MONDAY),
        tip(4, 3, at=MONDAY + timedelta(hours=2)),
        tip(3, 3, at=MONDAY + timedelta(hours=1)),
        tip(2, 2, at=MONDAY + timedelta(hours=1)),
        tip(1, 2, at=MONDAY + timedelta(hours=1)),
    ]
    digest = build_digest(tips, W48, NOW, weights=NO_RECENCY)
    assert ranked_ids(digest) == [3, 4, 1, 2, 5]
    assert [e.rank for e in digest.section("best").entries] == [1, 2, 3, 4, 5]
    assert [e.savers for e in digest.section("best").entries] == [3, 3, 2, 2, 1]


def test_capture_times_in_different_timezones_compare_as_instants():
    early = tip(1, at=datetime(2026, 11, 24, 10, 0, tzinfo=NEW_YORK))  # 15:00 UTC
    later = tip(2, at=datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    assert ranked_ids(build_digest([later, early], W48, NOW, weights=NO_RECENCY)) == [2, 1]
    assert ranked_ids(build_digest([later, early], W48, NOW)) == [1, 2]  # recency: the later one first


def test_max_tips_keeps_the_best():
    tips = [tip(n, savers=n) for n in range(1, 8)]
    assert ranked_ids(build_digest(tips, W48, NOW, max_tips=3)) == [7, 6, 5]
    assert build_digest(tips, W48, NOW, max_tips=0).empty


# --- grouping ----------------------------------------------------------------------------------------


def test_groups_by_first_tag_in_order_of_their_best_tip_untagged_last():
    tips = [
        tip(1, 5),
        tip(2, 4, tags=("scanner", "printing")),
        tip(3, 3, tags=("orders",)),
        tip(4, 2, tags=("printing",)),
        tip(5, 1, tags=("scanner",)),
    ]
    digest = build_digest(tips, W48, NOW)
    assert [s.tag for s in digest.section("best").groups] == ["scanner", "orders", "printing", None]
    assert [[e.tip.id for e in s.entries] for s in digest.section("best").groups] == [[2, 5], [3], [4], [1]]


def test_heading_tags_are_normalised():
    digest = build_digest([tip(1, 2, tags=("#Scanner",)), tip(2, tags=("scanner",))], W48, NOW)
    assert [(s.tag, len(s.entries)) for s in digest.section("best").groups] == [("scanner", 2)]


# --- counts and contributors ---------------------------------------------------------------------------


def test_counts_and_top_contributors_by_name():
    tips = [
        tip(1, author="U-JO"),
        tip(2, author="U-SAM"),
        tip(3, author="U-SAM"),
        tip(4, author="U-MARIA"),
        tip(5, author="U-MARIA"),
        tip(6, author="U-MARIA", status=TipStatus.ARCHIVED),
    ]
    digest = build_digest(tips, W48, NOW, max_tips=2)
    assert digest.stats.tips_captured == 6 and digest.stats.contributors == 3
    assert digest.stats.top_contributors == (
        Contributor("Maria Lopez", 2),
        Contributor("Sam Patel", 2),
        Contributor("Jo Smith", 1),
    )
    assert len(digest.section("best").entries) == 2


def test_empty_digest_keeps_its_period_and_time():
    digest = build_digest([], W48, NOW)
    assert digest.empty and digest.period == W48 and digest.generated_at == NOW
    assert (digest.stats.tips_captured, digest.stats.contributors, digest.stats.top_contributors) == (0, 0, ())


def test_build_is_pure_and_accepts_any_iterable():
    tips = [tip(2, 1), tip(1, 2)]
    first = build_digest(iter(tips), W48, NOW)
    assert first == build_digest(tuple(tips), W48, NOW)
    assert [t.id for t in tips] == [2, 1] and tips[0].savers == ["U-0"]
