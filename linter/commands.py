"""The subcommands behind the CLI: each takes parsed arguments and output streams, returns an exit code."""

from __future__ import annotations

import argparse
import datetime
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple, TextIO

from . import config as configmod
from . import policy as policymod
from .cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_VIOLATIONS
from .errors import SourceError, SourceErrors, UsageError
from .policy import Policy, Severity

if TYPE_CHECKING:
    from collections import Counter

    from .audit import Tally
    from .baseline import Key
    from .corpus_db import Corpus
    from .engine import Settings, Workers
    from .files import Discovery
    from .report.html import RuleText
    from .report.summary import Summary
from .violation import SORT_KEY, Violation


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip().upper() for item in values for v in item.split(",") if v.strip())


def load_config(args: argparse.Namespace) -> configmod.Config:
    if getattr(args, "config", None):
        if not os.path.isfile(args.config):
            raise UsageError(f"config file not found: {args.config}")
        return configmod.load(args.config)
    found = configmod.find(os.getcwd())
    return configmod.load(found) if found else configmod.Config()


def load_policies(args: argparse.Namespace, cfg: configmod.Config) -> list[Policy]:
    """Policies from --policy (relative to the current folder) or the config (relative to it)."""
    if args.policy:
        specs, base = list(args.policy), None
    else:
        specs, base = list(cfg.policies), cfg.root
    policies = [policymod.load_file(policymod.resolve(spec, base)) for spec in specs]
    seen: dict[str, str] = {}
    for p in policies:
        if p.id in seen:
            raise UsageError(f"two policies share the id '{p.id}': {seen[p.id]} and {p.path}")
        seen[p.id] = p.path
    prefixes: dict[str, str] = {}
    for p in policies:
        if p.prefix in prefixes:
            raise UsageError(f"two policies share the rule prefix '{p.prefix}': {prefixes[p.prefix]} and {p.path}")
        prefixes[p.prefix] = p.path
    return policies


# -- check ----------------------------------------------------------------------------------------


class Collected(NamedTuple):
    violations: list[Violation]
    checked: list[str]
    links: dict[str, str] | None
    policies: list[Policy]
    fail_on: Severity
    elapsed: float
    settings: Settings
    found: int = 0  # files found to check (`checked` is shorter when interrupted)
    interrupted: bool = False
    lines: Mapping[str, tuple[tuple[int, int, str, bool], ...]] = MappingProxyType({})  # with `context`, by path
    files: Sequence[str] = ()  # every file found (`checked` stops short when interrupted)
    linked: bool = False  # one of them was reached through a symlink

    def failing(self, v: Violation) -> bool:
        return Severity(v.severity).rank >= self.fail_on.rank


def collect(
    args: argparse.Namespace,
    err: TextIO,
    progress: Callable[[int, int], None] | None = None,
    interruptible: bool = False,
    context: bool = False,
) -> Collected:
    """Run the checks `args` ask for (files, config, policies, originals); sorted violations.

    Results are consumed as they come: a clean file leaves only its path behind.
    `progress(done, found)` is called after each file; with `interruptible`, Ctrl-C ends
    the run early and the files checked so far are returned (`interrupted`). With
    `context`, the source lines around each violation come back too (for a report).
    """
    from .engine import start_workers

    cfg = load_config(args)
    policies = load_policies(args, cfg)
    originals: object = None
    folder = args.originals or cfg.originals
    db = getattr(args, "corpus", None) or cfg.corpus
    if db and folder:
        raise UsageError("use either --originals (a folder) or --corpus (an index), not both")
    if db:
        from .corpus_db import CorpusOriginals

        originals = CorpusOriginals(db)
    elif folder:
        if not os.path.isdir(folder):
            raise UsageError(f"--originals: no such folder: {folder}")
        from .corpus_index import OriginalsIndex

        # Indexed once per run, before the workers start: they share it.
        originals, problems = OriginalsIndex.build(folder)
        if not args.quiet:
            for problem in problems:
                err.write(f"wirelint: note: original {problem}\n")
    settings = configmod.settings_from(cfg, policies, _split(args.select), _split(args.ignore), originals)
    settings.context = context
    paths = args.paths or ["."]
    # Workers start while the folders are walked, unless the run is likely small: the
    # files a branch changed (--changed-since) rarely need them.
    workers = None if getattr(args, "changed_since", None) else start_workers(paths, settings, args.jobs)
    try:
        return _collect(args, cfg, policies, settings, paths, originals, workers, err, progress, interruptible)
    finally:
        if workers is not None:
            workers.close()


def _collect(
    args: argparse.Namespace,
    cfg: configmod.Config,
    policies: list[Policy],
    settings: Settings,
    paths: list[str],
    originals: object,
    workers: Workers | None,
    err: TextIO,
    progress: Callable[[int, int], None] | None,
    interruptible: bool,
) -> Collected:
    from .engine import run
    from .files import Walking, discover
    from .globs import GlobSet

    walking: Walking | None = None
    found: Discovery | None = None
    if getattr(args, "changed_since", None):
        from .changes import discover_changed

        found = discover_changed(args.changed_since, paths, GlobSet(cfg.include), GlobSet(cfg.exclude), cfg.root)
    elif workers is not None:
        # The workers check the first folders while the rest are walked.
        walking = Walking(paths, GlobSet(cfg.include), GlobSet(cfg.exclude), cfg.root)
    else:
        found = discover(paths, GlobSet(cfg.include), GlobSet(cfg.exclude), cfg.root)
    if found is not None:
        _notes(found, args, err)
        files = found.files
    else:
        assert walking is not None
        files = walking.files  # grows while the walk goes on
    keep_lines = 0  # context lines are kept for this many files (a page shows their sections)
    if settings.context:
        from .audit import CONTEXT_FILES as keep_lines

    violations: list[Violation] = []
    done = 0
    links: dict[str, str] = {}
    lines: dict[str, tuple[tuple[int, int, str, bool], ...]] = {}
    start = time.perf_counter()
    interrupted = False
    try:
        for result in run(walking if walking is not None else files, settings, args.jobs, workers):
            violations.extend(result.violations)
            done += 1
            if result.original is not None:
                links[result.path] = result.original
            if result.lines:
                lines[result.path] = result.lines
                # A report shows the first files only (audit.py); with a baseline, which
                # files keep violations is known only at the end.
                if len(lines) > 2 * keep_lines and not getattr(args, "baseline", None):
                    lines = {p: lines[p] for p in sorted(lines)[:keep_lines]}
            if progress is not None:
                progress(done, len(files))  # while the walk goes on: the files found so far
    except KeyboardInterrupt:
        if not interruptible:
            raise
        interrupted = True
    if walking is not None:
        if interrupted:
            walking.stop()  # Ctrl-C: no need to walk on
        found = walking.result()
        _notes(found, args, err)
    assert found is not None
    total = len(found.files)
    # Results come in the order of the files found: the paths checked are the first `done`
    # (the discovered strings, not a second copy of each: 15 MB at 100,000 files).
    checked = found.files if done == total else found.files[:done]
    violations.sort(key=SORT_KEY)
    fail_on = Severity(args.fail_on) if args.fail_on else (cfg.fail_on or Severity.ERROR)
    return Collected(
        violations,
        checked,
        links if originals is not None else None,
        policies,
        fail_on,
        time.perf_counter() - start,
        settings,
        total,
        interrupted,
        lines,
        found.files,
        found.linked,
    )


def _notes(found: Discovery, args: argparse.Namespace, err: TextIO) -> None:
    if not args.quiet:
        for note in found.notes:
            err.write(f"wirelint: note: {note}\n")


def _not_a_checked_file(target: str | None, run: Collected, what: str) -> None:
    """Refuse to write a report over one of the stories found (checked or not).

    The same file by any name: the target itself or a symlink to a story (realpath), a
    story that is a symlink, or a hard link. Only stories with the target's real file name
    are looked at, unless the target has other hard links or a story was reached through
    a symlink: a stat of every story cost 0.25 s at 100,000 files.
    """
    if not target:
        return
    try:
        mine = os.stat(target)
    except OSError:
        return  # not there yet: it cannot be a story
    name = os.path.basename(os.path.realpath(target))
    suffix = os.sep + name
    every = mine.st_nlink > 1 or run.linked
    for p in run.files:
        if not (every or p == name or p.endswith(suffix) or (os.altsep is not None and p.endswith(os.altsep + name))):
            continue
        try:
            same = os.path.samestat(mine, os.stat(p))
        except OSError:
            continue
        if same:
            raise UsageError(f"{what}: {target} is one of the files checked; not overwritten")


def _output_folder_exists(args: argparse.Namespace) -> None:
    if args.output and not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        # Said before the run, not after it.
        raise UsageError(f"--output: no such folder: {os.path.dirname(os.path.abspath(args.output))}")


def check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _output_folder_exists(args)
    known = None
    if args.baseline:
        from . import baseline

        known = baseline.load(args.baseline)  # a bad baseline is said before the run
    run = collect(args, err)
    try:
        return _check(args, known, run, out, err)
    finally:
        _release(run)


def _check(args: argparse.Namespace, known: Counter[Key] | None, run: Collected, out: TextIO, err: TextIO) -> int:
    """`check` after the run: repairs, the report, the exit code."""
    from .report.summary import Summary

    _not_a_checked_file(args.output, run, "--output")
    violations = _not_in_baseline(args, known, run, err)
    if args.fix or args.diff:
        changed = _repair(args, run, violations, out, err)
        if args.diff:
            # 1 when there is something to repair or violations at or above --fail-on remain
            failing = bool(changed) or any(map(run.failing, violations))
            return EXIT_VIOLATIONS if failing and not args.exit_zero else EXIT_OK
        if changed:  # report what is left: the repaired files are checked again
            run = _recheck(run, changed, args.jobs)
            violations = _not_in_baseline(args, known, run, err, quiet=True)
    summary = Summary.of(violations, len(run.checked))
    report = _render(args, violations, summary, run)
    if args.output:
        from .fsutil import write_atomic

        write_atomic(args.output, report, durable=False)
    else:
        out.write(report)
        out.flush()
    _keep(run, violations, report)
    return EXIT_VIOLATIONS if any(map(run.failing, violations)) and not args.exit_zero else EXIT_OK


# The last command's results, kept rather than freed on its return when the process
# exits right after without freeing anything (cli.run): freeing a large run's objects
# took ~5 ms after a 10,000-file audit had written everything. Called in-process
# (tests, a program using wirelint), a command frees its results as usual.
_KEPT: list[object] = []


def _keep(*results: object) -> None:
    from . import cli

    if cli.EXITS_AFTER:
        _KEPT[:] = results


def _release(run: Collected) -> None:
    """Close what the run opened for its whole length (the corpus database's connection:
    closed, SQLite removes its -wal and -shm files)."""
    close = getattr(run.settings.originals, "close", None)
    if callable(close):
        close()


def audit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check folders with progress; print the audit summary; write the HTML report."""
    from .audit import Progress

    _output_folder_exists(args)
    if args.html and not os.path.isdir(os.path.dirname(os.path.abspath(args.html))):
        raise UsageError(f"--html: no such folder: {os.path.dirname(os.path.abspath(args.html))}")
    if args.html and args.output and os.path.realpath(args.html) == os.path.realpath(args.output):
        raise UsageError("--html and --output name the same file")
    known = None
    if args.baseline:
        from . import baseline

        known = baseline.load(args.baseline)
    progress = Progress(err, 0, enabled=not args.quiet)

    def tick(done: int, found: int) -> None:
        progress.total = found
        progress.update(done)
        if done == 1:
            _import_reports(args)

    try:
        run = collect(args, err, tick, interruptible=True, context=bool(args.html))
    finally:
        progress.close()
    try:
        return _audit(args, known, run, out, err)
    finally:
        _release(run)


def _audit(args: argparse.Namespace, known: Counter[Key] | None, run: Collected, out: TextIO, err: TextIO) -> int:
    """`audit` after the run: the page's sections forked first, then the figures, the
    report and the page."""
    from .audit import CONTEXT_FILES, Tally

    violations = _not_in_baseline(args, known, run, err)
    if known is not None:  # keep the lines of the first files that still have violations
        kept = sorted({v.path for v in violations} & set(run.lines))[:CONTEXT_FILES]
        run = run._replace(lines={p: run.lines[p] for p in kept})
    sections = None
    if args.html:
        from .report import html as html_report

        # The page's per-file sections, its largest part, are made in a forked process
        # from here on, while this one checks the outputs, counts, writes the report
        # below and the rest of the page.
        sections = html_report.files_in_background(violations, run.lines)
    try:
        _not_a_checked_file(args.output, run, "--output")
        _not_a_checked_file(args.html, run, "--html")
        tally = Tally.of(violations, len(run.checked), run.found, run.elapsed, run.interrupted)
        names = [p.name for p in run.policies]
        # By name; two policies of the same name are told apart by their id.
        services = {p.id: p.name if names.count(p.name) == 1 else f"{p.name} ({p.id})" for p in run.policies}
        services.setdefault("wirelint", "wirelint")
        try:
            _audit_report(args, violations, run, tally, services, out)
        finally:  # the page is written even when the report could not be
            if args.html:
                _audit_page(args, run, tally, services, sections, err)
    finally:
        if sections is not None:
            sections.close()
    _keep(run, violations, tally)
    if run.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_VIOLATIONS if any(map(run.failing, violations)) and not args.exit_zero else EXIT_OK


def _import_reports(args: argparse.Namespace) -> None:
    """Import what the audit's reports need, at its first result: the workers have work
    queued then and this process would only wait for them, while after the last result
    every millisecond is the user's (~12 ms: the page's module loads OpenSSL for hashlib)."""
    from .report import summary  # noqa: F401

    if args.format == "json":
        from .report import json  # noqa: F401
    if args.html:
        import tempfile  # noqa: F401 - the page's sections are made in a forked process

        from .report import html  # noqa: F401


def _audit_report(
    args: argparse.Namespace,
    violations: list[Violation],
    run: Collected,
    tally: Tally,
    services: dict[str, str],
    out: TextIO,
) -> None:
    """The audit's JSON report or text summary, to `-o` or standard output."""
    from .audit import summary_text
    from .report.summary import Summary

    if args.format == "json":
        from .report import json as json_report

        report: Iterable[str] = json_report.render_parts(
            violations, Summary.of(violations, len(run.checked)), run.links, {"audit": tally.as_json(services)}
        )
    else:
        report = [summary_text(tally, services)]
    if args.output:
        from .fsutil import write_atomic

        write_atomic(args.output, report, durable=False)
    else:
        for part in report:
            out.write(part)
        out.flush()


def _audit_page(
    args: argparse.Namespace,
    run: Collected,
    tally: Tally,
    services: dict[str, str],
    sections: Iterable[str | bytes] | None,
    err: TextIO,
) -> None:
    """The HTML report (`--html`)."""
    from . import __version__
    from .fsutil import write_atomic
    from .report import html as html_report

    meta = html_report.Meta(
        paths=args.paths or ["."],
        version=__version__,
        policies=[p.name for p in run.policies],
        services=services,
        rules=_rule_texts(run.policies),
        generated=datetime.datetime.now().astimezone(),
    )
    write_atomic(args.html, html_report.render_parts(tally, meta, run.lines, sections), durable=False)
    if not args.quiet:
        err.write(f"wirelint: wrote {args.html}\n")


def _rule_texts(policies: list[Policy]) -> dict[str, RuleText]:
    from .report.html import RuleText
    from .ruleinfo import summaries

    return {rule: RuleText(slug, summary) for rule, (slug, summary) in summaries(policies).items()}


def _not_in_baseline(
    args: argparse.Namespace, known: Counter[Key] | None, run: Collected, err: TextIO, *, quiet: bool = False
) -> list[Violation]:
    """The run's violations, less those the baseline (if any) records."""
    if known is None:
        return run.violations
    from . import baseline

    outcome = baseline.apply(args.baseline, known, run.violations, run.checked)
    if not (args.quiet or quiet):
        stale = (
            f"; {outcome.stale} no longer found (fixed? 'wirelint baseline write' drops them)" if outcome.stale else ""
        )
        err.write(f"wirelint: note: baseline {args.baseline}: {outcome.matched} known violations not reported{stale}\n")
    return outcome.new


def _recheck(run: Collected, paths: list[str], jobs: int) -> Collected:
    """`run` with the violations of `paths` found again."""
    from .engine import run as run_engine

    again = set(paths)
    violations = [v for v in run.violations if v.path not in again]
    for result in run_engine(paths, run.settings, jobs):
        violations.extend(result.violations)
    violations.sort(key=SORT_KEY)
    return run._replace(violations=violations)


def _repair(
    args: argparse.Namespace, run: Collected, violations: list[Violation], out: TextIO, err: TextIO
) -> list[str]:
    """--fix writes the verified repairs, --diff prints them; the files (to be) changed."""
    from .fix import plan
    from .fsutil import write_atomic

    by_file: dict[str, list[Violation]] = {}
    for v in violations:
        by_file.setdefault(v.path, []).append(v)
    repairs = [r for path, vs in by_file.items() if (r := plan(path, vs, run.settings)) is not None]
    for r in repairs:
        for note in r.notes:
            err.write(f"wirelint: {note}\n")
    done = [r for r in repairs if r.after is not None]
    fixed = sum(len(r.fixed) for r in done)
    if args.diff:
        diff = "".join(r.diff() for r in done)
        if args.output:
            from .fsutil import write_atomic

            write_atomic(args.output, diff, durable=False)
        else:
            out.write(diff)
            out.flush()
        err.write(f"wirelint: --fix would repair {fixed} violations in {len(done)} files\n")
        return [r.path for r in done]
    written = []
    for r in done:
        try:
            with open(r.target, "rb") as fh:
                unchanged = fh.read() == r.before
        except OSError:
            unchanged = False
        if not unchanged:  # someone saved it while wirelint ran: theirs wins
            err.write(f"wirelint: {r.path}: not fixed: the file changed while wirelint ran\n")
            continue
        write_atomic(r.target, r.after or b"")
        written.append(r)
    done = written
    fixed = sum(len(r.fixed) for r in done)
    if not args.quiet or done:
        err.write(f"wirelint: fixed {fixed} violations in {len(done)} files\n")
    return [r.path for r in done]


def baseline_write(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import baseline

    if not os.path.isdir(os.path.dirname(os.path.abspath(args.file))):
        raise UsageError(f"baseline: no such folder: {os.path.dirname(os.path.abspath(args.file))}")
    if os.path.exists(args.file):
        try:
            baseline.load(args.file)
        except UsageError:
            raise UsageError(
                f"baseline write: {args.file} exists and is not a wirelint baseline; not overwritten"
            ) from None
    run = collect(args, err)
    _release(run)
    _not_a_checked_file(args.file, run, "baseline write")
    entries = baseline.write(args.file, run.violations)
    out.write(
        f"wrote {args.file}: {entries} entries for {len(run.violations)} violations in {len(run.checked)} files\n"
    )
    return EXIT_OK


def _render(args: argparse.Namespace, violations: list[Violation], summary: Summary, run: Collected) -> str:
    if args.format == "json":
        from .report import json as json_report

        return json_report.render(violations, summary, run.links)
    if args.format == "sarif":
        from .report import sarif
        from .ruleinfo import rule_infos

        return sarif.render(violations, rule_infos(run.policies))
    if args.format == "github":
        from .report import github

        return github.render(violations, summary, quiet=args.quiet)
    if args.format == "junit":
        from .report import junit

        return junit.render(violations, run.checked, run.failing, run.elapsed)
    from .report import text as text_report

    return text_report.render(violations, summary, quiet=args.quiet)


# -- corpus ----------------------------------------------------------------------------------------


def corpus(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import sqlite3

    from .corpus_db import DEFAULT_DB

    cfg = load_config(args)
    db = args.db or cfg.corpus or DEFAULT_DB
    action = args.corpus_command
    policies = load_policies(args, cfg) if action == "build" else []
    try:
        return _corpus(args, db, action, policies, out, err)
    except sqlite3.Error as exc:  # locked for longer than the wait, a full disk, …
        raise UsageError(f"{db}: {exc}") from None


def _corpus(args: argparse.Namespace, db: str, action: str, policies: list[Policy], out: TextIO, err: TextIO) -> int:
    from .audit import Progress, seconds
    from .corpus_db import Corpus

    with Corpus.open(db, create=action == "build") as index:
        if action == "build":
            progress = Progress(err, 0, enabled=not args.quiet)

            def tick(done: int, todo: int) -> None:
                progress.total = todo
                progress.update(done)

            try:
                report = index.build(args.folder, args.jobs, tick, policies)
            finally:
                progress.close()
            if not args.quiet:
                for problem in report.problems:
                    err.write(f"wirelint: note: original {problem}\n")
            out.write(
                f"{db}: {report.added:,} added, {report.updated:,} updated, {report.unchanged:,} unchanged, "
                f"{report.removed:,} removed ({seconds(report.seconds)})\n"
            )
            return EXIT_OK
        if action == "remove":
            removed = index.remove(args.paths)
            out.write(f"{db}: {removed:,} originals removed\n")
            return EXIT_OK
        if action == "stats":
            st = index.stats()
            per = f" ({st.size_bytes / st.originals / 1024:.1f} KB an original)" if st.originals else ""
            out.write(
                f"{db}\n  originals:   {st.originals:,}\n"
                f"  services:    {', '.join(f'{n:,} {s}' for s, n in st.by_service.items()) or '-'}\n"
                f"  dates:       {st.first_date or '-'} to {st.last_date or '-'}\n"
                f"  postings:    {st.postings:,}\n"
                f"  size:        {st.size_bytes / 1e6:.1f} MB on disk{per}\n"
            )
            if st.dead:
                out.write(f"  not yet compacted: {st.dead:,} changed or removed originals\n")
            out.write("  folders:\n" + "".join(f"    {n:>8,}  {f}\n" for f, n in st.by_folder.items()))
            return EXIT_OK
        return _corpus_match(index, args, out)


def _corpus_match(index: Corpus, args: argparse.Namespace, out: TextIO) -> int:
    from .document import BlockKind
    from .engine import DEFAULT_MAX_BYTES, Settings, load

    doc, problems = load(args.file, Settings(policies=(), max_bytes=DEFAULT_MAX_BYTES))
    if doc is None:
        raise UsageError(f"corpus match: {args.file}: {problems[0][1].message}")
    blocks = [b for b in doc.blocks if b.kind is not BlockKind.HEADLINE]
    hits = index.match([doc.body[b.start : b.end] for b in blocks], args.limit)
    if not hits:
        out.write(f"{args.file}: shares no text with the {index.stats().originals:,} indexed originals\n")
        return EXIT_OK
    out.write(f"{args.file}: shares text with {len(hits)} original{'s' if len(hits) > 1 else ''}\n")
    for rank, hit in enumerate(hits, 1):
        lines = [doc.position(doc.body_map.to_source(blocks[i].start))[0] for i in hit.paragraphs]
        out.write(
            f"  {rank}. {hit.path}\n     {hit.headline}\n"
            f"     {hit.shared} shared fingerprints: {hit.story_share:.0%} of the story, "
            f"{hit.original_share:.0%} of the original; paragraphs at lines {_ranges(lines)}\n"
        )
    return EXIT_OK


def _ranges(numbers: Sequence[int]) -> str:
    """1, 2, 3, 7 -> "1-3, 7"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


# -- explain --------------------------------------------------------------------------------------


def explain(args: argparse.Namespace, out: TextIO) -> int:
    from .builtin_rules import BUILTIN
    from .checks import KINDS
    from .ruleinfo import explain_builtin, explain_rule

    wanted = args.rule.strip()
    if wanted in KINDS:
        out.write(f"check kind '{wanted}'\n\n{(KINDS[wanted].__doc__ or '').strip()}\n")
        return EXIT_OK
    key = wanted.upper()
    if key in BUILTIN:
        b = BUILTIN[key]
        out.write(explain_builtin(b))
        return EXIT_OK
    cfg = load_config(args)
    policies = load_policies(args, cfg)
    for p in policies:
        for rule in p.rules:
            if rule.id == key or rule.slug == wanted:
                out.write(explain_rule(p, rule))
                return EXIT_OK
    known = ", ".join(r.id for p in policies for r in p.rules)
    raise UsageError(f"unknown rule '{wanted}'; rules: {known}, WL001-WL106; or a kind: {', '.join(sorted(KINDS))}")


# -- policy ---------------------------------------------------------------------------------------


def policy_list(args: argparse.Namespace, out: TextIO) -> int:
    cfg = load_config(args)
    used = load_policies(args, cfg)
    in_use = {p.path for p in used}
    rows = {p.path: p for p in (policymod.load_file(policymod.resolve(n)) for n in policymod.builtin_names())}
    rows.update({p.path: p for p in used})
    for p in rows.values():
        mark = "*" if p.path in in_use else " "
        out.write(f"{mark} {p.id:<10} {p.prefix:<5} {len(p.rules):>3} rules  {p.name}  ({p.path})\n")
    out.write("* = in use (config or --policy)\n")
    return EXIT_OK


def policy_show(args: argparse.Namespace, out: TextIO) -> int:
    policy = policymod.load_file(policymod.resolve(args.name))
    out.write(policy.source if policy.source.endswith("\n") else policy.source + "\n")
    return EXIT_OK


def policy_validate(args: argparse.Namespace, out: TextIO) -> int:
    _, errors = _validate(args.files, out)
    if errors:
        raise SourceErrors(errors)
    return EXIT_OK


def _validate(names: list[str], out: TextIO) -> tuple[list[Policy], list[SourceError]]:
    """Parse each file from its text (never from the cache: validating is the point), and
    collect every error instead of stopping at the first file."""
    from .policyload import parse

    valid: list[Policy] = []
    errors: list[SourceError] = []
    for name in names:
        try:
            path = policymod.resolve(name)
        except UsageError as exc:  # a missing file is reported with the rest, not instead
            errors.append(SourceError(name, 1, 1, str(exc)))
            continue
        try:
            p = parse(policymod.read_text(path), str(path))
        except SourceErrors as exc:
            errors.extend(exc.errors)
            continue
        except SourceError as exc:
            errors.append(exc)
            continue
        valid.append(p)
        out.write(f"{name}: ok ({len(p.rules)} rules, id '{p.id}', prefix {p.prefix})\n")
    return valid, errors


def policy_check(args: argparse.Namespace, out: TextIO) -> int:
    """Validate every file, run the examples of the valid ones; exit 2 on an invalid file,
    else 1 when an example misbehaves."""
    valid, errors = _validate(args.files, out)
    failures = _run_examples(valid, out)
    if errors:
        raise SourceErrors(errors)
    return EXIT_VIOLATIONS if failures else EXIT_OK


def policy_test(args: argparse.Namespace, out: TextIO) -> int:
    cfg = load_config(args)
    if args.names:
        policies = [policymod.load_file(policymod.resolve(n)) for n in args.names]
    else:
        policies = load_policies(args, cfg)
    return EXIT_VIOLATIONS if _run_examples(policies, out) else EXIT_OK


def _run_examples(policies: list[Policy], out: TextIO) -> int:
    """Run and report the embedded examples; the number that misbehave."""
    from .testing import run_examples

    failures = 0
    total = 0
    for p in policies:
        results = run_examples(p)
        bad = [r for r in results if not r.ok]
        total += len(results)
        failures += len(bad)
        out.write(f"{p.id}: {len(results) - len(bad)} of {len(results)} examples behave as documented ({p.path})\n")
        for r in bad:
            out.write(f"  FAIL {r.rule} {r.expectation} example #{r.number}: {r.detail}\n")
            for line in r.text.rstrip("\n").split("\n"):
                out.write(f"      | {line}\n")
    if policies and not total:
        out.write("no examples found\n")
    return failures
