"""`tipjar reindex`: embeddings for tips stored before semantic search was on, with a progress bar."""
from __future__ import annotations

import json

from tests.e2e.fake_openai import FakeOpenAI
from tests.e2e.test_llm_answers import record

OPENAI_EMBEDDINGS = "semantic:\n  provider: openai\n  model: fake-embed\nask:\n  min_similarity: 0.1\n"


def test_reindex_embeds_what_was_stored_without_vectors_and_then_meaning_finds_it(tipjar):
    (tipjar.workdir / "app.yaml").write_text("semantic:\n  provider: 'off'\n")
    path = tipjar.workdir / "tips.jsonl"
    path.write_text(record("1.1", "Barcode reader frozen: hold the trigger") + "\n"
                    + record("1.2", "Label printer: spare ribbons in the cupboard") + "\n")
    tipjar("import", str(path))
    off = tipjar("reindex", check=False)
    assert off.returncode == 2 and "semantic search is off" in off.stderr
    with FakeOpenAI() as fake:
        (tipjar.workdir / "app.yaml").write_text(OPENAI_EMBEDDINGS)
        tipjar.env.update(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=fake.url)
        done = tipjar("reindex")
        assert "Embedded 2 of 2 tips" in done.stdout and "Embedding tips" in done.stderr
        assert "Embedded 0 of 0 tips" in tipjar("reindex").stdout
        answer = json.loads(tipjar("ask", "stuck", "--format", "json").stdout)
        assert answer["sources"][0]["text"].startswith("Barcode reader frozen")
