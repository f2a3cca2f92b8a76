"""`phrase`: patterns that must not appear (`forbid`) or must appear (`require`) in a scope.

Parameters:

| name | type | default | meaning |
|---|---|---|---|
| `patterns` | list of regexes, or `{pattern, message}` items | required | the phrases |
| `scope` | lead, body, end, headline, captions, anywhere | body | where to look |
| `prefilter` | list of strings | none | run the patterns only when one of these plain strings occurs (case-sensitive); a speed hint for patterns that cannot start with a literal |

`condition: forbid` reports every match (an item's own `message` wins over the rule's);
`condition: require` reports once when no pattern matches. Write `(?i)` at the start of a
pattern to ignore case.

```yaml
- id: AP501
  slug: rewrite-signal
  kind: phrase
  condition: forbid
  applies: not-copy
  patterns: ['(?i)according to (?:the )?Associated Press']
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..document import Document
from ..literals import contains_any
from .base import SCOPES, Context, Finding, Param, body_finding, excerpt, finditer, scope_ranges, search

if TYPE_CHECKING:
    from ..policy import Rule

NAME = "phrase"
PARAMS = {
    "patterns": Param("entries", required=True, doc="the phrases, as regexes"),
    "scope": Param("choice", default="body", choices=SCOPES, doc="where to look"),
    "prefilter": Param("strings", default=(), doc="plain strings one of which must occur before the patterns run"),
}
CONDITIONS = ("forbid", "require")
MESSAGES = {
    "forbid": "'{match}' is not allowed here",
    "require": "none of the required phrases was found",
}
PLACEHOLDERS = {"forbid": ("match", "service"), "require": ("service",)}


def prepare(options: Mapping[str, Any]) -> Mapping[str, Any]:
    return options


def check(doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]:
    body = doc.body
    prefilter = rule.options["prefilter"]
    if prefilter and rule.condition == "forbid" and not contains_any(body, prefilter):
        return
    ranges = scope_ranges(doc, rule.options["scope"])
    if rule.condition == "require":
        for entry in rule.options["patterns"]:
            for start, end in ranges:
                if search(entry.pattern, body, ctx, start, end):
                    return
        at = ranges[0][0] if ranges else 0
        yield body_finding(doc, at, at, rule.message.format(service=ctx.service))
        return
    for entry in rule.options["patterns"]:
        template = entry.message or rule.message
        for start, end in ranges:
            for m in finditer(entry.pattern, body, ctx, start, end):
                if m.end() == m.start():
                    continue
                text = m.group()
                yield body_finding(
                    doc, m.start(), m.end(), template.format(match=excerpt(text), service=ctx.service), {"match": text}
                )
