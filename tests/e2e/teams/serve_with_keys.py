"""`tipjar` whose token validator fetches signing keys from $TEST_JWKS_URL, the tests' local JWKS endpoint.

The e2e tests start `python -m tests.e2e.teams.serve_with_keys serve ...` instead of `tipjar serve ...`:
everything else is the real command (tests.e2e.teams.tokens explains why). `guarded_server` builds such a
server with MICROSOFT_APP_ID set, so every request needs a token.
"""
import os
import sys
from pathlib import Path

from tests.e2e.teams import activities
from tests.e2e.teams.tokens import APP_ID, use_keys_from

ROOT = Path(__file__).resolve().parents[3]


def guarded_server(keys_url: str, workdir: Path, settings_yaml: str = "", slack=None):
    """`tipjar serve` (not started yet) for APP_ID, trusting the keys served at `keys_url`; for Slack as well
    when given a fake Slack (`slack`)."""
    from tests.e2e.teams.conftest import TeamsServer

    env = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "not-a-real-secret",
           "MICROSOFT_APP_TENANT_ID": activities.TENANT, "TEST_JWKS_URL": keys_url,
           "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    server = TeamsServer(workdir, slack, settings_yaml, env)
    server.program = [sys.executable, "-m", "tests.e2e.teams.serve_with_keys"]
    return server


if __name__ == "__main__":
    use_keys_from(os.environ["TEST_JWKS_URL"])
    from tipjar.cli import main

    main()
