"""`provenance`: a story that reproduces a service's original without its credit.

Runs only when the run has a corpus index (`--corpus PATH` or `corpus:` in the config;
`wirelint corpus build` makes one). The story is looked up among the indexed originals of
this rule's service (the corpus records, for each original, the policy whose copy it is),
and a finding is made when it reproduces a substantial part of one: at least
`min_paragraphs` consecutive paragraphs that share text with it, or at least `min_share` of
the original's text. A rule of this kind applies to stories that are *not* the service's
copy (`applies: not-copy`): a story with the credit is licensed copy, and AP101 speaks for
copy whose credit is missing but whose other signals remain.

| name | type | default | meaning |
|---|---|---|---|
| `min_paragraphs` | int | 3 | consecutive paragraphs of the story sharing text with one original |
| `min_share` | number 0-1 | 0.5 | share of the original's text (its fingerprints) found in the story |

Condition: `unattributed`. Message placeholders: `service`, `count` (paragraphs),
`lines`, `headline`, `original_path`.

```yaml
- id: AP502
  slug: unattributed-copy
  kind: provenance
  condition: unattributed
  applies: not-copy
  min_paragraphs: 3
```
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..document import BlockKind, Document
from .base import Context, Finding, Param, body_finding

if TYPE_CHECKING:
    from ..policy import Rule

NAME = "provenance"
NEEDS_CORPUS = True  # the engine leaves these rules out of runs without a corpus index
PARAMS = {
    "min_paragraphs": Param("int", default=3, doc="consecutive paragraphs sharing text with one original"),
    "min_share": Param("number", default=0.5, doc="share of the original's text found in the story"),
}
CONDITIONS = ("unattributed",)
MESSAGES = {
    "unattributed": "{count} paragraphs (lines {lines}) reproduce the {service} original '{headline}' "
    "without {service}'s credit",
}
PLACEHOLDERS = {"unattributed": ("service", "count", "lines", "headline", "original_path")}


def prepare(options: Mapping[str, Any]) -> Mapping[str, Any]:
    return options


def check(doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]:
    corpus = ctx.originals
    if corpus is None or not hasattr(corpus, "hits"):
        return
    blocks = [b for b in doc.blocks if b.kind is not BlockKind.HEADLINE]
    if not blocks:
        return
    hits = ctx.cached(("provenance", id(doc)), lambda: corpus.hits([doc.body[b.start : b.end] for b in blocks]))
    for hit in hits:
        if hit.service != rule.policy:
            continue
        run = _longest_run(hit.paragraphs)
        if len(run) < rule.options["min_paragraphs"] and hit.original_share < rule.options["min_share"]:
            continue
        shown = run if len(run) >= rule.options["min_paragraphs"] else hit.paragraphs
        first, last = blocks[shown[0]], blocks[shown[-1]]
        start_line = doc.position(doc.body_map.to_source(first.start))[0]
        end_line = doc.position(doc.body_map.to_source_end(last.end))[0]
        lines = f"{start_line}-{end_line}" if end_line > start_line else str(start_line)
        path = os.path.relpath(hit.path) if not hit.path.startswith("..") else hit.path
        yield body_finding(
            doc,
            first.start,
            last.end,
            rule.message.format(
                service=ctx.service, count=len(shown), lines=lines, headline=hit.headline, original_path=path
            ),
            {"original_path": hit.path, "shared_share_of_original": f"{hit.original_share:.2f}"},
        )
        return  # one finding: the original the story reproduces most


def _longest_run(indexes: tuple[int, ...]) -> tuple[int, ...]:
    """The longest run of consecutive numbers: (2, 3, 4, 7) -> (2, 3, 4)."""
    best: tuple[int, ...] = ()
    run: list[int] = []
    for i in indexes:
        run = [*run, i] if run and run[-1] == i - 1 else [i]
        if len(run) > len(best):
            best = tuple(run)
    return best
