"""`notice`: the service's rights notice, present and unaltered.

Sentences are compared word by word, case and punctuation ignored, so the Oxford comma
and typography never matter; phrases listed in `optional` may be present or absent
("without permission"). A sentence that shares most of the notice's words but differs
in others is an altered notice; the message names the words that differ.

Whose notice is it? Other publishers print the same sentence (CNN, TV stations), so a
notice counts for this service only when the copyright line just before it (in the same
or the previous block) names this service's holder, or when no copyright line precedes
it at all. A notice after "Copyright 2024 CNN." is CNN's.

| name | type | default | meaning |
|---|---|---|---|
| `text` | string | required | the notice as the licence words it |
| `optional` | list of strings | none | phrases that may be left out |
| `holder` | regex | required | the holder whose notice it is |
| `marker` | regex | `Copyright`, `©`, `(c)` | what starts a copyright line |
| `similarity` | number 0-1 | 0.6 | how close a sentence must be to count as an altered notice |
| `scope` | lead, body, end, anywhere | body | where the notice is looked for |

Conditions: `missing` (no notice of this service, exact or altered) and `altered`.

```yaml
- id: AP301
  slug: notice-missing
  kind: notice
  condition: missing
  text: This material may not be published, broadcast, rewritten or redistributed.
  optional: [without permission]
  holder: '(?:The\\s+)?Associated\\s+Press'
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from ..document import Document
from ..patterns import Pattern
from .base import SCOPES, Context, Finding, Param, body_finding, finditer, last_block_start, scope_ranges, search
from .copyright import MARKER

if TYPE_CHECKING:
    from difflib import SequenceMatcher

    from ..policy import Rule

NAME = "notice"
PARAMS = {
    "text": Param("string", required=True, doc="the notice as the licence words it"),
    "optional": Param("strings", default=(), doc="phrases that may be left out"),
    "holder": Param("regex", required=True, doc="the holder whose notice it is"),
    "marker": Param("regex", default=Pattern(MARKER), doc="what starts a copyright line"),
    "similarity": Param("number", default=0.6, doc="how close a sentence must be to count as an altered notice"),
    "scope": Param("choice", default="body", choices=SCOPES, doc="where the notice is looked for"),
}
CONDITIONS = ("missing", "altered")
MESSAGES = {
    "missing": "{service} copy has no rights notice ('{notice}')",
    "altered": "the rights notice is altered: {differences}",
}
PLACEHOLDERS = {"missing": ("service", "notice"), "altered": ("service", "notice", "differences")}

ANCHORS = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")  # the body's "\n" are hard breaks
_REST_OF_LINE = re.compile(r"(?i)[\s\d,.;:/()\-–—©]*|all rights reserved")


class NoticeMatch(NamedTuple):
    start: int  # body offsets
    end: int
    exact: bool
    differences: str


class Spec(NamedTuple):
    words: tuple[str, ...]
    optional: tuple[tuple[str, ...], ...]
    anchors: frozenset[str]
    holder: Pattern
    marker: Pattern
    similarity: float
    scope: str
    scanned: tuple[str, ...] = ()  # the anchors scanned for: all but the shortest


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower().replace("’", "'")))


def prepare(o: Mapping[str, Any]) -> Spec:
    """Tokenise the notice once, when the policy loads."""
    words = _words(o["text"])
    optional = tuple(_words(p) for p in o["optional"])
    # Anchors are the notice's five longest words (its most distinctive); a sentence needs
    # two of them to be compared at all. AP's are material, published, broadcast…
    kept = _drop(words, optional)
    ranked = sorted(set(kept), key=lambda w: (-len(w), kept.index(w)))[:ANCHORS]
    # A notice holds two anchors, so at least one of all but one of them.
    scanned = tuple(ranked[:-1]) if len(ranked) > 1 else tuple(ranked)
    return Spec(kept, optional, frozenset(ranked), o["holder"], o["marker"], o["similarity"], o["scope"], scanned)


def _drop(words: tuple[str, ...], optional: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Remove every occurrence of the optional phrases from a word sequence."""
    if not optional:
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in optional:
            if phrase and words[i : i + len(phrase)] == phrase:
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def find_notices(doc: Document, spec: Spec, ctx: Context) -> list[NoticeMatch]:
    """Sentences that are this service's notice, exact or altered.

    Only sentences holding an anchor word are tokenised: a case-insensitive scan for an
    anchor runs at memory speed, while tokenising every sentence cost ~0.25 ms per article.
    A notice holds two of the anchors, so it holds one of any all but one of them: the
    longest but one are scanned for (a scan is ~3 us). Sentences are judged once per
    text (`_judge`): a story's notice is word for word the one the last story had.
    """
    body = doc.body
    hits: list[int] = []
    for anchor in spec.scanned:
        hits.extend(m.start() for m in _anchor(anchor).finditer(body))
    if not hits:
        return []
    found: list[NoticeMatch] = []
    for start, end in scope_ranges(doc, spec.scope):
        inside = [h for h in hits if start <= h < end]
        for s, e in _sentences_at(body, start, end, inside):
            judged = _judge(body[s:e], spec)
            if judged is None:
                continue
            length, exact, differences = judged
            if _owned(doc, s, spec, ctx):
                found.append(NoticeMatch(s, s + length, exact, differences))
    return found


# Per spec (by identity; the spec is kept with its entry, so an id is never reused): the
# verdict on each sentence text met lately.
_JUDGED: dict[int, tuple[Spec, dict[str, tuple[int, bool, str] | None]]] = {}
_JUDGED_LIMIT = 1024  # sentences per spec …
_JUDGED_LONGEST = 500  # … of up to this many characters (a block without a full stop is one)


def _judge(chunk: str, spec: Spec) -> tuple[int, bool, str] | None:
    """Is this sentence the notice (its length without trailing space, exact or not, the
    words that differ), or None; remembered for the texts met last."""
    entry = _JUDGED.get(id(spec))
    if entry is None or entry[0] is not spec:
        entry = _JUDGED[id(spec)] = (spec, {})
    memo = entry[1]
    try:
        return memo[chunk]
    except KeyError:
        pass
    words = _drop(_words(chunk), spec.optional)
    judged: tuple[int, bool, str] | None = None
    if sum(1 for w in set(words) if w in spec.anchors) >= 2:
        if words == spec.words:
            judged = (len(chunk.rstrip()), True, "")
        else:
            import difflib  # only for near matches: most notices are exact

            matcher = difflib.SequenceMatcher(None, spec.words, words, autojunk=False)
            if matcher.ratio() >= spec.similarity:
                judged = (len(chunk.rstrip()), False, _differences(spec.words, words, matcher))
    if len(chunk) <= _JUDGED_LONGEST:
        if len(memo) >= _JUDGED_LIMIT:
            memo.clear()
        memo[chunk] = judged
    return judged


_ANCHORS: dict[str, regex.Pattern[str]] = {}


def _anchor(word: str) -> regex.Pattern[str]:
    """A case-insensitive scan for one anchor word (a plain word: it cannot run away).

    `regex` searches a literal without lower-casing the text: lower-casing a 5 KB body
    and searching it took 24 us per article, these scans 16 us.
    """
    rx = _ANCHORS.get(word)
    if rx is None:
        # Words are compared with "’" read as "'" (`_words`): the scan finds either.
        pattern = "['’]".join(regex.escape(part) for part in word.split("'"))
        rx = _ANCHORS[word] = regex.compile(pattern, regex.IGNORECASE)
    return rx


# In the body, whitespace is collapsed, so a sentence ends with one of these.
_SENTENCE_MARKS = (". ", "! ", "? ")


def _sentences_at(text: str, start: int, end: int, hits: list[int]) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text[start:end]` that holds one of the `hits` offsets."""
    e = -1
    for h in sorted(hits):
        if h < e:
            continue  # in the sentence already found
        # Blocks and hard lines end with "\n": look no further back than that.
        s = max(start, text.rfind("\n", start, h) + 1)
        for mark in _SENTENCE_MARKS:
            i = text.rfind(mark, s, h)
            if i >= 0 and i + len(mark) > s:
                s = i + len(mark)
        m = _SENTENCE_END.search(text, h, end)
        e = m.end() if m else end
        yield s, e


def _differences(expected: tuple[str, ...], got: tuple[str, ...], matcher: SequenceMatcher[str]) -> str:
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        want = " ".join(expected[i1:i2])
        have = " ".join(got[j1:j2])
        if op == "replace":
            parts.append(f"'{have}' instead of '{want}'")
        elif op == "delete":
            parts.append(f"'{want}' is missing")
        elif op == "insert":
            parts.append(f"'{have}' was added")
    return "; ".join(parts)


def _owned(doc: Document, at: int, spec: Spec, ctx: Context) -> bool:
    """Does the copyright line before the notice (same or previous block) name our holder?"""
    body = doc.body
    index = next((i for i, b in enumerate(doc.blocks) if b.start <= at < b.end or at < b.start), len(doc.blocks) - 1)
    window_start = doc.blocks[index - 1].start if index > 0 else 0
    markers = finditer(spec.marker, body, ctx, window_start, at)
    if not markers:
        return True
    named = body[markers[-1].end() : at]
    if search(spec.holder, named, ctx):
        return True
    # Nothing but years and "All rights reserved" after the marker: no other holder named.
    rest = _REST_OF_LINE.sub("", named)
    return not rest.strip()


def check(doc: Document, rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: Spec = rule.spec
    notices: list[NoticeMatch] = ctx.cached(("notice", id(spec)), lambda: find_notices(doc, spec, ctx))
    text = rule.options["text"]
    if rule.condition == "missing":
        if not notices:
            at = last_block_start(doc)
            yield body_finding(doc, at, at, rule.message.format(service=ctx.service, notice=text))
        return
    for n in notices:
        if not n.exact:
            yield body_finding(
                doc,
                n.start,
                n.end,
                rule.message.format(service=ctx.service, notice=text, differences=n.differences),
                {"expected": text, "found": doc.body[n.start : n.end]},
            )
