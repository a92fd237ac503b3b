"""APScheduler 3 wiring: one cron job per digest in its own time zone, catch-up on start, retry on failure."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.config import DigestSettings
from runtime.digest_sender import RETRY_AFTER, DigestNotSent, DigestSender

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


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

    def run(self, name: str, attempt: int = 1) -> None:
        """One scheduled send; a failed post is tried again later (the claim keeps it from doubling)."""
        try:
            log.info("digest: %s", self.sender.send(name))
        except DigestNotSent as exc:
            if attempt >= MAX_ATTEMPTS:
                log.error("digest: %s; giving up until the next scheduled run", exc)
                return
            retry_at = datetime.now(timezone.utc) + RETRY_AFTER
            log.error("digest: %s; trying again at %s", exc, retry_at.isoformat(timespec="minutes"))
            self.scheduler.add_job(self.run, "date", run_date=retry_at, args=[name, attempt + 1])
