"""Running a policy's embedded examples through the real engine (`wirelint policy test`).

Each example is a whole Markdown document (front matter allowed). A `pass` example must
not trigger its rule and a `fail` example must; detection is real, so an example must be
recognisable as the service's copy when its rule applies to copy.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from .checks import KINDS
from .engine import Settings, check_document
from .policy import Policy
from .readers import markdown
from .violation import Violation


class ExampleResult(NamedTuple):
    rule: str
    expectation: str  # "pass" | "fail"
    number: int  # 1-based, among the rule's pass or fail examples
    text: str
    ok: bool
    detail: str


def lint_text(
    text: str, policies: list[Policy], path: str = "example.md", original: str | None = None, corpus: bool = False
) -> list[Violation]:
    """Check one Markdown text with the policies' default terms (also a test helper).

    With `original`, that text is the only original of the run, indexed as `original.md`:
    in memory (as `--originals`), or with `corpus` in a corpus database of its own in a
    temporary folder (as `--corpus`, for the rules that need one: AP502).
    """
    if original is not None and corpus:
        import tempfile

        from .corpus_db import Corpus, CorpusOriginals

        with tempfile.TemporaryDirectory(prefix="wirelint-example-") as folder:
            wire = os.path.join(folder, "wire")
            os.mkdir(wire)
            with open(os.path.join(wire, "original.md"), "w", encoding="utf-8") as fh:
                fh.write(original)
            db = os.path.join(folder, "corpus.sqlite")
            with Corpus.open(db, create=True) as built:
                built.build(wire, jobs=1, policies=policies)
            return _lint(text, policies, path, CorpusOriginals(db))
    index = None
    if original is not None:
        from .corpus_index import OriginalsIndex
        from .originals import from_text

        index, _ = OriginalsIndex.from_originals([from_text("original.md", original)])
    return _lint(text, policies, path, index)


def _lint(text: str, policies: list[Policy], path: str, originals: object) -> list[Violation]:
    settings = Settings(
        policies=tuple(policies),
        terms={p.id: {n: t.default for n, t in p.terms.items()} for p in policies},
        originals=originals,
    )
    return check_document(markdown.read(path, text), settings)


def run_examples(policy: Policy) -> list[ExampleResult]:
    results = []
    for rule in policy.rules:
        for expectation, examples in (("pass", rule.examples.passing), ("fail", rule.examples.failing)):
            for i, example in enumerate(examples):
                corpus = getattr(KINDS[rule.kind], "NEEDS_CORPUS", False)
                found = [
                    v
                    for v in lint_text(example.story, [policy], original=example.original, corpus=corpus)
                    if v.rule == rule.id
                ]
                if expectation == "pass":
                    ok = not found
                    detail = "" if ok else f"reported: {found[0].message}"
                else:
                    ok = bool(found)
                    detail = "" if ok else "not reported"
                results.append(ExampleResult(rule.id, expectation, i + 1, example.story, ok, detail))
    return results
