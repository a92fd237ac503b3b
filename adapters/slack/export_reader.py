"""A standard Slack workspace export (the zip an admin downloads) read as tips: what was saved before Tipjar
arrived. Pure reading and translation: no store, no network, nothing downloaded.

Layout: channels.json (public channels), groups.json (private channels, in exports that include them),
users.json, and one folder per channel of <YYYY-MM-DD>.json files, each a JSON list of messages. A message
that carries a capture-emoji reaction becomes a tip (origin `import`) with its reactors as savers, its
author, and a permalink as a live capture would have; bot messages and join/leave notices are left out.
Edits are as the export shows them (the latest text). A file that cannot be read is reported by name (and
line, for bad JSON) and skipped; the rest of the export is still read.
"""
from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import PurePosixPath

from adapters.slack.translate import file_refs
from bot.model import Origin, Person, Source, SourceRef, Tip, Visibility

_DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
_SKIPPED_SUBTYPES = frozenset({"channel_join", "channel_leave", "group_join", "group_leave", "bot_message",
                               "channel_topic", "channel_purpose", "channel_name", "pinned_item", "tombstone"})
MAX_FILE_BYTES = 64_000_000
"""One day of one channel larger than this is refused (named and skipped), never read into memory."""


@dataclass(frozen=True)
class ExportChannel:
    id: str
    name: str
    private: bool


@dataclass(frozen=True)
class DayFile:
    channel: ExportChannel
    path: str
    day: date


class SlackExport:
    """An opened export: its channels, people and day files, and the tips in them."""

    def __init__(self, archive: zipfile.ZipFile, team_id: str, workspace_url: str, emojis: frozenset[str],
                 problem: Callable[[str], None]) -> None:
        self.archive, self.team_id, self.emojis, self.problem = archive, team_id, emojis, problem
        self.base_url = workspace_url.rstrip("/") if workspace_url.startswith("https://") else ""
        self.names = {u["id"]: _person_name(u) for u in self._listing("users.json") if isinstance(u.get("id"), str)}
        self.channels = self._channels()
        self.messages_read = 0

    def _listing(self, name: str) -> list[dict]:
        """A top-level list file; [] (and a problem reported) when it is absent or unreadable."""
        if name not in self.archive.namelist():
            return []
        loaded = self._json(name)
        return [item for item in loaded if isinstance(item, dict)] if isinstance(loaded, list) else []

    def _json(self, name: str) -> object:
        info = self.archive.getinfo(name)
        if info.file_size > MAX_FILE_BYTES:
            self.problem(f"{name}: {info.file_size:,} bytes, more than one day's file may hold: skipped")
            return None
        try:
            return json.loads(self.archive.read(name).decode("utf-8"))
        except UnicodeDecodeError:
            self.problem(f"{name}: not UTF-8 text: skipped")
        except json.JSONDecodeError as exc:
            self.problem(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg}): skipped")
        except RecursionError:  # the parser recurses once per level: no export nests that deep
            self.problem(f"{name}: JSON nested too deeply to read: skipped")
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            self.problem(f"{name}: cannot be read from the zip ({exc}): skipped")
        return None

    def _channels(self) -> dict[str, ExportChannel]:
        found: dict[str, ExportChannel] = {}
        for listing, private in (("channels.json", False), ("groups.json", True)):
            for item in self._listing(listing):
                if isinstance(item.get("id"), str) and isinstance(item.get("name"), str):
                    found[item["name"]] = ExportChannel(item["id"], item["name"], private or bool(item.get("is_private")))
        return found

    def day_files(self, channels: frozenset[str] | None = None, since: date | None = None) -> list[DayFile]:
        """The day files to read, oldest first within each channel; unknown folders are named and skipped."""
        files = []
        for name in sorted(self.archive.namelist()):
            path = PurePosixPath(name)
            match = _DAY_FILE.match(path.name)
            if len(path.parts) != 2 or match is None:
                continue
            channel = self.channels.get(path.parts[0])
            if channel is None:
                self.problem(f"{name}: its folder is not a channel in channels.json or groups.json: skipped")
                continue
            try:
                day = date.fromisoformat(match.group(1))
            except ValueError:
                self.problem(f"{name}: not a date: skipped")
                continue
            if (channels is None or channel.name in channels) and (since is None or day >= since):
                files.append(DayFile(channel, name, day))
        return files

    def tips(self, day_file: DayFile) -> Iterator[Tip]:
        """The tips of one day file (nothing, and the file named, when it cannot be read)."""
        messages = self._json(day_file.path)
        if messages is None:
            return
        if not isinstance(messages, list):
            self.problem(f"{day_file.path}: not a list of messages: skipped")
            return
        for message in messages:
            self.messages_read += 1
            if isinstance(message, dict) and (tip := self._tip(day_file.channel, message)) is not None:
                yield tip

    def _tip(self, channel: ExportChannel, message: dict) -> Tip | None:
        return message_tip(message, channel, self.team_id, saved_by(message, self.emojis),
                           lambda user: self.names.get(user, ""), self._permalink)

    def _permalink(self, channel_id: str, ts: str, thread: str | None) -> str:
        if not self.base_url:
            return ""
        link = f"{self.base_url}/archives/{channel_id}/p{ts.replace('.', '')}"
        return link + (f"?thread_ts={thread}&cid={channel_id}" if thread and thread != ts else "")


def saved_by(message: dict, emojis: frozenset[str]) -> list[str]:
    """Who reacted to `message` with a capture emoji (skin tones count), in reaction order."""
    reactions = message.get("reactions") if isinstance(message.get("reactions"), list) else []
    savers: list[str] = []
    for reaction in reactions:
        if isinstance(reaction, dict) and str(reaction.get("name", "")).split("::")[0] in emojis:
            users = reaction.get("users") if isinstance(reaction.get("users"), list) else []
            savers += [u for u in users if isinstance(u, str) and u not in savers]
    return savers


def message_tip(message: dict, channel: ExportChannel, team_id: str, savers: list[str],
                name_of: Callable[[str], str], link: Callable[[str, str, str | None], str]) -> Tip | None:
    """The tip a flagged message becomes (as a live capture would store it); None for anything else."""
    user, ts, text, subtype = message.get("user"), message.get("ts"), message.get("text"), message.get("subtype")
    if (not savers or message.get("bot_id") or (isinstance(subtype, str) and subtype in _SKIPPED_SUBTYPES)
            or not isinstance(user, str) or not isinstance(ts, str) or not isinstance(text, str) or not text.strip()):
        return None
    posted = _posted_at(ts)
    if posted is None:
        return None
    thread = message.get("thread_ts") if isinstance(message.get("thread_ts"), str) else None
    thread = thread if thread and thread != ts else None
    source = Source(SourceRef("slack", team_id, channel.id, ts), Person(user, name_of(user)), thread_id=thread,
                    permalink=link(channel.id, ts, thread), channel_name=channel.name, posted_at=posted,
                    files=file_refs(message))
    visibility = Visibility.PRIVATE if channel.private else Visibility.PUBLIC
    return Tip(source, text, visibility, Origin.IMPORT, captured_at=posted, savers=savers)


def _person_name(user: dict) -> str:
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    for name in (profile.get("real_name"), user.get("real_name"), profile.get("display_name"), user.get("name")):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return ""


def _posted_at(ts: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
