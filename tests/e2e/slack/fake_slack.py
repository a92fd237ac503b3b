"""FakeSlack: a local HTTP server that answers like Slack's Web API from an in-memory workspace.

Point a WebClient at it with ``base_url=fake.url + "/api/"``. Every call is recorded; failures and slow
answers can be injected per method. Stdlib only; binds 127.0.0.1 on a free port.
SlackWorkspace holds the fixture data and the Web API methods; FakeSlack adds HTTP, recording and faults.
"""
from __future__ import annotations

import base64
import copy
import itertools
import json
import sys
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

BOT_USER_ID, BOT_ID, TEAM_ID, TEAM_NAME = "UBOT", "BBOT", "T1", "St Mary's"
WORKSPACE_URL = "https://stmarys.slack.com/"
GRANTED_SCOPES = ("channels:history", "groups:history", "im:history", "mpim:history", "channels:read", "groups:read",
                  "im:read", "mpim:read", "reactions:read", "users:read", "chat:write", "commands")
"""What an app installed from Tipjar's manifest is granted; Slack names them in every answer's x-oauth-scopes."""


class SlackError(Exception):
    """Raised by a Web API method to answer {"ok": false, "error": <message>}."""


def _ts_key(message: dict) -> Decimal:
    return Decimal(message["ts"])


def _in_window(messages: list[dict], params: dict) -> list[dict]:
    """Slack's oldest/latest filter: both bounds exclusive unless inclusive is true."""
    inclusive = params.get("inclusive") in (True, 1, "1", "true")
    oldest = Decimal(str(params.get("oldest") or 0))
    latest = Decimal(str(params["latest"])) if params.get("latest") else None

    def inside(ts: Decimal) -> bool:
        if inclusive:
            return ts >= oldest and (latest is None or ts <= latest)
        return ts > oldest and (latest is None or ts < latest)
    return [m for m in messages if inside(_ts_key(m))]


def _page(items: list, params: dict, default_limit: int) -> tuple[list, str]:
    """One cursor page of items and the next cursor ("" on the last page)."""
    try:
        start = int(base64.b64decode(params["cursor"]).decode().removeprefix("next:")) if params.get("cursor") else 0
    except ValueError as exc:
        raise SlackError("invalid_cursor") from exc
    end = start + int(params.get("limit") or default_limit)
    return items[start:end], base64.b64encode(f"next:{end}".encode()).decode() if end < len(items) else ""


def _json_field(value, error: str):
    """Form-encoded requests must carry blocks and views as JSON strings (a Python repr is refused, as by
    Slack); JSON requests carry them as they are."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as exc:
        raise SlackError(error) from exc


class SlackWorkspace:
    """The fixture workspace (users, channels, messages) and the Web API methods that read and write it."""

    def __init__(self) -> None:
        self._lock = threading.Condition(threading.RLock())
        self._last_ts = Decimal(0)
        self._view_ids = itertools.count(1)
        self.users: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self.messages: dict[str, dict[str, dict]] = {}  # channel id -> ts -> message
        self.add_user(BOT_USER_ID, "tipjar", "Tipjar", is_bot=True)
        self.scopes: list[str] = list(GRANTED_SCOPES)
        self.refused_tokens: set[str] = set()
        """Tokens answered invalid_auth, as Slack answers a token that is wrong or was revoked."""

    def add_user(self, id: str, name: str, real_name: str = "", is_bot: bool = False) -> None:
        real_name = real_name or name
        with self._lock:
            self.users[id] = {"id": id, "team_id": TEAM_ID, "name": name, "real_name": real_name, "is_bot": is_bot,
                              "deleted": False, "profile": {"real_name": real_name, "display_name": name}}

    def add_channel(self, id: str, name: str, private: bool = False, is_im: bool = False,
                    is_mpim: bool = False, members=()) -> None:
        plain = not (is_im or is_mpim)
        with self._lock:
            self.channels[id] = {"id": id, "name": name, "is_private": private or not plain, "is_im": is_im,
                                 "is_mpim": is_mpim, "is_channel": plain and not private,
                                 "is_group": plain and private, "is_archived": False, "members": list(members)}
            self.messages.setdefault(id, {})

    def post(self, channel: str, ts: str, user: str, text: str, thread_ts: str | None = None,
             files=None, bot_id: str | None = None, subtype: str | None = None) -> dict:
        """Adds a message; a reply has thread_ts = its parent's ts."""
        message = {"type": "message", "user": user, "text": text, "ts": ts, "team": TEAM_ID}
        extras = {"thread_ts": thread_ts, "files": files, "bot_id": bot_id, "subtype": subtype}
        message.update({key: value for key, value in extras.items() if value is not None})
        with self._lock:
            parent = self.messages[channel].get(thread_ts) if thread_ts != ts else None
            if parent:
                message["parent_user_id"] = parent["user"]
            self.messages[channel][ts] = message
        return message

    def react(self, channel: str, ts: str, name: str, *users: str) -> None:
        """Adds reactions as history shows them: {"name", "users", "count"} per emoji."""
        with self._lock:
            reactions = self.messages[channel][ts].setdefault("reactions", [])
            entry = next((r for r in reactions if r["name"] == name), None)
            if entry is None:
                entry = {"name": name, "users": [], "count": 0}
                reactions.append(entry)
            entry["users"] += [u for u in users if u not in entry["users"]]
            entry["count"] = len(entry["users"])

    def edit(self, channel: str, ts: str, text: str) -> None:
        with self._lock:
            message = self.messages[channel][ts]
            message.update(text=text, edited={"user": message["user"], "ts": self._new_ts()})

    def delete(self, channel: str, ts: str) -> None:
        """Removes a message; a parent with replies stays as a tombstone, as in Slack."""
        with self._lock:
            if not self._replies_of(channel, ts):
                del self.messages[channel][ts]
                return
            self.messages[channel][ts] = {"type": "message", "subtype": "tombstone", "hidden": True, "ts": ts,
                                          "thread_ts": ts, "user": "USLACKBOT", "text": "This message was deleted."}

    def answer(self, method: str, params: dict, token: str | None) -> dict:
        """The JSON body Slack would answer to a Web API call (always HTTP 200)."""
        if method not in _METHODS:
            return {"ok": False, "error": "unknown_method", "req_method": method}
        if not token:
            return {"ok": False, "error": "not_authed"}
        if token.removeprefix("Bearer ") in self.refused_tokens:
            return {"ok": False, "error": "invalid_auth"}
        try:
            with self._lock:
                return {"ok": True, **copy.deepcopy(getattr(self, _METHODS[method])(params))}
        except SlackError as exc:
            return {"ok": False, "error": str(exc)}

    def _auth_test(self, p: dict) -> dict:
        return {"url": WORKSPACE_URL, "team": TEAM_NAME, "user": "tipjar", "team_id": TEAM_ID,
                "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _list(self, p: dict) -> dict:
        """conversations.list: the public and private channels (private ones only when the bot is in them)."""
        wanted = set((p.get("types") or "public_channel").split(","))
        listed = []
        for channel in self.channels.values():
            kind = "private_channel" if channel["is_group"] else "public_channel" if channel["is_channel"] else ""
            if kind in wanted and (kind == "public_channel" or BOT_USER_ID in channel["members"]):
                shown = {k: v for k, v in channel.items() if k != "members"}
                listed.append({**shown, "is_member": BOT_USER_ID in channel["members"]})
        page, cursor = _page(listed, p, 100)
        return {"channels": page, "response_metadata": {"next_cursor": cursor}}

    def _history(self, p: dict) -> dict:
        """Newest first; a message's metadata only with include_all_metadata, as Slack does."""
        top_level = [m for m in self._messages_in(p).values() if m.get("thread_ts") in (None, m["ts"])]
        page, cursor = _page(sorted(_in_window(top_level, p), key=_ts_key, reverse=True), p, 100)
        with_metadata = p.get("include_all_metadata") in (True, 1, "1", "true")
        shown = [self._with_thread_info(p["channel"], m) for m in page]
        if not with_metadata:
            shown = [{k: v for k, v in m.items() if k != "metadata"} for m in shown]
        return {"messages": shown, "has_more": bool(cursor), "pin_count": 0, "response_metadata": {"next_cursor": cursor}}

    def _replies(self, p: dict) -> dict:
        """The whole thread of ts (a parent's or a reply's): parent first, then replies oldest first.
        The parent is on the first page only, and counts towards limit."""
        messages = self._messages_in(p)
        root = messages.get(p.get("ts"), {}).get("thread_ts") or p.get("ts")
        if root not in messages:
            raise SlackError("thread_not_found")
        replies = _in_window(self._replies_of(p["channel"], root), p)
        page, cursor = _page([self._with_thread_info(p["channel"], messages[root]), *replies], p, 1000)
        return {"messages": page, "has_more": bool(cursor), "response_metadata": {"next_cursor": cursor}}

    def _permalink(self, p: dict) -> dict:
        channel, ts = p.get("channel"), p.get("message_ts")
        message = self._messages_in(p).get(ts)
        if message is None:
            raise SlackError("message_not_found")
        link = f"{WORKSPACE_URL}archives/{channel}/p{ts.replace('.', '')}"
        if message.get("thread_ts", ts) != ts:
            link += f"?thread_ts={message['thread_ts']}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _users_info(self, p: dict) -> dict:
        if p.get("user") not in self.users:
            raise SlackError("user_not_found")
        return {"user": self.users[p["user"]]}

    def _conversations_info(self, p: dict) -> dict:
        self._messages_in(p)
        channel = dict(self.channels[p["channel"]])
        members = channel.pop("members")
        return {"channel": {**channel, "is_member": BOT_USER_ID in members, "num_members": len(members)}}

    def _members(self, p: dict) -> dict:
        self._messages_in(p)
        page, cursor = _page(self.channels[p["channel"]]["members"], p, 100)
        return {"members": page, "response_metadata": {"next_cursor": cursor}}

    def _post_message(self, p: dict) -> dict:
        channel, ts = self._conversation_for(p.get("channel")), self._new_ts()
        message = self.post(channel, ts, BOT_USER_ID, p.get("text", ""), p.get("thread_ts"), bot_id=BOT_ID)
        if p.get("blocks"):
            message["blocks"] = _json_field(p["blocks"], "invalid_blocks_format")
        if p.get("metadata"):
            message["metadata"] = _json_field(p["metadata"], "invalid_metadata_format")
        return {"channel": channel, "ts": ts, "message": message}

    def _post_ephemeral(self, p: dict) -> dict:
        members = self.channels[self._conversation_for(p.get("channel"))]["members"]
        if members and p.get("user") not in members:
            raise SlackError("user_not_in_channel")
        return {"message_ts": self._new_ts()}

    def _update(self, p: dict) -> dict:
        message = self._messages_in(p).get(p.get("ts"))
        if message is None:
            raise SlackError("message_not_found")
        if message.get("bot_id") != BOT_ID:
            raise SlackError("cant_update_message")
        if "blocks" in p:
            message["blocks"] = _json_field(p["blocks"], "invalid_blocks_format")
        message["text"] = p.get("text", message["text"])
        return {"channel": p["channel"], "ts": p["ts"], "text": message["text"], "message": message}

    def _view(self, p: dict) -> dict:
        return {"view": {"id": f"V{next(self._view_ids):06d}", **_json_field(p.get("view") or {}, "invalid_arguments")}}

    def _new_ts(self) -> str:
        self._last_ts = max(Decimal(f"{time.time():.6f}"), self._last_ts + Decimal("0.000001"))
        return f"{self._last_ts:.6f}"

    def _messages_in(self, p: dict) -> dict[str, dict]:
        if p.get("channel") not in self.messages:
            raise SlackError("channel_not_found")
        return self.messages[p["channel"]]

    def _replies_of(self, channel: str, ts: str) -> list[dict]:
        replies = [m for m in self.messages[channel].values() if m.get("thread_ts") == ts and m["ts"] != ts]
        return sorted(replies, key=_ts_key)

    def _with_thread_info(self, channel: str, message: dict) -> dict:
        replies = self._replies_of(channel, message["ts"]) if message.get("thread_ts") in (None, message["ts"]) else []
        if not replies:
            return message
        users = sorted({reply["user"] for reply in replies})
        return {**message, "thread_ts": message["ts"], "reply_count": len(replies), "reply_users": users,
                "reply_users_count": len(users), "latest_reply": replies[-1]["ts"]}

    def _conversation_for(self, channel: str | None) -> str:
        """A channel id as given, or a user id's DM, opened on first use as Slack does."""
        if channel in self.users:
            if f"D{channel}" not in self.channels:
                self.add_channel(f"D{channel}", channel, is_im=True, members=(channel, BOT_USER_ID))
            channel = f"D{channel}"
        self._messages_in({"channel": channel})  # raises channel_not_found
        return channel


_METHODS = {
    "auth.test": "_auth_test", "conversations.list": "_list", "conversations.history": "_history", "conversations.replies": "_replies",
    "chat.getPermalink": "_permalink", "users.info": "_users_info", "conversations.info": "_conversations_info",
    "conversations.members": "_members", "chat.postMessage": "_post_message",
    "chat.postEphemeral": "_post_ephemeral", "chat.update": "_update",
    "views.publish": "_view", "views.open": "_view",
}


@dataclass(frozen=True)
class Call:
    method: str  # e.g. "chat.postEphemeral"
    params: dict  # query string and form or JSON body, merged
    authorization: str | None  # the Authorization header as sent


@dataclass
class _Failure:
    status: int
    error: str
    retry_after: int
    times: int


@dataclass
class _LaterFailure:
    calls_before: int
    error: str
    after_doing_it: bool


def _parse_params(request: BaseHTTPRequestHandler, body: bytes) -> dict:
    params = dict(parse_qsl(urlsplit(request.path).query))
    if request.headers.get("Content-Type", "").startswith("application/json"):
        params.update(json.loads(body or b"{}"))
    else:
        params.update(parse_qsl(body.decode()))
    return params


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.fake._serve(self)

    do_GET = do_POST

    def log_message(self, format, *args) -> None:  # keeps test output quiet
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A caller that went away mid-answer (a killed `tipjar serve`) is no error of the fake's."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class FakeSlack(SlackWorkspace):
    """The workspace behind HTTP: `with FakeSlack() as fake:` serves it at fake.url until the block ends."""

    def __init__(self) -> None:
        super().__init__()
        self._stopping = threading.Event()
        self._calls: list[Call] = []
        self._responses: dict[str, list] = {}
        self._failures: dict[str, _Failure] = {}
        self._later_failures: dict[str, _LaterFailure] = {}
        self._hangs: dict[str, float] = {}
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    def start(self, port: int = 0) -> FakeSlack:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.daemon_threads, self._server.fake = True, self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in hang()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def go_down(self) -> None:
        """Slack unreachable (an outage, a proxy not yet opened): connections to fake.url are refused until
        come_up(), which listens again at the same address."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def come_up(self) -> None:
        self.start(int(self.url.rsplit(":", 1)[1]))

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[dict]:
        return [call.params for call in self.calls if call.method == method]

    def response_url(self, id: str) -> str:
        return f"{self.url}/response/{id}"

    def responses(self, id: str) -> list:
        with self._lock:
            return list(self._responses.get(id, []))

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict]:
        """Blocks until `count` calls to `method` have arrived; returns the params of all of them."""
        return self._wait(lambda: self.calls_to(method), count, timeout, f"call(s) to {method}")

    def wait_for_responses(self, id: str, count: int = 1, timeout: float = 5.0) -> list:
        """Blocks until `count` bodies were posted to response_url(id); returns all of them."""
        return self._wait(lambda: self.responses(id), count, timeout, f"post(s) to response_url({id!r})")

    def fail_next(self, method: str, status: int | None = None, *, error: str | None = None,
                  retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls to `method` fail. Without an error: HTTP 429, Retry-After, "ratelimited".
        With an error: HTTP 200 {"ok": false, "error": error} (429 for "ratelimited", as Slack does)."""
        error = error or "ratelimited"
        status = status or (429 if error == "ratelimited" else 200)
        with self._lock:
            self._failures[method] = _Failure(status, error, retry_after, times)

    def fail_call(self, method: str, number: int, *, error: str = "internal_error", after_doing_it: bool = False) -> None:
        """The `number`th call to `method` from now answers {"ok": false, "error": error}; with `after_doing_it`,
        only once it has done what was asked (a message posted, its answer lost on the way back)."""
        with self._lock:
            self._later_failures[method] = _LaterFailure(number - 1, error, after_doing_it)

    def hang(self, method: str, seconds: float) -> None:
        """Every call to `method` sleeps `seconds` before answering, until reset_failures()."""
        with self._lock:
            self._hangs[method] = seconds

    def forget_calls(self) -> None:
        """Start a clean record: what `calls` and `responses` show from now on is what came after. The workspace
        (users, channels, messages) stays as it is."""
        with self._lock:
            self._calls.clear()
            self._responses.clear()

    def reset_failures(self) -> None:
        with self._lock:
            self._failures.clear()
            self._later_failures.clear()
            self._hangs.clear()

    def _wait(self, collect, count: int, timeout: float, what: str) -> list:
        with self._lock:
            if not self._lock.wait_for(lambda: len(collect()) >= count, timeout):
                seen = [call.method for call in self._calls]
                raise AssertionError(f"expected {count} {what} within {timeout}s; calls so far: {seen}")
            return collect()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        try:
            status, headers, answer = self._route(request, body)
        except Exception as exc:  # a bug in the fake or a malformed request: say so instead of hanging up
            status, headers, answer = 500, {}, {"ok": False, "error": f"fake_slack_failed: {exc!r}"}
        data = json.dumps(answer).encode()
        request.send_response(status)
        with self._lock:
            granted = ",".join(self.scopes)
        for name, value in {**headers, "x-oauth-scopes": granted, "Content-Type": "application/json; charset=utf-8"}.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _route(self, request: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict, dict]:
        path = urlsplit(request.path).path
        if path.startswith("/response/"):
            return self._record_response(path.removeprefix("/response/"), body)
        if not path.startswith("/api/"):
            return 404, {}, {"ok": False, "error": "not_found"}
        method, params = path.removeprefix("/api/"), _parse_params(request, body)
        authorization = request.headers.get("Authorization")
        with self._lock:
            self._calls.append(Call(method, params, authorization))
            self._lock.notify_all()
            delay, failure = self._hangs.get(method, 0), self._take_failure(method)
            later = self._take_later_failure(method)
        self._stopping.wait(delay)
        if failure:
            retry = {"Retry-After": str(failure.retry_after)} if failure.status == 429 else {}
            return failure.status, retry, {"ok": False, "error": failure.error}
        if later and not later.after_doing_it:
            return 200, {}, {"ok": False, "error": later.error}
        answer = self.answer(method, params, authorization or params.get("token"))
        return 200, {}, {"ok": False, "error": later.error} if later else answer

    def _record_response(self, id: str, body: bytes) -> tuple[int, dict, dict]:
        with self._lock:
            self._responses.setdefault(id, []).append(json.loads(body or b"null"))
            self._lock.notify_all()
        return 200, {}, {"ok": True}

    def _take_later_failure(self, method: str) -> _LaterFailure | None:
        later = self._later_failures.get(method)
        if later is None:
            return None
        if later.calls_before > 0:
            later.calls_before -= 1
            return None
        return self._later_failures.pop(method)

    def _take_failure(self, method: str) -> _Failure | None:
        failure = self._failures.get(method)
        if failure:
            failure.times -= 1
            if failure.times <= 0:
                del self._failures[method]
        return failure
