"""`copyright`: the service's copyright line, parsed into holder and years, then judged.

A copyright line is a marker (`Copyright`, `©`, `(c)`), optionally years, then a holder,
with nothing but years, spaces and punctuation between the marker and the holder
("Copyright law experts told the Associated Press" is not a copyright line). A line
belongs to this service when its holder matches `holder`, or `altered` (a mangled form
such as "Associated Pres" or "AP News"). Lines naming other holders are ignored.

| name | type | default | meaning |
|---|---|---|---|
| `holder` | regex | required | the holder as the licence spells it |
| `altered` | regex | none | mangled forms of the holder |
| `marker` | regex | `Copyright`, `COPYRIGHT`, `©`, `(c)`, `(C)` | what starts a copyright line |
| `fields` | list of strings | copyright, rights | metadata fields holding a copyright line |
| `scope` | lead, body, end, anywhere | body | where lines are looked for |

Put `holder` and `altered` in the policy's `kinds: {copyright: …}` block so that every
condition sees the same lines: otherwise a mangled holder is both `holder-altered` and,
for a `missing` rule that does not know the mangled form, a missing line.

Conditions: `missing` (no line for this service), `year-missing` (a line without a year),
`year-mismatch` (the year differs from the story's publication year; nothing is reported
when no date is known; a range such as 2023-2024 matches any year in it),
`holder-altered` (the holder matched only `altered`).

```yaml
- id: AP202
  slug: copyright-year-missing
  kind: copyright
  condition: year-missing
  holder: '(?:The\\s+)?Associated\\s+Press'
```
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from ..document import Document
from ..patterns import Pattern
from .base import (
    SCOPES,
    Context,
    Finding,
    Param,
    body_finding,
    excerpt,
    finditer,
    last_block_start,
    match,
    scope_ranges,
)

if TYPE_CHECKING:
    from ..policy import Rule

NAME = "copyright"
MARKER = r"(?:Copyright|COPYRIGHT|©|\([cC]\))"
PARAMS = {
    "holder": Param("regex", required=True, doc="the holder as the licence spells it"),
    "altered": Param("regex", default=None, doc="mangled forms of the holder"),
    "marker": Param("regex", default=Pattern(MARKER), doc="what starts a copyright line"),
    "fields": Param("strings", default=("copyright", "rights"), doc="metadata fields holding a copyright line"),
    "scope": Param("choice", default="body", choices=SCOPES, doc="where lines are looked for"),
}
CONDITIONS = ("missing", "year-missing", "year-mismatch", "holder-altered")
MESSAGES = {
    "missing": "{service} copy has no copyright line naming {service}",
    "year-missing": "the copyright line '{line}' has no year",
    "year-mismatch": "the copyright year {year} does not match the story's publication year {pub_year}",
    "holder-altered": "the copyright holder '{holder}' is not spelled as the licence requires",
}
PLACEHOLDERS = {
    "missing": ("service",),
    "year-missing": ("service", "line"),
    "year-mismatch": ("service", "line", "year", "pub_year"),
    "holder-altered": ("service", "line", "holder"),
}

# Between the marker and the holder only years, spaces and punctuation may stand.
# wirelint's own patterns (not a policy's): plain `re`, cheaper to compile.
_GAP = re.compile(r"[\s\d,.;:/()\-–—©]*")
_BY = re.compile(r"(?i:by)\s+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)\s*[-–—]\s*(\d{2}|\d{4})(?!\d)")
_TRAILING_YEAR = re.compile(r"[\s,]*(1[89]\d\d|20\d\d)(?!\d)")
_LINE_LIMIT = 240
_GAP_LIMIT = 40


class CopyrightLine(NamedTuple):
    """A parsed copyright line, in source offsets."""

    start: int
    end: int
    text: str
    holder: str
    holder_start: int
    holder_end: int
    exact: bool  # the holder matched `holder`, not only `altered`
    years: tuple[int, ...]  # every year named; a range gives both ends
    year_start: int | None
    year_end: int | None

    def covers(self, year: int) -> bool:
        if not self.years:
            return False
        if len(self.years) == 2 and self.years[0] < self.years[1]:
            return self.years[0] <= year <= self.years[1]
        return year in self.years


class Spec(NamedTuple):
    holder: Pattern
    altered: Pattern | None
    marker: Pattern
    fields: tuple[str, ...]
    scope: str


def parse_lines(doc: Document, spec: Spec, ctx: Context) -> list[CopyrightLine]:
    """Every copyright line of this service in the document (body and metadata)."""
    lines: list[CopyrightLine] = []
    body = doc.body
    bmap = doc.body_map
    for start, end in scope_ranges(doc, spec.scope):
        covered = start
        for m in finditer(spec.marker, body, ctx, start, end):
            if m.start() < covered:
                continue  # "Copyright ©" — the second marker is part of the first line
            line = _parse_one(body, m, end, spec, ctx)
            if line is None:
                continue
            covered = line.end
            lines.append(_shift(line, bmap.to_source, bmap.to_source_end))
    for f in doc.meta(*spec.fields):
        for value in f.values:
            for m in finditer(spec.marker, value, ctx):
                line = _parse_one(value, m, len(value), spec, ctx)
                if line is not None:
                    lines.append(_shift(line, *_value_map(doc.source, f.offset, value)))
    return lines


def _value_map(source: str, offset: int, value: str) -> tuple[Callable[[int], int], Callable[[int], int]]:
    """Offsets in a metadata value to source offsets: exact where the value stands verbatim
    at `offset`; otherwise (entities, YAML escapes or folding, a later list item) every
    offset is the field's own, so a finding points at the field rather than at the wrong
    characters."""
    if source.startswith(value, offset):
        shift = functools.partial(operator.add, offset)
        return shift, shift
    return (lambda _: offset), (lambda _: offset)


def _parse_one(text: str, m: regex.Match[str], limit: int, spec: Spec, ctx: Context) -> CopyrightLine | None:
    """Parse the line starting at marker `m`, in offsets of `text`."""
    nl = text.find("\n", m.end(), limit)
    line_end = min(nl if nl >= 0 else limit, m.end() + _LINE_LIMIT)
    gap = _GAP.match(text, m.end(), min(line_end, m.end() + _GAP_LIMIT))
    holder_at = gap.end() if gap else m.end()
    by = _BY.match(text, holder_at, line_end)  # "Copyright 2025 by The Associated Press"
    if by:
        holder_at = by.end()
    exact = True
    h = match(spec.holder, text, ctx, holder_at, line_end)
    if h is None and spec.altered is not None:
        h = match(spec.altered, text, ctx, holder_at, line_end)
        exact = False
    if h is None or h.end() == h.start():
        return None
    years: tuple[int, ...] = ()
    ystart: int | None = None
    yend: int | None = None
    rng = _YEAR_RANGE.search(text, m.end(), holder_at)
    if rng:
        first = int(rng.group(1))
        tail = rng.group(2)
        if len(tail) == 4:
            second = int(tail)
        else:  # "2023-24"; "1999-01" crosses into the next century
            second = first // 100 * 100 + int(tail)
            if second < first:
                second += 100
        years = (first, second)
        ystart, yend = rng.start(), rng.end()
    else:
        found = list(_YEAR.finditer(text, m.end(), holder_at))
        if not found:
            trailing = _TRAILING_YEAR.match(text, h.end(), line_end)
            if trailing:
                found = [trailing]
        if found:
            years = tuple(int(y.group(1)) for y in found)
            ystart, yend = found[0].start(1), found[-1].end(1)
    # The line runs to the end of the sentence that names the holder.
    stop = text.find(".", h.end(), line_end)
    end = line_end if stop < 0 else stop + 1
    return CopyrightLine(
        m.start(), end, text[m.start() : end], h.group(), h.start(), h.end(), exact, years, ystart, yend
    )


def _shift(line: CopyrightLine, start_of: Callable[[int], int], end_of: Callable[[int], int]) -> CopyrightLine:
    """The same line with offsets mapped into the source."""
    return CopyrightLine(
        start_of(line.start),
        end_of(line.end),
        line.text,
        line.holder,
        start_of(line.holder_start),
        end_of(line.holder_end),
        line.exact,
        line.years,
        None if line.year_start is None else start_of(line.year_start),
        None if line.year_end is None else end_of(line.year_end),
    )


def prepare(o: Mapping[str, Any]) -> Spec:
    return Spec(o["holder"], o["altered"], o["marker"], o["fields"], o["scope"])


def check(doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]:
    lines = find_lines(doc, rule, ctx)
    cond = rule.condition
    service = ctx.service
    if cond == "missing":
        if not lines:
            at = last_block_start(doc)
            yield body_finding(doc, at, at, rule.message.format(service=service))
        return
    for line in lines:
        shown = excerpt(line.text)
        if cond == "year-missing" and not line.years:
            yield Finding(line.start, line.end, rule.message.format(service=service, line=shown))
        elif cond == "year-mismatch" and line.years and doc.date is not None and not line.covers(doc.date.year):
            year = "-".join(str(y) for y in line.years) if len(line.years) == 2 else str(line.years[0])
            assert line.year_start is not None and line.year_end is not None
            yield Finding(
                line.year_start,
                line.year_end,
                rule.message.format(service=service, line=shown, year=year, pub_year=doc.date.year),
                {"year": year, "pub_year": str(doc.date.year)},
            )
        elif cond == "holder-altered" and not line.exact:
            yield Finding(
                line.holder_start, line.holder_end, rule.message.format(service=service, line=shown, holder=line.holder)
            )


def find_lines(doc: Document, rule: Rule, ctx: Context) -> list[CopyrightLine]:
    """The copyright lines of a rule's spec (shared with the notice kind and fixes)."""
    spec: Spec = rule.spec
    result: list[CopyrightLine] = ctx.cached(("copyright", id(spec)), lambda: parse_lines(doc, spec, ctx))
    return result
