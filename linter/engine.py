"""files -> documents -> services detected -> rules -> suppressions -> violations.

`check_document` is a pure function of (document, settings); `check_path` adds the I/O;
`run` maps `check_path` over files, in worker processes when there are enough files to
pay for them. Nothing here prints or exits.
"""

from __future__ import annotations

import codecs
import errno
import functools
import gc
import itertools
import os
import signal
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from . import literals, watchdog
from .builtin_rules import BUILTIN
from .checks import KINDS
from .checks.base import Context, Finding, RegexTimeout, search
from .document import Document
from .globs import GlobSet
from .patterns import Pattern
from .policy import Detect, Policy, Rule, Severity
from .readers import reader_for
from .violation import SORT_KEY, Violation

DEFAULT_TIMEOUT = 1.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class Selection(NamedTuple):
    """Which rules run: the longest matching prefix among `select` and `ignore` wins."""

    select: tuple[str, ...] = ("",)
    ignore: tuple[str, ...] = ()

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - a few hundred rule ids, selections live for the run
    def allows(self, rule_id: str) -> bool:
        s = max((len(p) for p in self.select if rule_id.startswith(p)), default=-1)
        i = max((len(p) for p in self.ignore if rule_id.startswith(p)), default=-1)
        return s >= 0 and s > i

    def extended(self, select: Sequence[str], ignore: Sequence[str]) -> Selection:
        return Selection(self.select + tuple(select), self.ignore + tuple(ignore))


ALL_RULES = Selection()


class PathOverride(NamedTuple):
    globs: GlobSet
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = {}
    policies: tuple[str, ...] = ()  # policy ids that apply here (empty: all)


class Settings:
    """Everything a run needs, built by the CLI from config and options; never changed after.

    A plain class rather than a record because it derives lookups once (rules by id, the
    rules each selection allows) that every document uses.
    """

    __slots__ = (
        "_active",
        "context",
        "house_style",
        "known_rule_ids",
        "max_bytes",
        "originals",
        "per_path",
        "policies",
        "root",
        "rules_by_id",
        "selection",
        "severity",
        "terms",
        "timeout",
    )

    def __init__(
        self,
        policies: tuple[Policy, ...],
        terms: Mapping[str, Mapping[str, object]] | None = None,  # policy id -> term -> value
        selection: Selection = ALL_RULES,
        severity: Mapping[str, Severity] | None = None,  # rule id or prefix -> severity
        per_path: tuple[PathOverride, ...] = (),
        root: str = ".",
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        originals: object = None,  # an OriginalsIndex: the wire copy stories are compared with
        house_style: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.originals = originals
        self.house_style = house_style
        self.context = False  # results carry the source lines around their violations (audit --html)
        self.policies = policies
        self.terms = terms or {}
        self.selection = selection
        self.severity = severity or {}
        self.per_path = per_path
        self.root = root
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.rules_by_id = {r.id: r for p in policies for r in p.rules}
        self.known_rule_ids = frozenset(self.rules_by_id) | frozenset(BUILTIN)
        self._active: dict[Selection, list[tuple[Policy, list[Rule], list[Rule]]]] = {}

    def active(self, selection: Selection) -> list[tuple[Policy, list[Rule], list[Rule]]]:
        """Each policy with the rules that run on its copy and on other documents.

        Only rules `selection` allows and whose licence-term conditions hold are kept,
        rules that compare with originals only when the run has originals, and rules that
        ask a corpus index only when it has one; computed once per selection.
        """
        found = self._active.get(selection)
        if found is None:
            found = self._active[selection] = []
            for p in self.policies:
                terms = self.terms.get(p.id, {})
                rules = [
                    r
                    for r in p.rules
                    if selection.allows(r.id)
                    and all(terms.get(name) == value for name, value in r.when.items())
                    and (self.originals is not None or not getattr(KINDS[r.kind], "NEEDS_ORIGINALS", False))
                    and (hasattr(self.originals, "hits") or not getattr(KINDS[r.kind], "NEEDS_CORPUS", False))
                ]
                if rules:
                    on_copy = [r for r in rules if r.applies != "not-copy"]
                    on_other = [r for r in rules if r.applies != "copy"]
                    found.append((p, on_copy, on_other))
        return found


class FileResult(NamedTuple):
    path: str
    violations: tuple[Violation, ...]
    original: str | None = None  # the original the story was compared with, when linked
    # With `Settings.context`: the source lines a report shows around the violations, as
    # (line number, offset in the line, text, more of the line follows); see audit.py.
    lines: tuple[tuple[int, int, str, bool], ...] = ()


def relative(path: str, root: str) -> str:
    """`path` relative to the config root, with '/' separators, for glob matching."""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        rel = path
    if rel.startswith(".."):
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


# -- reading ------------------------------------------------------------------------------


def load(path: str, settings: Settings) -> tuple[Document | None, list[tuple[str, Finding]]]:
    """Read and decode one file; problems with the file itself become WL findings."""
    try:
        data, size = _read(path, settings.max_bytes)
    except OSError as exc:
        return None, [("WL101", Finding(0, 0, f"cannot read file: {exc.strerror or exc}"))]
    if data is None:
        mb = settings.max_bytes / (1024 * 1024)
        return None, [
            ("WL103", Finding(0, 0, f"file is {size / (1024 * 1024):.1f} MB, over the {mb:g} MB limit; skipped"))
        ]
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        return None, [problem]
    try:
        doc = reader_for(path)(path, text)
    except RecursionError:
        return None, [("WL102", Finding(0, 0, "file structure is too deeply nested to read; skipped"))]
    found = [(p.code, Finding(p.offset, p.offset, p.message)) for p in doc.problems]
    if problem is not None:
        found.insert(0, problem)
    return doc, found


def _read(path: str, limit: int) -> tuple[bytes | None, int]:
    """The file's bytes (None when it is bigger than `limit`) and its size.

    Plain `os` calls: Python's buffered file object cost 4 us more per file. Only the
    file's size plus one byte is asked for (asking for the limit allocated it, 30 us).
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        size = st.st_size
        if size > limit:
            return None, size
        want = size + 1  # one more: a file that grew since fstat still ends at EOF or the limit
        data = os.read(fd, want)
        # A regular file's read is short only at its end: `size` bytes is the whole file
        # (asking again to see EOF cost a system call per file). Fewer: it shrank, or a read
        # was cut short; read on to EOF.
        while len(data) < size:
            more = os.read(fd, want - len(data))
            if not more:
                break
            data += more
    finally:
        os.close(fd)
    return data, size


# O_NONBLOCK: a FIFO or a device named on the command line must not hang the run.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def decode(data: bytes) -> tuple[str | None, tuple[str, Finding] | None]:
    """Bytes to text: UTF-8 (with or without BOM), or UTF-16 or UTF-32 with a BOM."""
    # UTF-32 first: its little-endian BOM (FF FE 00 00) starts like UTF-16's (FF FE).
    for boms, codec in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
    ):
        if not data.startswith(boms):
            continue
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            message = f"file is not valid {codec.upper()}; invalid bytes were replaced"
            return data.decode(codec, "replace"), ("WL104", Finding(0, 0, message))
    if b"\x00" in data:
        return None, ("WL102", Finding(0, 0, "file contains NUL bytes: not a text article; skipped"))
    bom = 3 if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = data[bom:].decode("utf-8", "replace")
        at = len(data[bom : exc.start].decode("utf-8", "replace"))
        msg = f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); checked with invalid bytes replaced"
        return text, ("WL104", Finding(at, at + 1, msg))


# -- checking -----------------------------------------------------------------------------


def is_copy(doc: Document, policy: Policy, ctx: Context) -> bool:
    """Any one detection signal marks the document as this service's copy."""
    detect = policy.detect
    if detect.field_pattern is not None:
        for f in doc.meta(*detect.fields):
            for value in f.values:
                if search(detect.field_pattern, value, ctx):
                    return True
    body = doc.body
    needed = _required_literals(detect)
    if needed is not None and not literals.contains_any(body, needed):
        return False  # no signal pattern can match: each needs one of these strings
    return any(search(p, body, ctx) for p in detect.patterns)


_REQUIRED: dict[tuple[str, ...], tuple[str, ...] | None] = {}
# The analysis of each Detect met, by identity (kept alive here, so an id is never reused).
_REQUIRED_BY_ID: dict[int, tuple[Detect, tuple[str, ...] | None]] = {}


def _required_literals(detect: Detect) -> tuple[str, ...] | None:
    """Strings one of which every detection pattern needs (None when any needs none)."""
    known = _REQUIRED_BY_ID.get(id(detect))
    if known is not None and known[0] is detect:
        return known[1]
    key = tuple(p.pattern for p in detect.patterns)
    if key not in _REQUIRED:
        union: set[str] = set()
        for p in detect.patterns:
            found = literals.required(p.pattern)
            if found is None:
                union = set()
                break
            union.update(found)
        # A string containing another from the set adds nothing: where it occurs, so does
        # the shorter one. AP's six strings come down to three scans.
        minimal = {s for s in union if not any(t != s and t in s for t in union)}
        _REQUIRED[key] = tuple(sorted(minimal)) if minimal else None
    _REQUIRED_BY_ID[id(detect)] = (detect, _REQUIRED[key])
    return _REQUIRED[key]


def check_document(
    doc: Document,
    settings: Settings,
    preread: Sequence[tuple[str, Finding]] = (),
    cache: dict[object, object] | None = None,
) -> list[Violation]:
    """The document's violations. `cache` is what the checks shared (the linked original)."""
    selection, severity, only = _for_path(doc.path, settings)
    cache = {} if cache is None else cache
    policies = [p for p in settings.active(selection) if only is None or p[0].id in only]
    found: list[tuple[str, Finding]] = list(preread)
    if watchdog.fits(len(doc.body), settings.timeout):
        try:
            _run_checks(doc, settings, policies, cache, found, alarm=True)
        except watchdog.Expired:
            # The alarm went off outside any rule (between two, or as it was disarmed):
            # nothing is known to have run away. Check the document again without it.
            found = list(preread)
            _run_checks(doc, settings, policies, cache, found, alarm=False)
    else:
        _run_checks(doc, settings, policies, cache, found, alarm=False)
    missing = cache.get(("original-missing", id(doc)))
    if isinstance(missing, tuple):
        found.append(("WL107", Finding(missing[0], missing[0], missing[1])))
    found = _suppress(doc, found, settings.known_rule_ids)
    out = [
        _violation(doc, rule_id, f, settings.rules_by_id, severity) for rule_id, f in found if selection.allows(rule_id)
    ]
    out.sort(key=SORT_KEY)
    return out


def _run_checks(
    doc: Document,
    settings: Settings,
    policies: Sequence[tuple[Policy, list[Rule], list[Rule]]],
    cache: dict[object, object],
    found: list[tuple[str, Finding]],
    alarm: bool,
) -> None:
    """Detection and rules of every policy, findings appended to `found`.

    With `alarm`, one timer guards the document (watchdog.py) and patterns run without a
    per-call timeout. The timer measures everything since it was armed, so when it goes
    off the rule is run again with the per-call timeout: only a pattern that runs away on
    its own is reported (WL106), never a rule that was merely last. Rules that compare
    with originals (alignment is not a pattern) run with the per-call timeout only.
    """
    limit = settings.timeout
    # Rules that compare with originals run only when there are originals.
    slow = _NEEDS_ORIGINALS if alarm and settings.originals is not None else frozenset()
    if alarm:
        watchdog.arm(limit)
    try:
        for policy, on_copy, on_other in policies:
            args = (policy.name, cache, settings.terms.get(policy.id, {}), settings.originals, settings.house_style)
            ctx = Context(None if alarm else limit, *args)
            try:
                copy: bool | RegexTimeout = is_copy(doc, policy, ctx)
            except (RegexTimeout, watchdog.Expired) as exc:
                copy = _again(is_copy, doc, policy, exc, args, alarm, limit)
            if isinstance(copy, RegexTimeout):
                found.append(("WL106", _timeout(f"{policy.id} detection", copy)))
                continue
            for rule in on_copy if copy else on_other:
                if rule.kind in slow:
                    watchdog.disarm()
                    got = _again(_check_rule, doc, rule, None, args, False, limit)
                    watchdog.arm(limit)
                else:
                    try:
                        got = list(KINDS[rule.kind].check(doc, rule, ctx))
                    except (RegexTimeout, watchdog.Expired) as exc:
                        got = _again(_check_rule, doc, rule, exc, args, alarm, limit)
                if isinstance(got, RegexTimeout):
                    found.append(("WL106", _timeout(rule.id, got)))
                elif got:
                    found.extend((rule.id, f) for f in got)
    finally:
        if alarm:
            watchdog.disarm()


# Kinds whose work is not patterns (alignment, index queries): run outside the alarm.
_NEEDS_ORIGINALS = frozenset(
    name
    for name, kind in KINDS.items()
    if getattr(kind, "NEEDS_ORIGINALS", False) or getattr(kind, "NEEDS_CORPUS", False)
)


def _check_rule(doc: Document, rule: Rule, ctx: Context) -> list[Finding]:
    return list(KINDS[rule.kind].check(doc, rule, ctx))


_T = TypeVar("_T")
_A = TypeVar("_A")


def _again(
    run: Callable[[Document, _A, Context], _T],
    doc: Document,
    item: _A,
    stopped: BaseException | None,
    args: tuple[Any, ...],
    alarm: bool,
    limit: float,
) -> _T | RegexTimeout:
    """After `stopped` (a timeout): the pattern that ran away, or, under the alarm, the
    result of running again with the per-call limit, since the timer counted the rules
    before this one too. With `stopped` None: a first run with the per-call limit."""
    if stopped is not None and not alarm:
        assert isinstance(stopped, RegexTimeout)
        return stopped
    if alarm:
        watchdog.disarm()
    try:
        return run(doc, item, Context(limit, *args))
    except RegexTimeout as exc:
        return exc
    finally:
        if alarm:
            watchdog.arm(limit)


def _timeout(what: str, exc: RegexTimeout) -> Finding:
    return Finding(0, 0, f"pattern of {what} stopped after the regex time limit: {exc.pattern[:80]}")


def _for_path(path: str, settings: Settings) -> tuple[Selection, Mapping[str, Severity], frozenset[str] | None]:
    """The selection, severities and policies (None: all) that apply to one file."""
    selection = settings.selection
    if not settings.per_path:
        return selection, settings.severity, None
    rel = relative(path, settings.root)
    severity = dict(settings.severity)
    policies: frozenset[str] | None = None
    for override in settings.per_path:
        if override.globs.match(rel):
            # A per-path `select` narrows what runs there; `ignore` adds to the ignores.
            if override.select:
                selection = Selection(override.select, selection.ignore + override.ignore)
            else:
                selection = selection.extended((), override.ignore)
            severity.update(override.severity)
            if override.policies:  # several matching entries: the later one wins
                policies = frozenset(override.policies)
    return selection, severity, policies


def _suppress(doc: Document, found: list[tuple[str, Finding]], known: frozenset[str]) -> list[tuple[str, Finding]]:
    if not doc.directives:
        return found
    kept = [
        (rule_id, f)
        for rule_id, f in found
        if not any(
            rule_id in d.rules and d.applies_from <= f.start < d.applies_to
            for d in doc.directives
            if d.action != "enable"
        )
    ]
    judged: set[int] = set()
    for d in doc.directives:
        for rule_id in d.rules:
            if rule_id not in known:
                kept.append(("WL001", Finding(d.offset, d.end, f"'wirelint-{d.action}' names unknown rule {rule_id}")))
        if d.offset in judged:
            continue  # one comment naming several rules became one directive per rule
        judged.add(d.offset)
        if not d.rules:
            hint = f"write e.g. 'wirelint-{d.action} AP801: reason'"
            kept.append(("WL001", Finding(d.offset, d.end, f"'wirelint-{d.action}' names no rule ID; {hint}")))
        if d.action != "enable" and not d.reason:
            message = f"'wirelint-{d.action}' gives no reason; add one after a colon"
            kept.append(("WL002", Finding(d.offset, d.end, message)))
    return kept


def _violation(
    doc: Document, rule_id: str, f: Finding, rules: Mapping[str, Rule], severity: Mapping[str, Severity]
) -> Violation:
    line, col = doc.position(f.start)
    end_line, end_col = doc.position(f.end)
    return make_violation(doc.path, rule_id, f, (line, col, end_line, end_col), rules, severity)


def make_violation(
    path: str,
    rule_id: str,
    f: Finding,
    where: tuple[int, int, int, int],
    rules: Mapping[str, Rule],
    severity: Mapping[str, Severity],
) -> Violation:
    rule = rules.get(rule_id)
    if rule is not None:
        slug, policy, default = rule.slug, rule.policy, rule.severity.value
    else:
        b = BUILTIN[rule_id]
        slug, policy, default = b.slug, "wirelint", b.severity
    override = _longest(rule_id, severity)
    graded = override.value if override else (f.severity or default)
    return Violation(path, *where, rule_id, slug, policy, graded, f.message, f.evidence)


def _longest(rule_id: str, table: Mapping[str, Severity]) -> Severity | None:
    best = None
    best_len = -1
    for prefix, sev in table.items():
        if rule_id.startswith(prefix) and len(prefix) > best_len:
            best, best_len = sev, len(prefix)
    return best


def check_path(path: str, settings: Settings) -> FileResult:
    doc, problems = load(path, settings)
    if doc is None:
        selection, severity, _ = _for_path(path, settings)
        out = tuple(
            make_violation(path, code, f, (1, 1, 1, 1), settings.rules_by_id, severity)
            for code, f in problems
            if selection.allows(code)
        )
        return FileResult(path, out)
    cache: dict[object, object] = {}
    violations = tuple(check_document(doc, settings, problems, cache))
    original = cache.get(("original", id(doc)))
    lines: tuple[tuple[int, int, str, bool], ...] = ()
    if settings.context and violations:
        from .audit import context_lines

        lines = context_lines(doc.source, violations)
    return FileResult(path, violations, getattr(original, "path", None), lines)


# -- running over many files ----------------------------------------------------------------

PARALLEL_THRESHOLD = 200


def _init_worker(settings: Settings) -> None:
    watchdog.enable()  # the worker's main thread: one alarm per document
    # Ctrl-C is the main process's to handle: it stops the workers and reports what is done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Compile every pattern now, while the main process is still finding the files
    # (`start_workers`), rather than in the middle of the first chunk.
    for pattern in _patterns(settings.policies):
        pattern.compiled  # noqa: B018 - compiled on first use
        pattern.alternatives  # noqa: B018
    # What exists now (modules, policies, compiled patterns) lives as long as the worker:
    # the cyclic collector need not walk it again and again. A document leaves almost no
    # cycles, so collections can be rarer too (~1% of a worker's time otherwise).
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _patterns(obj: object) -> Iterator[Pattern]:
    """Every policy pattern in policies, rules, specs and options (records are tuples)."""
    if isinstance(obj, Pattern):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _patterns(item)
    elif isinstance(obj, Mapping):
        for item in obj.values():
            yield from _patterns(item)


# A chunk's results as a worker sends them: (index in the chunk, violations as plain tuples,
# original, lines) for the files that have any; a clean file is just not there. Plain
# tuples pickle in a fraction of the time of records (the paths repeat, and are memoised).
_Packed = list[tuple[int, list[tuple[Any, ...]], str | None, tuple[tuple[int, int, str, bool], ...]]]


def _pack(results: Iterable[FileResult]) -> _Packed:
    return [
        (i, [tuple(v) for v in r.violations], r.original, r.lines)
        for i, r in enumerate(results)
        if r.violations or r.original is not None or r.lines
    ]


def _unpack(paths: Sequence[str], packed: _Packed) -> list[FileResult]:
    out = [FileResult(p, ()) for p in paths]
    make = tuple.__new__
    for i, violations, original, lines in packed:
        out[i] = FileResult(paths[i], tuple(make(Violation, v) for v in violations), original, lines)
    return out


# The main process's ends of the workers' pipes. A forked worker closes its copies first
# thing: otherwise it holds every pipe open itself and never sees the end of its own when
# the main process dies (killed, out of memory), and would wait for work forever.
_MAIN_ENDS: list[Any] = []


def _serve(conn: Any, settings: Settings) -> None:
    """A worker process: check each chunk of paths it is sent, send back its results."""
    for end in _MAIN_ENDS:
        end.close()
    _MAIN_ENDS.clear()
    _init_worker(settings)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the main process has gone
        if task is None:
            return
        index, paths = task
        try:
            reply: tuple[int, _Packed | None, object] = (index, _pack(check_path(p, settings) for p in paths), None)
        except Exception as exc:  # an internal error: the main process raises it
            reply = (index, None, _portable(exc))
        try:
            conn.send(reply)
        except OSError:
            return  # the main process has gone


class WorkerError(Exception):
    """The traceback of an exception raised in a worker process (the `__cause__` of the
    exception the main process raises again)."""


def _portable(exc: Exception) -> tuple[Exception, str]:
    """The exception (its text in a RuntimeError when it does not pickle) and its traceback."""
    import pickle
    import traceback

    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        pickle.loads(pickle.dumps(exc))
        return exc, trace
    except Exception:
        return RuntimeError("".join(traceback.format_exception_only(type(exc), exc)).strip()), trace


class WorkerDied(RuntimeError):
    """A worker process ended without sending its results (killed, or it crashed)."""


class Workers:
    """Worker processes, started before the files are found so that starting them (and
    compiling the patterns in each) overlaps the walk; `run` uses them when there are
    enough files and `close` ends them.

    Each worker has a pipe of its own and the main process hands out chunks of paths as
    results come back, two chunks ahead per worker. (multiprocessing.Pool's threads cost
    the main process ~0.6 ms of CPU per chunk: its worker handler wakes at every result.)
    """

    def __init__(self, settings: Settings, jobs: int) -> None:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        ctx: Any = multiprocessing.get_context(method)
        self.jobs = jobs
        self.conns: list[Any] = []
        self.procs: list[Any] = []
        self.pending: dict[Any, int] = {}  # connection -> chunks sent and not yet answered
        # Workers ignore Ctrl-C (the main process stops them): ignored from birth, so a
        # Ctrl-C while they start prints nothing from them either.
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread: nothing to hand down
            previous = None
        try:
            for _ in range(jobs):
                mine, theirs = ctx.Pipe()
                _MAIN_ENDS.append(mine)
                self.conns.append(mine)
                self.pending[mine] = 0
                proc = ctx.Process(target=_serve, args=(theirs, settings), daemon=True)
                proc.start()
                theirs.close()
                self.procs.append(proc)
        except BaseException:
            self.close()
            raise
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _send(self, conn: Any, task: tuple[int, list[str]]) -> None:
        try:
            conn.send(task)
        except OSError:
            raise WorkerDied("a worker process ended unexpectedly (killed, or out of memory?)") from None
        self.pending[conn] += 1

    def _receive(self, conn: Any) -> tuple[int, _Packed | None, Any]:
        try:
            reply: tuple[int, _Packed | None, Any] = conn.recv()
        except (EOFError, OSError):
            raise WorkerDied("a worker process ended unexpectedly (killed, or out of memory?)") from None
        self.pending[conn] -= 1
        return reply

    def map(self, chunks: Iterable[list[str]]) -> Iterator[list[FileResult]]:
        """The results of each chunk, in order; chunks are taken as workers need them."""
        from multiprocessing.connection import wait

        # Answers to a run that stopped early (an error, or its caller stopped reading)
        # are still on their way: they are not this run's.
        for conn in self.conns:
            while self.pending[conn]:
                self._receive(conn)
        todo = iter(chunks)
        sent: dict[int, list[str]] = {}  # chunks out, by index, until their results are given
        done: dict[int, _Packed] = {}
        follow = 0

        def hand_out(conn: Any) -> None:
            chunk = next(todo, None)
            if chunk is not None:
                index = follow + len(sent)
                sent[index] = chunk
                self._send(conn, (index, chunk))

        for _ in range(2):
            for conn in self.conns:
                hand_out(conn)
        while sent:
            while follow in done:
                yield _unpack(sent.pop(follow), done.pop(follow))
                follow += 1
            if not sent:
                break
            ready: list[Any] = wait([c for c in self.conns if self.pending[c]])
            for conn in ready:
                index, packed, error = self._receive(conn)
                if error is not None:
                    exc, trace = error
                    raise exc from WorkerError(f"in a worker process:\n{trace}")
                assert packed is not None
                done[index] = packed
                hand_out(conn)

    def close(self) -> None:
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self.procs:
            proc.join()
        for conn in self.conns:
            conn.close()
            if conn in _MAIN_ENDS:
                _MAIN_ENDS.remove(conn)


def start_workers(paths: Sequence[str], settings: Settings, jobs: int = 0) -> Workers | None:
    """Worker processes for a run over `paths`, or None when it will run in this process:
    one process asked for, or only files named (a pre-commit hook names a few)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or not any(os.path.isdir(p) for p in paths):
        return None
    return Workers(settings, jobs)


def run(
    paths: Iterable[str], settings: Settings, jobs: int = 0, workers: Workers | None = None
) -> Iterator[FileResult]:
    """Check every path; results come back in the order of `paths`.

    With `workers` (see `start_workers`) or `jobs` > 1, and enough files to pay for them,
    the files are checked in worker processes; the caller closes the workers it passed.
    """
    jobs = workers.jobs if workers is not None else (jobs or os.cpu_count() or 1)
    given = iter(paths)  # perhaps files still being found (files.Walking)
    head = list(itertools.islice(given, PARALLEL_THRESHOLD))
    paths = itertools.chain(head, given)
    if jobs <= 1 or len(head) < PARALLEL_THRESHOLD:
        mine = not watchdog.enabled() and watchdog.enable()
        try:
            for p in paths:
                yield check_path(p, settings)
        finally:
            if mine:
                watchdog.disable()
        return
    own = workers is None
    if workers is None:
        workers = Workers(settings, jobs)
    try:
        for results in workers.map(_chunks(paths, jobs)):
            yield from results
    finally:
        if own:
            workers.close()


def _chunks(paths: Iterable[str], jobs: int) -> Iterator[list[str]]:
    """Chunks of up to 128 files (no per-file messages), shrinking towards the end to 16
    so that the workers finish together: over the last 2,048 files each is an eighth of
    a worker's share of what is left. Files are read that far ahead to know where the end is."""
    given = iter(paths)
    ahead = 2048  # files read ahead: the chunks shrink over the last of them
    buffer: list[str] = []
    ended = False
    while True:
        if not ended and len(buffer) < ahead:
            buffer += itertools.islice(given, ahead - len(buffer))
            ended = len(buffer) < ahead
        if not buffer:
            return
        size = max(16, min(128, -(-len(buffer) // (jobs * 8)))) if ended else 128
        yield buffer[:size]
        del buffer[:size]
