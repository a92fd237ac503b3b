"""Operating `tipjar serve`: /metrics in the Prometheus format, /healthz and /readyz, and JSON log lines that
carry request ids, event keys, outcomes and durations but never a message's text or a token."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.slack.conftest import SECRET, SETTINGS, TipjarServer, wait_until
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added, slash_command

SECRET_TEXT = "Zebra-kiwi override: scan the wristband twice on Baker 4"
METRICS_TOKEN = "metrics-token-not-for-logs"


def get(server: TipjarServer, path: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(server.url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(), dict(error.headers)


def samples(text: str) -> dict[tuple[str, tuple], float]:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture(scope="module")
def observed(fake, tmp_path_factory):
    settings = SETTINGS + "logging:\n  format: json\n"
    running = TipjarServer(tmp_path_factory.mktemp("observed"), fake, settings,
                           env={"TIPJAR_METRICS_TOKEN": METRICS_TOKEN}).start()
    yield running
    running.stop()


@pytest.fixture
def slack(observed) -> SlackClient:
    return SlackClient(observed.url, SECRET)


def scrape(server: TipjarServer) -> str:
    status, body, _ = get(server, "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert status == 200, body
    return body


def test_metrics_count_requests_events_asks_retries_and_api_errors(fake, observed, slack):
    fake.fail_next("chat.postEphemeral", error="fatal_error")  # the saver's confirmation: tried again
    fake.post("C-GOLIVE", "1800000901.000100", "U-DEV", SECRET_TEXT)
    status, _, _ = slack.post("/slack/events", *event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE",
                                                                             "1800000901.000100", "U-DEV")))
    assert status == 200
    observed.wait_for_tip("C-GOLIVE", "1800000901.000100")
    body = slash_command("/ask", "quantum teleporter calibration", user_id="U-SAM", user_name="sam",
                         channel_id="C-GOLIVE", channel_name="emr-go-live", response_url=fake.response_url("nothing"),
                         trigger_id="trigger-nothing")
    assert slack.post("/slack/events", *body)[0] == 200
    wait_until(lambda: fake.responses("nothing"), what="the 'no answer' reply")
    wait_until(lambda: value(scrape(observed), "tipjar_ask_no_answer_total") >= 1, what="the no-answer count")
    wait_until(lambda: value(scrape(observed), "tipjar_inbox_events_processed_total", platform="slack", result="done")
               >= 2, timeout=15, what="the capture, confirmed on its second try")
    text = scrape(observed)
    assert value(text, "tipjar_requests_total", platform="slack", status="200") >= 2
    assert value(text, "tipjar_ack_seconds_count", platform="slack") >= 2
    assert value(text, "tipjar_inbox_events_processed_total", platform="slack", result="done") >= 2
    assert value(text, "tipjar_inbox_events_processed_total", platform="slack", result="retrying") >= 1
    assert value(text, "tipjar_inbox_processing_seconds_count", platform="slack") >= 3
    assert value(text, "tipjar_ask_seconds_count") >= 1
    assert value(text, "tipjar_platform_api_errors_total", platform="slack", method="chat.postEphemeral") >= 1
    assert value(text, "tipjar_store_up") == 1
    assert ("tipjar_inbox_backlog", (("state", "dead"),)) in samples(text)
    assert ("tipjar_inbox_oldest_age_seconds", ()) in samples(text)


def test_metrics_need_the_bearer_token_when_one_is_set(observed):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": METRICS_TOKEN}):
        status, body, _ = get(observed, "/metrics", headers)
        assert status == 401 and "tipjar_" not in body
    assert "tipjar_requests_total" in scrape(observed)


def test_json_log_has_ids_outcomes_and_durations_but_never_text_or_tokens(fake, observed, slack):
    fake.post("C-GOLIVE", "1800000902.000100", "U-DEV", SECRET_TEXT + " again")
    body, content_type = event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", "1800000902.000100", "U-DEV"))
    status, headers, _ = slack.post("/slack/events", body, content_type, headers={"X-Request-Id": "req-42"})
    assert status == 200 and headers["X-Request-Id"] == "req-42"
    observed.wait_for_tip("C-GOLIVE", "1800000902.000100")
    scrape(observed)
    event_id = json.loads(body)["event_id"]
    wait_until(lambda: event_id in observed.log(), what="the event's log line")
    lines = [json.loads(line) for line in observed.log().splitlines() if line.strip()]  # every line is JSON
    access = [line for line in lines if line.get("request_id") == "req-42"]
    assert access and access[0]["platform"] == "slack" and access[0]["status"] == 200 and access[0]["duration_ms"] >= 0
    (event,) = [line for line in lines if line.get("event_key") == event_id]
    assert event["outcome"] == "done" and event["platform"] == "slack" and event["duration_ms"] >= 0
    # Events whose payload holds the text itself: a /tip and an /ask
    for command, words in (("/tip", "Ocelot-plum: the tube station code is 4471"), ("/ask", "ocelot plum tube code")):
        done = value(scrape(observed), "tipjar_inbox_events_processed_total", platform="slack", result="done")
        body = slash_command(command, words, user_id="U-SAM", user_name="sam", channel_id="C-GOLIVE",
                             channel_name="emr-go-live", response_url=fake.response_url(command), trigger_id=command)
        assert slack.post("/slack/events", *body)[0] == 200
        wait_until(lambda: value(scrape(observed), "tipjar_inbox_events_processed_total", platform="slack",
                                 result="done") > done, what=f"{command} processed")
    log = observed.log()
    for secret in ("Zebra-kiwi", "wristband twice", "Ocelot-plum", "tube station", "ocelot plum",
                   METRICS_TOKEN, "xoxb-test-token", SECRET):
        assert secret not in log, f"{secret!r} is in the log"


def test_healthz_is_alive_and_readyz_is_ready(observed):
    assert get(observed, "/healthz")[:2] == (200, '{"status":"ok"}')
    assert get(observed, "/readyz")[:2] == (200, '{"status":"ok"}')


def test_metrics_can_be_switched_off(fake, tmp_path):
    server = TipjarServer(tmp_path, fake, SETTINGS + "metrics:\n  enabled: false\n").start()
    try:
        assert get(server, "/metrics")[0] == 404
    finally:
        server.stop()


def test_a_required_token_that_is_not_set_stops_serve_with_a_clear_message(fake, tmp_path):
    server = TipjarServer(tmp_path, fake, SETTINGS + "metrics:\n  require_token: true\n")
    done = server.run("serve", "--port", "0", check=False)
    assert done.returncode != 0 and "TIPJAR_METRICS_TOKEN is not set" in done.stderr + done.stdout
