"""Migration 0011 on SQLite and PostgreSQL: the inbox outcomes stored before hold no words any more, and tips
erased before erasure reached tags, file references and audit tags lose those too."""
from __future__ import annotations

import json

from sqlalchemy import text

from store.db import downgrade, open_store, upgrade

WORDS = "Fennimore Brackwater answered: reseat the pump"


def _insert_old_rows(connection) -> None:
    now = "2026-11-23 09:00:00"
    for key, processed, dead, said in (("Ev-done", now, None, WORDS), ("Ev-dead", None, now, f"dead after 5 attempts: ValueError: {WORDS}"),
                                       ("Ev-new", None, None, "")):
        connection.execute(text("INSERT INTO inbox (platform, event_key, kind, received_at, attempts, processed_at, dead_at, "
                                "outcome, payload) VALUES ('teams', :key, 'message', :now, 1, :processed, :dead, :said, '{}')"),
                           {"key": key, "now": now, "processed": processed, "dead": dead, "said": said})
    for tip_id, words, deleted in ((1, "", now), (2, "A live tip about Brackwater pumps", None)):
        connection.execute(text(
            "INSERT INTO tip (id, platform, workspace_id, channel_id, message_id, visibility, status, deleted_at, author_id, "
            "author_name, captured_by, channel_name, origin, captured_at, permalink, text, redacted, files) VALUES "
            "(:id, 'slack', 'T1', 'C1', :message, 'public', 'new', :deleted, 'U1', '', '', '', 'reaction', :now, '', :words, '', "
            ":files)"), {"id": tip_id, "message": f"m{tip_id}", "deleted": deleted, "now": now, "words": words,
                         "files": json.dumps([{"name": "Brackwater.png", "kind": "", "size": 0, "link": ""}])})
        connection.execute(text("INSERT INTO tip_tag (tip_id, tag) VALUES (:id, 'brackwater')"), {"id": tip_id})
        connection.execute(text(
            'INSERT INTO tip_change (tip_id, actor_id, actor_name, action, at, "before", "after") VALUES '
            "(:id, 'U2', '', 'edit', :now, :before, :after)"),
            {"id": tip_id, "now": now, "before": json.dumps({"text": "[erased]", "tags": ["brackwater"]}),
             "after": json.dumps({"text": "[erased]", "tags": ["brackwater", "pumps"]})})


def test_old_outcomes_and_the_leftovers_of_erased_tips_are_blanked(empty_database_url):
    engine = open_store(empty_database_url, auto_upgrade=True)
    try:
        downgrade(engine, "0010")
        with engine.begin() as connection:
            _insert_old_rows(connection)
        upgrade(engine)
        with engine.connect() as connection:
            outcomes = dict(connection.execute(text("SELECT event_key, outcome FROM inbox")).all())
            tags = sorted(connection.execute(text("SELECT tip_id FROM tip_tag")).scalars())
            files = dict(connection.execute(text("SELECT id, CAST(files AS TEXT) FROM tip")).all())
            changes = dict(connection.execute(text('SELECT tip_id, CAST("after" AS TEXT) FROM tip_change')).all())
    finally:
        engine.dispose()
    assert outcomes["Ev-done"] == "" and outcomes["Ev-new"] == ""
    assert outcomes["Ev-dead"] and "Brackwater" not in outcomes["Ev-dead"], "a dead event still reads as tried"
    assert tags == [2] and json.loads(files[1]) == [] and "Brackwater" in files[2]
    assert json.loads(changes[1]) == {"text": "[erased]", "tags": []} and "brackwater" in changes[2]
