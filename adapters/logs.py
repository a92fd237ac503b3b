"""How `tipjar serve` and `tipjar scheduler` write their log: plain lines, or one JSON object per line.

The JSON form keeps the fields a log pipeline filters on apart (request id, platform, event key, outcome,
duration in ms); they are the ones Tipjar passes as `extra`. Nothing logged carries message text or tokens:
log calls name events by their keys and outcomes, never their payloads.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FIELDS = ("request_id", "platform", "event_key", "outcome", "duration_ms", "path", "status")
THIRD_PARTY = ("alembic", "apscheduler", "slack_sdk", "slack_bolt", "microsoft_agents", "msal", "aiohttp", "httpx",
               "openai", "urllib3")
"""Libraries whose INFO lines (Alembic's "setup plugin", the SDKs' retry handlers, the scheduler's jobs) say
nothing an operator acts on: their warnings and errors only, unless Tipjar's level is DEBUG."""


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(format: str = "text", level: str = "INFO") -> None:
    """Replace the root logger's handlers with one on stderr in `format` (text or json)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quieter = logging.NOTSET if root.level <= logging.DEBUG else max(logging.WARNING, root.level)
    for name in THIRD_PARTY:
        logging.getLogger(name).setLevel(quieter)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()  # uvicorn's own lines go through the root handler too
        logging.getLogger(name).propagate = True
