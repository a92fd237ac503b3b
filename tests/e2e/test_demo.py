from __future__ import annotations


def test_demo_runs_clean_and_shows_tips_answers_and_a_digest(tipjar):
    done = tipjar("demo")
    out = done.stdout
    assert done.stderr == ""
    for heading in ("What Tipjar captured", "Asking Tipjar", "digest for the trainers"):
        assert heading in out
    assert "Undock the scanner from the cart" in out and "in Tipjar matches" in out
    assert "<!channel>" not in out
    by_meaning = out.split("/ask my barcode reader is stuck")[1].split("===")[0]
    assert "Undock the scanner from the cart" in by_meaning, "found by meaning: the question shares no word with it"
    captured = out.split("What Tipjar captured")[1].split("Asking Tipjar")[0]
    assert "MRN 448812" not in captured, "a deleted message must leave no trace"
    digest = out.split("digest for the trainers")[1]
    assert "Override pulls for insulin drips" not in digest, "private-channel tips stay out of the digest"
    assert "Approved by Jo Brennan" in digest and "Flagged as outdated by Jo Brennan" in digest
    assert "Questions nobody could answer" in digest and "bariatric bed" in digest
    assert "jo answered: Bariatric beds" in out and "tipjar → maria (only maria): You asked" in out
    assert "answered by jo" in digest and "1 of 2 gaps answered this week" in digest
