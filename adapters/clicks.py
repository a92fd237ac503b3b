"""Where a trainer clicked, for the core's rule (bot.trainers): `Clicked`, built from what Tipjar recorded when
it posted the message, never from the ids a button sends back (a client can alter those).

Both platforms use it: a digest message's record names the tips and questions it shows (Slack and Teams
digest posters record them); a message that is not a digest's (a Teams tip card, a Slack "Ask the trainers"
message, the App Home) is acted on by the trainers of the platform's first digest, in that digest's channel.
"""
from __future__ import annotations

from collections.abc import Iterable

from bot.commands import Clicked
from bot.config import DigestSettings, Settings
from bot.model import DigestRun
from runtime.records import Records


def on_digest(records: Records, platform: str, channel: str, message_id: str, workspace_id: str,
              scope: str | None = None) -> tuple[DigestRun, Clicked] | None:
    """The posted digest whose message (channel, message_id) was clicked, and the place: that digest, in
    `scope` (the channel whose members may be its trainers; default the channel itself), showing what its
    record says. None when no digest Tipjar posted has that message."""
    run = records.digest_at(channel, message_id) if channel and message_id else None
    if run is None:
        return None
    shown = next((m for m in run.messages if (m.conversation_id, m.message_id) == (channel, message_id)), None)
    tips, questions = (shown.tips, shown.questions) if shown else ((), ())
    return run, Clicked(platform, run.name, scope or channel, workspace_id, frozenset(tips), frozenset(questions))


def first_digest(settings: Settings, platform: str) -> DigestSettings | None:
    """The platform's first digest: its trainers act on what Tipjar posts outside a digest."""
    return next((config for config in settings.digests if config.platform == platform), None)


def outside_digest(config: DigestSettings | None, platform: str, channel_id: str | None, workspace_id: str,
                   tips: Iterable[int] = (), questions: Iterable[int] = ()) -> Clicked:
    """A message that is not a digest's, showing these tips and questions: its trainers are `config`'s (none
    configured: the rule refuses), in `channel_id`, that digest's channel."""
    name = config.name if config else "(no digest)"
    return Clicked(platform, name, channel_id, workspace_id, frozenset(tips), frozenset(questions))
