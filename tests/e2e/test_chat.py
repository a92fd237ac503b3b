"""`tipjar chat` driven through standard input, read back like a chat transcript."""
from __future__ import annotations

import json

SESSION = """\
/as maria
Scanner frozen? Undock it, hold the trigger 10 seconds, dock it again.
/as dev
/react 1 bulb
/as sam
/react 1 pushpin
/react 1 bookmark
/as maria
/ask what to do when the scanner is frozen
/quit
"""


def test_reactions_become_one_tip_with_one_vote_per_person(tipjar):
    """The one transcript typed into `tipjar chat` itself, a process reading standard input: it starts and
    answers. The other transcripts run the same chat in the test's process (tipjar.chat)."""
    out = tipjar("chat", input=SESSION).stdout
    assert "#general [1] maria: Scanner frozen?" in out
    assert "tipjar → dev (only you): Saved as tip #1. 1 person has saved it." in out
    assert "tipjar → sam (only you): Added your vote to tip #1. 2 people have saved it." in out
    assert out.count("tip #1") == 2, "sam's second emoji on the same message must not count again"
    assert "What Tipjar knows about" in out and "— maria in #general" in out
    (record,) = [json.loads(line) for line in tipjar("export", "--format", "jsonl").stdout.splitlines()]
    assert record["savers"] == ["dev", "sam"] and record["votes"] == 2 and record["source"] == "reaction"


def test_tip_command_edit_delete_and_unreact(tipjar):
    out = tipjar.chat("""\
/tip Ctrl+Shift+P opens patient search #Shortcuts
/tip
Bed 12 needs the order redone
/react 1 bulb
/edit 1 Bed 12 needs the bariatric order redone
/as dev
/react 1 bulb
/unreact 1 bulb
/as you
/delete 1
/ask bariatric order
""")
    assert "Saved as tip #1" in out and "Usage: /tip" in out
    assert "in Tipjar matches that" in out
    (record,) = [json.loads(line) for line in tipjar("export").stdout.splitlines()]
    assert record["tags"] == ["shortcuts"] and record["source"] == "command"


def test_private_channel_tips_are_only_answered_to_members(tipjar):
    tipjar.chat("""\
/as priya
/join pharmacy private
/invite sam
Insulin drip overrides must be documented within 30 minutes
/react 1 bulb
""")
    members = tipjar("ask", "insulin drip overrides", "--as-user", "sam", "--format", "json").stdout
    outsider = tipjar("ask", "insulin drip overrides", "--as-user", "dev", "--format", "json").stdout
    assert len(json.loads(members)["sources"]) == 1
    assert json.loads(outsider)["sources"] == []


def test_mistakes_get_a_clear_answer_and_the_chat_goes_on(tipjar):
    out = tipjar.chat("/react 9 bulb\n/react x\n/frobnicate\n/edit 1\nhello\n/as dev\n/edit 1 mine now\n")
    assert "There is no message [9] you can see" in out
    assert "/react needs a message number first" in out
    assert "Unknown command /frobnicate" in out
    assert "#general [1] you: hello" in out
    assert "You can only edit or delete your own messages." in out


def test_broadcasts_and_pings_are_shown_harmless(chat):
    chat.push_message("<!channel> downtime at 02:00, ask <@U123> @here")
    shown = chat.pop_message()
    assert "<!channel>" not in shown and "@here" not in shown and "<@U123>" not in shown
    assert shown.startswith("#general [1] you: @\u200bchannel downtime at 02:00")


def test_usage_lines_keep_their_placeholders(chat):
    chat.push_message("/tip")
    assert "Usage: /tip <what you learned> #tags" in chat.pop_message()
    chat.push_message("/ask")
    assert "Usage: /ask <question>" in chat.pop_message()
