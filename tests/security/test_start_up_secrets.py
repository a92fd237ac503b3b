"""`tipjar serve` and `tipjar doctor` with a hostile or mistaken configuration: one line on stderr (exit 2 for
serve), never a traceback, and never a secret: not a database password given as the URL's `password=`
parameter or written with an unescaped `@`, not credentials in SLACK_API_URL, not an API key an LLM endpoint
echoes in its error. /readyz says which part is not ready, never where it is or what the OS said about it."""
from __future__ import annotations

import json
import subprocess
from typing import Iterator

import pytest

from tests.e2e.conftest import TIPJAR, tipjar  # noqa: F401 (fixture)
from tests.e2e.fake_openai import FakeOpenAI
from tests.e2e.test_llm_answers import SETTINGS as LLM_SETTINGS, load
from tests.e2e.slack.conftest import SECRET, SETTINGS, TipjarServer, wait_until
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added, slash_command
from tests.e2e.slack.test_health import health
from tests.e2e.slack.conftest import workspace

PASSWORD = "Winter2024xyz"


def run(tmp_path, *args: str, env: dict[str, str], settings: str = "") -> subprocess.CompletedProcess:
    (tmp_path / "app.yaml").write_text(settings)
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SLACK_BOT_TOKEN": "xoxb-start-up",
            "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": "http://127.0.0.1:1/api/"}
    return subprocess.run([TIPJAR, *args], capture_output=True, text=True, cwd=tmp_path, env={**base, **env},
                          timeout=120)


def one_line(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tipjar: "), done.stderr
    return lines[0]


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://postgres@127.0.0.1:1/test?password={PASSWORD}",  # libpq's own way to pass it
    f"postgresql://postgres:Secret@{PASSWORD}@127.0.0.1:1/test",  # an @ in the password, not written %40
])
def test_a_database_password_is_printed_neither_by_serve_nor_by_doctor(tmp_path, url):
    served = run(tmp_path, "serve", "--port", "0", env={"TIPJAR_DATABASE_URL": url})
    line = one_line(served)
    assert PASSWORD not in line, line
    doctor = run(tmp_path, "doctor", "--format", "json", env={"TIPJAR_DATABASE_URL": url})
    assert PASSWORD not in doctor.stdout + doctor.stderr, doctor.stdout
    (database,) = [check for check in json.loads(doctor.stdout)["checks"] if check["check"] == "database"]
    assert not database["ok"]


def test_a_database_url_whose_port_is_not_a_number_is_one_line(tmp_path):
    url = "postgresql://postgres:pw@127.0.0.1:pw-tail/test"
    assert "pw-tail" not in one_line(run(tmp_path, "serve", "--port", "0", env={"TIPJAR_DATABASE_URL": url}))


def test_app_yaml_nested_thousands_deep_is_one_line(tmp_path):
    deep = "capture: " + "[" * 5000 + "]" * 5000 + "\n"
    line = one_line(run(tmp_path, "serve", "--port", "0", env={}, settings=deep))
    assert "app.yaml" in line


@pytest.fixture
def slack_down() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        running.go_down()
        yield running


def test_readyz_names_slack_without_its_address_or_the_credentials_in_it(slack_down, tmp_path):
    server = TipjarServer(tmp_path, slack_down, SETTINGS)
    proxied = slack_down.url.replace("http://", f"http://proxyuser:{PASSWORD}@") + "/api/"
    server.env["SLACK_API_URL"] = proxied
    server.start()
    try:
        status, body = health(server)
        assert status == 503 and json.loads(body)["status"].startswith("slack not ready"), body
        port = slack_down.url.rsplit(":", 1)[1]
        for private in ("127.0.0.1", port, "proxyuser", PASSWORD, "Errno", "HTTP"):
            assert private not in body, f"{private!r} in {body!r}"
        wait_until(lambda: "trying again" in server.log(), what="a retry logged")
        assert PASSWORD not in server.log(), "the proxy's password in the log"
    finally:
        server.stop()
    doctor = run(tmp_path, "doctor", env={"SLACK_API_URL": proxied})
    assert PASSWORD not in doctor.stdout + doctor.stderr, doctor.stdout


class EchoingLlm(FakeOpenAI):
    """An OpenAI-compatible gateway whose 401 quotes the key it was given (some do)."""

    def answer(self, path: str, body: dict) -> tuple[int, dict]:
        self.requests.append((path, body))
        return 401, {"error": {"message": "Incorrect API key provided: sk-echoed-key-123456", "type": "auth"}}


def test_an_api_key_echoed_by_the_llm_endpoint_stays_out_of_the_log(tmp_path):
    with FakeSlack() as fake, EchoingLlm() as llm:
        workspace(fake)
        server = TipjarServer(tmp_path, fake, SETTINGS + "semantic:\n  provider: \"off\"\n",
                              env={"OPENAI_API_KEY": "sk-echoed-key-123456", "OPENAI_BASE_URL": llm.url}).start()
        slack = SlackClient(server.url, SECRET)
        try:
            fake.post("C-GOLIVE", "1800000301.000100", "U-DEV", "Wristband printer jammed: open the side door")
            slack.post("/slack/events", *event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE",
                                                                       "1800000301.000100", "U-DEV")))
            server.wait_for_tip("C-GOLIVE", "1800000301.000100")
            body = slash_command("/ask", "wristband printer jammed", user_id="U-SAM", user_name="sam",
                                 channel_id="C-GOLIVE", channel_name="emr-go-live",
                                 response_url=fake.response_url("echo"), trigger_id="trigger-echo")
            assert slack.post("/slack/events", *body)[0] == 200
            wait_until(lambda: fake.responses("echo"), what="the answer")
            wait_until(lambda: "written answer unavailable" in server.log(), what="the LLM failure logged")
            assert "sk-echoed-key-123456" not in server.log(), server.log()
        finally:
            server.stop()


def test_an_api_key_echoed_by_the_llm_endpoint_stays_out_of_a_one_shot_commands_stderr(tipjar):
    (tipjar.workdir / "app.yaml").write_text(LLM_SETTINGS)
    load(tipjar, "Wristband printer jammed: open the side door and pull the ribbon")
    with EchoingLlm() as llm:
        tipjar.env.update({"OPENAI_API_KEY": "sk-echoed-key-123456", "OPENAI_BASE_URL": llm.url})
        done = tipjar("ask", "wristband printer jammed", check=False)
    assert llm.requests, "the question reached the model"
    assert "sk-echoed-key-123456" not in done.stdout + done.stderr, done.stderr


def test_logging_level_debug_keeps_message_texts_out_of_the_log(tmp_path):
    text = "Pyxis override for bed 12: scan wristband MRN 0042 first"
    with FakeSlack() as fake:
        workspace(fake)
        server = TipjarServer(tmp_path, fake, SETTINGS + "logging:\n  level: debug\n").start()
        try:
            fake.post("C-GOLIVE", "1800000302.000100", "U-DEV", text)
            SlackClient(server.url, SECRET).post("/slack/events", *event_callback(
                reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000302.000100", "U-DEV")))
            server.wait_for_tip("C-GOLIVE", "1800000302.000100")
            assert "Pyxis override" not in server.log(), "a tip's text in the debug log"
            assert "setup plugin" in server.log(), "debug still shows the libraries' INFO lines"
        finally:
            server.stop()
