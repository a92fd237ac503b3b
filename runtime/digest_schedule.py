"""APScheduler 3 wiring: one cron job per digest in its own time zone, catch-up on start, retry on failure,
and a second look when another sender held the digest (it may have died holding it)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.config import DigestSettings
from runtime.digest_sender import RETRY_AFTER, DigestNotSent, DigestSender

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
MAX_LOOKS = 60
"""How often to look again at a digest another sender is posting (each look one lease later)."""


def cron_trigger(config: DigestSettings) -> CronTrigger:
    """The digest's schedule; the time zone keeps "Mondays 09:00" at 09:00 across daylight-saving changes."""
    return CronTrigger.from_crontab(config.schedule, timezone=config.tz)


class DigestScheduler:
    def __init__(self, sender: DigestSender) -> None:
        self.sender = sender
        self.scheduler = BackgroundScheduler(timezone=timezone.utc)

    def start(self) -> None:
        for config in self.sender.settings.digests:
            self.scheduler.add_job(self.run, cron_trigger(config), args=[config.name], id=f"digest:{config.name}",
                                   coalesce=True, max_instances=1, misfire_grace_time=3600)
        self.scheduler.start()
        self.scheduler.add_job(self.catch_up, id="digest:catch-up")

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def catch_up(self) -> None:
        for outcome in self.sender.catch_up():
            log.info("digest catch-up: %s", outcome)
        for config in self.sender.settings.digests:
            self._look_again_if_held(config.name, 1)

    def run(self, name: str, attempt: int = 1, look: int = 1) -> None:
        """One scheduled send; a failed post is tried again later (the claim keeps it from doubling), and a
        digest another sender holds is looked at again when its claim would have lapsed."""
        try:
            log.info("digest: %s", self.sender.send(name))
        except DigestNotSent as exc:
            if attempt >= MAX_ATTEMPTS:
                log.error("digest: %s; giving up until the next scheduled run", exc)
                return
            retry_at = datetime.now(timezone.utc) + RETRY_AFTER
            log.error("digest: %s; trying again at %s", exc, retry_at.isoformat(timespec="minutes"))
            self.scheduler.add_job(self.run, "date", run_date=retry_at, args=[name, attempt + 1])
            return
        self._look_again_if_held(name, look)

    def _look_again_if_held(self, name: str, look: int) -> None:
        """Another replica is posting `name`: if it dies doing so, its claim lapses and the next look sends."""
        if look >= MAX_LOOKS or not self.sender.in_flight(name):
            return
        when = datetime.now(timezone.utc) + self.sender.lease + timedelta(seconds=5)
        log.info("digest: %s is being sent elsewhere; looking again at %s", name, when.isoformat(timespec="seconds"))
        self.scheduler.add_job(self.run, "date", run_date=when, args=[name, 1, look + 1])
