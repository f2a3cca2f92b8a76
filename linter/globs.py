"""Path globs as in .gitignore-style configs: `**` spans folders, a pattern without '/' matches a name anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable


def glob_to_regex(pattern: str) -> str:
    anywhere = "/" not in pattern.rstrip("/")
    pattern = pattern.lstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = pattern.find("]", i + 1)
            if close < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1 : close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    core = "".join(out)
    if pattern.endswith("/"):
        core += ".*"  # a folder: everything in it
    prefix = "(?:.*/)?" if anywhere else ""
    return f"{prefix}{core}(?:/.*)?"


class GlobSet:
    """Several globs compiled into one regex; matches a '/'-separated relative path."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        for p in self.patterns:
            try:
                re.compile(glob_to_regex(p))
            except re.error as exc:
                raise ValueError(f"invalid glob '{p}': {exc.msg}") from None
        joined = "|".join(f"(?:{glob_to_regex(p)})" for p in self.patterns)
        self._re = re.compile(f"(?:{joined})\\Z") if self.patterns else None

    def match(self, path: str) -> bool:
        return bool(self._re and self._re.match(path))

    def __repr__(self) -> str:
        return f"GlobSet({list(self.patterns)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GlobSet) and other.patterns == self.patterns

    def __hash__(self) -> int:
        return hash(self.patterns)
