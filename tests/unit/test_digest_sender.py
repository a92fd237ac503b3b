"""Sending digests: once per (digest, period), failures released for a retry, catch-up, refresh in place."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.commands import CaptureMessage
from bot.config import DigestSettings
from adapters.settings import Settings
from bot.model import PostedMessage, Visibility
from digests.period import Period
from runtime.digest_schedule import DigestScheduler
from runtime.digest_sender import CLAIM_LEASE, DigestNotSent, DigestSender
from runtime.records import Records
from tests.unit.conftest import make_source

WEEK = Period.parse("2026-W48", "UTC")


class RecordingPoster:
    def __init__(self) -> None:
        self.posted: list[tuple] = []
        self.updated: list[tuple] = []
        self.fail_with: Exception | None = None
        self.audience: frozenset[str] = frozenset()
        self.team = "T1"
        self.public = True
        self.digests: list = []

    def post(self, digest, config, progress):
        if self.fail_with:
            raise self.fail_with
        self.posted.append((digest.period.label, config.channel))
        self.digests.append(digest)
        progress.keep(PostedMessage("C-TRAINERS", f"1.{len(self.posted)}"))
        return progress.messages

    def update(self, digest, messages):
        self.updated.append((digest.period.label, messages))

    def audience_channels(self, config):
        return self.audience

    def workspace(self, config):
        return self.team

    def shows_public(self, config):
        return self.public


def sender(store, clock, poster, **digest) -> DigestSender:
    settings = Settings(digests=[DigestSettings(channel="C-TRAINERS", **digest)])
    return DigestSender(store, Records(store), clock, settings, {"slack": poster})


def test_a_digest_is_posted_once_per_period(bot, store, clock):
    bot.handle(CaptureMessage(make_source(), "Hold the trigger", "U-JO", Visibility.PUBLIC))
    poster = RecordingPoster()
    first = sender(store, clock, poster)
    assert "posted to C-TRAINERS" in first.send(period=WEEK)
    assert "already sent" in sender(store, clock, poster).send(period=WEEK)
    assert poster.posted == [("2026-W48", "C-TRAINERS")]


def test_by_default_the_latest_complete_week_is_sent(store, clock):
    poster = RecordingPoster()
    sender(store, clock, poster).send()
    assert poster.posted == [(Period.latest_complete(clock.now(), "UTC").label, "C-TRAINERS")]


def test_a_failed_post_is_released_for_the_next_attempt(store, clock):
    poster = RecordingPoster()
    poster.fail_with = RuntimeError("not_in_channel")
    with pytest.raises(DigestNotSent, match="not_in_channel"):
        sender(store, clock, poster).send(period=WEEK)
    poster.fail_with = None
    assert "posted" in sender(store, clock, poster).send(period=WEEK)
    assert len(poster.posted) == 1


def test_an_empty_week_is_skipped_when_configured(store, clock):
    poster = RecordingPoster()
    assert "skipped" in sender(store, clock, poster, skip_when_empty=True).send(period=WEEK)
    assert poster.posted == [] and "already sent" in sender(store, clock, poster).send(period=WEEK)


def test_catch_up_sends_a_missed_week_only_for_a_digest_that_ran_before(store, clock):
    poster = RecordingPoster()
    assert sender(store, clock, poster).catch_up() == []
    earlier = Period.latest_complete(clock.now(), "UTC").previous()
    sender(store, clock, poster).send(period=earlier)
    clock.advance(days=0)
    (outcome,) = sender(store, clock, poster).catch_up()
    assert "posted" in outcome and len(poster.posted) == 2
    assert "already sent" in sender(store, clock, poster).catch_up()[0]


def held_by_another_sender(store, clock, seconds_ago: int, name: str = "weekly", period: Period = WEEK) -> None:
    """A claim another replica took `seconds_ago` and has not renewed since."""
    with store() as uow:
        uow.digest_runs.claim(name, period.label, clock.now() - timedelta(seconds=seconds_ago), CLAIM_LEASE)
        uow.commit()


def test_a_claim_left_by_a_sender_that_died_lapses_within_the_lease(store, clock):
    poster = RecordingPoster()
    held_by_another_sender(store, clock, seconds_ago=int(CLAIM_LEASE.total_seconds()) - 5)
    assert "being sent right now" in sender(store, clock, poster).send(period=WEEK)
    assert sender(store, clock, poster).in_flight("weekly", WEEK)
    clock.current += timedelta(seconds=10)
    assert not sender(store, clock, poster).in_flight("weekly", WEEK)
    assert "posted" in sender(store, clock, poster).send(period=WEEK)
    assert len(poster.posted) == 1


class SlowPoster(RecordingPoster):
    """Posts only once the sender has renewed its claim twice: a platform slower than the lease."""

    def __init__(self, store) -> None:
        super().__init__()
        self.store, self.renewed = store, threading.Event()

    def post(self, digest, config, progress):
        deadline = threading.Event()
        for _ in range(500):
            if max((row.get("renewals", 0) for row in self.store.committed.runs.values()), default=0) >= 2:
                self.renewed.set()
                break
            deadline.wait(0.01)
        return super().post(digest, config, progress)


def test_the_sender_renews_its_claim_while_a_slow_platform_posts(store, clock):
    poster = SlowPoster(store)
    settings = Settings(digests=[DigestSettings(channel="C-TRAINERS")])
    slow = DigestSender(store, Records(store), clock, settings, {"slack": poster}, lease=timedelta(milliseconds=40))
    assert "posted" in slow.send(period=WEEK)
    assert poster.renewed.is_set(), "the claim was not renewed while posting"


def test_the_scheduler_looks_again_when_another_replica_holds_the_digest(store, clock):
    poster = RecordingPoster()
    latest = Period.latest_complete(clock.now(), "UTC")
    held_by_another_sender(store, clock, seconds_ago=1, period=latest)
    scheduler = DigestScheduler(sender(store, clock, poster))
    scheduler.run("weekly")
    (look,) = scheduler.scheduler.get_jobs()
    assert look.args == ("weekly", 1, 2) and poster.posted == []
    clock.current += CLAIM_LEASE
    scheduler.run(*look.args)
    assert poster.posted == [(latest.label, "C-TRAINERS")]
    assert len(scheduler.scheduler.get_jobs()) == 1, "posted: no further look"


def test_refresh_rerenders_a_posted_digest_in_place(store, clock):
    poster = RecordingPoster()
    sending = sender(store, clock, poster)
    sending.send(period=WEEK)
    with store() as uow:
        run = uow.digest_runs.find_message("C-TRAINERS", "1.1")
    sending.refresh(run)
    assert poster.updated == [("2026-W48", [PostedMessage("C-TRAINERS", "1.1")])]


def test_a_platform_that_is_not_connected_is_said_plainly(store, clock):
    settings = Settings(digests=[DigestSettings(platform="teams", channel="19:trainers@thread.tacv2",
                                                tenant="0c0ffee0-0000-4000-8000-00000000000a")])
    assert "not connected to teams" in DigestSender(store, Records(store), clock, settings, {}).send(period=WEEK)


def test_private_tips_that_the_digest_channel_can_read_appear_in_it(bot, store, clock):
    bot.handle(CaptureMessage(make_source("5.1", channel="G-TEAM"), "Team tip: badge reset", "U-JO", Visibility.PRIVATE))
    bot.handle(CaptureMessage(make_source("5.2", channel="G-OTHER"), "Other tip: fax", "U-JO", Visibility.PRIVATE))
    poster = RecordingPoster()
    poster.audience = frozenset({"G-TEAM"})
    sender(store, clock, poster).send(period=Period.containing(clock.now(), "UTC"))
    (digest,) = poster.digests
    shown = [entry.tip.text for section in digest.section("best").groups for entry in section.entries]
    assert shown == ["Team tip: badge reset"]


def test_a_digest_whose_readers_are_not_all_of_its_workspace_shows_no_public_tip(bot, store, clock):
    """A Teams shared channel: the poster says its readers may be of other tenants."""
    bot.handle(CaptureMessage(make_source("6.1", channel="G-SHARED"), "Shared tip: vendor queue", "U-JO",
                              Visibility.PRIVATE))
    bot.handle(CaptureMessage(make_source("6.2", channel="C-GENERAL"), "Public tip: war room", "U-JO",
                              Visibility.PUBLIC))
    poster = RecordingPoster()
    poster.audience, poster.public = frozenset({"G-SHARED"}), False
    sender(store, clock, poster).send(period=Period.containing(clock.now(), "UTC"))
    (digest,) = poster.digests
    assert [entry.tip.text for section in digest.section("best").groups for entry in section.entries] == ["Shared tip: vendor queue"]


def test_the_stats_line_says_when_events_are_dead(bot, store, clock):
    from digests.render import render_markdown

    bot.handle(CaptureMessage(make_source(), "Hold the trigger", "U-JO", Visibility.PUBLIC))
    with store() as uow:
        uow.inbox.accept("slack", "Ev1", "reaction_added", {}, clock.now())
        uow.inbox.bury(1, clock.now(), "dead after 30 attempts: KeyError")
        uow.commit()
    poster = RecordingPoster()
    sender(store, clock, poster).send(period=WEEK)
    (digest,) = poster.digests
    assert digest.stats.dead_events == 1
    assert "1 chat event could not be processed" in render_markdown(digest, str)


def _in_workspace(source, platform: str, workspace_id: str):
    from dataclasses import replace

    return replace(source, ref=replace(source.ref, platform=platform, workspace_id=workspace_id))


ASKED_IN = {"T1": "alpha", "T2": "bravo", "tenant-a": "charlie"}


def test_a_digest_shows_its_own_workspaces_tips_and_those_shared_with_it(bot, store, clock):
    from bot.commands import Ask
    from bot.config import PublicTipsSettings
    from bot.model import Viewer

    for n, (platform, team) in enumerate([("slack", "T1"), ("slack", "T2"), ("teams", "tenant-a")]):
        source = _in_workspace(make_source(f"6.{n}"), platform, team)
        bot.handle(CaptureMessage(source, f"Wristband tip from {platform} {team}", "U-JO", Visibility.PUBLIC))
        bot.handle(Ask(Viewer(platform, team, "U-SAM"), f"unanswered zebra question {ASKED_IN[team]}"))
    week = Period.containing(clock.now(), "UTC")

    def shown(poster, settings=None):
        settings = settings or Settings(digests=[DigestSettings(channel="C-TRAINERS")])
        DigestSender(store, Records(store), clock, settings, {"slack": poster}).send(period=week)
        digest = poster.digests[-1]
        return ({entry.tip.text.rsplit(" ", 1)[1] for section in digest.section("best").groups for entry in section.entries},
                {group.text.rsplit(" ", 1)[1] for group in digest.section("questions").groups})

    assert shown(RecordingPoster()) == ({"T1"}, {"alpha"})
    poster = RecordingPoster()
    poster.team = "T2"
    with store() as uow:  # the week was claimed by T1's digest above: T2's is its own install
        uow.digest_runs.failed(1, "another workspace's run")
        uow.commit()
    assert shown(poster) == ({"T2"}, {"bravo"})
    with store() as uow:
        uow.digest_runs.failed(1, "again")
        uow.commit()
    sharing = PublicTipsSettings(shared_between=["slack:T1", "teams:tenant-a"])
    settings = Settings(digests=[DigestSettings(channel="C-TRAINERS")], public_tips=sharing)
    assert shown(RecordingPoster(), settings) == ({"T1", "tenant-a"}, {"alpha"})  # questions never cross


class PartsPoster(RecordingPoster):
    """Posts a digest as three parts, failing before part `fail_at` once; notes which parts it was unsure of."""

    def __init__(self, fail_at: int | None = None) -> None:
        super().__init__()
        self.fail_at, self.parts, self.unsure = fail_at, [], []

    def post(self, digest, config, progress):
        for part, _ in progress.remaining(["one", "two", "three"]):
            if part == self.fail_at:
                self.fail_at = None
                raise RuntimeError("ratelimited")
            if progress.unsure(part):
                self.unsure.append(part)
            self.parts.append(part)
            progress.keep(PostedMessage("C-TRAINERS", f"1.{part}"))
        return progress.messages


def test_a_digest_that_failed_half_way_is_finished_with_only_the_missing_parts(store, clock):
    poster = PartsPoster(fail_at=3)
    with pytest.raises(DigestNotSent):
        sender(store, clock, poster).send(period=WEEK)
    (run,) = store.committed.runs.values()
    assert run["state"] == "failed" and [m["ts"] for m in run["messages"]] == ["1.1", "1.2"]
    assert "in 3 message(s) (2 of them by an earlier attempt)" in sender(store, clock, poster).send(period=WEEK)
    assert poster.parts == [1, 2, 3] and poster.unsure == [3], "only the first part nobody recorded is in doubt"
    assert [m["ts"] for m in store.committed.runs[("weekly", "2026-W48")]["messages"]] == ["1.1", "1.2", "1.3"]


def test_a_first_attempt_is_unsure_of_no_part(store, clock):
    poster = PartsPoster()
    sender(store, clock, poster).send(period=WEEK)
    assert poster.parts == [1, 2, 3] and poster.unsure == []
