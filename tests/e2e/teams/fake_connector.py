"""FakeConnector: a local HTTP server that answers like the Microsoft Bot Connector REST API (v3).

Use ``fake.url`` as the ``serviceUrl`` of Teams activities. Like a real service URL it has a path
("http://127.0.0.1:PORT/amer/"); a request without that prefix gets 404, so a client that drops the path is
caught. Every request is recorded with its headers (Authorization included); failures and slow answers can be
injected. Stdlib only; binds 127.0.0.1 on a free port.
"""
from __future__ import annotations

import base64
import itertools
import json
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

_ERROR_CODES = {400: "BadArgument", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
                429: "TooManyRequests", 500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable"}


def member(aad: str, name: str, **extra) -> dict:
    """A roster entry as Teams returns it: id "29:<aad>", the user's aadObjectId and display name."""
    return {"id": f"29:{aad}", "aadObjectId": aad, "name": name, **extra}


def _error(status: int, code: str, message: str) -> tuple[int, dict, dict]:
    return status, {}, {"error": {"code": code, "message": message}}


def _thread_root(conversation_id: str) -> str:
    """A channel thread "19:x@thread.tacv2;messageid=1" is the channel "19:x@thread.tacv2" to Teams."""
    return conversation_id.split(";", 1)[0]


@dataclass(frozen=True)
class Record:
    method: str  # "POST", "PUT", "GET", ...
    path: str  # after the prefix, as sent (still percent-encoded), without the query string
    conversation_id: str | None  # decoded
    activity_id: str | None  # decoded, for .../activities/{activityId}
    body: object  # the parsed JSON body (the raw text if it was not JSON; None without a body)
    headers: dict
    query: dict
    status: int  # what the fake answered (or was told to fail with)
    answer: object = None  # the JSON the fake answered (for a send: {"id": <the new activity id>})

    @property
    def authorization(self) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == "authorization"), None)


@dataclass
class _Fault:
    times: int
    status: int
    retry_after: float | int | None
    method: str | None
    passing: int = 0
    """Requests (of `method`) still answered normally before this fault begins."""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.fake._serve(self)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format, *args) -> None:  # keeps test output quiet
        pass


class FakeConnector:
    """`with FakeConnector() as fake:` serves the Bot Connector at fake.url until the block ends."""

    def __init__(self, path_prefix: str = "/amer/") -> None:
        self.prefix = "/" + path_prefix.strip("/") + "/" if path_prefix.strip("/") else "/"
        self.new_conversation_id = "a:new-conversation-id"  # what POST v3/conversations answers
        self._lock = threading.Condition(threading.RLock())
        self._stopping = threading.Event()
        self._ids = itertools.count(1700000000001)
        self._rosters: dict[str, list[dict]] = {}  # conversation (thread root) -> members
        self._activities: dict[str, set[str]] = {}  # conversation (thread root) -> ids of activities sent there
        self._requests: list[Record] = []
        self._failed: list[Record] = []
        self._faults: list[_Fault] = []
        self._delay = 0.0
        self._uninstalled: set[str] = set()  # people a one-to-one chat is refused with
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads, self._server.fake = True, self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in slow()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeConnector:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add_conversation(self, conversation_id: str, members: list[dict] = ()) -> None:
        with self._lock:
            self._rosters[_thread_root(conversation_id)] = [dict(m) for m in members]
            self._activities.setdefault(_thread_root(conversation_id), set())

    def forget_requests(self) -> None:
        """Start a clean record: `requests` and `failed` show what comes after. Rosters and the activities
        Tipjar posted (which it may still update) stay."""
        with self._lock:
            self._requests.clear()
            self._failed.clear()

    @property
    def requests(self) -> list[Record]:
        """Every request answered, in arrival order (injected failures are in .failed instead)."""
        with self._lock:
            return list(self._requests)

    @property
    def failed(self) -> list[Record]:
        with self._lock:
            return list(self._failed)

    def sent(self, conversation_id: str | None = None) -> list[dict]:
        """The activities POSTed (sends and replies) and accepted, in order; optionally to one conversation."""
        return [r.body for r in self.requests if r.method == "POST" and r.status == 201 and r.conversation_id
                and conversation_id in (None, r.conversation_id)]

    def updates(self, conversation_id: str | None = None) -> list[dict]:
        """The activity bodies PUT (updates) and accepted, in order; optionally to one conversation."""
        return [r.body for r in self.requests if r.method == "PUT" and r.status == 200
                and conversation_id in (None, r.conversation_id)]

    def wait_for(self, predicate, timeout: float = 10) -> Record:
        """Blocks until a recorded request satisfies predicate(record); returns the first that does."""
        def match() -> Record | None:
            return next((r for r in self._requests if predicate(r)), None)
        with self._lock:
            if not self._lock.wait_for(match, timeout):
                seen = [f"{r.method} {r.path} -> {r.status}" for r in self._requests]
                failed = [f"{r.method} {r.path} -> {r.status}" for r in self._failed]
                raise AssertionError(f"no matching request within {timeout}s; recorded: {seen}; failed: {failed}")
            return match()

    def fail_next(self, n: int = 1, status: int = 503, retry_after: float | int | None = None,
                  method: str | None = None, after: int = 0) -> None:
        """The next n requests (of `method`, or any) answer `status` with a JSON error body, and a
        Retry-After header when retry_after is given; with `after`, only once that many more have been answered
        normally. They are recorded under .failed, not .requests."""
        with self._lock:
            self._faults.append(_Fault(n, status, retry_after, method and method.upper(), after))

    def slow(self, seconds: float) -> None:
        """Every request waits `seconds` before being answered (0 to stop)."""
        with self._lock:
            self._delay = seconds

    def refuse_private(self, user_id: str) -> None:
        """createConversation with this person answers 403, as Teams does when they never installed the app."""
        with self._lock:
            self._uninstalled.add(user_id)

    def _take_fault(self, method: str) -> _Fault | None:
        fault = next((f for f in self._faults if f.method in (None, method)), None)
        if fault and fault.passing > 0:
            fault.passing -= 1
            return None
        if fault:
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
        return fault

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        split = urlsplit(request.path)
        with self._lock:
            fault, delay = self._take_fault(request.command), self._delay
        self._stopping.wait(delay)
        prefixed = split.path.startswith(self.prefix)
        path = split.path[len(self.prefix):] if prefixed else split.path
        segments = [unquote(s) for s in path.split("/")] if prefixed else []
        rest = segments[2:] if segments[:2] == ["v3", "conversations"] else None
        conversation = rest[0] if rest else None
        activity = rest[2] if rest and len(rest) > 2 and rest[1] == "activities" else None
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = body.decode(errors="replace")
        if fault:
            status, headers, answer = _error(fault.status, _ERROR_CODES.get(fault.status, "ServiceError"),
                                             f"Injected failure: {HTTPStatus(fault.status).phrase}.")
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
        elif rest is None:
            status, headers, answer = _error(404, "NotFound", f"No such resource: {split.path}")
        elif isinstance(parsed, str):
            status, headers, answer = _error(400, "BadArgument", "The body is not valid JSON.")
        else:
            try:
                with self._lock:
                    status, headers, answer = self._route(request.command, rest, dict(parse_qsl(split.query)), parsed)
            except Exception as exc:  # a bug in the fake or a malformed request: say so instead of hanging up
                status, headers, answer = _error(500, "InternalServerError", f"fake_connector failed: {exc!r}")
        record = Record(request.command, path, conversation, activity, parsed, dict(request.headers.items()),
                        dict(parse_qsl(split.query)), status, answer)
        with self._lock:
            (self._failed if fault else self._requests).append(record)
            self._lock.notify_all()
        data = json.dumps(answer).encode()
        request.send_response(status)
        for name, value in {**headers, "Content-Type": "application/json; charset=utf-8"}.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _route(self, method: str, rest: list[str], query: dict, body) -> tuple[int, dict, dict]:
        match method, rest:
            case "POST", []:
                return self._create_conversation(body or {})
            case "POST", [conversation, "activities"] | [conversation, "activities", _]:
                new_id = str(next(self._ids))
                self._activities.setdefault(_thread_root(conversation), set()).add(new_id)
                return 201, {}, {"id": new_id}
            case "PUT", [conversation, "activities", activity]:
                if activity not in self._activities.get(_thread_root(conversation), ()):
                    return _error(404, "ActivityNotFoundInConversation",
                                  "The activity was not found in the conversation.")
                return 200, {}, {"id": activity}
            case "GET", [conversation, "pagedmembers" | "pagedMembers"]:
                return self._paged_members(conversation, query)
            case "GET", [conversation, "members", member_id]:
                if (roster := self._rosters.get(_thread_root(conversation))) is None:
                    return _error(404, "ConversationNotFound", "Conversation not found.")
                found = next((m for m in roster if member_id in (m.get("id"), m.get("aadObjectId"))), None)
                if found is None:
                    return _error(404, "MemberNotFoundInConversation", "The member was not found in the conversation.")
                return 200, {}, dict(found)
        return _error(404, "NotFound", f"No such resource: {method} v3/conversations/{'/'.join(rest)}")

    def _create_conversation(self, body: dict) -> tuple[int, dict, dict]:
        if any(m.get("id") in self._uninstalled for m in body.get("members") or []):
            return _error(403, "Forbidden", "The bot is not installed for this user.")
        conversation, activity = self.new_conversation_id, str(next(self._ids))
        self._rosters.setdefault(conversation, [dict(m) for m in body.get("members") or []])
        self._activities.setdefault(conversation, set()).add(activity)
        return 201, {}, {"id": conversation, "activityId": activity}

    def _paged_members(self, conversation: str, query: dict) -> tuple[int, dict, dict]:
        roster = self._rosters.get(_thread_root(conversation))
        if roster is None:
            return _error(404, "ConversationNotFound", "Conversation not found.")
        try:
            token = query.get("continuationToken")
            start = int(base64.urlsafe_b64decode(token).decode().removeprefix("offset:")) if token else 0
            size = int(query.get("pageSize") or 200)
            if size < 1:
                raise ValueError(size)
        except ValueError:
            return _error(400, "BadArgument", "Invalid continuationToken or pageSize.")
        answer = {"members": [dict(m) for m in roster[start:start + size]]}
        if start + size < len(roster):
            answer["continuationToken"] = base64.urlsafe_b64encode(f"offset:{start + size}".encode()).decode()
        return 200, {}, answer
