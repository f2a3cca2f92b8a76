"""Measure `wirelint audit` on a large corpus: wall time, parallel speed-up, peak memory, the page.

    python bench/audit.py [--count 100000] [--seed 1] [--runs 1] [--no-serial]

Generates the seeded corpus if it is not cached (`bench/.corpus-<count>-<seed>/`, the same
corpus run.py uses for 10,000), then times, after one untimed warm-up run:

- `wirelint audit CORPUS --html PAGE --format json -o JSON -q`: the whole audit with its
  HTML report (default jobs: every core), against the budget of 1.0 s per 10,000 files;
- the same with `--jobs 1`, for the speed-up from parallelism (skip with --no-serial);
- peak RSS of the largest process and of the process tree, against 200 MB at 100,000;

and checks the audit's findings against the corpus manifest (the same (file, rule) pairs).
It is a report, not a test: it always exits 0 and marks a figure over budget.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import run as runner

BUDGET_S_PER_10K = 1.0
RSS_MB_AT_100K = 200.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark wirelint audit on a large corpus.")
    parser.add_argument("--count", type=int, default=100_000, help="articles (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of each command (default 1, median shown)")
    parser.add_argument("--no-serial", action="store_true", help="skip the --jobs 1 run")
    args = parser.parse_args(argv)

    corpus = runner.BENCH / f".corpus-{args.count}-{args.seed}"
    runner.ensure_corpus(corpus, args.count, args.seed, ["md"])
    manifest = runner.load_manifest(corpus)
    files = runner.corpus_files(corpus)
    n = len(files)
    mb = sum(p.stat().st_size for p in files) / 1e6
    linter = runner.linter_command()
    out = Path(tempfile.mkdtemp(prefix="wirelint-audit-bench-"))
    page, report = out / "audit.html", out / "audit.json"
    audit = [*linter, "audit", str(corpus), "--html", str(page), "--format", "json", "-o", str(report), "-q"]

    print(f"corpus: {corpus} ({n:,} files, {mb:.1f} MB); reports in {out}", flush=True)
    parallel = runner.timed(audit, args.runs, ok_codes=(0, 1))
    serial = runner.timed([*audit, "--jobs", "1"], args.runs, ok_codes=(0, 1)) if not args.no_serial else None
    largest, _ = runner.peak_rss_largest(audit)
    tree = runner.peak_rss_tree(audit)

    budget = BUDGET_S_PER_10K * n / 10_000
    print()
    print(runner.row("figure", "value", "budget"))
    print(runner.row("-" * 38, "-" * 40, "-" * 14))
    if parallel.ok:
        print(
            runner.row(
                f"audit + HTML, all cores (median of {args.runs})",
                runner.throughput(parallel.median, n, mb),
                f"<= {budget:.1f} s",
                parallel.median > budget,
            )
        )
    else:
        print(runner.row("audit + HTML, all cores", f"FAILED (exit {parallel.returncode})"))
        print(runner.tail(parallel.stderr))
    if serial is not None and serial.ok:
        print(runner.row("audit + HTML, --jobs 1", runner.throughput(serial.median, n, mb)))
        if parallel.ok:
            print(runner.row("  speed-up from parallelism", f"{serial.median / parallel.median:.2f}x"))
    rss_budget = RSS_MB_AT_100K * max(1.0, n / 100_000)
    print(runner.row("peak RSS, largest process", f"{largest:.1f} MB", f"<= {rss_budget:.0f} MB", largest > rss_budget))
    if tree is not None:
        print(runner.row("peak RSS, process tree (sampled)", f"{tree:.1f} MB", "(for information)"))
    if page.exists():
        print(runner.row("HTML report", f"{page.stat().st_size / 1e6:.1f} MB"))
    if report.exists() and manifest is not None:
        data = json.loads(report.read_text(encoding="utf-8"))
        agree = runner.agreement(data, manifest, corpus)
        print(
            runner.row(
                "agreement with manifest",
                f"{agree.percent:.2f}% of files exact ({agree.exact:,}/{agree.files:,})",
                "100%",
                agree.exact != agree.files,
            )
        )
        figures = data.get("audit", {})
        print(
            runner.row(
                "  files checked / compliant",
                f"{data.get('files_checked'):,} / {figures.get('files_compliant'):,}",
            )
        )
        for d in agree.disagreements:
            print(d)
    if parallel.ok and len(parallel.seconds) > 1:
        print(
            f"\n  runs: {', '.join(f'{s:.2f}' for s in parallel.seconds)} s (stdev {statistics.stdev(parallel.seconds):.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
