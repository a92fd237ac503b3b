"""`tipjar` as it runs against Microsoft's cloud, with the cloud played on this machine.

`python -m tests.security.teams_cloud serve ...` (or `digest send ...`) is the real command with MICROSOFT_APP_ID
set, so every request needs a Bot Connector token and only Microsoft's connector hosts are trusted. What is
across the network is local: the token signing keys come from $TEST_JWKS_URL (tests.e2e.teams.tokens), the
bot's own Entra token is a fixed string (login.microsoftonline.com is not asked), and the Teams connector host
the activities name (tokens.TEAMS_SERVICE_URL) is answered by the fake Bot Connector at $TEST_CONNECTOR_URL,
the way a DNS entry would send it there.
"""
import os

from tests.e2e.teams.tokens import TEAMS_SERVICE_URL, use_keys_from


def route_teams_to(connector_url: str) -> None:
    """Every HTTP session opened for Teams' connector host goes to `connector_url` instead."""
    import aiohttp

    opened = aiohttp.ClientSession.__init__

    def open_routed(self, base_url=None, **options) -> None:
        if base_url is not None and str(base_url).startswith(TEAMS_SERVICE_URL):
            base_url = connector_url + str(base_url)[len(TEAMS_SERVICE_URL):]
        opened(self, base_url, **options)
    aiohttp.ClientSession.__init__ = open_routed


def bot_token_without_entra() -> None:
    from microsoft_agents.authentication.msal import MsalAuth

    async def fixed_token(self, resource_url, scopes, force_refresh=False) -> str:
        return "test-bot-token"
    MsalAuth.get_access_token = fixed_token


if __name__ == "__main__":
    use_keys_from(os.environ["TEST_JWKS_URL"])
    route_teams_to(os.environ["TEST_CONNECTOR_URL"])
    bot_token_without_entra()
    from tipjar.cli import main

    main()
