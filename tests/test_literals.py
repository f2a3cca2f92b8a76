"""The required-literal analysis that lets detection skip patterns: it must never skip a match."""

from __future__ import annotations

import random

import pytest
import regex

from linter.literals import required
from linter.policy import Policy


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"Associated Press contributed", ("Associated Press contributed",)),
        (r"(?:told|said) (?:AP|Associated Press)", ("said", "told")),
        (r"a?b", ("b",)),
        (r"(?:x|)y", ("y",)),  # an alternative that needs nothing: the branch needs nothing
        (r"(?:ab)*cd", ("cd",)),
        (r"(?<=Copyright )AP News", ("Copyright ",)),  # both are required: the longer is kept
        (r"(?i)associated press", None),  # case-insensitive: unknown
        (r"(?i:x)y", ("y",)),
        (r"\p{Lu}+", None),  # syntax only the regex module knows: unknown
        (r"(?:Acme Wire){e<=1}", None),  # fuzzy matching: `re` would read the braces as text
        (r"[[:upper:]]+ Wire", None),  # a POSIX class: `re` warns and reads it differently
        (r"Wire{2,3}", ("Wir",)),  # a real quantifier
        (r"[a-z]+", None),
    ],
)
def test_required_literals(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert required(pattern) == expected


FRAGMENTS = [
    "(AP) — ",
    "(A.P.) ",
    "(AP)",
    "Associated Press",
    "Associated Pres",
    "The Associated Press contributed to this report. ",
    "Copyright 2024 The Associated Press. ",
    "© AP News. ",
    "By JANE ROE, Associated Press\n\n",
    "\n\nAssociated Press\n\n",
    "(Reuters) - ",
    "(REUTERS) ",
    "© 2024 Thomson Reuters. ",
    "Reporting by Ann Lee; Editing by Bo Kim",
    "News ",
    "associated ",
    "Press ",
    "the ",
    "\n\n",
    "x",
]


def test_a_document_without_the_literals_never_matches(ap: Policy, reuters: Policy) -> None:
    rng = random.Random(7)
    checked = matched = 0
    for policy in (ap, reuters):
        for pattern in policy.detect.patterns:
            needed = required(pattern.pattern)
            assert needed is not None, pattern.pattern  # the shipped signals are all analysable
            compiled = regex.compile(pattern.pattern)
            for _ in range(3000):
                text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6)))
                if compiled.search(text):
                    matched += 1
                    assert any(s in text for s in needed), (pattern.pattern, text)
                checked += 1
    assert matched > 1000  # the property was exercised
