"""/healthz against a PostgreSQL database that goes away: 503, and nothing about where the database is."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from sqlalchemy.engine import make_url

from store.db import open_store
from tests.contract.databases import throwaway_postgres
from tests.e2e.slack.conftest import TipjarServer, wait_until


def health(server: TipjarServer) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=15) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def test_healthz_says_unhealthy_without_the_database_host_user_or_name(fake, tmp_path):
    with throwaway_postgres() as (url, break_it, mend_it):
        open_store(url, auto_upgrade=True).dispose()
        server = TipjarServer(tmp_path, fake, env={"TIPJAR_DATABASE_URL": url}).start()
        try:
            break_it()
            parsed = make_url(url)
            for _ in range(12):  # each pooled connection found dead, then new connections refused
                status, body = health(server)
                assert status == 503 and json.loads(body)["status"] == "store unavailable", body
                for secret in (parsed.host, parsed.username, parsed.database, str(parsed.port)):
                    assert secret not in body, f"{secret!r} in {body!r}"
            assert parsed.database in server.log(), "the details go to the log"
            mend_it()
            wait_until(lambda: health(server)[0] == 200, timeout=30, what="healthy again")
        finally:
            server.stop()
