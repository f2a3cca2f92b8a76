"""`rewrite`: how republished copy departs from the original wire story.

Runs only when the run has originals (`--originals DIR` or `originals:` in the config) and
the story is linked to one: by front matter `original:` (a path, relative to the originals
folder) or `wire_id:` (an original's ninjs uri/guid or file stem), else by content. Both
texts are normalised so typography never counts, aligned word by word and every change is
classified (linter/align.py); a rule reports the changes of its condition.

| name | type | default | meaning |
|---|---|---|---|
| `exclude` | list of regexes | none | blocks that are not compared, on either side: credit, copyright and notice lines the publisher adds, clearly marked editor's notes |
| `house_style` | list of strings | none | allowed substitutions, `"per cent -> percent"`; the config's `house-style` adds to them |

Conditions: `quote` (any change inside a direct quotation), `fact` (a changed number, date,
amount, percentage), `name` (a changed proper name), `insert`, `cut` (removed from the
middle; removed from the end too when the licence term `trim_end` is `forbidden`), `move`,
`reword`, `headline`. Licence terms the kind reads: `rewrite: allowed` silences `insert`,
`move` and `reword`; `cut: allowed` silences `cut`; `headline: forbidden` makes a
`headline` finding an error (it is reported at the rule's severity otherwise).

```yaml
- id: AP402
  slug: fact-altered
  kind: rewrite
  condition: fact
  exclude: ['^Copyright ']
```
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ..document import BlockKind, Document
from .base import Context, Finding, Param, body_finding, excerpt, search

if TYPE_CHECKING:
    from ..align import Change, Token
    from ..corpus_index import OriginalsIndex
    from ..originals import Original
    from ..patterns import Pattern
    from ..policy import Rule

NAME = "rewrite"
NEEDS_ORIGINALS = True  # the engine leaves these rules out of runs without originals
PARAMS = {
    "exclude": Param("regexes", default=(), doc="blocks that are not compared"),
    "house_style": Param("strings", default=(), doc="allowed substitutions, 'variant -> preferred'"),
}
CONDITIONS = ("quote", "fact", "name", "insert", "cut", "move", "reword", "headline")
MESSAGES = {
    "quote": "a direct quotation was changed: {diff}",
    "fact": "a fact was changed: {diff}",
    "name": "a name was changed: {diff}",
    "insert": "text was added to the wire copy: {diff}",
    "cut": "text was cut from the wire copy: {diff}",
    "move": "text was moved: {diff}",
    "reword": "the wire copy was reworded: {diff}",
    "headline": "the headline was changed: {diff}",
}
PLACEHOLDERS = {c: ("service", "diff", "original_path") for c in CONDITIONS}
SILENCED_BY = {
    "insert": ("rewrite", "allowed"),
    "move": ("rewrite", "allowed"),
    "reword": ("rewrite", "allowed"),
    "cut": ("cut", "allowed"),
}


class Spec(NamedTuple):
    exclude: tuple[Pattern, ...]
    house_style: tuple[tuple[str, str], ...]


class Comparison(NamedTuple):
    original: Original
    old: list[Token]  # all compared tokens, paragraph after paragraph
    new: list[Token]
    changes: list[Change]


def prepare(options: Mapping[str, Any]) -> Spec:
    pairs = []
    for item in options["house_style"]:
        variant, _, preferred = item.partition("->")
        pairs.append((variant.strip(), preferred.strip()))
    return Spec(options["exclude"], tuple(pairs))


def linked(doc: Document, ctx: Context) -> Original | None:
    """The original this story is linked to, worked out once per document."""
    index: OriginalsIndex | None = ctx.originals  # type: ignore[assignment]
    if index is None:
        return None
    key = ("original", id(doc))
    if key not in ctx.cache:
        found = None
        named = [(f, v) for f in doc.meta("original", "wire_id", "wire-id") for v in f.values]
        for f, value in named:
            found = found or (index.by_path(value) if f.key.lower() == "original" else index.by_id(value))
        if named and found is None:
            f, value = named[0]
            # The engine reports it (WL107): a named original that is not there is not silence.
            ctx.cache[("original-missing", id(doc))] = (
                f.offset,
                f"{f.key} '{value}' names no original among the {len(index)} in the originals folder",
            )
        if found is None and not named:
            paragraphs = [doc.block_text(b) for b in doc.blocks if b.kind is not BlockKind.HEADLINE]
            match = index.find(paragraphs)
            found = match.original if match else None
        ctx.cache[key] = found
    result: Original | None = ctx.cache[key]  # type: ignore[assignment]
    return result


def compare(doc: Document, spec: Spec, ctx: Context) -> Comparison | None:
    from ..align import compare as compare_paragraphs
    from ..align import tokens

    original = linked(doc, ctx)
    if original is None:
        return None
    style = spec.house_style + tuple(ctx.house_style)
    old = [
        tokens(paragraph, style)
        for paragraph in original.paragraphs
        if not any(search(p, paragraph, ctx) for p in spec.exclude)
    ]
    body = doc.body
    new = [
        [t._replace(start=t.start + b.start, end=t.end + b.start) for t in tokens(body[b.start : b.end], style)]
        for b in doc.blocks
        if b.kind is not BlockKind.HEADLINE and not any(search(p, body, ctx, b.start, b.end) for p in spec.exclude)
    ]
    changes = compare_paragraphs(old, new)
    return Comparison(original, [t for p in old for t in p], [t for p in new for t in p], changes)


def check(doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]:
    if ctx.originals is None:
        return  # no originals this run: nothing to compare (and rapidfuzz is not loaded)
    from ..align import diff_text

    spec: Spec = rule.spec
    cond = rule.condition
    silenced = SILENCED_BY.get(cond)
    if silenced and ctx.terms.get(silenced[0]) == silenced[1]:
        return
    result: Comparison | None = ctx.cached(("rewrite", id(doc), spec), lambda: compare(doc, spec, ctx))
    if result is None:
        return
    path = os.path.relpath(result.original.path) if not os.path.isabs(result.original.path) else result.original.path
    if cond == "headline":
        yield from _headline(doc, rule, ctx, result, path)
        return
    trim_counts = ctx.terms.get("trim_end") == "forbidden"
    for change in result.changes:
        kind = change.kind
        if kind == "trim" and cond == "cut" and trim_counts:
            kind = "cut"
        if kind != cond:
            continue
        diff = diff_text(result.old, result.new, change)
        start, end = _span(doc, result.new, change.republished)
        old_span = change.moved_from or change.original
        old_text = " ".join(t.text for t in result.old[slice(*old_span)])
        new_text = " ".join(t.text for t in result.new[slice(*change.republished)])
        evidence = {
            "original": old_text,
            "republished": new_text,
            "original_path": result.original.path,
            # The words around the change on each side, for a reader (the HTML report).
            "original_context": _around(result.old, old_span),
            "republished_context": _around(result.new, change.republished),
        }
        message = rule.message.format(service=ctx.service, diff=excerpt(diff, 160), original_path=path)
        yield body_finding(doc, start, end, message, evidence)


CONTEXT_WORDS = 12


def _around(words: list[Token], span: tuple[int, int]) -> str:
    """The words of `span` with up to CONTEXT_WORDS on each side; "…" where text goes on."""
    i1, i2 = max(0, span[0] - CONTEXT_WORDS), min(len(words), span[1] + CONTEXT_WORDS)
    text = " ".join(t.text for t in words[i1:i2])
    return ("… " if i1 > 0 else "") + text + (" …" if i2 < len(words) else "")


def _span(doc: Document, new: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """Body offsets of a republished token range; an empty range (a cut) sits just after the
    word before it (or at the first word when the cut is at the very start)."""
    j1, j2 = span
    if j2 > j1:
        return new[j1].start, new[j2 - 1].end
    if j1 > 0:  # just after the last word before what was cut
        return new[j1 - 1].end, new[j1 - 1].end
    if new:
        return new[0].start, new[0].start
    return 0, 0


def _headline(doc: Document, rule: Rule, ctx: Context, result: Comparison, path: str) -> Iterator[Finding]:
    from ..align import fold

    heads = [b for b in doc.blocks if b.kind is BlockKind.HEADLINE]
    if not heads or not result.original.headline:
        return
    block = heads[0]
    new = doc.block_text(block)
    if fold(new).lower().split() == fold(result.original.headline).lower().split():
        return
    diff = f"[-{result.original.headline}-]{{+{new}+}}"
    severity = "error" if ctx.terms.get("headline") == "forbidden" else None
    evidence = {"original": result.original.headline, "republished": new, "original_path": result.original.path}
    finding = body_finding(
        doc,
        block.start,
        block.end,
        rule.message.format(service=ctx.service, diff=excerpt(diff, 160), original_path=path),
        evidence,
    )
    yield finding._replace(severity=severity)
