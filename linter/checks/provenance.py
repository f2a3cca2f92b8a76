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

import functools
import os
from collections.abc import Iterator, Mapping, Sequence
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
    story = [doc.body[b.start : b.end] for b in blocks]
    hits = ctx.cached(("provenance", id(doc)), lambda: corpus.hits(story))
    weak = 0
    for hit in hits:
        if hit.service != rule.policy:
            continue
        if hit.shared == 0:  # proposed on boilerplate alone: compare only the first few
            weak += 1
            if weak > WEAK:
                continue
        shown = reproduced(hit, story, rule.options["min_paragraphs"], rule.options["min_share"])
        if not shown:
            continue
        first, last = blocks[shown[0]], blocks[shown[-1]]
        start_line = doc.position(doc.body_map.to_source(first.start))[0]
        end_line = doc.position(doc.body_map.to_source_end(last.end))[0]
        lines = f"{start_line}-{end_line}" if end_line > start_line else str(start_line)
        try:
            path = os.path.relpath(hit.path)
        except ValueError:  # another drive (Windows)
            path = hit.path
        yield body_finding(
            doc,
            first.start,
            last.end,
            rule.message.format(
                service=ctx.service, count=len(shown), lines=lines, headline=hit.headline, original_path=path
            ),
            {"original_path": hit.path},
        )
        return  # one finding: the original the story reproduces most


WEAK = 3  # originals proposed on boilerplate alone (no informative fingerprint) that are compared
SIMILAR = 0.8  # a story paragraph reproduces an original's paragraph this alike (Indel ratio of words)
MIN_WORDS = 8  # shorter paragraphs (a dateline, a sign-off) prove nothing


def reproduced(hit: Any, story: Sequence[str], min_paragraphs: int, min_share: float) -> tuple[int, ...]:
    """The story paragraphs (indexes) that reproduce `hit`'s original, when they are a
    substantial part of it; () when not. (bench/corpus.py measures this decision.)

    The index only proposes the original; this reads it and compares paragraph with
    paragraph, word by word: a story paragraph is reproduced when one of the original's
    is at least SIMILAR to it (a few words changed, typography and case ignored). Stock
    sentences that many originals share make candidates, never a finding: their names,
    places and numbers differ.
    """
    from ..corpus_index import words  # only when a corpus is asked (a pre-commit run never does)

    original = _original_words(hit.id, hit.path)
    if not original:
        return ()
    from rapidfuzz.distance import Indel

    found = []
    for i, paragraph in enumerate(story):
        ws = words(paragraph)
        if len(ws) < MIN_WORDS:
            continue
        if any(Indel.normalized_similarity(ws, o, score_cutoff=SIMILAR) for o in original):
            found.append(i)
    if not found:
        return ()
    run = _longest_run(tuple(found))
    if len(run) >= min_paragraphs:
        return run
    total = sum(len(o) for o in original)
    covered = sum(len(words(story[i])) for i in found)
    return tuple(found) if total and covered >= min_share * total else ()


@functools.lru_cache(maxsize=256)
def _original_words(row_id: int, path: str) -> tuple[list[bytes], ...]:
    """An original's paragraphs as normalised words, read once per process and index row (a
    changed original is a new row: ids are never reused)."""
    from ..corpus_index import words
    from ..originals import OriginalError, read_original

    try:
        original = read_original(path)
    except OriginalError:
        return ()
    return tuple(ws for p in original.paragraphs if len(ws := words(p)) >= MIN_WORDS)


def _longest_run(indexes: tuple[int, ...]) -> tuple[int, ...]:
    """The longest run of consecutive numbers: (2, 3, 4, 7) -> (2, 3, 4)."""
    best: tuple[int, ...] = ()
    run: list[int] = []
    for i in indexes:
        run = [*run, i] if run and run[-1] == i - 1 else [i]
        if len(run) > len(best):
            best = tuple(run)
    return best
