"""Finding a republished story's original among many, by content.

A story that names no original (no `original:` in its front matter, no wire id) is
linked by what it says: the originals folder is fingerprinted once per run and each story
is looked up in an inverted index. The method, and why (figures from `bench/linking.py`:
10,000 alike originals, twelve topics in 40 invented towns, mostly template sentences):

**Word 5-grams of normalised text.** Text is normalised (Unicode NFKC, case folded,
apostrophes dropped so "county’s" and "county's" are one word, every other character that
is not a letter or digit — curly quotes, dashes of every kind, punctuation — a word break)
and split into words; every run of five words is a shingle. Five words rarely recur by
chance, and a changed word spoils only the five shingles around it.

**Each shingle is hashed with `zlib.crc32`** of its words joined by spaces: the same in
every process and Python version (`hash` of a string is randomised per process, so worker
processes would disagree), ~0.2 µs a shingle with `map` over `zip`.

**Sampling by hash value: a shingle is kept when its hash % 2 == 0.** What is kept depends
only on the shingle, never on its position, so an original, a trimmed copy and a copy that
starts at paragraph 7 keep exactly the same fingerprints of the text they share (sampling
every n-th shingle would not). One in eight, the usual choice, left too little evidence
once boilerplate is set aside: under the rule below, three lifted paragraphs were linked 11% of
the time (1 in 4:
54%, 1 in 2: 93%, every shingle: 99.6%), while 1 in 2 costs 3.6 KB per original and
~0.6 ms per story. Winnowing would guarantee a fingerprint in every window of shingles at
the price of a Python loop per shingle; at this density it would add little.

**Containment, not Jaccard similarity.** A candidate scores the share of the *story's*
fingerprints found in the original, so a copy of three paragraphs of a long original scores
near 1.0, where its Jaccard similarity would be ~0.1, no better than chance (MinHash LSH
missed half of the half-trimmed copies in ../shared/PERF-NOTES.md).

**Boilerplate does not count.** A fingerprint held by more than 5% of the originals (but at
least 4, at most 50) is ignored, in the originals and in the story: copyright lines, rights
notices, a busy bureau's dateline and stock phrases would otherwise make every story of one
service alike. The cap of 50 also bounds the work per fingerprint. A fingerprint no
original holds still counts in the story's total: it is text the original does not have.

**Shingles span paragraphs in an original, never in a story.** A story is fingerprinted
paragraph by paragraph, so merging, splitting or lifting paragraphs makes no shingle the
original lacks; the original is one run of words, headline included.

**A link must be clear.** `find` links a story only when the best original holds at least
`THRESHOLD` (0.2) of its fingerprints and leads the runner-up by `MARGIN` (0.1) *and* by
`MIN_LEAD` (4) fingerprints, and never a story of fewer than `MIN_FINGERPRINTS`. Copies held
0.21-1.0 (a copy with two or three words changed in every paragraph scores lowest:
each change also adds shingles no original has), whole unrelated stories at most 0.18. The
lead in fingerprints is for short texts: one to three paragraphs of an unrelated story
sharing a name, a role and a sentence with some original scored up to 1.0 on 2-3
fingerprints; requiring a lead of 4 cut those false links from 13% to 0.1%.

**The index is one sorted `array('Q')`** of `fingerprint << 32 | original`, searched by
bisection: 8 bytes per posting. A `dict[int, list[int]]` took 15 KB per original on varied
text at one shingle in eight (161 MB for 10,000 originals); this takes 3.6 KB at one in two.
"""

from __future__ import annotations

import heapq
import os
import re
import sys
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from .originals import SUFFIXES, Original, OriginalError, read_original

SHINGLE = 5  # words per shingle
SAMPLE_MASK = 1  # keep a shingle when hash & 1 == 0: one in two
THRESHOLD = 0.2  # least containment for a link
MARGIN = 0.1  # least lead in containment of the best original over the runner-up ...
MIN_LEAD = 4  # ... and in fingerprints: a shared name or stock phrase is not a copy
MIN_FINGERPRINTS = 4  # fewer informative fingerprints than this: too short to link
COMMON_SHARE = 0.05  # a fingerprint in more than this share of originals is boilerplate ...
COMMON_MAX = 50  # ... or in more than this many ...
COMMON_FLOOR = 4  # ... but one in this many or fewer is never boilerplate (small folders)

# Characters removed before splitting: apostrophes join a word ("county’s" -> "countys"),
# soft hyphens and zero-width characters are invisible.
_JOINERS = ("’", "‘", "ʼ", "`", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
# Frequent non-ASCII word breaks, replaced first so most English text takes the bytes path.
_BREAKS = ("“", "”", "„", "—", "–", "‐", "‑", "‒", "―", "−", "«", "»", "•", "©", "\u00a0")
_WORD = re.compile(r"[^\W_]+")  # str.isalnum() characters
_ALNUM = b"abcdefghijklmnopqrstuvwxyz0123456789"
# ASCII text: upper case to lower, every byte but a letter or digit to a space.
_ASCII_TABLE = bytes(c + 32 if 65 <= c <= 90 else c if c in _ALNUM else 32 for c in range(256))


def words(text: str) -> list[bytes]:
    """The words of `text`, normalised, as UTF-8 (what the fingerprints hash)."""
    if not text.isascii():
        for ch in _JOINERS:
            if ch in text:
                text = text.replace(ch, "")
        for ch in _BREAKS:
            if ch in text:
                text = text.replace(ch, " ")
        if not text.isascii():  # NFKC leaves ASCII alone, so only the rest pays for it
            text = unicodedata.normalize("NFKC", text).replace("'", "")  # NFKC folds a full-width ' too
    if text.isascii():
        # bytes.translate runs at memory speed; str.translate and regex at ~50 MB/s.
        return text.encode("ascii").translate(_ASCII_TABLE, b"'`").split()
    # Any other script: letters and digits of every kind, case folded; the same words as the
    # bytes path gives wherever the text is ASCII.
    return [w.encode() for w in _WORD.findall(text.casefold())]


def _sampled(ws: list[bytes]) -> set[int]:
    if len(ws) < SHINGLE:
        return set()
    # Five staggered views of one list: zip stops at the shortest, the last full shingle.
    hashes = map(zlib.crc32, map(b" ".join, zip(ws, ws[1:], ws[2:], ws[3:], ws[4:], strict=False)))
    mask = SAMPLE_MASK
    return {h for h in hashes if not h & mask}


def story_fingerprints(paragraphs: Iterable[str]) -> set[int]:
    """Fingerprints of a story, paragraph by paragraph (no shingle spans two)."""
    out: set[int] = set()
    for p in paragraphs:
        out |= _sampled(words(p))
    return out


def original_fingerprints(original: Original) -> set[int]:
    """Fingerprints of an original: its headline and paragraphs as one run of words."""
    return _sampled(words("\n".join((original.headline, *original.paragraphs))))


class Match(NamedTuple):
    original: Original
    containment: float  # share of the story's fingerprints found in the original
    runner_up: float  # the next best original's containment (0.0 if none)


class IndexStats(NamedTuple):
    originals: int
    postings: int  # (fingerprint, original) pairs held
    fingerprints: int  # distinct fingerprints held
    common: int  # of which boilerplate: ignored when linking


_LOW = (1 << 32) - 1


class OriginalsIndex:
    """The originals of one folder, their fingerprints and ids; built once per run."""

    __slots__ = ("_by_id", "_by_path", "_common_limit", "_originals", "_postings", "folder")

    def __init__(
        self,
        folder: str,
        originals: Sequence[Original],
        postings: array[int],
        by_path: dict[str, int],
        by_id: dict[str, int],
    ) -> None:
        """Use `build` or `from_originals`."""
        self.folder = folder
        self._originals = tuple(originals)
        self._postings = postings  # sorted `fingerprint << 32 | original`
        self._by_path = by_path  # real path -> index
        self._by_id = by_id  # id -> index, or -1 when several originals share the id
        # A fingerprint held by more originals than this is boilerplate.
        self._common_limit = max(COMMON_FLOOR, min(COMMON_MAX, int(COMMON_SHARE * len(originals))))

    @classmethod
    def build(cls, folder: str, *, exts: Sequence[str] = SUFFIXES) -> tuple[OriginalsIndex, list[str]]:
        """Read every original under `folder` (files ending in `exts`, any case).

        Returns the index and the problems as one-line strings, `path: message`: files that
        cannot be read and ids shared by several originals. Hidden files and folders (".x")
        are skipped and symbolic links to folders are not followed (a link can loop).
        """
        problems: list[str] = []
        originals: list[Original] = []
        real_paths: list[str] = []
        seen: set[str] = set()
        for path, real in _walk(folder, tuple(e.lower() for e in exts), problems):
            if real in seen:
                continue  # a link to an original already read
            seen.add(real)
            try:
                originals.append(read_original(path))
            except OriginalError as exc:
                problems.append(str(exc))
                continue
            real_paths.append(real)
        index, clashes = cls.from_originals(originals, folder, real_paths)
        return index, problems + clashes

    @classmethod
    def from_originals(
        cls, originals: Sequence[Original], folder: str = ".", real_paths: Sequence[str] | None = None
    ) -> tuple[OriginalsIndex, list[str]]:
        """Index originals already read; returns the index and the ids that clash."""
        # Postings go to 256 buckets by the fingerprint's top byte, each sorted on its own:
        # the same order as one sort, with a small list of ints alive at a time.
        buckets = [array("Q") for _ in range(256)]
        for i, original in enumerate(originals):
            for fp in original_fingerprints(original):
                buckets[fp >> 24].append(fp << 32 | i)
        postings = array("Q")
        for bucket in buckets:
            postings.extend(sorted(bucket))
        if real_paths is None:
            real_paths = [os.path.realpath(o.path) for o in originals]
        by_path = {real: i for i, real in enumerate(real_paths)}
        by_id: dict[str, int] = {}
        clashes: list[str] = []
        for i, original in enumerate(originals):
            for wire_id in original.ids:
                other = by_id.setdefault(wire_id, i)
                if other != i:
                    if other >= 0:
                        clashes.append(
                            f"{original.path}: id {wire_id!r} is also the id of {originals[other].path}; it links to neither"
                        )
                    by_id[wire_id] = -1
        return cls(folder, originals, postings, by_path, by_id), clashes

    def __len__(self) -> int:
        return len(self._originals)

    def __iter__(self) -> Iterator[Original]:
        return iter(self._originals)

    def by_path(self, path: str) -> Original | None:
        """The original at `path` (relative paths from the originals folder), if indexed."""
        if not os.path.isabs(path):
            path = os.path.join(self.folder, path)
        i = self._by_path.get(os.path.realpath(path))
        return None if i is None else self._originals[i]

    def by_id(self, wire_id: str) -> Original | None:
        """The one original with this ninjs uri or guid or file stem (None if none or several)."""
        i = self._by_id.get(wire_id.strip(), -1)
        return None if i < 0 else self._originals[i]

    def candidates(self, paragraphs: Sequence[str] | str, limit: int = 2) -> list[tuple[Original, float]]:
        """The `limit` originals holding most of the story's fingerprints, with their containment."""
        total, best = self._score(paragraphs, limit)
        return [(self._originals[i], n / total) for i, n in best]

    def find(self, paragraphs: Sequence[str] | str) -> Match | None:
        """The original a republished story was taken from, or None when none is clearly it."""
        total, best = self._score(paragraphs, 2)
        if total < MIN_FINGERPRINTS or not best:
            return None
        i, count = best[0]
        second = best[1][1] if len(best) > 1 else 0
        containment, runner_up = count / total, second / total
        if containment < THRESHOLD or containment - runner_up < MARGIN or count - second < MIN_LEAD:
            return None
        return Match(self._originals[i], containment, runner_up)

    def _score(self, paragraphs: Sequence[str] | str, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """The story's informative fingerprint count and the `limit` best (original, count) pairs."""
        if isinstance(paragraphs, str):
            paragraphs = (paragraphs,)
        postings, size, common_limit = self._postings, len(self._postings), self._common_limit
        counts: dict[int, int] = {}
        total = 0
        for fp in story_fingerprints(paragraphs):
            lo = bisect_left(postings, fp << 32)
            if lo == size or postings[lo] >> 32 != fp:
                total += 1  # text no original has: it counts against every one
                continue
            last = lo + common_limit
            if last < size and postings[last] >> 32 == fp:
                continue  # boilerplate: counts neither for nor against
            total += 1
            for posting in postings[lo : last + 1]:
                if posting >> 32 != fp:
                    break
                i = posting & _LOW
                counts[i] = counts.get(i, 0) + 1
        return total, heapq.nsmallest(limit, counts.items(), key=lambda item: (-item[1], item[0]))

    def stats(self) -> IndexStats:
        """Counts for diagnostics and benchmarks (one pass over the postings)."""
        fingerprints = common = run = 0
        previous = -1
        for posting in self._postings:
            fp = posting >> 32
            if fp != previous:
                fingerprints += 1
                previous, run = fp, 0
            run += 1
            if run == self._common_limit + 1:
                common += 1
        return IndexStats(len(self._originals), len(self._postings), fingerprints, common)

    def memory_estimate(self) -> int:
        """Approximate bytes held by the index itself, not counting the originals' text."""
        size = sys.getsizeof
        tables = size(self._by_path) + sum(map(size, self._by_path)) + size(self._by_id) + sum(map(size, self._by_id))
        return size(self._postings) + tables + size(self._originals)


def _walk(folder: str, exts: tuple[str, ...], problems: list[str], real: str = "") -> Iterator[tuple[str, str]]:
    """(path, real path) of the files under `folder` ending in `exts`, sorted, without
    following links to folders; only the top folder and linked files pay for `realpath`."""
    real = real or os.path.realpath(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        problems.append(f"{folder}: no such folder")
        return
    except NotADirectoryError:
        problems.append(f"{folder}: not a folder")
        return
    except OSError as exc:
        problems.append(f"{folder}: cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir, is_link = entry.is_dir(follow_symlinks=False), entry.is_symlink()
        except OSError:
            is_dir = is_link = False
        if is_dir:
            yield from _walk(entry.path, exts, problems, os.path.join(real, entry.name))
        elif entry.name.lower().endswith(exts):
            yield entry.path, os.path.realpath(entry.path) if is_link else os.path.join(real, entry.name)
