"""The JSONL exchange shape of a tip: what `tipjar export --format jsonl` writes and `tipjar import` reads.

`tip_to_record` and `record_to_tip` are inverses for every field of the record (except `id`, which the
store assigns on import). Bad records raise `RecordError` with a short message that names the field.
"""
from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Any

from bot.model import FileRef, Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
from bot.text import cap_tags, clean_tags

REQUIRED = ("platform", "workspace_id", "channel_id", "message_id", "author_id", "text")


class RecordError(ValueError):
    """An import record that cannot become a tip; the message names the field."""


def _iso(when: datetime) -> str:
    """ISO-8601 in UTC with a "Z"; naive values are taken to be UTC."""
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    return when.isoformat().replace("+00:00", "Z")


def tip_to_record(tip: Tip) -> dict[str, Any]:
    source, ref = tip.source, tip.source.ref
    return {
        "id": tip.id,
        "platform": ref.platform,
        "workspace_id": ref.workspace_id,
        "channel_id": ref.channel_id,
        "message_id": ref.message_id,
        "thread_id": source.thread_id,
        "author_id": source.author.user_id,
        "author_name": source.author.name,
        "channel_name": source.channel_name,
        "text": tip.text,
        "permalink": source.permalink,
        "visibility": tip.visibility.value,
        "status": tip.status.value,
        "votes": tip.votes,
        "savers": list(tip.savers),
        "tags": list(tip.tags),
        "source": tip.origin.value,
        "created_at": _iso(tip.created_at),
        "captured_at": _iso(tip.captured_at),
        "redacted": list(tip.redacted),
        "files": [{"name": f.name, "type": f.kind, "size": f.size, "link": f.link} for f in tip.source.files],
    }


def _required_text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        raise RecordError(f"{key}: required")
    if not isinstance(value, str):
        raise RecordError(f"{key}: expected a string, got {type(value).__name__}")
    if not value.strip():
        raise RecordError(f"{key}: must not be empty")
    return value


def _optional_text(obj: dict[str, Any], key: str, default: str | None = "") -> str | None:
    value = obj.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise RecordError(f"{key}: expected a string, got {type(value).__name__}")
    return value


def _choice(obj: dict[str, Any], key: str, enum: type[Enum], default: Enum) -> Any:
    value = obj.get(key)
    if value is None:
        return default
    allowed = [member.value for member in enum]
    if value not in allowed:
        expected = ", ".join(allowed[:-1]) + " or " + allowed[-1]
        raise RecordError(f"{key}: expected {expected}, got {value!r}")
    return enum(value)


def _strings(obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"{key}: expected a list of strings")
    return value


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _tags(obj: dict[str, Any]) -> list[str]:
    return cap_tags(clean_tags(_strings(obj, "tags")))[0]


def _when(obj: dict[str, Any], key: str) -> datetime | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise RecordError(f"{key}: expected an ISO-8601 date-time, got {value!r}") from None
    if not isinstance(value, datetime):
        raise RecordError(f"{key}: expected an ISO-8601 date-time, got {type(value).__name__}")
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _source(obj: dict[str, Any], required: dict[str, str], posted_at: datetime | None) -> Source:
    ref = SourceRef(*(required[key] for key in REQUIRED[:4]))
    return Source(
        ref=ref,
        author=Person(required["author_id"], _optional_text(obj, "author_name") or ""),
        thread_id=_optional_text(obj, "thread_id", None) or None,
        permalink=_optional_text(obj, "permalink") or "",
        channel_name=_optional_text(obj, "channel_name") or "",
        posted_at=posted_at,
        files=_files(obj),
    )


def _files(obj: dict[str, Any]) -> tuple[FileRef, ...]:
    """File references of an import record ("files": [{"name", "type", "size", "link"}]); unreadable entries are dropped."""
    files = obj.get("files")
    if files is None:
        return ()
    if not isinstance(files, list):
        raise RecordError(f"files: expected a list, got {type(files).__name__}")
    refs = []
    for item in files[:20]:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            size = item.get("size") if isinstance(item.get("size"), int) and not isinstance(item.get("size"), bool) else 0
            refs.append(FileRef(item["name"][:200], str(item.get("type") or "")[:100], max(size, 0),
                                str(item.get("link") or "")[:1000]))
    return tuple(refs)


def record_to_tip(obj: Any) -> Tip:
    """A new (unsaved) tip from one import record. `id` and `votes` are ignored: ids come from the
    store and votes from the savers. A record without `visibility` is treated as private."""
    if not isinstance(obj, dict):
        raise RecordError(f"record: expected a JSON object, got {type(obj).__name__}")
    required = {key: _required_text(obj, key) for key in REQUIRED}
    created_at = _when(obj, "created_at")
    captured_at = _when(obj, "captured_at") or created_at
    if captured_at is None:
        raise RecordError("captured_at: required (or created_at to default to)")
    return Tip(
        source=_source(obj, required, created_at),
        text=required["text"],
        visibility=_choice(obj, "visibility", Visibility, Visibility.PRIVATE),
        origin=_choice(obj, "source", Origin, Origin.IMPORT),
        captured_at=captured_at,
        status=_choice(obj, "status", TipStatus, TipStatus.NEW),
        tags=_tags(obj),
        savers=_unique(_strings(obj, "savers")),
        redacted=_unique([kind.upper() for kind in _strings(obj, "redacted")]),
    )
