"""What a `docker build` of this repository puts in its image, computed without Docker.

`context_files` applies .dockerignore to a tree the way Docker does (the last pattern that matches a path or
one of its parent directories decides; `!` re-includes), and `copy_sources` reads every COPY and ADD of the
Dockerfile. Together they tell which files of a tree a build could copy into the image.
"""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

BUILD_FLAGS = ("--chown=", "--chmod=", "--link", "--parents=false")


@dataclass(frozen=True)
class Copy:
    instruction: str
    sources: tuple[str, ...]
    destination: str
    from_stage: str | None


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) of each instruction, continuation lines joined and comments dropped."""
    joined, current = [], ""
    for line in dockerfile.splitlines():
        if not current and line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip():
            joined.append(current.strip())
        current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1] if " " in text else "") for text in joined]


def copy_sources(dockerfile: str) -> list[Copy]:
    copies = []
    for keyword, arguments in instructions(dockerfile):
        if keyword not in ("COPY", "ADD"):
            continue
        words = shlex.split(arguments)
        flags = [word for word in words if word.startswith("--")]
        paths = [word for word in words if not word.startswith("--")]
        if paths and paths[0].startswith("["):  # the JSON form
            paths = [str(path) for path in json.loads(arguments[arguments.index("["):])]
        unknown = [flag for flag in flags if not flag.startswith(("--from=", *BUILD_FLAGS))]
        assert not unknown, f"{keyword} {arguments}: flags this check does not know: {unknown}"
        stage = next((flag.split("=", 1)[1] for flag in flags if flag.startswith("--from=")), None)
        copies.append(Copy(keyword, tuple(paths[:-1]), paths[-1], stage))
    return copies


def _pattern_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern as Docker reads it: `**` any number of directories, `*` and `?` within one."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def ignore_rules(dockerignore: str) -> list[tuple[bool, re.Pattern]]:
    """(is an exception, pattern) for each line of a .dockerignore."""
    rules = []
    for line in dockerignore.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        cleaned = str(PurePosixPath(line.lstrip("!").strip().lstrip("/")))
        rules.append((exception, _pattern_regex(cleaned)))
    return rules


def ignored(path: str, rules: list[tuple[bool, re.Pattern]]) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    verdict = False
    for exception, pattern in rules:
        if any(pattern.fullmatch(prefix) for prefix in prefixes):
            verdict = not exception
    return verdict


def context_files(root: Path, dockerignore: str) -> set[str]:
    """Every file of `root` that `docker build root` sends to the builder."""
    rules = ignore_rules(dockerignore)
    files = (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return {path for path in files if not ignored(path, rules)}


def copied(source: str, context: set[str]) -> set[str]:
    """The context files a COPY of `source` (a file or a directory) takes."""
    source = PurePosixPath(source).as_posix().strip("/")
    if source in ("", "."):
        return set(context)
    return {path for path in context if path == source or path.startswith(source + "/")}
