"""Baselines: accept today's violations, report only new ones (docs/ci.md).

An entry is keyed by the file's path (relative to the baseline file's folder, with '/'),
the rule and the normalised text of the flagged passage (whitespace collapsed), never by
line number: an edit elsewhere in the file moves a finding without resurrecting it. A
finding about something missing has an empty passage; it matches while the file still
lacks that thing. Entries count: two identical findings need two entries.

Stale entries (nothing in this run matched them) are counted only for files this run
checked, so a run on a few changed files does not call the rest of the baseline stale.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .engine import decode
from .errors import SourceError, UsageError
from .fsutil import write_atomic
from .violation import Violation

FORMAT = 1
MAX_PASSAGE = 500  # characters kept of a flagged passage (a key, not a copy of the story)

Key = tuple[str, str, str]


class Outcome(NamedTuple):
    new: list[Violation]
    matched: int
    stale: int


def passage(text: str, v: Violation) -> str:
    """The flagged text of `v` in `text` (the decoded file), whitespace collapsed."""
    lines = text.split("\n")
    if not 1 <= v.line <= len(lines):
        return ""
    end_line = min(max(v.end_line, v.line), len(lines))
    if end_line == v.line:
        piece = lines[v.line - 1][v.column - 1 : max(v.end_column, v.column) - 1]
    else:
        piece = "\n".join(
            [lines[v.line - 1][v.column - 1 :], *lines[v.line : end_line - 1], lines[end_line - 1][: v.end_column - 1]]
        )
    return unicodedata.normalize("NFC", " ".join(piece.split()))[:MAX_PASSAGE]


def _read(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            text, _ = decode(fh.read())
    except OSError:
        return ""
    return text or ""


def _rel(path: str, base: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def keys(violations: Sequence[Violation], base: str) -> list[Key]:
    """The key of each violation, reading each flagged file once."""
    texts: dict[str, str] = {}
    out = []
    for v in violations:
        if v.path not in texts:
            texts[v.path] = _read(v.path)
        out.append((_rel(v.path, base), v.rule, passage(texts[v.path], v)))
    return out


def write(path: str, violations: Sequence[Violation]) -> int:
    """Write the baseline for `violations` to `path`; the number of entries."""
    base = os.path.dirname(os.path.abspath(path))
    ks = keys(violations, base)
    counted = Counter(ks)
    messages = {k: v.message for k, v in zip(ks, violations, strict=True)}
    entries = [
        {"path": p, "rule": r, "text": t, "count": n, "message": messages[(p, r, t)]}
        for (p, r, t), n in sorted(counted.items())
    ]
    body = ",\n    ".join(json.dumps(e, ensure_ascii=False, sort_keys=False) for e in entries)
    text = (
        f'{{\n  "tool": "wirelint",\n  "version": {FORMAT},\n  "entries": [\n    {body}\n  ]\n}}\n'
        if entries
        else f'{{\n  "tool": "wirelint",\n  "version": {FORMAT},\n  "entries": []\n}}\n'
    )
    write_atomic(path, text)
    return len(entries)


def load(path: str) -> Counter[Key]:
    """The entries of a baseline file; a malformed one is a `file:line:col` error."""
    try:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {path} (create it with 'wirelint baseline write {path}')") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read baseline {path}: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceError(path, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("tool") != "wirelint" or not isinstance(data.get("entries"), list):
        raise SourceError(path, 1, 1, 'not a wirelint baseline (expected {"tool": "wirelint", "entries": [...]})')
    if data.get("version") != FORMAT:
        raise SourceError(
            path, 1, 1, f"unsupported baseline version {data.get('version')!r}; this wirelint reads {FORMAT}"
        )
    entries: Counter[Key] = Counter()
    for i, e in enumerate(data["entries"]):
        ok = (
            isinstance(e, dict)
            and all(isinstance(e.get(k), str) for k in ("path", "rule", "text"))
            and isinstance(e.get("count", 1), int)
            and e.get("count", 1) >= 1
        )
        if not ok:
            raise SourceError(
                path,
                _entry_line(raw, i),
                1,
                f"entry {i + 1}: needs string 'path', 'rule', 'text' and a positive 'count'",
            )
        entries[(e["path"], e["rule"], e["text"])] += e.get("count", 1)
    return entries


def _entry_line(raw: str, index: int) -> int:
    """Best-effort line of the index-th entry (entries are written one per line)."""
    start = raw.find('"entries"')
    lines = raw[start:].split("\n") if start >= 0 else []
    first = raw[:start].count("\n") + 1 if start >= 0 else 1
    return first + 1 + index if len(lines) > index + 1 else first


def apply(path: str, entries: Counter[Key], violations: Sequence[Violation], checked: Iterable[str]) -> Outcome:
    """Drop the violations the baseline (`entries`, loaded from `path`) records; count what
    it no longer matches."""
    base = os.path.dirname(os.path.abspath(path))
    remaining = entries.copy()
    new: list[Violation] = []
    matched = 0
    for v, key in zip(violations, keys(violations, base), strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
            matched += 1
        else:
            new.append(v)
    in_run = {_rel(p, base) for p in checked}
    stale = sum(n for (p, _, _), n in remaining.items() if n > 0 and p in in_run)
    return Outcome(new, matched, stale)
