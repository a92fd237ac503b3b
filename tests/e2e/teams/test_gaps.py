"""Trainers answer the gaps in Teams: the Answer card's input, the askers' one-to-one messages, the digest in place."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from digests.period import Period
from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.test_patient_data import database_bytes
from tests.e2e.teams import activities
from tests.e2e.teams.test_conversations import card_text


def asked(teams, connector, who: str, words: str) -> int:
    activities.post(teams.url, activities.said(connector.url, who, f"ask {words}"))

    def stored():
        with teams.units()() as uow:
            return [q.id for q in uow.questions.list() if q.text == words]
    return wait_until(stored, 10, f"{who}'s question")[0]


def posted_digest(teams, connector) -> tuple[str, dict]:
    """(message id, card) of next week's digest in the trainers' channel: this week's may have gone out before
    these questions were asked, and open questions are carried forward onto the next."""
    activities.post(teams.url, activities.installed(connector.url, activities.in_channel(activities.TRAINERS)))
    wait_until(teams.drained, 10, "the inbox to drain")
    next_week = Period.containing(datetime.now(timezone.utc) + timedelta(days=7), "UTC").label
    teams.run("digest", "send", "--period", next_week, check=False)
    posts = [r for r in connector.requests if r.method == "POST" and r.status == 201
             and (r.conversation_id or "").split(";")[0] == activities.TRAINERS["id"] and "weekly digest" in card_text(r.body)]
    return posts[-1].answer["id"], posts[-1].body


def digest_message_ids(connector) -> set[str]:
    """Every message of the digests posted in the trainers' channel (a long digest is several cards)."""
    return {r.answer["id"] for r in connector.requests if r.method == "POST" and r.status == 201
            and (r.conversation_id or "").split(";")[0] == activities.TRAINERS["id"] and isinstance(r.answer, dict)}


def gap_form(card_message: dict, question_id: int) -> dict:
    """The Send answer button inside the Answer card of one question on a digest card."""
    for container in card_message["attachments"][0]["content"]["body"]:
        if container.get("id") != f"gap-{question_id}":
            continue
        for item in container["items"]:
            for action in item.get("actions", []):
                if action["type"] == "Action.ShowCard":
                    assert [i["id"] for i in action["card"]["body"]] == ["answer", "tags"]
                    return action["card"]["actions"][0]
    raise AssertionError(f"no Answer form for question {question_id}")


def private_notes(connector) -> list:
    return [r for r in connector.requests if r.method == "POST" and r.conversation_id is None and r.status == 201
            and isinstance(r.body, dict) and r.body.get("members")]


def test_a_trainer_answers_a_gap_in_the_card_and_the_askers_hear_back(teams, connector):
    """...and when the answer tip is purged, the card in each asker's one-to-one chat (which quotes it) is
    replaced by "[removed]", through the chat's address Tipjar kept, and the database keeps none of its words."""
    first = asked(teams, connector, "maria", "how do I undo a discharge order")
    asked(teams, connector, "sam", "undo a discharge order?")
    digest_id, card = posted_digest(teams, connector)
    send = gap_form(card, first)
    assert send["verb"] == "tipjar_gap_answer" and send["data"]["question_id"] == first
    data = {"question_id": first, "digest": "weekly",
            "answer": "Orders > Discharge > right-click > Undo, then re-sign", "tags": "discharge orders"}

    status, refused = activities.post(teams.url, activities.card_click(connector.url, "sam", digest_id, "tipjar_gap_answer", data))
    assert status == 200 and "only the trainers" in refused["value"]
    forged = {**data, "question_id": 10**6}  # a question this card never showed
    status, refused = activities.post(teams.url, activities.card_click(connector.url, "jo", digest_id, "tipjar_gap_answer", forged))
    assert status == 200 and "not on the card" in refused["value"]
    before = len(private_notes(connector))
    status, done = activities.post(teams.url, activities.card_click(connector.url, "jo", digest_id, "tipjar_gap_answer", data))
    assert status == 200 and "Done" in done["value"]

    notes = wait_until(lambda: private_notes(connector)[before:] if len(private_notes(connector)) >= before + 2 else None,
                       15, "the notes to both askers")
    by_person = {note.body["members"][0]["id"]: note.body for note in notes}
    assert set(by_person) == {"aad-maria", "aad-sam"}
    said = card_text(by_person["aad-maria"]["activity"])
    assert "You asked “how do I undo a discharge order”" in said and "Jo Brennan answered" in said and "right-click" in said
    assert by_person["aad-maria"]["tenantId"] == activities.TENANT
    buttons = by_person["aad-maria"]["activity"]["attachments"][0]["content"]["actions"]
    assert [(b["verb"], b["data"]) for b in buttons] == [("tipjar_helpful", {"question_id": first}),
                                                         ("tipjar_not_helpful", {"question_id": first})]

    tip = teams.wait_for_teams_tip(lambda t: t.origin.value == "answer", "the answer tip")
    assert tip.status.value == "approved" and tip.tags == ["discharge", "orders"] and tip.source.author.name == "Jo Brennan"
    posted = digest_message_ids(connector)
    # The card is next week's (the question was carried onto it): once answered, its Answer form is gone.
    connector.wait_for(lambda r: r.method == "PUT" and r.activity_id in posted
                       and "weekly digest" in card_text(r.body) and f"gap-{first}" not in str(r.body))
    with teams.units()() as uow:
        assert uow.questions.get(first).answer_tip_id == tip.id

    wait_until(teams.drained, 10, "the inbox to drain")
    assert tip.text.encode() in database_bytes(teams)
    purged = teams.run("purge", "--tip", str(tip.id)).stdout
    assert "teams: 2 bot messages replaced by [removed]" in purged, purged
    for note in notes:
        chat, card_id = note.answer["id"], note.answer["activityId"]
        replaced = connector.wait_for(lambda r: r.method == "PUT" and r.conversation_id == chat and r.activity_id == card_id)
        assert card_text(replaced.body).strip() == "[removed]" and replaced.status == 200
    assert tip.text.encode() not in database_bytes(teams)
