"""The platforms Tipjar knows, in one list: what `tipjar serve`, the digest commands, `tipjar purge`, the HTTP
server and the command line walk. A new platform is one package under adapters/ and one line here."""
from __future__ import annotations

from adapters.console.platform import Console
from adapters.platform import Platform
from adapters.slack.platform import Slack
from adapters.teams.platform import Teams

PLATFORMS: list[Platform] = [Slack(), Teams(), Console()]


def platform_names() -> tuple[str, ...]:
    return tuple(platform.name for platform in PLATFORMS)


def enabled(settings, *, socket_mode: bool = False) -> list[Platform]:
    """The platforms set up in `settings`, in the list's order."""
    return [platform for platform in PLATFORMS if platform.enabled(settings, socket_mode=socket_mode)]
