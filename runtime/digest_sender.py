"""Sending digests: exactly once per (digest, period) across replicas, on each digest's cron schedule,
with one catch-up after downtime and retries after a failed post.

The (digest, period) row is claimed in the store before anything is posted and marked posted after;
a second sender (another replica, or `tipjar digest send` at the same moment) finds the claim and stops.
The claim is a lease: the sender renews it while it posts, so a claim left by a replica that died is
stale within CLAIM_LEASE, and the scheduler of a live replica that found it held looks again then.

A digest of several messages is recorded message by message, each in its own commit as soon as the platform
answers. A sender that takes over a run an earlier sender left half-way posts only the messages not recorded;
the one message that earlier sender may have posted just before it stopped is looked for first where the
platform can be asked (Slack: by the message's metadata), and posted again where it cannot (Teams).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Callable, Protocol, TypeVar

from bot.config import DigestSettings, Settings
from bot.model import DigestRun, PostedMessage
from bot.ports import Clock, UnitOfWorkFactory
from runtime.records import Records
from bot.sharing import PublicSharing
from digests.assemble import digest_for
from digests.build import Digest
from digests.period import Period

log = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(seconds=60)
"""How long a claim outlives its sender's last sign of life; a live sender renews it every quarter of this."""
RETRY_AFTER = timedelta(minutes=10)
Rendered = TypeVar("Rendered")


@dataclass
class DigestProgress:
    """How far a digest run got: where each message already posted went, in order, and how to record one more."""

    run: DigestRun
    record: Callable[[PostedMessage], None]
    messages: list[PostedMessage] = field(init=False)

    def __post_init__(self) -> None:
        self.messages = list(self.run.messages)

    def remaining(self, rendered: list[Rendered]) -> list[tuple[int, Rendered]]:
        """(part number, from 1; message) for each rendered message not posted yet, in posting order."""
        done = len(self.messages)
        return [(part, message) for part, message in enumerate(rendered, start=1) if part > done]

    def unsure(self, part: int) -> bool:
        """An earlier sender may have posted this part and stopped before recording it (it is the first part
        no sender recorded, and this is not the run's first attempt)."""
        return self.run.attempts > 1 and part == len(self.run.messages) + 1

    def keep(self, posted: PostedMessage) -> None:
        """The part is out: recorded on the run at once (committed), so no later sender posts it again."""
        self.record(posted)
        self.messages.append(posted)


class DigestPoster(Protocol):
    """Posts a digest on one platform and updates it in place."""

    def post(self, digest: Digest, config: DigestSettings, progress: DigestProgress) -> list[PostedMessage]:
        """Post to config.channel the digest's messages `progress` has no record of, handing each one's record
        (where it went, what it shows, as its renderer said) to progress.keep the moment it is out; returns
        progress.messages."""

    def update(self, digest: Digest, messages: list[PostedMessage]) -> None: ...

    def audience_channels(self, config: DigestSettings) -> frozenset[str]:
        """Private channels whose tips everyone in config.channel can read (so the digest may show them)."""

    def workspace(self, config: DigestSettings) -> str:
        """The workspace of config.channel (Slack team id, Teams tenant id): the digest shows its tips."""

    def shows_public(self, config: DigestSettings) -> bool:
        """Whether everyone in config.channel may read the workspace's public tips (not so in a Teams shared
        channel, where other tenants' people read along)."""


class DigestNotSent(Exception):
    """Posting failed; the claim was released so a later attempt can send it."""


class DigestSender:
    def __init__(self, units: UnitOfWorkFactory, records: Records, clock: Clock, settings: Settings,
                 posters: dict[str, DigestPoster], lease: timedelta = CLAIM_LEASE,
                 sharing: PublicSharing | None = None) -> None:
        """`units` reads the domain for the digest; `records` keeps the digest runs (the runtime's); `sharing` is
        the bot's own rule (by default one made from the settings)."""
        self.units, self.records, self.clock, self.settings, self.posters = units, records, clock, settings, posters
        self.lease = lease
        self.sharing = sharing or PublicSharing(frozenset(settings.public_tips.shared_between))

    def send(self, name: str | None = None, period: Period | None = None) -> str:
        """Send one digest (default: the first) for one period (default: the latest complete one)."""
        config = self.settings.digest(name)
        poster = self.posters.get(config.platform)
        if poster is None:
            return f"{config.name}: not sent, Tipjar is not connected to {config.platform} here"
        now = self.clock.now()
        period = period or Period.latest_complete(now, config.tz)
        with self.records.units() as uow:
            run = uow.digest_runs.claim(config.name, period.label, now, self.lease)
            uow.commit()
        if run is None:
            return f"{config.name} {period.label}: already sent (or being sent right now); nothing done"
        with self._holding(run):
            return self._post(run, config, period, poster)

    def in_flight(self, name: str, period: Period | None = None) -> bool:
        """Another sender is posting this digest's period (default: the latest complete one) right now."""
        config, now = self.settings.digest(name), self.clock.now()
        period = period or Period.latest_complete(now, config.tz)
        with self.records.units() as uow:
            return uow.digest_runs.in_flight(config.name, period.label, now, self.lease)

    @contextmanager
    def _holding(self, run: DigestRun) -> Iterator[None]:
        """Renew the claim on `run` while the body posts, however long the platform takes."""
        done = threading.Event()

        def renew() -> None:
            while not done.wait(self.lease.total_seconds() / 4):
                try:
                    with self.records.units() as uow:
                        uow.digest_runs.renew(run.id, self.clock.now())
                        uow.commit()
                except Exception as exc:  # noqa: BLE001 - the next renewal may get through; posting goes on
                    log.warning("digest %s %s: claim not renewed: %s", run.name, run.period, type(exc).__name__)

        renewer = threading.Thread(target=renew, name=f"digest-claim-{run.id}", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            done.set()
            renewer.join()

    def _post(self, run: DigestRun, config: DigestSettings, period: Period, poster: DigestPoster) -> str:
        try:  # finding the channel's workspace asks the platform too
            digest = self._digest(config, period, poster)
            skipped = digest.empty and config.skip_when_empty
            messages = [] if skipped else poster.post(digest, config, DigestProgress(run, partial(self._keep, run)))
        except Exception as exc:  # noqa: BLE001 - the claim is released and the reason kept for the operator
            with self.records.units() as uow:
                uow.digest_runs.failed(run.id, f"{type(exc).__name__}: {exc}")
                uow.commit()
            raise DigestNotSent(f"{config.name} {period.label} was not posted to {config.channel}: {exc}") from exc
        self._posted(run, messages)
        if skipped:
            return f"{config.name} {period.label}: nothing new, skipped (skip_when_empty)"
        earlier = f" ({len(run.messages)} of them by an earlier attempt)" if run.messages else ""
        return f"{config.name} {period.label}: posted to {config.channel} in {len(messages)} message(s){earlier}"

    def _digest(self, config: DigestSettings, period: Period, poster: DigestPoster) -> Digest:
        """What the digest's readers may see: their workspace's tips (and those shared with it)."""
        audience, workspace = poster.audience_channels(config), poster.workspace(config)
        public, dead = poster.shows_public(config), self.records.backlog().dead
        with self.units() as uow:
            return digest_for(uow, config, period, self.clock.now(), audience, workspace, self.sharing, dead, public)

    def _keep(self, run: DigestRun, posted: PostedMessage) -> None:
        with self.records.units() as uow:
            uow.digest_runs.keep_message(run.id, posted)
            uow.commit()

    def _posted(self, run: DigestRun, messages: list[PostedMessage]) -> None:
        with self.records.units() as uow:
            uow.digest_runs.posted(run.id, self.clock.now(), messages)
            uow.commit()

    def catch_up(self) -> list[str]:
        """After downtime: send the latest complete period of each digest that has run before and missed it."""
        done = []
        for config in self.settings.digests:
            with self.records.units() as uow:
                ran_before = uow.digest_runs.ever_posted(config.name)
            if ran_before and config.platform in self.posters:
                done.append(self.send(config.name))
        return done

    def refresh(self, run: DigestRun) -> None:
        """Re-render a posted digest in place, e.g. to show "Approved by Jo Brennan" after a click."""
        config = self.settings.digest(run.name)
        period = Period.parse(run.period, config.tz)
        poster = self.posters[config.platform]
        digest = self._digest(config, period, poster)
        poster.update(digest, run.messages)
