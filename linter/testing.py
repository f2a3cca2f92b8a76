"""Running a policy's embedded examples through the real engine (`wirelint policy test`).

Each example is a whole Markdown document (front matter allowed). A `pass` example must
not trigger its rule and a `fail` example must; detection is real, so an example must be
recognisable as the service's copy when its rule applies to copy.
"""

from __future__ import annotations

from typing import NamedTuple

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
    text: str, policies: list[Policy], path: str = "example.md", original: str | None = None
) -> list[Violation]:
    """Check one Markdown text with the policies' default terms (also a test helper).

    With `original`, that text is the only original of the run, indexed as `original.md`.
    """
    index = None
    if original is not None:
        from .corpus_index import OriginalsIndex
        from .originals import from_text

        index, _ = OriginalsIndex.from_originals([from_text("original.md", original)])
    settings = Settings(
        policies=tuple(policies),
        terms={p.id: {n: t.default for n, t in p.terms.items()} for p in policies},
        originals=index,
    )
    return check_document(markdown.read(path, text), settings)


def run_examples(policy: Policy) -> list[ExampleResult]:
    results = []
    for rule in policy.rules:
        for expectation, examples in (("pass", rule.examples.passing), ("fail", rule.examples.failing)):
            for i, example in enumerate(examples):
                found = [v for v in lint_text(example.story, [policy], original=example.original) if v.rule == rule.id]
                if expectation == "pass":
                    ok = not found
                    detail = "" if ok else f"reported: {found[0].message}"
                else:
                    ok = bool(found)
                    detail = "" if ok else "not reported"
                results.append(ExampleResult(rule.id, expectation, i + 1, example.story, ok, detail))
    return results
