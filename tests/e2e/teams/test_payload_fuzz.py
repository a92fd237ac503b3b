"""/api/messages against arbitrary JSON in every field of real activity shapes: a 2xx, 4xx or 501, never a 5xx
error, and the server stays up (tests/unit/test_teams_payloads.py runs the parsers themselves)."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.e2e.teams import activities
from tests.unit.test_teams_payloads import JSON, KEYS, PATHS, changed


def templates(url: str) -> list[dict]:
    return [activities.mention(url, "maria", "ask anything"), activities.save_as_tip(url, "jo", activities.message_payload("dev", "<p>x</p>")),
            activities.card_click(url, "jo", "17", "tipjar_review_approve", {"tip_id": 1}), activities.reaction(url, "sam", "18"),
            activities.card_click(url, "maria", "19", "tipjar_helpful", {"question_id": 1}, activities.in_personal_chat("maria")),
            activities.edited(url, "dev", "20", "<p>new</p>"), activities.deleted(url, "dev", "21"), activities.installed(url, activities.in_group_chat())]


def test_arbitrary_json_in_any_field_never_gets_a_5xx(teams, connector):
    shapes = templates(connector.url)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(range(len(shapes))), st.dictionaries(st.sampled_from(KEYS), JSON, max_size=3),
           st.lists(st.tuples(st.sampled_from(PATHS), JSON), max_size=2))
    def post_one(index, top, nested):
        activity = changed(shapes[index], top, nested)
        status, answer = activities.post(teams.url, None, raw=json.dumps(activity).encode())
        assert status < 500 or status == 501, (status, answer, activity)

    post_one()
    assert teams.healthy()
