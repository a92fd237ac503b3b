"""/readyz against a PostgreSQL database that goes away or whose schema is behind: 503, and nothing about
where the database is; /healthz (alive) stays 200 meanwhile, so an orchestrator does not restart replicas for
a database outage."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from sqlalchemy.engine import make_url

from sqlalchemy import text

from store.db import head_revision, open_store
from tests.contract.databases import throwaway_postgres
from tests.e2e.slack.conftest import TipjarServer, wait_until


def health(server: TipjarServer, path: str = "/readyz") -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=15) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def test_readyz_says_unready_without_the_database_host_user_or_name(fake, tmp_path):
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
                assert health(server, "/healthz")[0] == 200
            assert parsed.database in server.log(), "the details go to the log"
            mend_it()
            wait_until(lambda: health(server)[0] == 200, timeout=30, what="healthy again")
        finally:
            server.stop()


def test_readyz_says_unready_while_the_schema_is_behind_this_tipjar(fake, tmp_path):
    with throwaway_postgres() as (url, _break_it, _mend_it):
        engine = open_store(url, auto_upgrade=True)
        server = TipjarServer(tmp_path, fake, env={"TIPJAR_DATABASE_URL": url}).start()
        try:
            assert health(server)[0] == 200
            with engine.begin() as connection:
                connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
            status, body = health(server)
            assert status == 503 and "tipjar db upgrade" in json.loads(body)["status"]
            assert health(server, "/healthz")[0] == 200
            upgrade_stamp(engine)
            assert health(server)[0] == 200
        finally:
            server.stop()
            engine.dispose()


def upgrade_stamp(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()})
