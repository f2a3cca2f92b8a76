"""`wirelint audit`: the figures of a folder audit, and the progress line a person watches
while tens of thousands of files are checked.

The run itself streams (commands.collect keeps the findings and the path of each file,
never a clean file's result); `Tally` counts the findings by severity, rule, service and
folder and ranks the worst files. Nothing here prints except `Progress`, which writes to
a terminal only.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any, NamedTuple, TextIO

from .violation import Violation

# Fields of a Violation, by index, for counting many at once.
RULE, SLUG, POLICY, SEVERITY = (Violation._fields.index(f) for f in ("rule", "slug", "policy", "severity"))
WORST_FILES = 10
FOLDERS_SHOWN = 15
CONTEXT_REACH = 3  # how far above and below a finding the nearest line with text is looked for
CONTEXT_FILES = 5_000  # files whose lines the HTML report shows (the first, in path order)
LONG_LINE = 600  # longer source lines are cut around the finding
FILE_LEVEL = ("WL101", "WL102", "WL103")  # about the file itself: no line to show


class FileScore(NamedTuple):
    """How bad one file is: errors first, then all findings."""

    errors: int
    total: int
    path: str


class Tally:
    """The figures of a run: counts by severity, rule, service and folder, and the worst files."""

    def __init__(self, found: int = 0) -> None:
        self.total_files = found  # files found; `files` is how many were checked
        self.files = 0
        self.files_with_violations = 0
        self.severity: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.slugs: dict[str, str] = {}
        self.rule_severity: dict[str, str] = {}
        self.services: Counter[str] = Counter()
        self.folders: Counter[str] = Counter()
        self.folder_files: Counter[str] = Counter()
        self._scores: list[tuple[int, int, str]] = []  # (-errors, -findings, path) per file with findings
        self.violations: list[Violation] = []
        self.elapsed = 0.0
        self.interrupted = False

    @classmethod
    def of(
        cls, violations: Sequence[Violation], files: int, found: int, elapsed: float = 0.0, interrupted: bool = False
    ) -> Tally:
        """The figures of `violations` (sorted by path) over `files` files checked."""
        tally = cls(found)
        tally.files = files
        tally.elapsed = elapsed
        tally.interrupted = interrupted
        # What `add_file` does file by file, counted over all at once (C-level counting:
        # ~3x faster on the thousands of findings of an audit, after the last result).
        rules, slugs, services, severities = (
            list(map(itemgetter(i), violations)) for i in (RULE, SLUG, POLICY, SEVERITY)
        )
        tally.severity.update(severities)
        tally.rules.update(rules)
        tally.services.update(services)
        tally.slugs.update(zip(rules, slugs, strict=True))
        tally.rule_severity.update(zip(rules, severities, strict=True))
        start, n = 0, len(violations)
        while start < n:
            path = violations[start].path
            end = start + 1
            while end < n and violations[end].path == path:
                end += 1
            folder = folder_of(path)
            tally.folders[folder] += end - start
            tally.folder_files[folder] += 1
            tally._scores.append((-severities[start:end].count("error"), start - end, path))
            start = end
        tally.files_with_violations = len(tally._scores)
        tally.violations = list(violations)
        return tally

    def add_file(self, path: str, violations: Sequence[Violation]) -> None:
        """Count one file's violations."""
        if not violations:
            return
        self.files_with_violations += 1
        errors = 0
        for v in violations:
            self.severity[v.severity] += 1
            self.rules[v.rule] += 1
            self.slugs[v.rule] = v.slug
            self.rule_severity[v.rule] = v.severity
            self.services[v.policy] += 1
            errors += v.severity == "error"
        folder = folder_of(path)
        self.folders[folder] += len(violations)
        self.folder_files[folder] += 1
        self._scores.append((-errors, -len(violations), path))
        self.violations.extend(violations)

    @property
    def compliant(self) -> int:
        return self.files - self.files_with_violations

    @property
    def total_violations(self) -> int:
        return sum(self.severity.values())

    def worst(self, limit: int = WORST_FILES) -> list[FileScore]:
        """The worst files, worst first: most errors, then most findings, then path order."""
        return [FileScore(-e, -n, p) for e, n, p in heapq.nsmallest(limit, self._scores)]

    def by_rule(self) -> list[tuple[str, int]]:
        """Rules by number of findings, most first (ties in rule order)."""
        return sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))

    def by_folder(self, limit: int = FOLDERS_SHOWN) -> tuple[list[tuple[str, int]], int, int]:
        """The folders with most findings, and how many other folders and findings there are."""
        ranked = sorted(self.folders.items(), key=lambda kv: (-kv[1], kv[0]))
        rest = ranked[limit:]
        return ranked[:limit], len(rest), sum(n for _, n in rest)

    def as_json(self, service_names: Mapping[str, str]) -> dict[str, Any]:
        """The `audit` object of the JSON report (docs/output.md)."""
        return {
            "files_found": self.total_files,
            "files_compliant": self.compliant,
            "interrupted": self.interrupted,
            "elapsed_seconds": round(self.elapsed, 3),
            "by_service": {
                service_names.get(k, k): n for k, n in sorted(self.services.items(), key=lambda kv: (-kv[1], kv[0]))
            },
            "by_folder": dict(sorted(self.folders.items(), key=lambda kv: (-kv[1], kv[0]))),
            "worst_files": [{"path": s.path, "errors": s.errors, "violations": s.total} for s in self.worst()],
        }


def folder_of(path: str) -> str:
    """The folder a report groups a file under: its parent, or "." at the top."""
    cut = path.rfind("/")
    return path[:cut] if cut > 0 else "."


# -- context for the report --------------------------------------------------------------------


def context_lines(source: str, violations: Sequence[Violation]) -> tuple[tuple[int, int, str, bool], ...]:
    """The lines of `source` a report shows around `violations`: (line number, offset of
    the text in its line, text, whether the line goes on).

    Around a finding: its lines, and the nearest line with text above and below it (the
    paragraphs before and after, in an article whose paragraphs are separated by blank
    lines), at most CONTEXT_REACH lines away. A line longer than LONG_LINE is cut to
    LONG_LINE characters around the first finding that starts on it. Computed where the
    document is still in memory (a worker, during the run): the report reads no file again.
    """
    from .document import _line_starts

    starts = _line_starts(source)
    last = len(starts)

    def line(n: int) -> str:
        end = starts[n] - 1 if n < last else len(source)
        return source[starts[n - 1] : end].rstrip("\r")

    centre: dict[int, int] = {}
    for v in violations:
        if v.rule in FILE_LEVEL or not 1 <= v.line <= last:
            continue
        first, final = v.line, min(last, max(v.line, v.end_line))
        while first > 1 and v.line - first < CONTEXT_REACH:
            first -= 1
            if line(first).strip():
                break
        while final < last and final - v.end_line < CONTEXT_REACH:
            final += 1
            if line(final).strip():
                break
        for n in range(first, final + 1):
            centre.setdefault(n, 0)
        if centre[v.line] == 0:
            centre[v.line] = v.column - 1
    out = []
    for n in sorted(centre):
        raw = line(n)
        if len(raw) <= LONG_LINE:
            out.append((n, 0, raw, False))
            continue
        offset = max(0, min(centre[n] - LONG_LINE // 3, len(raw) - LONG_LINE))
        out.append((n, offset, raw[offset : offset + LONG_LINE], offset + LONG_LINE < len(raw)))
    return tuple(out)


# -- the text summary -------------------------------------------------------------------------


def summary_text(tally: Tally, service_names: Mapping[str, str]) -> str:
    """What `audit` prints when it is done: the figures, then the tables."""
    out: list[str] = []
    rate = tally.files / tally.elapsed if tally.elapsed > 0 else 0.0
    if tally.interrupted:
        out.append(f"Interrupted: {tally.files:,} of {tally.total_files:,} files checked before Ctrl-C.")
    out.append(f"Audited {plural(tally.files, 'file')} in {seconds(tally.elapsed)} ({rate:,.0f} files/s).")
    share = f" ({100 * tally.compliant / tally.files:.1f}%)" if tally.files else ""
    out.append(f"  compliant:       {plural(tally.compliant, 'file')}{share}")
    out.append(f"  with violations: {plural(tally.files_with_violations, 'file')}")
    sev = ", ".join(plural(tally.severity[s], s) for s in ("error", "warning", "info") if tally.severity[s])
    out.append(f"  violations:      {tally.total_violations:,}" + (f" ({sev})" if sev else ""))
    if not tally.total_violations:
        return "\n".join(out) + "\n"
    out += ["", "By rule:"]
    rows = [(r, tally.slugs[r], tally.rule_severity[r], n) for r, n in tally.by_rule()]
    out += _table([(r, slug, sev, f"{n:,}") for r, slug, sev, n in rows], right=(3,))
    out += ["", "By service:"]
    services = sorted(tally.services.items(), key=lambda kv: (-kv[1], kv[0]))
    out += _table([(service_names.get(k, k), f"{n:,}") for k, n in services], right=(1,))
    folders, others, other_findings = tally.by_folder()
    out += ["", "By folder:"]
    out += _table([(f, f"{n:,}", "in " + plural(tally.folder_files[f], "file")) for f, n in folders], right=(1,))
    if others:
        out.append(f"  … and {others:,} more folders with {other_findings:,} violations")
    out += ["", "Worst files:"]
    out += _table(
        [(s.path, plural(s.errors, "error"), plural(s.total, "violation")) for s in tally.worst()], right=(1, 2)
    )
    return "\n".join(out) + "\n"


def seconds(elapsed: float) -> str:
    return f"{elapsed:.2f} s" if elapsed < 10 else f"{elapsed:,.1f} s"


def plural(n: int, noun: str) -> str:
    """ "1 error", "2 errors", "3 info"."""
    return f"{n:,} {noun}" + ("" if n == 1 or noun == "info" else "s")


def _table(rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    rows = list(rows)
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]


# -- progress ---------------------------------------------------------------------------------


class Progress:
    """One self-rewriting line on a terminal: a bar, files done, files/s and the time left.

    Writes nothing unless `stream` is a terminal, and at most ten times a second.
    """

    INTERVAL = 0.1
    WIDTH = 24

    def __init__(self, stream: TextIO, total: int, enabled: bool = True) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled and _is_terminal(stream)
        self.start = time.perf_counter()
        self._next = self.start + self.INTERVAL
        self.done = 0

    def update(self, done: int) -> None:
        self.done = done
        if not self.enabled or not self.total:
            return
        now = time.perf_counter()
        if now < self._next and done < self.total:
            return
        self._next = now + self.INTERVAL
        self.stream.write("\r" + self.line(now - self.start) + "\x1b[K")
        self.stream.flush()

    def line(self, elapsed: float) -> str:
        done, total = self.done, self.total
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        eta = f"ETA {_clock(left)}" if done < total and rate > 0 else f"{_clock(elapsed)}"
        return f"{bar} {done:,}/{total:,} files  {100 * done / total:3.0f}%  {rate:,.0f} files/s  {eta}"

    def close(self) -> None:
        """Clear the line (the summary follows)."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
