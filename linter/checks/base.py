"""What every check kind shares: parameter schemas, findings, the per-document context.

A kind is code; a rule is data. Each kind module declares `PARAMS` (its parameter schema),
`CONDITIONS` (what a rule of that kind may test), `MESSAGES` (default message per
condition, with the placeholders it fills) and `check(doc, rule, ctx)`. Parameters are
validated and regexes compiled once when the policy loads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

import regex

from ..document import Block, BlockKind, Document
from ..literals import occurrences
from ..patterns import Pattern
from ..watchdog import Expired

if TYPE_CHECKING:
    from ..literals import Anchor
    from ..policy import Rule


_S = TypeVar("_S")


class RegexTimeout(Exception):
    """A policy pattern ran longer than the configured limit on one document."""

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern)
        self.pattern = pattern


class Finding(NamedTuple):
    """A problem a check found, in source offsets of the document."""

    start: int
    end: int
    message: str
    evidence: Mapping[str, str] = {}
    severity: str | None = None  # a kind may grade a finding itself (a licence term); config still wins


class Param(NamedTuple):
    """One parameter of a kind: how to read it and its default."""

    type: str  # regex | regexes | entries | string | strings | int | number | bool | choice
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""


class Entry(NamedTuple):
    """A pattern with an optional message of its own (for `forbid` lists)."""

    pattern: Pattern
    message: str | None = None


# What a `{pattern, message}` item's own message may use (the `phrase` kind's forbid items).
ENTRY_PLACEHOLDERS = ("match", "service")


class Kind(Protocol):
    """A check kind module. Members are read-only, so a module's dicts satisfy them."""

    @property
    def NAME(self) -> str: ...
    @property
    def PARAMS(self) -> Mapping[str, Param]: ...
    @property
    def CONDITIONS(self) -> tuple[str, ...]: ...
    @property
    def MESSAGES(self) -> Mapping[str, str]: ...
    @property
    def PLACEHOLDERS(self) -> Mapping[str, tuple[str, ...]]: ...

    def prepare(self, options: Mapping[str, Any]) -> object:
        """Derive what `check` needs from the validated options, once per rule."""
        ...

    def check(self, doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]: ...


class Context:
    """What a check may know beyond the document: the run's settings and a cache.

    The cache lets rules of one kind share a parse (four copyright rules parse the
    copyright lines once); keys are the kind's hashable specs.
    """

    __slots__ = ("cache", "house_style", "originals", "service", "terms", "timeout")

    def __init__(
        self,
        timeout: float | None,
        service: str = "",
        cache: dict[object, object] | None = None,
        terms: Mapping[str, object] | None = None,
        originals: object = None,
        house_style: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.timeout = timeout  # seconds per regex call; None: the watchdog's alarm is armed
        self.service = service
        self.cache = {} if cache is None else cache
        self.terms = terms or {}  # the policy's licence terms for this run
        self.originals = originals  # the run's OriginalsIndex, when it has originals
        self.house_style = house_style

    def cached(self, key: object, compute: Callable[[], Any]) -> Any:
        try:
            return self.cache[key]
        except KeyError:
            value = self.cache[key] = compute()
            return value


_SPECS: dict[object, object] = {}


def shared(spec: _S) -> _S:
    """One object for equal specs: rules whose options derive the same spec (AP201 to AP204
    parse the same copyright lines) then share it, and checks key the per-document cache
    by the spec's identity. Hashing a spec of patterns on every lookup cost ~1 us."""
    try:
        return _SPECS.setdefault(spec, spec)  # type: ignore[return-value]
    except TypeError:  # a spec holding a list or a dict: not shared
        return spec


# -- helpers for kinds ------------------------------------------------------------------


def finditer(
    pattern: Pattern, text: str, ctx: Context, pos: int = 0, endpos: int | None = None
) -> list[regex.Match[str]]:
    """All matches of a policy pattern, stopped by the run's time limit.

    `ctx.timeout` is None when the watchdog's alarm guards the document (watchdog.py):
    `regex` then runs without its per-call clock.
    """
    compiled = pattern.compiled
    timeout = ctx.timeout
    alternatives = pattern.alternatives
    if alternatives is not None:  # nothing to run away: each string is a plain search
        return _literal_finditer(compiled, alternatives, text, pos, len(text) if endpos is None else endpos)
    anchor = pattern.anchor
    if anchor is not None:
        found = _anchored(pattern, anchor, text, pos, len(text) if endpos is None else endpos, timeout, every=True)
        if found is not None:
            return found
    try:
        if timeout is None:
            if endpos is None:
                return list(compiled.finditer(text, pos))
            return list(compiled.finditer(text, pos, endpos))
        if endpos is None:
            return list(compiled.finditer(text, pos, timeout=timeout))
        return list(compiled.finditer(text, pos, endpos, timeout=timeout))
    except (TimeoutError, Expired):
        raise RegexTimeout(pattern.pattern) from None


def _literal_finditer(
    compiled: regex.Pattern[str], strings: tuple[str, ...], text: str, pos: int, endpos: int
) -> list[regex.Match[str]]:
    """`compiled.finditer` for a pattern that is only alternative literals: the strings are
    found with few scans (`literals.occurrences`; `regex` skips through a text for one
    literal, but tries an alternation at every position), then the pattern is matched
    where one occurs, so the matches are exactly the ones `finditer` gives."""
    starts = occurrences(text, strings, pos, endpos)
    found: list[regex.Match[str]] = []
    after = pos
    for at in sorted(starts):
        if at < after:
            continue  # inside the previous match
        m = compiled.match(text, at, endpos)
        if m is not None:
            found.append(m)
            after = m.end()
    return found


ANCHOR_LIMIT = 24  # occurrences of a pattern's anchor strings past which it is scanned for instead


def _anchored(
    pattern: Pattern, anchor: Anchor, text: str, pos: int, endpos: int, timeout: float | None, every: bool
) -> list[regex.Match[str]] | None:
    """`finditer` (or the first match, `every` False) of a pattern with an anchor
    (literals.anchor): a match starts at most `reach` characters before one of the
    anchor's strings, so only those places are tried, each once, left to right, and the
    matches are exactly finditer's. None where the strings occur too often to pay.

    Every start from `pos` on that can begin a match is tried in order: one in front of
    an occurrence's window would need an earlier occurrence within `reach`, whose window
    held it. With a per-call `timeout`, the tries share it, as one scan would have.
    """
    starts = occurrences(text, anchor.strings, pos, endpos)
    if len(starts) > ANCHOR_LIMIT:
        return None
    match = pattern.compiled.match
    found: list[regex.Match[str]] = []
    cursor = pos  # where the next match may start (after the last one found)
    tried = pos - 1  # the last start tried
    deadline = 0.0 if timeout is None else time.monotonic() + timeout
    try:
        for at in sorted(starts):
            if at < cursor:
                continue  # inside the last match found
            for start in range(max(cursor, at - anchor.reach, tried + 1), at + 1):
                tried = start
                if timeout is None:
                    m = match(text, start, endpos)
                else:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    m = match(text, start, endpos, timeout=left)
                if m is not None:
                    found.append(m)
                    if not every:
                        return found
                    cursor = m.end()
                    break
    except (TimeoutError, Expired):
        raise RegexTimeout(pattern.pattern) from None
    return found


def search(
    pattern: Pattern, text: str, ctx: Context, pos: int = 0, endpos: int | None = None
) -> regex.Match[str] | None:
    compiled = pattern.compiled
    timeout = ctx.timeout
    anchor = pattern.anchor
    if anchor is not None:
        found = _anchored(pattern, anchor, text, pos, len(text) if endpos is None else endpos, timeout, every=False)
        if found is not None:
            return found[0] if found else None
    try:
        if timeout is None:
            if endpos is None:
                return compiled.search(text, pos)
            return compiled.search(text, pos, endpos)
        if endpos is None:
            return compiled.search(text, pos, timeout=timeout)
        return compiled.search(text, pos, endpos, timeout=timeout)
    except (TimeoutError, Expired):
        raise RegexTimeout(pattern.pattern) from None


def match(pattern: Pattern, text: str, ctx: Context, pos: int, endpos: int) -> regex.Match[str] | None:
    """A policy pattern matched at `pos`, stopped by the run's time limit."""
    try:
        if ctx.timeout is None:
            return pattern.compiled.match(text, pos, endpos)
        return pattern.compiled.match(text, pos, endpos, timeout=ctx.timeout)
    except (TimeoutError, Expired):
        raise RegexTimeout(pattern.pattern) from None


SCOPES = ("lead", "body", "end", "headline", "captions", "anywhere")
LEAD_BLOCKS = 3
END_BLOCKS = 4


def scope_blocks(doc: Document, scope: str) -> list[Block]:
    """The blocks a scope covers. `lead`: the first three paragraphs (headlines, decks and
    photo captions above the story do not count; the byline and dateline live there); `end`: the last four blocks (credit, copyright
    line and notice live there); `body` and `anywhere`: every block."""
    blocks = doc.blocks
    if scope in ("body", "anywhere"):
        return list(blocks)
    if scope == "headline":
        return [b for b in blocks if b.kind is BlockKind.HEADLINE]
    if scope == "captions":
        return [b for b in blocks if b.kind is BlockKind.CAPTION]
    if scope == "lead":
        return [b for b in blocks if b.kind is BlockKind.PARAGRAPH][:LEAD_BLOCKS]
    text = [b for b in blocks if b.kind is not BlockKind.HEADLINE]
    if scope == "end":
        return text[-END_BLOCKS:]
    raise ValueError(scope)


def scope_ranges(doc: Document, scope: str) -> list[tuple[int, int]]:
    """Ranges of the body a scope covers, adjacent blocks merged so a pattern runs once."""
    if scope in ("body", "anywhere"):
        return [(0, len(doc.body))] if doc.blocks else []
    ranges: list[tuple[int, int]] = []
    blocks = doc.blocks
    chosen = scope_blocks(doc, scope)
    if not chosen:
        return ranges
    index = {id(b): i for i, b in enumerate(blocks)}
    prev = -2
    for b in chosen:
        i = index[id(b)]
        if ranges and i == prev + 1:
            ranges[-1] = (ranges[-1][0], b.end)
        else:
            ranges.append((b.start, b.end))
        prev = i
    return ranges


def body_finding(
    doc: Document, start: int, end: int, message: str, evidence: Mapping[str, str] | None = None
) -> Finding:
    """A finding for `doc.body[start:end]`, in source offsets."""
    bmap = doc.body_map
    src_start = bmap.to_source(start)
    src_end = bmap.to_source_end(end) if end > start else src_start
    return Finding(src_start, max(src_start, src_end), message, evidence or {})


def last_block_start(doc: Document) -> int:
    """Where a missing end-of-story line (copyright, notice) is reported: the last block."""
    blocks = [b for b in doc.blocks if b.kind is not BlockKind.HEADLINE]
    return blocks[-1].start if blocks else 0


def excerpt(text: str, limit: int = 80) -> str:
    """A one-line excerpt for messages."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"
