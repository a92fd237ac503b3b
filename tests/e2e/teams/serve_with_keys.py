"""`tipjar` whose token validator fetches signing keys from $TEST_JWKS_URL, the tests' local JWKS endpoint.

The e2e tests start `python -m tests.e2e.teams.serve_with_keys serve ...` instead of `tipjar serve ...`:
everything else is the real command (tests.e2e.teams.tokens explains why).
"""
import os

from tests.e2e.teams.tokens import use_keys_from

if __name__ == "__main__":
    use_keys_from(os.environ["TEST_JWKS_URL"])
    from tipjar.cli import main

    main()
