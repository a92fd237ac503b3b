"""`tipjar doctor` against a fake Slack, a fake Bot Connector and a fake LLM: every check holds for a good
deployment (exit 0); each fault is named with its fix (exit 1); no secret is ever printed."""
from __future__ import annotations

import json
from typing import Iterator

import pytest

from tests.e2e.fake_openai import FakeOpenAI
from tests.e2e.slack.conftest import SECRET, TipjarServer, workspace
from tests.e2e.slack.fake_slack import FakeSlack

GOOD = """\
digests:
  - name: weekly
    channel: C-DIGEST
  - name: ward
    channel: "#tips-digest"
"""
SECRETS = ("xoxb-test-token", SECRET, "sk-doctor-key")


@pytest.fixture
def own_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        running.add_channel("C-DIGEST", "tips-digest", members=("U-JO", "UBOT"))
        yield running


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as running:
        yield running


def deployment(tmp_path, slack: FakeSlack, llm: FakeOpenAI, settings: str = GOOD) -> TipjarServer:
    """The workdir, settings and environment of a deployment, its database schema at head."""
    made = TipjarServer(tmp_path, slack, settings, env={"OPENAI_API_KEY": "sk-doctor-key", "OPENAI_BASE_URL": llm.url})
    made.run("db", "upgrade")
    return made


def doctor(where: TipjarServer, *options: str) -> tuple[int, str]:
    done = where.run("doctor", *options, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    for secret in SECRETS:
        assert secret not in done.stdout + done.stderr, f"{secret!r} printed"
    return done.returncode, done.stdout


def failing(output: str) -> list[str]:
    lines = output.splitlines()
    return [f"{line} | {lines[n + 1].strip()}" for n, line in enumerate(lines) if line.startswith("✗")]


def test_a_good_deployment_holds_every_check(tmp_path, own_slack, llm):
    status, output = doctor(deployment(tmp_path, own_slack, llm))
    assert status == 0, output
    assert not failing(output)
    for expected in ("✓ settings: app.yaml is valid", "✓ SLACK_SIGNING_SECRET: set", "✓ database schema: at 0",
                     "✓ database write: a row written and read back", "✓ embedding model: ",
                     "✓ slack auth.test: workspace \"St Mary's\" (T1), bot @tipjar (UBOT)",
                     "✓ slack scopes: all 12 of the manifest", "✓ digest 'weekly' (digests[0].channel): C-DIGEST",
                     "✓ digest 'ward' (digests[1].channel): #tips-digest", "✓ llm: gpt-4o-mini answered",
                     "✓ patient-data screen: privacy.patient_data: redact", "All 12 checks hold."):
        assert expected in output, output
    assert llm.chats(), "the LLM endpoint was asked"


def test_a_wrong_token_is_named_with_where_to_copy_it(tmp_path, own_slack, llm):
    own_slack.refused_tokens.add("xoxb-test-token")
    status, output = doctor(deployment(tmp_path, own_slack, llm))
    assert status == 1
    (line,) = failing(output)
    assert "✗ slack auth.test: SLACK_BOT_TOKEN is refused by Slack (invalid_auth)" in line
    assert "fix: copy the Bot User OAuth Token" in line


def test_a_missing_secret_is_named(tmp_path, own_slack, llm):
    where = deployment(tmp_path, own_slack, llm)
    del where.env["SLACK_SIGNING_SECRET"]
    status, output = doctor(where)
    assert status == 1
    (line,) = failing(output)
    assert line.startswith("✗ SLACK_SIGNING_SECRET: not set | fix: copy the Signing Secret")


def test_a_missing_scope_and_an_unknown_digest_channel_are_named(tmp_path, own_slack, llm):
    own_slack.scopes.remove("chat:write")
    where = deployment(tmp_path, own_slack, llm, GOOD.replace("C-DIGEST", "C-NOWHERE"))
    status, output = doctor(where, "--format", "json")
    assert status == 1
    report = json.loads(output)
    assert report["ok"] is False
    failed = {check["check"]: check for check in report["checks"] if not check["ok"]}
    assert set(failed) == {"slack scopes", "digest 'weekly' (digests[0].channel)"}
    assert failed["slack scopes"]["detail"] == "missing chat:write"
    assert "reinstall the app" in failed["slack scopes"]["fix"]
    assert failed["digest 'weekly' (digests[0].channel)"]["detail"] == "Slack has no channel 'C-NOWHERE' the bot can see"
    assert "/invite @tipjar" in failed["digest 'weekly' (digests[0].channel)"]["fix"]


def test_slack_unreachable_and_an_llm_that_fails_are_named(tmp_path, own_slack, llm):
    where = deployment(tmp_path, own_slack, llm)
    own_slack.go_down()
    llm.status = 500
    status, output = doctor(where)
    assert status == 1
    slack_line, llm_line = failing(output)
    assert slack_line.startswith("✗ slack auth.test: cannot reach Slack at") and "fix: open the way to slack.com" in slack_line
    assert llm_line.startswith("✗ llm: gpt-4o-mini did not answer") and "OPENAI_BASE_URL" in llm_line


def test_a_bad_app_yaml_is_the_one_finding(tmp_path, own_slack, llm):
    where = deployment(tmp_path, own_slack, llm)
    (where.workdir / "app.yaml").write_text("capture:\n  confirm: loudly\n")
    status, output = doctor(where)
    assert status == 1 and failing(output)[0].startswith("✗ settings: app.yaml: capture.confirm")
