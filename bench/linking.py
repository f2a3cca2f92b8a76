"""Benchmark: linking republished stories to their originals by content (linter/corpus_index.py).

    python bench/linking.py [--originals 10000] [--stories 1000] [--unrelated N] [--seed 1]

Writes N seeded originals (~900 words each, AP-style, mixed formats: ninjs with body_text
and with body_html, Markdown, HTML, plain text) to a temporary folder, builds the index from
that folder, then links M stories derived from random originals, a quarter each verbatim,
trimmed from the end, three paragraphs lifted, and lightly edited (two or three words
changed in every paragraph), plus unrelated stories written by the same generator (the
same topics, towns and template sentences, never indexed), whole and as briefs of one to
three paragraphs. Every derived story also carries a republisher's byline and footer that
no original has.

The originals are deliberately alike: 40 towns and the twelve topics of bench/generate.py,
so about twenty originals share a town and a topic and most sentences come from the same
templates. Prints build time, index size, `find` latency (next to its budgets), recall,
false links, and the containment figures behind THRESHOLD, MARGIN and MIN_LEAD. Deterministic for
a seed: nothing reads the clock or the global random state to make text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, when wirelint is not installed

import generate

from linter import corpus_index
from linter.corpus_index import OriginalsIndex

TOWNS = 40
KINDS = ("verbatim", "trimmed", "lifted", "edited")
FIND_BUDGET_MS = 5.0
RUN_BUDGET_S = 10.0
REPLACEMENTS = ("local", "regional", "several", "recent", "new", "the", "officials", "residents")


class Wire:
    """One generated original: what was written to disk, kept to derive stories from."""

    __slots__ = ("date", "headline", "name", "paragraphs")

    def __init__(self, name: str, headline: str, paragraphs: list[str], date: dt.date) -> None:
        self.name = name
        self.headline = headline
        self.paragraphs = paragraphs
        self.date = date


def make_story(rng: random.Random, towns: Sequence[str]) -> tuple[str, list[str], dt.date]:
    """(headline, paragraphs, date) of an AP-style story of ~900 words."""
    date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
    cast = generate.Cast(
        town=rng.choice(towns),
        region=rng.choice(generate.STATES),
        topic=rng.choice(generate.TOPICS),
        people=[(generate.person(rng), rng.choice(generate.ROLES)) for _ in range(rng.randrange(3, 6))],
    )
    paras = generate.prose(rng, cast, date, rng.randrange(16, 21), None)
    paras[0] = f"{cast.town.upper()}, {cast.region} (AP) {generate.EM} {paras[0]}"
    paras.append(f"Copyright {date.year} The Associated Press. {generate.RESERVED} {generate.AP_NOTICE}")
    headline = generate.fill(rng.choice(generate.HEADLINES), rng, cast, date)
    return headline, paras, date


def render(wire: Wire, fmt: str, index: int) -> tuple[str, str]:
    """(file name, text) of an original in format `fmt`."""
    if fmt in ("ninjs-text", "ninjs-html"):
        item: dict[str, object] = {
            "uri": f"urn:example:wire:{index:06d}",
            "type": "text",
            "versioncreated": f"{wire.date.isoformat()}T10:30:00Z",
            "headline": wire.headline,
            "copyrightnotice": f"Copyright {wire.date.year} The Associated Press",
            "usageterms": generate.AP_NOTICE,
        }
        if fmt == "ninjs-text":
            item["body_text"] = "\n\n".join(wire.paragraphs)
        else:
            item["body_html"] = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in wire.paragraphs)
        return f"{wire.name}.json", json.dumps(item, ensure_ascii=False, indent=1)
    if fmt == "md":
        front = f"---\ntitle: {json.dumps(wire.headline)}\ndate: {wire.date.isoformat()}\n---\n\n"
        return f"{wire.name}.md", front + "\n\n".join(wire.paragraphs) + "\n"
    if fmt == "html":
        body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in wire.paragraphs)
        page = f'<html><head><meta name="date" content="{wire.date.isoformat()}"></head>\n'
        return f"{wire.name}.html", page + f"<body><h1>{html.escape(wire.headline)}</h1>\n{body}</body></html>\n"
    return f"{wire.name}.txt", "\n\n".join([wire.headline, *wire.paragraphs]) + "\n"


def edit(rng: random.Random, paragraph: str) -> str:
    """Two or three words replaced or dropped: what a copy desk does to wire copy."""
    ws = paragraph.split()
    for _ in range(rng.randrange(2, 4)):
        if len(ws) < 8:
            break
        at = rng.randrange(len(ws))
        if rng.random() < 0.3:
            del ws[at]
        else:
            ws[at] = rng.choice(REPLACEMENTS)
    return " ".join(ws)


def derive(rng: random.Random, wire: Wire, kind: str) -> list[str]:
    body = wire.paragraphs
    if kind == "trimmed":
        body = body[: max(3, round(len(body) * rng.uniform(0.3, 0.7)))]
    elif kind == "lifted":
        picks = sorted(rng.sample(range(1, len(body) - 1), 3))
        body = [body[i] for i in picks]
    elif kind == "edited":
        body = [edit(rng, p) for p in body]
    byline = f"By {generate.person(rng)}, The Example Courier"
    return [wire.headline, byline, *body, rng.choice(generate.LOCAL_FOOTER)]


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=10000)
    parser.add_argument("--stories", type=int, default=1000, help="derived stories (default 1000)")
    parser.add_argument("--unrelated", type=int, default=-1, help="unrelated stories (default: stories / 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n, m = args.originals, args.stories
    unrelated_count = m // 5 if args.unrelated < 0 else args.unrelated
    master = random.Random(args.seed)
    towns = sorted({generate.town(master) for _ in range(TOWNS * 3)})[:TOWNS]
    formats = ("ninjs-text", "ninjs-html", "md", "html", "txt")

    t0 = time.perf_counter()
    wires: list[Wire] = []
    with tempfile.TemporaryDirectory(prefix="wirelint-linking-") as folder:
        for i in range(n):
            rng = random.Random(master.getrandbits(64))
            headline, paras, date = make_story(rng, towns)
            wire = Wire(f"wire-{i:06d}", headline, paras, date)
            sub = os.path.join(folder, str(date.year), f"{date.month:02d}")
            os.makedirs(sub, exist_ok=True)
            name, text = render(wire, formats[i % len(formats)], i)
            with open(os.path.join(sub, name), "w", encoding="utf-8") as fh:
                fh.write(text)
            wires.append(wire)
        words = statistics.mean(len(" ".join(w.paragraphs).split()) for w in wires[:500])
        print(f"originals: {n:,} written in {time.perf_counter() - t0:.1f} s (mean {words:.0f} words, {TOWNS} towns)")

        t0 = time.perf_counter()
        index, problems = OriginalsIndex.build(folder)
        build_s = time.perf_counter() - t0
    assert not problems, problems[:5]
    assert len(index) == n

    originals = list(index)
    t0 = time.perf_counter()
    OriginalsIndex.from_originals(originals, real_paths=[o.path for o in originals])  # no realpath calls
    fingerprint_s = time.perf_counter() - t0
    stats = index.stats()
    mem = index.memory_estimate()
    t0 = time.perf_counter()
    pickled = len(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    pickle_s = time.perf_counter() - t0

    print()
    print(f"index build (read + fingerprint): {build_s:.2f} s, {build_s / n * 1000:.3f} ms per original")
    print(f"  of which fingerprinting only:   {fingerprint_s:.2f} s, {fingerprint_s / n * 1000:.3f} ms per original")
    print(
        f"index: {stats.fingerprints:,} fingerprints, {stats.postings:,} postings "
        f"({stats.postings / n:.0f} per original), {stats.common:,} ignored as boilerplate"
    )
    print(
        f"index size: ~{mem / n:,.0f} bytes per original in memory (sys.getsizeof: postings, path and id tables; not the text)"
    )
    print(f"            {pickled / n:,.0f} bytes per original pickled, originals' text included ({pickle_s:.1f} s)")

    # -- stories
    stories: list[tuple[str, int, list[str]]] = []  # (kind, source index or -1, paragraphs)
    for j in range(m):
        rng = random.Random(master.getrandbits(64))
        source = rng.randrange(n)
        kind = KINDS[j % len(KINDS)]
        stories.append((kind, source, derive(rng, wires[source], kind)))
    for _ in range(unrelated_count):
        rng = random.Random(master.getrandbits(64))
        headline, paras, _date = make_story(rng, towns)
        stories.append(("unrelated", -1, [headline, *paras]))
    for _ in range(unrelated_count):  # one to three paragraphs of an unrelated story
        rng = random.Random(master.getrandbits(64))
        _headline, paras, _date = make_story(rng, towns)
        at = rng.randrange(1, len(paras) - 3)
        stories.append(("brief", -1, paras[at : at + rng.randrange(1, 4)]))

    times: list[float] = []
    right: dict[str, list[float]] = defaultdict(list)  # containment of the true original
    wrong: dict[str, list[float]] = defaultdict(list)  # best containment of any other original
    found = defaultdict(int)
    missed = defaultdict(int)
    false_links = defaultdict(int)
    # The index holds the originals in folder order; a file's stem is its generation name.
    by_path = {o.path: i for i, o in enumerate(originals)}
    name_to_index = {os.path.splitext(os.path.basename(o.path))[0]: i for i, o in enumerate(originals)}
    t_all = time.perf_counter()
    for kind, source, paras in stories:
        t0 = time.perf_counter()
        match = index.find(paras)
        times.append(time.perf_counter() - t0)
        true = name_to_index[wires[source].name] if source >= 0 else -1
        best = index.candidates(paras, 3)
        scores = {by_path[o.path]: c for o, c in best}
        if true >= 0:
            right[kind].append(scores.get(true, 0.0))
        wrong[kind].append(max((c for i, c in scores.items() if i != true), default=0.0))
        if match is None:
            if true >= 0:
                missed[kind] += 1
        elif by_path[match.original.path] == true:
            found[kind] += 1
        else:
            false_links[kind] += 1
    wall = time.perf_counter() - t_all
    find_total = sum(times)

    print()
    ms = [t * 1000 for t in times]
    print(
        f"find: median {statistics.median(ms):.3f} ms, p95 {pct(ms, 0.95):.3f} ms, max {max(ms):.3f} ms per story"
        f"  (budget {FIND_BUDGET_MS:g} ms per story against 10,000 originals)"
    )
    linked = len(stories)
    print(f"all {linked:,} stories: find {find_total:.2f} s ({wall:.2f} s with the scoring diagnostics)")
    per_1000 = find_total / linked * 1000
    print(
        f"  1,000 stories: linking {per_1000:.2f} s = {per_1000 / RUN_BUDGET_S * 100:.1f}% of the {RUN_BUDGET_S:g} s budget"
        f" (which also covers alignment); with the index build {build_s + per_1000:.2f} s"
        f" = {(build_s + per_1000) / RUN_BUDGET_S * 100:.0f}%"
    )
    print()
    print(
        f"{'kind':<10} {'stories':>7} {'linked':>7} {'missed':>7} {'wrong':>7}   right original: min/p5/median   best other: max"
    )
    for kind in (*KINDS, "unrelated", "brief"):
        count = len(wrong[kind])
        if not count:
            continue
        r = right.get(kind, [])
        r_text = f"{min(r):.2f}/{pct(r, 0.05):.2f}/{statistics.median(r):.2f}" if r else "-"
        print(
            f"{kind:<10} {count:>7} {found[kind]:>7} {missed[kind]:>7} {false_links[kind]:>7}   "
            f"{r_text:>26}   {max(wrong[kind]):.2f}"
        )
    derived_found = sum(found[k] for k in KINDS)
    wrong_total = sum(false_links.values())
    print()
    print(
        f"recall: {derived_found}/{m} = {derived_found / m * 100:.1f}% of derived stories linked to the right original"
    )
    unrelated_linked = false_links["unrelated"] + false_links["brief"]
    print(
        f"false links: {wrong_total} ({false_links['unrelated']} of {unrelated_count} unrelated stories and "
        f"{false_links['brief']} of {unrelated_count} unrelated briefs linked, "
        f"{wrong_total - unrelated_linked} derived stories linked to a wrong original)"
    )
    print(
        f"rule: containment >= {corpus_index.THRESHOLD}, lead over the runner-up >= {corpus_index.MARGIN} "
        f"and >= {corpus_index.MIN_LEAD} fingerprints, story >= {corpus_index.MIN_FINGERPRINTS} fingerprints; "
        f"1 shingle in {corpus_index.SAMPLE_MASK + 1} kept"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
