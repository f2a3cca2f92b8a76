"""`attribution`: the service's copy must carry a visible credit.

A credit is a dateline credit (`WASHINGTON (AP) —`), a byline or a credit line in the
article text, or a byline/author/credit metadata field whose value names the service
(publishing templates render those fields above or below the story).

| name | type | default | meaning |
|---|---|---|---|
| `credits` | list of regexes | required | visible credits in the text |
| `scope` | lead, body, end, anywhere | body | where credits are looked for |
| `fields` | list of strings | byline, author, authors, credit, credits | metadata fields sites render |
| `field_pattern` | regex | none | a field value that counts as a credit |

`condition: missing` (the only one) reports at the start of the story when no credit
is found.

```yaml
- id: AP101
  slug: attribution-missing
  kind: attribution
  credits: ['\\(AP\\)', 'Associated Press (?:writer|correspondent)']
  field_pattern: 'Associated Press|\\bAP\\b'
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..document import BlockKind, Document
from .base import SCOPES, Context, Finding, Param, body_finding, scope_ranges, search

if TYPE_CHECKING:
    from ..policy import Rule

NAME = "attribution"
PARAMS = {
    "credits": Param("regexes", required=True, doc="visible credits in the text"),
    "scope": Param("choice", default="body", choices=SCOPES, doc="where credits are looked for"),
    "fields": Param(
        "strings", default=("byline", "author", "authors", "credit", "credits"), doc="metadata fields sites render"
    ),
    "field_pattern": Param("regex", default=None, doc="a metadata value that counts as a credit"),
}
CONDITIONS = ("missing",)
MESSAGES = {"missing": "{service} copy has no visible credit line"}
PLACEHOLDERS = {"missing": ("service",)}


def prepare(options: Mapping[str, Any]) -> Mapping[str, Any]:
    return options


def check(doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]:
    opts = rule.options
    field_pattern = opts["field_pattern"]
    if field_pattern is not None:
        for f in doc.meta(*opts["fields"]):
            for value in f.values:
                if search(field_pattern, value, ctx):
                    return
    body = doc.body
    for start, end in scope_ranges(doc, opts["scope"]):
        for pattern in opts["credits"]:
            if search(pattern, body, ctx, start, end):
                return
    first = next((b for b in doc.blocks if b.kind is not BlockKind.HEADLINE), None)
    at = first.start if first else 0
    yield body_finding(doc, at, at, rule.message.format(service=ctx.service))
