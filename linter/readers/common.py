"""Pieces every reader shares: suppression comments, dates from metadata, inline text maps."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..dates import DATE_KEYS, parse_date
from ..document import Block, Directive, MetaField, TextMap

# `wirelint-disable-next AP801, AP501: reason`  (also disable / enable / disable-file)
_DIRECTIVE = re.compile(
    r"^\s*wirelint-(?P<action>disable-next|disable-file|disable|enable)\b"
    r"(?P<rules>[^:]*?)\s*(?::\s*(?P<reason>.*?))?\s*$",
    re.DOTALL,
)
_RULE_ID = re.compile(r"[A-Za-z]+\d+")


class RawDirective(NamedTuple):
    action: str
    rules: tuple[str, ...]
    reason: str
    start: int  # source offsets of the whole comment
    end: int


def parse_directive(comment_body: str, start: int, end: int) -> RawDirective | None:
    """A directive from the inside of an HTML comment, or None for an ordinary comment."""
    m = _DIRECTIVE.match(comment_body)
    if not m:
        return None
    rules = tuple(r.upper() for r in _RULE_ID.findall(m.group("rules")))
    return RawDirective(m.group("action"), rules, (m.group("reason") or "").strip(), start, end)


def resolve_directives(
    raw: Sequence[RawDirective], body_map: TextMap, blocks: Sequence[Block], source_len: int
) -> tuple[Directive, ...]:
    """Work out which stretch of the source each directive covers.

    `disable-next` covers the next block after the comment; `disable` runs, for each rule
    it names, to the next `enable` naming that rule (or the end of the file; a directive
    naming several rules becomes one per rule); `disable-file` covers all.
    """
    if not raw:
        return ()
    block_spans = [(body_map.to_source(b.start), body_map.to_source_end(b.end)) for b in blocks]
    out: list[Directive] = []
    for i, d in enumerate(raw):
        if d.action == "disable-next":
            span = next(((s, e) for s, e in block_spans if s >= d.end), None)
            frm, to = span if span else (d.end, d.end)
        elif d.action == "disable" and len(d.rules) > 1:
            # Each rule runs to the first `enable` that names it: `enable AP801` ends
            # AP801's suppression, not AP302's from the same comment.
            for rule in d.rules:
                to = next(
                    (x.start for x in raw[i + 1 :] if x.action == "enable" and (not x.rules or rule in x.rules)),
                    source_len,
                )
                out.append(Directive(d.action, (rule,), d.reason, d.start, d.end, d.end, to))
            continue
        elif d.action == "disable":
            frm, to = d.end, source_len
            for later in raw[i + 1 :]:
                if later.action == "enable" and (not later.rules or set(d.rules) & set(later.rules)):
                    to = later.start
                    break
        elif d.action == "disable-file":
            frm, to = 0, source_len
        else:  # enable: covers nothing itself
            frm, to = d.start, d.start
        out.append(Directive(d.action, d.rules, d.reason, d.start, d.end, frm, to))
    return tuple(out)


def publication_date(fields: Iterable[MetaField]) -> tuple[dt.date | None, int]:
    """The first recognised date among the date-holding fields, by key priority."""
    by_key: dict[str, MetaField] = {}
    for f in fields:
        by_key.setdefault(f.key.lower(), f)
    for key in DATE_KEYS:
        found = by_key.get(key)
        if found is None:
            continue
        for value in found.values:
            date = parse_date(value)
            if date is not None:
                return date, found.offset
    return None, 0


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def add_with_entities(pieces: list[tuple[str, int]], text: str, source_start: int) -> None:
    """Append `text` (raw HTML character data at `source_start`) with entities decoded.

    Each decoded entity becomes a piece of its own mapped to the `&`, so positions after
    it stay exact.
    """
    if "&" not in text:
        pieces.append((text, source_start))
        return
    import html

    pos = 0
    for m in _ENTITY.finditer(text):
        if m.start() > pos:
            pieces.append((text[pos : m.start()], source_start + pos))
        pieces.append((html.unescape(m.group()), source_start + m.start()))
        pos = m.end()
    if pos < len(text):
        pieces.append((text[pos:], source_start + pos))
