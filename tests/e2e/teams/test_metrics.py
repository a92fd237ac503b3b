"""GET /metrics of `tipjar serve` for Teams: activities, their processing and the Bot Connector's failures."""
from __future__ import annotations

import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities


def figure(server, name: str, **labels: str) -> float:
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()))


def test_teams_requests_events_and_connector_failures_are_counted(teams, connector):
    requests = figure(teams, "tipjar_requests_total", platform="teams", status="200")
    errors = figure(teams, "tipjar_platform_api_errors_total", platform="teams", method="send")
    processed = figure(teams, "tipjar_inbox_events_processed_total", platform="teams")
    done = figure(teams, "tipjar_inbox_events_processed_total", platform="teams", result="done")
    connector.fail_next(8, status=502, method="POST")  # every try of the tip card's send fails once over
    payload = activities.message_payload("dev", "<p>Label printer on Baker 4 needs the blue roll</p>")
    status, _ = activities.post(teams.url, activities.save_as_tip(connector.url, "maria", payload))
    assert status == 200
    teams.wait_for_teams_tip(lambda tip: "blue roll" in tip.text)
    wait_until(lambda: figure(teams, "tipjar_platform_api_errors_total", platform="teams", method="send") > errors,
               timeout=20, what="the connector's failed send, counted")
    # the card goes out on a later try: wait for it, so that it lands in no other test's conversation
    wait_until(lambda: any(r.activity_id == payload["id"] and r.status == 201 for r in connector.requests),
               timeout=30, what="the tip card, sent once the connector answers again")
    wait_until(lambda: figure(teams, "tipjar_inbox_events_processed_total", platform="teams", result="done")
               > done, timeout=15, what="the event closed")
    assert figure(teams, "tipjar_requests_total", platform="teams", status="200") == requests + 1
    assert figure(teams, "tipjar_ack_seconds_count", platform="teams") >= requests + 1
    assert figure(teams, "tipjar_inbox_events_processed_total", platform="teams") > processed
