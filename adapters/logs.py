"""How `tipjar serve` and `tipjar scheduler` write their log: plain lines, or one JSON object per line.

The JSON form keeps the fields a log pipeline filters on apart (request id, platform, event key, outcome,
duration in ms); they are the ones Tipjar passes as `extra`. Nothing logged carries message text or tokens:
log calls name events by their keys and outcomes, never their payloads; `logging.level: debug` adds the
libraries' INFO lines, never their DEBUG ones, which quote whole requests and answers. Every secret's value is
blanked from every line (a library's message may quote one).
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Iterable

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FIELDS = ("request_id", "platform", "event_key", "outcome", "duration_ms", "path", "status")
THIRD_PARTY = ("alembic", "apscheduler", "slack_sdk", "slack_bolt", "microsoft_agents", "msal", "aiohttp", "httpx",
               "httpcore", "openai", "urllib3")
"""Libraries whose INFO lines (Alembic's "setup plugin", the SDKs' retry handlers, the scheduler's jobs) say
nothing an operator acts on: their warnings and errors only, unless Tipjar's level is DEBUG."""
CARRY_PAYLOADS = ("slack_sdk", "slack_bolt", "microsoft_agents", "msal", "aiohttp", "httpx", "httpcore", "openai",
                  "urllib3")
"""Libraries whose DEBUG lines quote whole requests and answers (messages, tips, questions, the prompts sent to
the LLM, tokens handed out): at Tipjar's DEBUG level they still say no more than INFO."""


def blank(text: str, secrets: Iterable[str]) -> str:
    """`text` with every one of `secrets` (as written, or as JSON or repr() would quote it) replaced by ***."""
    for value in secrets:
        for form in {value, json.dumps(value, ensure_ascii=False)[1:-1], repr(value)[1:-1]}:
            text = text.replace(form, "***")
    return text


class Redacting(logging.Formatter):
    """Another formatter's lines with every secret's value blanked: a library's message or a traceback may quote
    one (an API gateway's 401 echoing the key it was given, a URL with a password in it)."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner, self.secrets = inner, list(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return blank(self.inner.format(record), self.secrets)


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


def configure_logging(format: str = "text", level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Replace the root logger's handlers with one on stderr in `format` (text or json), which blanks `secrets`."""
    handler = logging.StreamHandler()
    handler.setFormatter(Redacting(JsonFormatter() if format == "json" else logging.Formatter(TEXT_FORMAT), secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quieter = logging.NOTSET if root.level <= logging.DEBUG else max(logging.WARNING, root.level)
    for name in THIRD_PARTY:
        logging.getLogger(name).setLevel(max(quieter, logging.INFO) if name in CARRY_PAYLOADS else quieter)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()  # uvicorn's own lines go through the root handler too
        logging.getLogger(name).propagate = True
