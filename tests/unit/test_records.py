"""The JSONL exchange shape: export records, import them back, reject bad ones with a named field."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
from bot.records import RecordError, record_to_tip, tip_to_record

UTC = timezone.utc
POSTED = datetime(2026, 11, 24, 9, 15, 30, 123456, tzinfo=UTC)
FLAGGED = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
EXPORT_KEYS = {
    "id", "platform", "workspace_id", "channel_id", "message_id", "thread_id", "author_id", "text",
    "permalink", "visibility", "status", "votes", "savers", "tags", "source", "created_at", "captured_at",
    "author_name", "channel_name", "redacted", "files",
}


def full_tip() -> Tip:
    source = Source(
        ref=SourceRef("slack", "T1", "C-GOLIVE", "1700000000.000100"),
        author=Person("U-MARIA", "Maria Lopez"),
        thread_id="1699999999.000001",
        permalink="https://example.slack.com/archives/C-GOLIVE/p1700000000000100",
        channel_name="emr-go-live",
        posted_at=POSTED,
    )
    return Tip(
        source=source,
        text="Scanner frozen? Hold the trigger for 10 seconds.",
        visibility=Visibility.PRIVATE,
        origin=Origin.SHORTCUT,
        captured_at=FLAGGED,
        status=TipStatus.NEEDS_UPDATE,
        tags=["scanner", "barcode"],
        savers=["U-JO", "U-SAM"],
        id=42,
    )


def minimal(**overrides) -> dict:
    record = {
        "platform": "slack",
        "workspace_id": "T1",
        "channel_id": "C-GOLIVE",
        "message_id": "1700000000.000100",
        "author_id": "U-MARIA",
        "text": "Scanner frozen? Hold the trigger.",
        "created_at": "2026-11-24T09:15:30Z",
    }
    record.update(overrides)
    return record


def test_export_record_has_exactly_the_documented_keys_and_values():
    record = tip_to_record(full_tip())
    assert set(record) == EXPORT_KEYS
    assert record["id"] == 42 and record["votes"] == 2 and record["source"] == "shortcut"
    assert record["visibility"] == "private" and record["status"] == "needs_update"
    assert record["created_at"] == "2026-11-24T09:15:30.123456Z"
    assert record["captured_at"] == "2026-11-24T11:00:00Z"
    assert record["author_name"] == "Maria Lopez" and record["channel_name"] == "emr-go-live"
    assert json.loads(json.dumps(record)) == record


def test_export_times_are_utc_whatever_zone_the_tip_holds():
    tip = full_tip()
    tip.captured_at = datetime(2026, 11, 24, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    tip.source.posted_at = None
    record = tip_to_record(tip)
    assert record["captured_at"] == record["created_at"] == "2026-11-24T11:00:00Z"


def test_round_trip_is_lossless_except_the_id():
    original = full_tip()
    record = tip_to_record(original)
    restored = record_to_tip(json.loads(json.dumps(record)))
    assert restored.id is None
    assert tip_to_record(restored) == {**record, "id": None}
    assert restored.source == original.source
    assert (restored.text, restored.visibility, restored.origin, restored.status) == (
        original.text, original.visibility, original.origin, original.status,
    )
    assert (restored.tags, restored.savers, restored.captured_at) == (original.tags, original.savers, FLAGGED)


def test_minimal_record_gets_defaults():
    tip = record_to_tip(minimal(id=7, votes=99))
    assert tip.id is None and tip.votes == 0
    assert tip.origin is Origin.IMPORT and tip.status is TipStatus.NEW
    assert tip.visibility is Visibility.PRIVATE  # unknown visibility is treated as private
    assert tip.captured_at == tip.created_at == datetime(2026, 11, 24, 9, 15, 30, tzinfo=UTC)
    assert tip.source.thread_id is None and tip.source.permalink == "" and tip.tags == [] and tip.savers == []


def test_tags_are_lower_case_without_hash_and_deduplicated():
    tip = record_to_tip(minimal(tags=["#Scanner", "scanner", " Barcode ", "#", "ORDERS", "#orders"]))
    assert tip.tags == ["scanner", "barcode", "orders"]


def test_savers_are_deduplicated_in_order():
    tip = record_to_tip(minimal(savers=["U-SAM", "U-JO", "U-SAM", "U-AL", "U-JO"]))
    assert tip.savers == ["U-SAM", "U-JO", "U-AL"]


def test_naive_times_are_utc_and_offsets_are_converted():
    tip = record_to_tip(minimal(created_at="2026-11-24T09:00:00", captured_at="2026-11-24T12:00:00+02:00"))
    assert tip.created_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert tip.captured_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert tip.captured_at.tzinfo == UTC


@pytest.mark.parametrize("field", ["platform", "workspace_id", "channel_id", "message_id", "author_id", "text"])
def test_each_required_field_is_named_when_missing(field):
    record = minimal()
    del record[field]
    with pytest.raises(RecordError, match=f"^{field}: required$"):
        record_to_tip(record)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "   "}, "text: must not be empty"),
        ({"message_id": 1700000000.0001}, "message_id: expected a string, got float"),
        ({"visibility": "secret"}, "visibility: expected public or private, got 'secret'"),
        ({"status": "done"}, "status: expected new, approved, needs_update or archived, got 'done'"),
        ({"source": "email"}, "source: expected reaction, command, shortcut, import or answer, got 'email'"),
        ({"tags": "scanner"}, "tags: expected a list of strings"),
        ({"tags": ["ok", 3]}, "tags: expected a list of strings"),
        ({"savers": [None]}, "savers: expected a list of strings"),
        ({"created_at": "yesterday"}, "created_at: expected an ISO-8601 date-time, got 'yesterday'"),
        ({"captured_at": 1764000000}, "captured_at: expected an ISO-8601 date-time, got int"),
        ({"created_at": None}, r"captured_at: required \(or created_at to default to\)"),
        ({"thread_id": 5}, "thread_id: expected a string, got int"),
        ({"permalink": ["x"]}, "permalink: expected a string, got list"),
    ],
)
def test_bad_fields_raise_a_record_error_naming_the_field(overrides, message):
    with pytest.raises(RecordError, match=f"^{message}$"):
        record_to_tip(minimal(**overrides))


def test_a_record_must_be_an_object():
    with pytest.raises(RecordError, match="^record: expected a JSON object, got list$"):
        record_to_tip(["slack", "T1"])


def test_record_error_is_a_value_error():
    assert issubclass(RecordError, ValueError)
