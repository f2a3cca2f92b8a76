"""Benchmark: rewrites against originals, end to end (issue 3's budgets).

    python bench/rewrites.py [--originals 10000] [--stories 1000] [--seed 1]

Writes N originals (the generator of bench/linking.py: ~900-word AP-style stories, mixed
formats) and M republished AP stories derived from random originals (verbatim, trimmed,
lightly edited, three paragraphs lifted; with front matter `source: AP`, linked by content),
caches them in bench/.rewrites-<N>-<M>-<seed>/, then prints:

- the whole `wirelint check --originals WIRE STORIES` run (index built once, every story
  linked by content, aligned and classified), against the budget of 10 s for 1,000 stories
  against 10,000 originals;
- alignment + classification per 900-word pair, median, against 2 ms (tokenising both texts
  is printed apart: an original's tokens could be computed once per run);
- findings by rule, as a sanity check (verbatim copies should have none).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate  # noqa: E402
import linking  # noqa: E402


def build(folder: Path, originals: int, stories: int, seed: int) -> None:
    rng = random.Random(seed)
    towns = sorted({generate.town(rng) for _ in range(120)})[:40]
    wire_dir, story_dir = folder / "wire", folder / "stories"
    wire_dir.mkdir(parents=True)
    story_dir.mkdir()
    wires = []
    formats = ["md", "ninjs-text", "ninjs-html", "html"]
    for i in range(originals):
        headline, paragraphs, date = linking.make_story(rng, towns)
        wire = linking.Wire(f"w{i:06d}", headline, paragraphs, date)
        name, text = linking.render(wire, formats[i % len(formats)], i)
        (wire_dir / name).write_text(text, encoding="utf-8")
        wires.append(wire)
    kinds = ["verbatim", "trimmed", "edited", "lifted"]
    for j in range(stories):
        wire = rng.choice(wires)
        kind = kinds[j % len(kinds)]
        headline, _byline, *body = linking.derive(rng, wire, kind)
        front = f"---\ntitle: {json.dumps(headline)}\ndate: {wire.date.isoformat()}\nsource: AP\n---\n\n"
        (story_dir / f"s{j:05d}-{kind}.md").write_text(front + "\n\n".join(body) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=10000)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = HERE / f".rewrites-{args.originals}-{args.stories}-{args.seed}"
    if not folder.exists():
        print(f"generating {folder.name} ...", flush=True)
        build(folder, args.originals, args.stories, args.seed)
    wirelint = Path(sys.executable).with_name("wirelint")
    cmd = [
        str(wirelint),
        "check",
        "--originals",
        str(folder / "wire"),
        str(folder / "stories"),
        "--format",
        "json",
        "--exit-zero",
        "--select",
        "AP4",
    ]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    report = json.loads(result.stdout)
    by_rule = collections.Counter(v["rule"] for v in report["violations"])
    by_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for v in report["violations"]:
        by_kind[Path(v["path"]).stem.split("-")[1]][v["rule"]] += 1
    budget = 10.0 * args.stories / 1000 * (args.originals / 10000)
    flag = "" if elapsed <= budget else "   OVER BUDGET"
    print(
        f"whole run: {args.stories} stories against {args.originals} originals: {elapsed:.2f} s (budget {budget:.1f} s){flag}"
    )
    print(f"findings by rule: {dict(sorted(by_rule.items()))}")
    for kind in ("verbatim", "trimmed", "edited", "lifted"):
        print(f"  {kind:9} stories: {dict(sorted(by_kind[kind].items()))}")

    from linter.align import classify, tokens

    rng = random.Random(args.seed)
    towns = sorted({generate.town(rng) for _ in range(120)})[:40]
    times, tok_times = [], []
    for _ in range(50):
        paragraphs: list[str] = []
        while sum(len(p.split()) for p in paragraphs) < 900:  # the budget is per 900-word pair
            paragraphs += linking.make_story(rng, towns)[1]
        while sum(len(p.split()) for p in paragraphs[:-1]) >= 900:
            paragraphs.pop()
        original = "\n\n".join(paragraphs)
        edited = "\n\n".join(linking.edit(rng, p) for p in paragraphs)
        t0 = time.perf_counter()
        old, new = tokens(original), tokens(edited)
        t1 = time.perf_counter()
        classify(old, new)
        t2 = time.perf_counter()
        tok_times.append(t1 - t0)
        times.append(t2 - t1)
    words = len(original.split())
    print(
        f"align + classify, ~{words}-word pair: median {1e3 * statistics.median(times):.2f} ms (budget 2 ms); "
        f"tokenising both texts: {1e3 * statistics.median(tok_times):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
