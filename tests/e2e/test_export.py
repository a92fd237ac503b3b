"""`tipjar export` in every format, from tips captured through `tipjar chat`; the HTML page in real Chromium."""
from __future__ import annotations

import csv
import io
import json
import os
import select
import shutil
import subprocess
import time

import pytest

from tests.e2e.conftest import Tipjar

CHROMIUM = "/usr/bin/chromium"
SESSION = """\
/as maria
Scanner frozen? Undock it, hold the trigger 10 seconds, dock it again. #scanner #hardware
/as dev
/react 1 bulb
/as sam
Use F9 to refresh the MAR <!channel> #mar
/react 2 bulb
/as dev
/react 2 pushpin
/as priya
Ctrl+Shift+P opens patient search
/react 3 bulb
/as jo
This one gets deleted #scanner
/react 4 bulb
/delete 4
"""


@pytest.fixture(scope="module")
def captured_store(tmp_path_factory):
    """The chat session runs once; each test gets its own copy of the store it left."""
    workdir = tmp_path_factory.mktemp("captured")
    Tipjar(workdir).chat(SESSION)
    return sorted(workdir.glob("tipjar.db*"))


@pytest.fixture
def captured(tipjar, captured_store):
    for path in captured_store:
        shutil.copy(path, tipjar.workdir / path.name)
    return tipjar


def test_markdown_groups_by_tag_and_leaves_out_deleted_tips(captured):
    out = captured("export", "--format", "markdown").stdout
    assert out.startswith("# Tipjar knowledge base\n") and "3 tips in 4 sections: 3 not yet reviewed." in out
    assert out.index("## #hardware") < out.index("## #mar") < out.index("## #scanner") < out.index("## Untagged")
    assert out.count("Scanner frozen?") == 2 and "deleted" not in out
    assert "@\u200bchannel" in out and "<!channel>" not in out
    assert "*sam in #general · captured " in out and "2 votes · #mar · console://console/general/" in out


def test_csv_has_one_row_per_tip(captured):
    out = captured("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [(r["author"], r["tags"], r["votes"]) for r in rows] == [
        ("maria", "scanner;hardware", "1"), ("sam", "mar", "2"), ("priya", "", "1")]


def test_out_writes_the_file_and_says_so_on_stderr(captured, tmp_path):
    for fmt in ("markdown", "html", "csv", "jsonl"):
        done = captured("export", "--format", fmt, "--out", str(tmp_path / f"kb.{fmt}"))
        assert done.stdout == "" and done.stderr == f"Wrote 3 tips to {tmp_path / f'kb.{fmt}'}\n"
    assert (tmp_path / "kb.csv").read_bytes().startswith(b"\xef\xbb\xbfid,status,tags,")
    assert len((tmp_path / "kb.jsonl").read_text().splitlines()) == 3
    bad = captured("export", "--format", "html", "--out", str(tmp_path / "missing" / "kb.html"), check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("tipjar: cannot write ") and "Traceback" not in bad.stderr


def test_status_and_tag_filters(tipjar, tmp_path):
    base = {"platform": "slack", "workspace_id": "T1", "channel_id": "C1", "author_id": "U1", "author_name": "Jo",
            "visibility": "public", "created_at": "2026-11-20T10:00:00Z"}
    records = [{**base, "message_id": "1", "text": "approved scanner tip", "tags": ["scanner"], "status": "approved"},
               {**base, "message_id": "2", "text": "new scanner tip", "tags": ["scanner"]},
               {**base, "message_id": "3", "text": "approved mar tip", "tags": ["mar"], "status": "approved"}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    tipjar("import", str(tmp_path / "in.jsonl"))
    out = tipjar("export", "--format", "markdown", "--status", "approved", "--tag", "#Scanner").stdout
    assert "approved scanner tip" in out and "new scanner tip" not in out and "mar tip" not in out
    assert "This export has only tips approved by a trainer; only #scanner." in out
    assert "There are no tips yet." in tipjar("export", "--format", "html", "--tag", "nothing").stdout


class DevTools:
    """Chromium driven over --remote-debugging-pipe: JSON messages ending in NUL, read on fd 3, written on fd 4."""

    def __init__(self, profile) -> None:
        chromium_reads, self._to = os.pipe()
        self._from, chromium_writes = os.pipe()

        def wire() -> None:  # in the child: move both ends out of the way first, then onto fds 3 and 4
            reads, writes = os.dup(chromium_reads), os.dup(chromium_writes)
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(chromium_reads)
        os.close(chromium_writes)
        self._buffer, self._next_id, self.events = b"", 0, []

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply
                return reply["result"]
            self.events.append(reply)

    def _receive(self, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(self._from, 65536) if ready else b""
            assert chunk, "Chromium did not answer"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._to)
        os.close(self._from)


@pytest.fixture
def chromium(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent (Debian package `chromium`): the HTML export is not checked in a browser")
    browser = DevTools(tmp_path / "chromium-profile")
    yield browser
    browser.close()


def _open(browser: DevTools, url: str) -> str:
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.call("Network.enable", session)
    browser.call("Page.navigate", session, url=url)
    for _ in range(100):
        if _evaluate(browser, session, "document.readyState") == "complete":
            return session
        time.sleep(0.1)
    raise AssertionError("the page did not load")


def _evaluate(browser: DevTools, session: str, expression: str):
    return browser.call("Runtime.evaluate", session, expression=expression, returnByValue=True)["result"].get("value")


VISIBLE = """JSON.stringify({
  count: document.getElementById("count").textContent,
  tips: [...document.querySelectorAll("article:not([hidden]) .text")].map((p) => p.textContent.slice(0, 12)),
  sections: [...document.querySelectorAll("main section:not([hidden]) h2")].map((h) => h.firstChild.textContent.trim()),
  nav: [...document.querySelectorAll("nav a:not([hidden])")].length,
  noMatch: !document.getElementById("no-match").hidden,
})"""


def _type(browser: DevTools, session: str, text: str) -> dict:
    _evaluate(browser, session, 'document.getElementById("q").value = ""; document.getElementById("q").focus()')
    browser.call("Input.insertText", session, text=text)
    return json.loads(_evaluate(browser, session, VISIBLE))


def test_html_search_filters_as_you_type_in_chromium(captured, chromium, tmp_path):
    page = tmp_path / "kb.html"
    captured("export", "--format", "html", "--out", str(page))
    session = _open(chromium, page.as_uri())
    start = json.loads(_evaluate(chromium, session, VISIBLE))
    assert start["count"] == "3 of 3 tips" and start["sections"] == ["#hardware", "#mar", "#scanner", "Untagged"]
    scanner = _type(chromium, session, "SCANNER")
    assert scanner["count"] == "1 of 3 tips", "one tip under two tags counts once"
    assert scanner["sections"] == ["#hardware", "#scanner"] and scanner["nav"] == 2
    assert _type(chromium, session, "sam")["tips"] == ["Use F9 to re"], "matches the author"
    assert _type(chromium, session, "#mar f9")["count"] == "1 of 3 tips", "every word must match"
    nothing = _type(chromium, session, "zebra")
    assert nothing["count"] == "0 of 3 tips" and nothing["sections"] == [] and nothing["noMatch"]
    requests = [e["params"]["request"]["url"] for e in chromium.events if e.get("method") == "Network.requestWillBeSent"]
    assert requests == [page.as_uri()], "the page fetches nothing"


def test_script_in_a_tip_stays_inert_in_chromium(tipjar, chromium, tmp_path):
    tipjar.chat("&lt;script&gt;window.pwned = 1&lt;/script&gt; &lt;img src=x onerror=window.pwned=2&gt;\n"
                "/react 1 bulb\n")
    page = tmp_path / "kb.html"
    page.write_text(tipjar("export", "--format", "html").stdout)
    session = _open(chromium, page.as_uri())
    assert _evaluate(chromium, session, "typeof window.pwned") == "undefined"
    assert _evaluate(chromium, session, "document.querySelectorAll('main img, main script').length") == 0
    assert "<script>window.pwned = 1</script>" in _evaluate(chromium, session, "document.querySelector('.text').textContent")



def test_private_channel_tips_stay_out_of_the_knowledge_base_unless_asked(tipjar):
    tipjar.chat("/join pharmacy private\nInsulin override: document within 30 minutes\n/react 1 bulb\n")
    assert "Insulin override" not in tipjar("export", "--format", "markdown").stdout
    assert "Insulin override" in tipjar("export", "--format", "markdown", "--include-private").stdout
    assert "Insulin override" in tipjar("export", "--format", "jsonl").stdout
