"""A persistent, incremental index of wire originals in SQLite (`wirelint corpus …`).

`--originals DIR` fingerprints a folder of originals on every run (corpus_index.py); an
archive of years of wire copy needs an index built once and kept up to date. This module
keeps the same fingerprints (word 5-grams of normalised text, hashed with crc32, kept by
hash value so a copy and its original keep the same ones) in one SQLite file:

- `originals`: one row per original file (path, size and mtime to notice a change,
  headline, ids, date, how many fingerprints). A changed or deleted file's row is marked
  dead, not deleted: its postings stay until the next compaction, and a query skips them.
- `buckets`: the inverted index, in 262,144 rows keyed by the top 18 bits of a fingerprint,
  each a sorted array of `fingerprint << 32 | original` (8 bytes a posting). A query reads
  only the buckets of the story's fingerprints, in one statement; a build merges a batch
  of new postings into the buckets it touches.
- `meta`: the schema version and the fingerprint parameters the index was built with.

One shingle in two is kept (`SAMPLE_MASK`), and every sentence is fingerprinted whole;
fingerprints held by very many originals are dropped (`stopped`). ~1.5-1.8 KB an original
on disk. docs/corpus.md has the reasoning and the figures.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import re
import sqlite3
import time
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .policy import Policy

from .corpus_index import COMMON_FLOOR, COMMON_MAX, COMMON_SHARE, SHINGLE, _walk, words
from .errors import UsageError
from .originals import SUFFIXES, Original, OriginalError, read_original

SCHEMA_VERSION = 6  # 6: one shingle in two; 2: sentence fingerprints; 3: 262,144 buckets; 4: stopped fingerprints; 5: one live row a path
SAMPLE_MASK = 1  # keep a shingle when crc32 & 1 == 0: one in two
SENTENCE_WORDS = 6  # sentences of at least this many words are fingerprinted whole
SENTENCE_MARK = 1  # the low bit of a sentence fingerprint: never that of a kept shingle
BUCKET_SHIFT = 14  # bucket = fingerprint >> 14: 262,144 buckets (~1 KB each at 100,000 originals)
MERGE_BUCKETS = 4096  # buckets read, merged and written together while building
BATCH = 25_000  # originals read before their postings are merged into the buckets (~70 MB)
DEFAULT_DB = os.path.join(".wirelint", "corpus.sqlite")
MMAP_BYTES = 1 << 30  # address space only: the OS keeps what is used in its page cache
BUSY_SECONDS = 10.0  # how long a write waits for another writer before saying so
STOP_LIMIT = 200  # a fingerprint held by more originals of one batch is dropped from the index
RERANK = 15  # originals ranked again by all the fingerprints of the story they hold
PARAGRAPH_COVER = 0.5  # a story paragraph is reproduced from an original holding this share of it
_LOW = (1 << 32) - 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE originals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    headline TEXT NOT NULL,
    ids TEXT NOT NULL,
    date TEXT,
    service TEXT,
    words INTEGER NOT NULL,
    fingerprints INTEGER NOT NULL,
    live INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX originals_path ON originals(path);
CREATE UNIQUE INDEX originals_live_path ON originals(path) WHERE live = 1;
CREATE TABLE wire_ids (wire_id TEXT NOT NULL, original INTEGER NOT NULL);
CREATE INDEX wire_ids_id ON wire_ids(wire_id);
CREATE TABLE buckets (bucket INTEGER PRIMARY KEY, postings BLOB NOT NULL);
CREATE TABLE stopped (fp INTEGER PRIMARY KEY);
"""


class CorpusError(UsageError):
    """A corpus database that cannot be used: said in one line, exit 2."""


def fingerprints(text_runs: Iterable[str]) -> set[int]:
    """The fingerprints of each run of text (none spans two runs): sampled shingle hashes,
    and the hash of every sentence of at least SENTENCE_WORDS words.

    Sentences are there for copy made of stock sentences: a shingle of a template sentence
    is held by many originals (boilerplate, ignored), but the whole sentence, with its
    names, places and numbers, is rare. A sentence hash is marked (low bit 1) so it
    never equals a kept shingle hash (low bit 0).
    """
    out: set[int] = set()
    for text in text_runs:
        out |= _fingerprint(text)[0]
    return out


def _fingerprint(text: str) -> tuple[set[int], int]:
    """One run's fingerprints, and how many words it has. Each sentence is tokenised once:
    its words are hashed whole, and joined they are the run's words (a sentence break is a
    word break) for the shingles."""
    import zlib

    out: set[int] = set()
    ws: list[bytes] = []
    for sentence in _SENTENCE_END.split(text):
        sw = words(sentence)
        if len(sw) >= SENTENCE_WORDS:
            out.add(zlib.crc32(b" ".join(sw)) & ~SAMPLE_MASK | SENTENCE_MARK)
        ws += sw
    if len(ws) >= SHINGLE:
        hashes = map(zlib.crc32, map(b" ".join, zip(ws, ws[1:], ws[2:], ws[3:], ws[4:], strict=False)))
        out.update(h for h in hashes if not h & SAMPLE_MASK)
    return out, len(ws)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n")


class Indexed(NamedTuple):
    """What the index keeps of one original (made in a worker process)."""

    real: str
    size: int
    mtime_ns: int
    headline: str
    ids: tuple[str, ...]
    date: str | None
    service: str | None  # the id of the policy whose copy it is (detection signals), if any
    words: int
    fingerprints: array[int]  # array('I')


_POLICIES: Sequence[Policy] = ()  # whose copy an original is: set in each worker (_init)


def _init(policies: Sequence[Policy]) -> None:
    global _POLICIES
    _POLICIES = policies


def service_of(original: Original, policies: Sequence[Policy]) -> str | None:
    """The first policy whose detection signals the original carries (dateline credit,
    byline, copyright line), e.g. "ap"; None when none does."""
    from .checks.base import Context
    from .document import Block, BlockKind, Document, TextMap
    from .engine import DEFAULT_TIMEOUT, is_copy

    parts = [original.headline, *original.paragraphs, original.copyright or "", original.usage_terms or ""]
    text = "\n\n".join(p for p in parts if p)
    # Detection reads the body and metadata only: a one-block document of the text, not a
    # reader's (which cost a third of indexing an original).
    doc = Document(original.path, text, "text", TextMap(text, [0], [0]), (Block(BlockKind.PARAGRAPH, 0, len(text)),))
    for policy in policies:
        try:
            if is_copy(doc, policy, Context(DEFAULT_TIMEOUT, policy.name)):
                return policy.id
        except Exception:  # a runaway or broken signal: not this service's, as far as we know
            continue
    return None


def index_file(job: tuple[str, str, int, int]) -> Indexed | str:
    """Read and fingerprint one original: its record, or the problem as one line."""
    path, real, size, mtime_ns = job
    try:
        original = read_original(path)
    except OriginalError as exc:
        return str(exc)
    fps, n_words = _fingerprint(original.headline + "\n" + "\n".join(original.paragraphs))
    return Indexed(
        real,
        size,
        mtime_ns,
        original.headline,
        original.ids,
        original.date.isoformat() if original.date else None,
        service_of(original, _POLICIES),
        n_words - len(words(original.headline)),  # the story's words, headline aside
        array("I", fps),
    )


class BuildReport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    removed: int  # indexed before, no longer in the folder
    problems: list[str]
    seconds: float


class Stats(NamedTuple):
    originals: int
    dead: int  # rows of changed or removed originals not yet compacted away
    postings: int
    first_date: str | None
    last_date: str | None
    size_bytes: int
    by_folder: dict[str, int]
    by_service: dict[str, int]  # policy id ("-" for originals of no known service)


class Hit(NamedTuple):
    """An original sharing text with a story."""

    id: int
    path: str
    headline: str
    service: str | None
    shared: int  # fingerprints the story and the original share
    story_share: float  # of the story's informative fingerprints
    original_share: float  # of the original's fingerprints
    paragraphs: tuple[int, ...]  # the story's paragraphs (indexes) holding shared fingerprints


class Corpus:
    """One corpus database. Use `Corpus.open(path, create=...)`; close it when done."""

    def __init__(self, path: str, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db
        self._live: tuple[int, frozenset[int]] | None = None
        self._stop: frozenset[int] | None = None
        self._version = -1

    @classmethod
    def open(cls, path: str, create: bool = False) -> Corpus:
        exists = os.path.exists(path)
        if not exists and not create:
            raise CorpusError(f"no corpus database at {path} (build one with 'wirelint corpus build DIR')")
        if not exists:
            folder = os.path.dirname(os.path.abspath(path))
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                raise CorpusError(f"cannot create {folder}: {exc.strerror or exc}") from None
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
            empty = not db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
            if empty and not create:
                db.close()
                raise CorpusError(
                    f"{path}: an empty file, not a corpus database (build one with 'wirelint corpus build DIR')"
                )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA case_sensitive_like=ON")  # paths are case-sensitive: /x/AP is not /x/ap
            # Queries read a hundred-odd random buckets: map the file rather than read()
            # each page through SQLite's 2 MB page cache (3.6 -> 1.8 ms a story at 10,000 originals).
            db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            corpus = cls(path, db)
            if empty:  # new, or left empty by a create that failed (a full disk)
                corpus._create()
            corpus._check()
        except sqlite3.OperationalError as exc:
            raise CorpusError(f"{path}: cannot use the corpus database: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise CorpusError(f"{path}: not a wirelint corpus database ({exc})") from None
        return corpus

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create(self) -> None:
        meta = "".join(
            f"INSERT INTO meta VALUES ('{key}', '{value}');\n"
            for key, value in (
                ("schema_version", SCHEMA_VERSION),
                ("shingle", SHINGLE),
                ("sample_mask", SAMPLE_MASK),
                ("bucket_shift", BUCKET_SHIFT),
            )
        )
        self.db.executescript("BEGIN;\n" + SCHEMA + meta + "COMMIT;\n")

    def _check(self) -> None:
        try:
            meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError:
            raise CorpusError(f"{self.path}: not a wirelint corpus database (no meta table)") from None
        want = {
            "schema_version": str(SCHEMA_VERSION),
            "shingle": str(SHINGLE),
            "sample_mask": str(SAMPLE_MASK),
            "bucket_shift": str(BUCKET_SHIFT),
        }
        for key, value in want.items():
            if meta.get(key) != value:
                raise CorpusError(
                    f"{self.path}: built with {key} {meta.get(key)!r}, this wirelint uses {value!r}; "
                    "delete it and build it again"
                )

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> None:
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, kind: object, *rest: object) -> None:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")

    def _transaction(self) -> Corpus._Tx:
        return Corpus._Tx(self.db)

    # -- building ------------------------------------------------------------------------------

    def build(
        self,
        folder: str,
        jobs: int = 0,
        progress: Callable[[int, int], None] | None = None,
        policies: Sequence[Policy] = (),
    ) -> BuildReport:
        """Index the originals under `folder`: new and changed files are read (in `jobs`
        worker processes, default all cores), unchanged ones skipped, files no longer there
        marked dead. Postings are merged into the buckets every BATCH originals, so memory
        stays bounded whatever the folder's size. `progress(done, todo)` after each file.
        Each original is recorded as the copy of the first of `policies` it carries the
        detection signals of (AP502 compares stories only with their service's originals)."""
        start = time.perf_counter()
        if not os.path.isdir(folder):
            raise CorpusError(f"corpus build: no such folder: {folder}")
        # Merging rewrites every bucket: through a memory map, each page written would count
        # in the process's memory (the whole file at the end). Plain I/O while building.
        self.db.execute("PRAGMA mmap_size=0")
        try:
            with self._writing():
                return self._build(
                    folder, top=os.path.realpath(folder), start=start, jobs=jobs, progress=progress, policies=policies
                )
        finally:
            self.db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One build or remove at a time (a lock file beside the database): two builds
        reading the index at once would each add the same originals."""
        try:
            import fcntl
        except ImportError:  # Windows: SQLite's own locking only
            yield
            return
        with open(self.path + ".lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise CorpusError(
                    f"{self.path}: another 'wirelint corpus build' or 'remove' is writing it; try again when it is done"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _build(
        self,
        folder: str,
        top: str,
        start: float,
        jobs: int,
        progress: Callable[[int, int], None] | None,
        policies: Sequence[Policy],
    ) -> BuildReport:
        known = {
            path: (row_id, size, mtime)
            for row_id, path, size, mtime in self.db.execute(
                "SELECT id, path, size, mtime_ns FROM originals WHERE live = 1 AND (path = ? OR path LIKE ? ESCAPE '\\')",
                (top, _like_prefix(top)),
            )
        }
        # The service of each original comes from the policies: other policies than last
        # time mean every original is read and classified again.
        policy_ids = ",".join(p.id for p in policies)
        stored = self.db.execute("SELECT value FROM meta WHERE key = 'policies'").fetchone()
        again = stored is not None and stored[0] != policy_ids
        problems: list[str] = []
        unchanged = 0
        seen: set[str] = set()
        todo: list[tuple[str, str, int, int]] = []
        for path, real in _walk(folder, tuple(e.lower() for e in SUFFIXES), problems):
            if real in seen:
                continue
            seen.add(real)
            try:
                st = os.stat(real)
            except OSError as exc:
                problems.append(f"{path}: cannot read file: {exc.strerror or exc}")
                continue
            old = known.get(real)
            if old is None and not real.startswith(top + os.sep):  # a link to a file elsewhere
                row = self.db.execute(
                    "SELECT id, size, mtime_ns FROM originals WHERE path = ? AND live = 1", (real,)
                ).fetchone()
                old = tuple(row) if row else None
            if not again and old is not None and old[1] == st.st_size and old[2] == st.st_mtime_ns:
                unchanged += 1
                continue
            todo.append((path, real, st.st_size, st.st_mtime_ns))
        added = updated = 0
        batch: list[Indexed] = []
        for done, result in enumerate(_map(index_file, todo, jobs, policies), 1):
            if isinstance(result, str):
                problems.append(result)
            else:
                batch.append(result)
                if result.real in known:
                    updated += 1
                else:
                    added += 1
            if progress is not None:
                progress(done, len(todo))
            if len(batch) >= BATCH:
                self._store(batch, [known[r.real][0] for r in batch if r.real in known])
                batch = []
        gone = [row_id for real, (row_id, _, _) in known.items() if real not in seen]
        self._store(batch, [known[r.real][0] for r in batch if r.real in known] + gone)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('policies', ?)", (policy_ids,))
        self._maybe_compact()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return BuildReport(added, updated, unchanged, len(gone), problems, time.perf_counter() - start)

    def _store(self, batch: Sequence[Indexed], dead: Sequence[int]) -> None:
        """Insert a batch of originals and merge their postings; mark `dead` rows dead."""
        if not batch and not dead:
            return
        self._live = None
        with self._transaction():
            if dead:
                self.db.executemany("UPDATE originals SET live = 0 WHERE id = ?", [(i,) for i in dead])
            # A fingerprint that many originals hold (a stock sentence with nothing particular
            # in it) is boilerplate for every query, and its postings made its bucket ~100
            # times the size of others, read by every story that has it: it is recorded as
            # stopped and its postings are dropped.
            stopped = self._stopped()
            counts = Counter(chain.from_iterable(r.fingerprints for r in batch))
            newly = {fp for fp, n in counts.items() if n > STOP_LIMIT and fp not in stopped}
            if newly:
                self.db.executemany("INSERT OR IGNORE INTO stopped VALUES (?)", [(fp,) for fp in newly])
                stopped = stopped | newly
                self._stop = None
            cleaned = {fp >> BUCKET_SHIFT for fp in newly}
            new: dict[int, array[int]] = defaultdict(lambda: array("Q"))
            for r in batch:
                # Whatever row this file had (a symlinked file read again, a build that ran
                # alongside) gives way to the new one: one live row a path.
                self.db.execute("UPDATE originals SET live = 0 WHERE path = ? AND live = 1", (r.real,))
                cur = self.db.execute(
                    "INSERT INTO originals (path, size, mtime_ns, headline, ids, date, service, words, fingerprints) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        r.real,
                        r.size,
                        r.mtime_ns,
                        r.headline,
                        "\n".join(r.ids),
                        r.date,
                        r.service,
                        r.words,
                        len(r.fingerprints),
                    ),
                )
                row_id = cur.lastrowid
                assert row_id is not None
                self.db.executemany("INSERT INTO wire_ids VALUES (?, ?)", [(w, row_id) for w in r.ids])
                for fp in r.fingerprints:
                    if fp not in stopped:
                        new[fp >> BUCKET_SHIFT].append(fp << 32 | row_id)
            for bucket in cleaned:  # earlier postings of a fingerprint stopped now
                new.setdefault(bucket, array("Q"))
            if not new:
                return
            # A few thousand buckets at a time: read, merge, write. Reading every bucket the
            # batch touches at once held the whole index in memory (1.1 GB at 100,000).
            touched = sorted(new)
            for i in range(0, len(touched), MERGE_BUCKETS):
                part = touched[i : i + MERGE_BUCKETS]
                old = dict(_chunked_select(self.db, "SELECT bucket, postings FROM buckets WHERE bucket IN ({})", part))
                rows = []
                for bucket in part:
                    postings = new.pop(bucket)
                    blob = old.get(bucket)
                    if blob is not None:
                        postings.frombytes(blob)
                    if bucket in cleaned:
                        postings = array("Q", (p for p in postings if p >> 32 not in newly))
                    rows.append((bucket, array("Q", sorted(postings)).tobytes()))
                self.db.executemany("INSERT OR REPLACE INTO buckets (bucket, postings) VALUES (?, ?)", rows)

    def remove(self, paths: Sequence[str]) -> int:
        """Mark the originals at `paths` (files, or every original under a folder) dead."""
        ids: list[int] = []
        for path in paths:
            real = os.path.realpath(path)
            ids += [
                row_id
                for (row_id,) in self.db.execute(
                    "SELECT id FROM originals WHERE live = 1 AND (path = ? OR path LIKE ? ESCAPE '\\')",
                    (real, _like_prefix(real)),
                )
            ]
        if ids:
            self._live = None
            with self._writing():
                with self._transaction():
                    self.db.executemany("UPDATE originals SET live = 0 WHERE id = ?", [(i,) for i in ids])
                self._maybe_compact()
        return len(ids)

    def _maybe_compact(self, share: float = 0.2) -> None:
        """Drop dead originals' postings once they are `share` of the rows."""
        dead, total = self.db.execute("SELECT COUNT(*) FILTER (WHERE live = 0), COUNT(*) FROM originals").fetchone()
        if dead and dead >= share * total:
            self.compact()

    def compact(self) -> None:
        """Drop dead originals and their postings, a few thousand buckets at a time."""
        dead = {i for (i,) in self.db.execute("SELECT id FROM originals WHERE live = 0")}
        if not dead:
            return
        self._live = None
        buckets = [b for (b,) in self.db.execute("SELECT bucket FROM buckets")]
        with self._transaction():
            for i in range(0, len(buckets), MERGE_BUCKETS):
                part = buckets[i : i + MERGE_BUCKETS]
                for bucket, blob in _chunked_select(
                    self.db, "SELECT bucket, postings FROM buckets WHERE bucket IN ({})", part
                ):
                    postings = array("Q")
                    postings.frombytes(blob)
                    kept = array("Q", (p for p in postings if p & _LOW not in dead))
                    if len(kept) == len(postings):
                        continue
                    if kept:
                        self.db.execute("UPDATE buckets SET postings = ? WHERE bucket = ?", (kept.tobytes(), bucket))
                    else:
                        self.db.execute("DELETE FROM buckets WHERE bucket = ?", (bucket,))
            self.db.execute("DELETE FROM wire_ids WHERE original IN (SELECT id FROM originals WHERE live = 0)")
            self.db.execute("DELETE FROM originals WHERE live = 0")
        self.db.execute("VACUUM")

    # -- asking --------------------------------------------------------------------------------

    def stats(self) -> Stats:
        live, dead, first, last = self.db.execute(
            "SELECT COUNT(*) FILTER (WHERE live = 1), COUNT(*) FILTER (WHERE live = 0), "
            "MIN(date) FILTER (WHERE live = 1), MAX(date) FILTER (WHERE live = 1) FROM originals"
        ).fetchone()
        postings = self.db.execute("SELECT COALESCE(SUM(LENGTH(postings)), 0) / 8 FROM buckets").fetchone()[0]
        folders: Counter[str] = Counter()
        for (path,) in self.db.execute("SELECT path FROM originals WHERE live = 1"):
            folders[os.path.dirname(path)] += 1
        services = {
            service or "-": n
            for service, n in self.db.execute(
                "SELECT service, COUNT(*) FROM originals WHERE live = 1 GROUP BY service ORDER BY COUNT(*) DESC"
            )
        }
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        return Stats(live, dead, postings, first, last, size, dict(folders.most_common()), services)

    def match(self, paragraphs: Sequence[str], limit: int = 5) -> list[Hit]:
        """The originals sharing most text with a story given as its paragraphs.

        Originals are ranked by the informative fingerprints they share with the story
        (boilerplate, held by many originals, says nothing about which one was copied).
        Then, for the best ones, each paragraph of the story is judged on *all* its
        fingerprints: it is reproduced from an original that holds at least PARAGRAPH_COVER
        of them, stock phrases included, so a copied paragraph that is mostly template
        text still counts once the original is known from the rest.
        """
        self.db.execute("BEGIN")  # one snapshot for every query of this match
        try:
            return self._match(paragraphs, limit)
        finally:
            self.db.execute("COMMIT")

    def _match(self, paragraphs: Sequence[str], limit: int) -> list[Hit]:
        per_paragraph = [fingerprints([p]) for p in paragraphs]
        story = set().union(*per_paragraph) if per_paragraph else set()
        if not story:
            return []
        live_count, dead = self._population()
        # At most 50 holders, or one in a thousand originals in a large index: held by 80 of
        # 100,000 originals, a sentence still tells a town's story from the others.
        common = max(COMMON_FLOOR, min(max(COMMON_MAX, live_count // 1000), int(COMMON_SHARE * live_count)))
        story -= self._stopped()  # boilerplate, and not in the buckets
        by_bucket: dict[int, list[int]] = defaultdict(list)
        for fp in story:
            by_bucket[fp >> BUCKET_SHIFT].append(fp)
        counts: Counter[int] = Counter()
        informative = 0
        arrays: dict[int, array[int]] = {}
        ranges: list[tuple[array[int], int, int]] = []  # the postings of boilerplate fingerprints
        for bucket, blob in _chunked_select(
            self.db, "SELECT bucket, postings FROM buckets WHERE bucket IN ({})", list(by_bucket)
        ):
            postings = arrays[bucket] = array("Q")
            postings.frombytes(blob)
            for fp in by_bucket.pop(bucket):
                lo = bisect_left(postings, fp << 32)
                hi = bisect_left(postings, (fp + 1) << 32, lo)
                if hi - lo > common:
                    ranges.append((postings, lo, hi))
                    continue  # boilerplate (dead postings included): counts neither for nor against
                informative += 1
                for posting in postings[lo:hi]:
                    if posting & _LOW not in dead:
                        counts[posting & _LOW] += 1
        informative += sum(len(fps) for fps in by_bucket.values())  # in no original at all
        if not informative and not ranges:
            return []
        if max(counts.values(), default=0) < 2 and ranges:
            # No original shares two rare fingerprints with the story: it may still be a copy
            # of stock sentences, whose particulars are common at this scale. Propose the
            # originals that hold most of its boilerplate, the rarer the fingerprint the more
            # it weighs (never a finding by itself: AP502 compares the text).
            weights: dict[int, float] = defaultdict(float)
            for postings, lo, hi in ranges:
                weight = 1.0 / (hi - lo)
                for posting in postings[lo:hi]:
                    weights[posting & _LOW] += weight
            for i in heapq.nlargest(RERANK, weights, key=weights.__getitem__):
                if i not in dead:
                    counts[i] += 0  # a candidate with no informative fingerprint
        if not counts:
            return []
        informative = max(informative, 1)
        # The leaders by informative fingerprints, then ranked again by every fingerprint of
        # the story they hold, stock phrases included: a copy of template-heavy paragraphs
        # shares only a fingerprint or two that are rare, like many an original of the same
        # topic and town, but it holds nearly all the story's common ones too.
        leaders = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: max(limit, RERANK)]
        keys = _keys(arrays, story)
        held = {i: _held(keys, i) for i, _ in leaders}
        best = sorted(leaders, key=lambda kv: (-held[kv[0]], -kv[1], kv[0]))[:limit]
        rows = {
            row_id: (path, headline, service, n_fps)
            for row_id, path, headline, service, n_fps in _chunked_select(
                self.db,
                "SELECT id, path, headline, service, fingerprints FROM originals WHERE id IN ({})",
                [i for i, _ in best],
            )
        }
        hits = []
        paragraph_keys = [(_keys(arrays, fps), len(fps)) for fps in per_paragraph]
        for row_id, n in best:
            if row_id not in rows:
                continue  # compacted away since the buckets were read
            path, headline, service, n_fps = rows[row_id]
            paras = tuple(
                i
                for i, (pkeys, count) in enumerate(paragraph_keys)
                if count and _held(pkeys, row_id) >= PARAGRAPH_COVER * count
            )
            hits.append(Hit(row_id, path, headline, service, n, n / informative, n / max(1, n_fps), paras))
        return hits

    def _stopped(self) -> frozenset[int]:
        """The fingerprints dropped from the index as too common (cached until a build)."""
        if self._stop is None:
            self._stop = frozenset(fp for (fp,) in self.db.execute("SELECT fp FROM stopped"))
        return self._stop

    def _population(self) -> tuple[int, frozenset[int]]:
        """How many originals are live, and the dead ids (cached until the database changes,
        here or in another process: SQLite's data_version tells)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._version = version
            self._live = None
            self._stop = None
        if self._live is None:
            live = self.db.execute("SELECT COUNT(*) FROM originals WHERE live = 1").fetchone()[0]
            dead = frozenset(i for (i,) in self.db.execute("SELECT id FROM originals WHERE live = 0"))
            self._live = (live, dead)
        return self._live


def _keys(arrays: dict[int, array[int]], fps: Iterable[int]) -> list[tuple[array[int], int]]:
    """(the bucket's postings, fingerprint << 32) for each fingerprint whose bucket was read."""
    return [(a, fp << 32) for fp in fps if (a := arrays.get(fp >> BUCKET_SHIFT)) is not None]


def _held(keys: list[tuple[array[int], int]], original: int) -> int:
    """How many of the fingerprints (bucket, fingerprint << 32) `original` holds."""
    n = 0
    for postings, base in keys:
        key = base | original
        i = bisect_left(postings, key)
        if i < len(postings) and postings[i] == key:
            n += 1
    return n


def _map(
    func: Callable[[tuple[str, str, int, int]], Indexed | str],
    jobs_in: list[tuple[str, str, int, int]],
    jobs: int,
    policies: Sequence[Policy],
) -> Iterable[Indexed | str]:
    """`map(func, jobs_in)`, in worker processes when there is enough to do."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(jobs_in) < 200:
        _init(policies)
        yield from map(func, jobs_in)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, initializer=_init, initargs=(tuple(policies),)) as pool:
        # A batch ahead: the workers read and fingerprint the next batch while the main
        # process merges this one into the buckets, and no more than that piles up.
        slices = [jobs_in[i : i + BATCH] for i in range(0, len(jobs_in), BATCH)]
        pending = pool.imap(func, slices[0], chunksize=64)
        for following in [*slices[1:], None]:
            ahead = pool.imap(func, following, chunksize=64) if following is not None else None
            yield from pending
            if ahead is None:
                break
            pending = ahead


def _like_prefix(folder: str) -> str:
    """A LIKE pattern for every path under `folder` (with % and _ escaped)."""
    escaped = folder.rstrip(os.sep).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + os.sep.replace("\\", "\\\\") + "%"


def _chunked_select(db: sqlite3.Connection, sql: str, keys: Sequence[int], size: int = 900) -> Iterable[tuple]:  # type: ignore[type-arg]
    """`sql` with `IN ({})` filled for `keys`, in chunks under SQLite's variable limit."""
    for i in range(0, len(keys), size):
        chunk = keys[i : i + size]
        yield from db.execute(sql.format(",".join("?" * len(chunk))), chunk)


# -- the index as the run's originals (--corpus) ------------------------------------------------

# Linking a story by content (the rewrite rules) asks what corpus_index.OriginalsIndex.find
# asks: a clear best original. At one shingle in four a story has half the fingerprints of
# the in-memory index, so the least lead is halved (bench/corpus.py measures the result).
LINK_THRESHOLD = 0.2
LINK_MARGIN = 0.1
LINK_MIN_LEAD = 2
LINK_MIN_FINGERPRINTS = 2


class CorpusOriginals:
    """A corpus database in the role of the run's originals (`--corpus PATH`): the rewrite
    rules link stories through it (by `original:` path, wire id or content) and AP502 asks
    it which originals a story shares text with. Each process opens its own connection
    (one must not cross a fork); pickled, it is only the database's path."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._corpus: Corpus | None = None
        self._pid = 0
        Corpus.open(path).close()  # said now, before any worker starts, if it cannot be used

    def __getstate__(self) -> dict[str, str]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.path = state["path"]
        self._corpus = None
        self._pid = 0

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None or self._pid != os.getpid():
            self._corpus = Corpus.open(self.path)
            self._pid = os.getpid()
        return self._corpus

    def close(self) -> None:
        """Close this process's connection, if it opened one (opened again on use)."""
        if self._corpus is not None and self._pid == os.getpid():
            self._corpus.close()
        self._corpus = None

    def _query(self, sql: str, params: tuple[object, ...]) -> list[Any]:
        try:
            return self.corpus.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise CorpusError(f"{self.path}: {exc}") from None

    def __len__(self) -> int:
        return self.corpus._population()[0]

    def _original(self, row_id: int) -> Original | None:
        rows = self._query("SELECT path FROM originals WHERE id = ? AND live = 1", (row_id,))
        if not rows:
            return None
        try:
            return read_original(rows[0][0])
        except OriginalError:
            return None  # gone or unreadable since it was indexed

    def by_path(self, path: str) -> Original | None:
        """The original whose path is `path` or ends with it (a front matter `original:`)."""
        path = path.strip()
        if not path:
            return None
        tail = path.replace("\\", "/").lstrip("./")
        rows = self._query(
            "SELECT id FROM originals WHERE live = 1 AND (path = ? OR path LIKE ? ESCAPE '\\')",
            (os.path.realpath(path), "%/" + tail.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")),
        )
        return self._original(rows[0][0]) if len(rows) == 1 else None

    def by_id(self, wire_id: str) -> Original | None:
        rows = self._query(
            "SELECT w.original FROM wire_ids w JOIN originals o ON o.id = w.original WHERE w.wire_id = ? AND o.live = 1",
            (wire_id.strip(),),
        )
        return self._original(rows[0][0]) if len({r[0] for r in rows}) == 1 else None

    def hits(self, paragraphs: Sequence[str], limit: int = 10) -> list[Hit]:
        try:
            return self.corpus.match(paragraphs, limit)
        except sqlite3.Error as exc:
            raise CorpusError(f"{self.path}: {exc}") from None

    def find(self, paragraphs: Sequence[str] | str) -> Any:
        """A clear best original for a story, as corpus_index.OriginalsIndex.find."""
        from .corpus_index import Match

        if isinstance(paragraphs, str):
            paragraphs = (paragraphs,)
        hits = self.hits(paragraphs, 2)
        if not hits:
            return None
        best = hits[0]
        second = hits[1] if len(hits) > 1 else None
        runner_up = second.story_share if second else 0.0
        lead = best.shared - (second.shared if second else 0)
        if (
            best.shared < LINK_MIN_FINGERPRINTS
            or best.story_share < LINK_THRESHOLD
            or best.story_share - runner_up < LINK_MARGIN
            or lead < LINK_MIN_LEAD
        ):
            return None
        original = self._original(best.id)
        return None if original is None else Match(original, best.story_share, runner_up)
