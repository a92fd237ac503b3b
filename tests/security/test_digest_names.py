"""A click is judged by its own digest's trainers: never by another digest's that happens to share its name.

Every digest is called "weekly" unless app.yaml names it. With a Teams digest (trainers: [], its team's
members) and a Slack digest (trainers: [U-ADMIN]) both left unnamed, a click on the Slack digest was judged
by the first "weekly": the Teams one, whose empty list makes every member of the clicked Slack channel a
trainer.
"""
from __future__ import annotations

import pytest

from bot.commands import Clicked
from bot.config import ConfigError, DigestSettings
from adapters.settings import Settings
from bot.trainers import NOT_A_TRAINER, UNKNOWN_DIGEST, TrainerRule
from tipjar.settings import load_settings

TEAMS_CHANNEL, TENANT = "19:golive-trainers@thread.tacv2", "72f988bf-0000-4000-8000-000000000001"
TEAMS_FIRST = [DigestSettings(platform="teams", channel=TEAMS_CHANNEL, tenant=TENANT),
               DigestSettings(platform="slack", channel="C-GENERAL", trainers=["U-ADMIN"])]


class Everyone:
    def members(self, channel_id: str) -> frozenset[str]:
        return frozenset({"U-ADMIN", "U-SAM"})


def test_a_slack_click_is_not_judged_by_a_teams_digest_of_the_same_name():
    rule = TrainerRule(TEAMS_FIRST, {"slack": Everyone(), "teams": Everyone()})
    on_slack = Clicked("slack", "weekly", "C-GENERAL", "T1")
    assert rule.refusal("U-SAM", on_slack) in (NOT_A_TRAINER, UNKNOWN_DIGEST)
    assert rule.refusal("U-ADMIN", on_slack) is None


def test_two_digests_of_one_name_are_refused_in_app_yaml(tmp_path):
    (tmp_path / "app.yaml").write_text(
        f"digests:\n  - platform: teams\n    channel: '{TEAMS_CHANNEL}'\n    tenant: {TENANT}\n"
        "  - platform: slack\n    channel: C-GENERAL\n")
    with pytest.raises((ConfigError, ValueError), match="weekly"):
        load_settings(tmp_path / "app.yaml", {})
