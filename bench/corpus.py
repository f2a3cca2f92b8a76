"""Benchmark: the corpus index (linter/corpus_db.py) and AP502 at archive scale.

    python bench/corpus.py [--originals 100000] [--stories 1000] [--unrelated 1000] [--seed 1]

Writes N seeded originals with bench/linking.py's generator (~900 words, AP-style, mixed
formats, deliberately alike: 40 towns, twelve topics, template sentences) into
`bench/.originals-<N>-<seed>/` (kept between runs), then:

- builds the index with the real command, `wirelint corpus build DIR --db DB -q`, timed,
  with the peak RSS of the process tree sampled (memory bounded while building), and
  rebuilds it with nothing changed;
- derives stories that carry three to six consecutive paragraphs of a random original with
  every credit stripped (no dateline credit, no copyright line), a quarter each verbatim,
  retypeset (curly quotes, dashes, no-break spaces), trimmed (the original's first
  paragraphs) and lightly edited (two or three words changed in each paragraph), each
  with a local byline, a paragraph of its own and a footer; and unrelated stories from the
  same generator, never indexed, whole and as briefs of one to three paragraphs;
- asks the index for each story (Corpus.match) and applies AP502's decision (the
  provenance kind's defaults): recall is the share of derived stories reported against
  their own original; a false link is an unrelated story reported at all.

Prints each figure next to the issue's budget. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import generate
import linking
import run as runner

from linter.checks.provenance import WEAK, reproduced
from linter.corpus_db import Corpus

BUILD_BUDGET_S_PER_100K = 60.0
MATCH_BUDGET_MS = 2.0
BYTES_PER_ORIGINAL = 3 * 1024
RECALL_BUDGET = 0.99
MIN_PARAGRAPHS = 3  # AP502's defaults
MIN_SHARE = 0.5
DERIVED = ("verbatim", "retypeset", "trimmed", "edited")


def write_originals(folder: Path, count: int, seed: int) -> tuple[list[linking.Wire], list[str]]:
    """The originals and their towns (regenerated in memory every run; written once)."""
    rng = random.Random(seed)
    towns = sorted({generate.town(rng) for _ in range(linking.TOWNS * 3)})[: linking.TOWNS]
    formats = ("ninjs-text", "ninjs-html", "md", "html", "txt")
    wires = []
    fresh = not (folder / ".done").exists()
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    for i in range(count):
        headline, paragraphs, date = linking.make_story(rng, towns)
        wire = linking.Wire(f"w{i:06d}", headline, paragraphs, date)
        wires.append(wire)
        if fresh:
            name, text = linking.render(wire, formats[i % len(formats)], i)
            sub = folder / f"{i // 1000:03d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / name).write_text(text, encoding="utf-8")
    if fresh:
        (folder / ".done").write_text("")
    return wires, towns


def retypeset(rng: random.Random, text: str) -> str:
    text = text.replace(" — ", " -- ").replace("'", "’")
    out, quote = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if quote else "”")
            quote = not quote
        elif ch == " " and rng.random() < 0.05:
            out.append("\u00a0")
        else:
            out.append(ch)
    return "".join(out)


def uncredited(paragraph: str) -> str:
    """The lead without its dateline credit."""
    cut = paragraph.find("(AP) ")
    return paragraph[cut + len("(AP) ") + 2 :] if cut >= 0 else paragraph


def derive(rng: random.Random, wire: linking.Wire, kind: str) -> tuple[list[str], int]:
    """A story carrying consecutive paragraphs of `wire`, no credit; and how many."""
    body = wire.paragraphs[:-1]  # without the copyright line
    k = rng.randrange(3, 7)
    start = 0 if kind == "trimmed" else rng.randrange(0, len(body) - k)
    taken = [uncredited(p) for p in body[start : start + k]]
    if kind == "retypeset":
        taken = [retypeset(rng, p) for p in taken]
    elif kind == "edited":
        taken = [linking.edit(rng, p) for p in taken]
    own = "Residents who spoke to the Courier this week said they were following the story closely."
    return [f"By {generate.person(rng)}, The Example Courier", own, *taken, rng.choice(generate.LOCAL_FOOTER)], k


def reported(hits: list, story: list[str], original_path: str | None) -> tuple[bool, bool]:
    """(AP502 would report this story at all, … against `original_path`)."""
    weak = 0
    for hit in hits:
        if hit.shared == 0:  # as the provenance kind: the first WEAK of these only
            weak += 1
            if weak > WEAK:
                continue
        if reproduced(hit, story, MIN_PARAGRAPHS, MIN_SHARE):
            return True, original_path is not None and hit.path == original_path
    return False, False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--unrelated", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    folder = runner.BENCH / f".originals-{args.originals}-{args.seed}"
    start = time.perf_counter()
    wires, towns = write_originals(folder, args.originals, args.seed)
    print(f"originals: {folder} ({len(wires):,}; {time.perf_counter() - start:.1f} s to generate)", flush=True)

    work = Path(tempfile.mkdtemp(prefix="wirelint-corpus-bench-"))
    db = work / "corpus.sqlite"
    build = [*runner.linter_command(), "corpus", "build", str(folder), "--db", str(db), "-q"]
    t0 = time.perf_counter()
    rss = runner.peak_rss_tree(build)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL)
    rebuild_s = time.perf_counter() - t0

    rng = random.Random(args.seed + 1)
    with Corpus.open(str(db)) as corpus:
        stats = corpus.stats()
        real = {w.name: None for w in wires}
        for path in folder.rglob("*"):
            if path.is_file() and path.stem in real:
                real[path.stem] = str(path.resolve())
        hits_ms: list[float] = []
        match_ms: list[float] = []
        recall: dict[str, list[bool]] = {k: [] for k in DERIVED}
        wrong = 0  # derived stories reported against another original: false links too
        missed: list[str] = []
        for i in range(args.stories):
            wire = rng.choice(wires)
            kind = DERIVED[i % len(DERIVED)]
            story, _ = derive(rng, wire, kind)
            t = time.perf_counter()
            hits = corpus.match(story, 10)
            t1 = time.perf_counter()
            any_report, right = reported(hits, story, real[wire.name])
            wrong += any_report and not right
            match_ms.append((t1 - t) * 1000)
            hits_ms.append((time.perf_counter() - t) * 1000)
            recall[kind].append(right)
            if not right and len(missed) < 5:
                best = hits[0] if hits else None
                missed.append(
                    f"  {kind} {wire.name}: best {best.path if best else None} paragraphs {best.paragraphs if best else ()}"
                )
        other = random.Random(args.seed + 2)
        false_links = 0
        for i in range(args.unrelated):
            _, paragraphs, _ = linking.make_story(other, towns)
            body = [uncredited(p) for p in paragraphs[:-1]]
            story = body if i % 2 == 0 else body[: other.randrange(1, 4)]
            t = time.perf_counter()
            hits = corpus.match(story, 10)
            t1 = time.perf_counter()
            false_links += reported(hits, story, None)[0]
            match_ms.append((t1 - t) * 1000)
            hits_ms.append((time.perf_counter() - t) * 1000)

    n = args.originals
    print()
    print(runner.row("figure", "value", "budget"))
    print(runner.row("-" * 38, "-" * 40, "-" * 14))
    budget = BUILD_BUDGET_S_PER_100K * n / 100_000
    print(
        runner.row(
            "build, `wirelint corpus build`",
            f"{build_s:.1f} s ({n / build_s:,.0f} originals/s)",
            f"<= {budget:.0f} s",
            build_s > budget,
        )
    )
    print(runner.row("rebuild, nothing changed", f"{rebuild_s:.2f} s"))
    if rss is not None:
        print(runner.row("peak RSS while building (tree)", f"{rss:.0f} MB"))
    per = stats.size_bytes / max(1, stats.originals)
    print(
        runner.row(
            "index on disk",
            f"{stats.size_bytes / 1e6:.1f} MB, {per / 1024:.2f} KB an original",
            "<= 3 KB",
            per > BYTES_PER_ORIGINAL,
        )
    )
    med = statistics.median(match_ms)
    print(
        runner.row(
            "match, one story (median)",
            f"{med:.2f} ms (p95 {linking.pct(match_ms, 0.95):.2f} ms)",
            f"<= {MATCH_BUDGET_MS} ms",
            med > MATCH_BUDGET_MS,
        )
    )
    med = statistics.median(hits_ms)
    print(
        runner.row(
            "match + AP502 decision (median)",
            f"{med:.2f} ms (p95 {linking.pct(hits_ms, 0.95):.2f} ms)",
        )
    )
    every = [r for rs in recall.values() for r in rs]
    share = sum(every) / len(every)
    print(
        runner.row(
            "recall, >= 3 consecutive paragraphs",
            f"{share:.4f} ({sum(every)}/{len(every)})",
            f">= {RECALL_BUDGET}",
            share < RECALL_BUDGET,
        )
    )
    for kind, rs in recall.items():
        print(runner.row(f"  {kind}", f"{sum(rs) / len(rs):.4f} ({sum(rs)}/{len(rs)})"))
    print(runner.row("false links, unrelated stories", f"{false_links} of {args.unrelated}", "0", false_links > 0))
    print(runner.row("false links, derived stories (wrong original)", f"{wrong} of {args.stories}", "0", wrong > 0))
    for line in missed:
        print(line)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
