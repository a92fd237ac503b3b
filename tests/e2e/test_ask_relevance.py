"""`tipjar ask` by words only (the default install) on the real full-text index: an honest "I don't know"."""
from __future__ import annotations

import json


def test_a_tip_sharing_one_word_is_not_an_answer_but_one_holding_the_question_is(tipjar):
    (tipjar.workdir / "app.yaml").write_text('semantic:\n  provider: "off"\n')
    tipjar.chat("Print your downtime reports before 01:45\n/react 1 bulb\n"
                "Frozen scanner? Undock it and hold the trigger ten seconds\n/react 2 bulb\n")
    nothing = json.loads(tipjar("ask", "wristband frozen after downtime", "--format", "json").stdout)
    found = json.loads(tipjar("ask", "frozen scanner", "--format", "json").stdout)
    assert nothing["sources"] == [] and "I don't know" in nothing["answer"]
    assert [s["text"] for s in found["sources"]] == ["Frozen scanner? Undock it and hold the trigger ten seconds"]
