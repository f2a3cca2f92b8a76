"""Measure wirelint against its budgets and against the minimal script, and check its findings.

    python bench/run.py [--count 10000] [--seed 1] [--corpus DIR] [--jobs N]

Generates the seeded corpus if it is not cached yet (`bench/.corpus-<count>-<seed>/`), then
prints one table: whole-run throughput, one-file latency, peak memory, and agreement of the
linter's findings with the corpus manifest, each next to its budget. It is a report, not a
test: it always exits 0 and marks a figure that misses its budget with OVER BUDGET.

What each figure means and how it is measured is in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
MINIMAL = BENCH / "minimal.py"
ARTICLE_SUFFIXES = (".md", ".html", ".txt")

# The budgets (see bench/README.md).
ONE_FILE_MS = 60.0
WHOLE_RUN_S_PER_10K = 1.0
MAX_RATIO = 4.0
PEAK_RSS_MB = 150.0

# Runs the command it is given, then prints the largest RSS of any process it waited for.
RSS_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
"""


# -- running things ---------------------------------------------------------------------------


@dataclass
class Timing:
    """Wall times of repeated runs of one command, and the last run's output."""

    seconds: list[float]
    returncode: int
    stdout: str
    stderr: str
    ok: bool

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def linter_command() -> list[str]:
    """The `wirelint` script next to this Python, else `python -m linter`."""
    script = Path(sys.executable).parent / "wirelint"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "linter"]


def timed(cmd: Sequence[str], runs: int, ok_codes: Sequence[int] = (0,), warmup: bool = True) -> Timing:
    """Run `cmd` `runs` times (after one untimed warm-up run); stop early when it fails."""
    seconds: list[float] = []
    result = None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        for i in range(runs + (1 if warmup else 0)):
            out.seek(0)
            out.truncate()
            err.seek(0)
            err.truncate()
            start = time.perf_counter()
            result = subprocess.run(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=REPO)
            elapsed = time.perf_counter() - start
            if result.returncode not in ok_codes:
                break
            if i or not warmup:
                seconds.append(elapsed)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    assert result is not None
    ok = result.returncode in ok_codes and len(seconds) == runs
    return Timing(seconds or [float("nan")], result.returncode, stdout, stderr, ok)


def peak_rss_largest(cmd: Sequence[str]) -> tuple[float, int]:
    """(MB, exit code): getrusage(RUSAGE_CHILDREN).ru_maxrss in a fresh wrapper process.

    ru_maxrss of the children is the peak of the single largest descendant, not the sum of
    the processes alive at once: with worker processes it under-reports the total.
    """
    done = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *cmd], capture_output=True, text=True, cwd=REPO)
    kib, code = done.stdout.split()
    return int(kib) * 1024 / 1e6, int(code)


def peak_rss_tree(cmd: Sequence[str], interval: float = 0.01) -> float | None:
    """Peak of the summed RSS of the process and all its descendants, sampled from /proc (Linux)."""
    if not Path("/proc/self/stat").exists():
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    quiet = subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=quiet, stderr=quiet, stdin=quiet, cwd=REPO)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_pages(proc.pid) * page)
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    stop.set()
    sampler.join()
    return peak / 1e6


def _tree_rss_pages(root: int) -> int:
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        children[int(fields[1])].append(pid)  # field 4 of stat: ppid
        rss[pid] = int(fields[21])  # field 24 of stat: rss in pages
    total = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


# -- the corpus -------------------------------------------------------------------------------


def ensure_corpus(path: Path, count: int, seed: int, formats: Sequence[str]) -> None:
    """Generate the corpus into `path` unless it is there (its manifest is written last)."""
    if (path / "manifest.json").is_file() or (path.is_dir() and any(path.iterdir())):
        return
    tmp = path.with_name(path.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"generating {count} articles (seed {seed}) into {path} ...", flush=True)
    start = time.perf_counter()
    generate.generate(tmp, count, seed, formats)
    tmp.rename(path)
    print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())


def load_manifest(corpus: Path) -> dict[str, object] | None:
    path = corpus / "manifest.json"
    if not path.is_file():
        return None
    manifest: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def pick_one_file(corpus: Path, manifest: dict[str, object] | None, files: list[Path]) -> Path:
    """A clean AP Markdown story if the manifest names one (the pre-commit case), else the first file."""
    if manifest is not None:
        expected = manifest.get("files", {})
        kinds = manifest.get("kinds", {})
        assert isinstance(expected, dict) and isinstance(kinds, dict)
        for rel in sorted(str(k) for k in expected):
            if rel.endswith(".md") and kinds.get(rel) == "ap" and not expected[rel]:
                return corpus / rel
    return files[0]


# -- agreement with the manifest --------------------------------------------------------------


@dataclass
class Agreement:
    files: int
    exact: int
    expected_pairs: int
    missing: set[tuple[str, str]]
    unexpected: set[tuple[str, str]]
    duplicates: int
    files_checked: object
    per_rule: dict[str, Counter[str]]
    disagreements: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.exact / self.files if self.files else 0.0


def relative(path: str, corpus: Path) -> str:
    """A violation's path as a manifest key (relative to the corpus, forward slashes)."""
    absolute = os.path.abspath(path if os.path.isabs(path) else os.path.join(REPO, path))
    rel = os.path.relpath(absolute, corpus)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def agreement(report: dict[str, object], manifest: dict[str, object], corpus: Path, limit: int = 10) -> Agreement:
    expected_files = manifest["files"]
    assert isinstance(expected_files, dict)
    expected: dict[str, set[str]] = {rel: set(rules) for rel, rules in expected_files.items()}
    got: dict[str, set[str]] = defaultdict(set)
    messages: dict[tuple[str, str], list[str]] = defaultdict(list)
    violations = report.get("violations", [])
    assert isinstance(violations, list)
    seen: Counter[tuple[str, str]] = Counter()
    for v in violations:
        key = (relative(str(v["path"]), corpus), str(v["rule"]))
        got[key[0]].add(key[1])
        seen[key] += 1
        messages[key].append(f"{v.get('line')}:{v.get('column')} {v.get('message')}")
    expected_pairs = {(f, r) for f, rules in expected.items() for r in rules}
    got_pairs = {(f, r) for f, rules in got.items() for r in rules}
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for _, r in expected_pairs:
        per_rule[r]["expected"] += 1
    for pair in got_pairs:
        per_rule[pair[1]]["found" if pair in expected_pairs else "unexpected"] += 1
    for pair in expected_pairs - got_pairs:
        per_rule[pair[1]]["missing"] += 1
    exact = sum(1 for f, rules in expected.items() if got.get(f, set()) == rules)
    result = Agreement(
        files=len(expected),
        exact=exact,
        expected_pairs=len(expected_pairs),
        missing=expected_pairs - got_pairs,
        unexpected=got_pairs - expected_pairs,
        duplicates=sum(n - 1 for n in seen.values()),
        files_checked=report.get("files_checked"),
        per_rule=dict(per_rule),
    )
    for f in sorted(set(expected) | set(got)):
        want, have = expected.get(f, set()), got.get(f, set())
        if want == have:
            continue
        if len(result.disagreements) >= limit:
            break
        stray = "" if f in expected else " (not in manifest)"
        lines = [f"  {f}: expected {sorted(want) or '[]'}, got {sorted(have) or '[]'}{stray}"]
        lines += [f"      missing    {r}" for r in sorted(want - have)]
        for r in sorted(have - want):
            lines += [f"      unexpected {r}: {m}" for m in messages[(f, r)][:2]]
        result.disagreements.append("\n".join(lines))
    return result


# -- the report -------------------------------------------------------------------------------


def verdict(over: bool) -> str:
    return "  OVER BUDGET" if over else ""


def row(label: str, value: str, budget: str = "", over: bool = False) -> str:
    return f"  {label:<38} {value:<40} {budget:<14}{verdict(over)}".rstrip()


def throughput(seconds: float, files: int, mb: float) -> str:
    return f"{seconds:.3f} s  {files / seconds:,.0f} files/s  {mb / seconds:.1f} MB/s"


def tail(text: str, lines: int = 8) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark wirelint against its budgets and the minimal script.")
    parser.add_argument("--count", type=int, default=10000, help="articles in the generated corpus (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--formats", default="md", help="formats of a generated corpus (default md)")
    parser.add_argument("--corpus", type=Path, help="use this corpus folder (generated there if missing)")
    parser.add_argument("--jobs", type=int, help="passed to the linter's whole-run commands as --jobs N")
    parser.add_argument("--runs", type=int, default=3, help="timed whole runs (default 3, median shown)")
    parser.add_argument("--latency-runs", type=int, default=20, help="timed one-file runs (default 20, median shown)")
    args = parser.parse_args(argv)

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if args.corpus is not None:
        corpus = args.corpus.resolve()
    else:
        suffix = "" if formats == ["md"] else "-" + "-".join(formats)
        corpus = BENCH / f".corpus-{args.count}-{args.seed}{suffix}"
    ensure_corpus(corpus, args.count, args.seed, formats)
    manifest = load_manifest(corpus)
    files = corpus_files(corpus)
    if not files:
        print(f"no articles (*.md, *.html, *.txt) under {corpus}")
        return 0
    total_bytes = sum(p.stat().st_size for p in files)
    md_only = all(p.suffix == ".md" for p in files)
    mb = total_bytes / 1e6
    n = len(files)

    linter = linter_command()
    jobs = ["--jobs", str(args.jobs)] if args.jobs is not None else []
    whole_cmd = [*linter, "check", str(corpus), "--format", "json", "--exit-zero", *jobs]
    minimal_cmd = [sys.executable, str(MINIMAL), str(corpus)]
    one = pick_one_file(corpus, manifest, files)

    print(f"wirelint benchmark: {corpus} ({n:,} files, {mb:.1f} MB)")
    system = f"{platform.system()} {platform.release()}"
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {system}")
    print(f"linter:  {' '.join(whole_cmd)}")
    print(f"one file: {one.relative_to(corpus)}")
    print("measuring ...", flush=True)

    whole = timed(whole_cmd, args.runs)
    minimal = timed(minimal_cmd, args.runs)
    one_linter = timed([*linter, "check", str(one)], args.latency_runs, ok_codes=(0, 1))
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(one, Path(tmp) / one.name)
        one_minimal = timed([sys.executable, str(MINIMAL), tmp], args.latency_runs)
    rss_largest = rss_tree = None
    if whole.ok:
        rss_largest, _code = peak_rss_largest(whole_cmd)
        rss_tree = peak_rss_tree(whole_cmd)

    budget_s = WHOLE_RUN_S_PER_10K * n / 10000
    print()
    print(row("figure", "value", "budget"))
    print(row("-" * 38, "-" * 40, "-" * 14))
    if whole.ok:
        s = whole.median
        label = f"whole run, wirelint (median of {args.runs})"
        print(row(label, throughput(s, n, mb), f"<= {budget_s:.2f} s", s > budget_s))
    else:
        print(row("whole run, wirelint", f"FAILED (exit {whole.returncode})"))
    if minimal.ok:
        print(row(f"whole run, minimal.py (median of {args.runs})", throughput(minimal.median, n, mb)))
    else:
        print(row("whole run, minimal.py", f"FAILED (exit {minimal.returncode})"))
    if whole.ok and minimal.ok:
        ratio = whole.median / minimal.median
        print(row("  ratio wirelint / minimal", f"{ratio:.1f}x", f"<= {MAX_RATIO:.0f}x", ratio > MAX_RATIO))
    if one_linter.ok:
        ms = one_linter.median * 1000
        label = f"one file, wirelint (median of {args.latency_runs})"
        print(row(label, f"{ms:.1f} ms", f"<= {ONE_FILE_MS:.0f} ms", ms > ONE_FILE_MS))
    else:
        print(row("one file, wirelint", f"FAILED (exit {one_linter.returncode})"))
    if one_minimal.ok:
        print(row(f"one file, minimal.py (median of {args.latency_runs})", f"{one_minimal.median * 1000:.1f} ms"))
    if one_linter.ok and one_minimal.ok:
        ratio = one_linter.median / one_minimal.median
        print(row("  ratio wirelint / minimal", f"{ratio:.1f}x", f"<= {MAX_RATIO:.0f}x", ratio > MAX_RATIO))
    if rss_largest is not None:
        over = rss_largest > PEAK_RSS_MB
        print(row("peak RSS, largest process", f"{rss_largest:.1f} MB", f"<= {PEAK_RSS_MB:.0f} MB", over))
    if rss_tree is not None:
        print(row("peak RSS, process tree (sampled)", f"{rss_tree:.1f} MB", "(for information)"))

    agree = None
    if whole.ok and manifest is not None:
        try:
            report = json.loads(whole.stdout)
        except json.JSONDecodeError as exc:
            print(row("agreement with manifest", f"FAILED: output is not JSON ({exc})", "100%", True))
        else:
            agree = agreement(report, manifest, corpus)
            value = f"{agree.percent:.2f}% of files exact ({agree.exact:,}/{agree.files:,})"
            print(row("agreement with manifest", value, "100%", agree.exact != agree.files))
            print(row("  expected (file, rule) pairs", f"{agree.expected_pairs:,}"))
            print(row("  missing pairs", f"{len(agree.missing):,}", "0", bool(agree.missing)))
            print(row("  unexpected pairs", f"{len(agree.unexpected):,}", "0", bool(agree.unexpected)))
            print(row("  repeated findings (same file, rule)", f"{agree.duplicates:,}"))
            wrong_count = agree.files_checked != agree.files
            print(row("  files_checked reported", f"{agree.files_checked}", f"{agree.files:,}", wrong_count))
    elif manifest is None:
        print(row("agreement with manifest", "n/a: the corpus has no manifest.json"))
    else:
        print(row("agreement with manifest", "n/a: the whole run failed", "100%", True))

    notes = [
        "whole runs and one-file runs are wall time of the whole process, interpreter start included,",
        "after one untimed warm-up run; the corpus is in the page cache.",
        f"the whole-run budget is {WHOLE_RUN_S_PER_10K:.1f} s per 10,000 files, scaled to {n:,} files.",
        "peak RSS, largest process: getrusage(RUSAGE_CHILDREN).ru_maxrss in a fresh wrapper, i.e. the",
        "peak of the single largest process; with worker processes the tree's total is higher (next row).",
    ]
    if jobs:
        notes.append(f"--jobs {args.jobs} was passed to the whole-run commands only (not to the one-file run).")
    if not md_only:
        notes.append("the corpus holds HTML/text files: minimal.py reads only *.md, so its figures cover less work.")
    print()
    for line in notes:
        print(f"  note: {line}")

    if agree is not None:
        if agree.per_rule:
            print()
            print(f"  {'rule':<8} {'expected':>9} {'found':>7} {'missing':>8} {'unexpected':>11}")
            for rule in sorted(agree.per_rule):
                c = agree.per_rule[rule]
                print(f"  {rule:<8} {c['expected']:>9} {c['found']:>7} {c['missing']:>8} {c['unexpected']:>11}")
        if agree.disagreements:
            print()
            print(f"  first {len(agree.disagreements)} disagreements:")
            for text in agree.disagreements:
                print(text)

    runs = {
        "whole run, wirelint": whole,
        "whole run, minimal.py": minimal,
        "one file, wirelint": one_linter,
        "one file, minimal.py": one_minimal,
    }
    for name, t in runs.items():
        if not t.ok:
            print()
            print(f"  {name} failed with exit {t.returncode}; last lines of its stderr:")
            print(tail(t.stderr) or "    (empty)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
