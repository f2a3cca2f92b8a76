"""Each check kind on its own, with a small synthetic policy: pairs that must pass and must fail.

The policies here are not AP's or Reuters': they show that a new service needs only YAML.
"""

from __future__ import annotations

import pytest

from linter.policy import Policy
from linter.testing import lint_text

from .conftest import policy_from

HEAD = """\
id: acme
name: Acme Wire
prefix: ACM
detect:
  fields: [source]
  field_pattern: '^Acme$'
  patterns: ['\\(Acme\\)']
terms:
  require_notice: {default: true, description: the notice is required}
rules:
"""


def acme(rules: str) -> Policy:
    return policy_from(HEAD + rules)


def found(policy: Policy, text: str) -> list[tuple[str, str]]:
    return [(v.rule, v.message) for v in lint_text(text, [policy])]


ATTRIBUTION = acme(
    """\
  - id: ACM101
    slug: attribution-missing
    kind: attribution
    scope: lead
    credits: ['\\(Acme\\)', '(?m)^By [^\\n]*, Acme Wire$']
    field_pattern: 'Acme Wire'
    message: 'no {service} credit'
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("PORTVILLE (Acme) - Text.", [], id="dateline-credit"),
        pytest.param("---\nsource: Acme\nbyline: Ann Lee, Acme Wire\n---\nPORTVILLE - Text.", [], id="credit-field"),
        pytest.param("---\nsource: Acme\n---\nBy Ann Lee, Acme Wire\n\nPORTVILLE - Text.", [], id="byline"),
        pytest.param("---\nsource: Acme\n---\nPORTVILLE - Text.", [("ACM101", "no Acme Wire credit")], id="missing"),
        pytest.param(
            "---\nsource: Acme\n---\nOne.\n\nTwo.\n\nThree.\n\nPORTVILLE (Acme) - Four.",
            [("ACM101", "no Acme Wire credit")],
            id="credit-outside-the-lead-scope",
        ),
        pytest.param("PORTVILLE - Text with no Acme signal at all.", [], id="not-acme-copy"),
    ],
)
def test_attribution(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(ATTRIBUTION, text) == expected


# The holder and its mangled forms are shared through `kinds:`, so a mangled line is one
# finding (ACM204), not also a missing line (ACM201).
COPYRIGHT = policy_from(
    HEAD.replace("rules:\n", "kinds:\n  copyright: {holder: 'Acme Wire', altered: 'Acme Wires?|ACME'}\nrules:\n")
    + """\
  - {id: ACM201, slug: copyright-missing, kind: copyright, condition: missing}
  - {id: ACM202, slug: copyright-year-missing, kind: copyright, condition: year-missing}
  - {id: ACM203, slug: copyright-year-mismatch, kind: copyright, condition: year-mismatch, message: '{year} is not {pub_year}'}
  - {id: ACM204, slug: copyright-holder-altered, kind: copyright, condition: holder-altered, message: 'holder {holder}'}
"""
)
DATED = "---\nsource: Acme\ndate: 2025-01-02\n---\nText.\n\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Copyright 2025 Acme Wire.", []),
        ("(c) 2025 Acme Wire", []),
        ("Copyright © 2024–2025 Acme Wire. All rights reserved.", []),
        ("Acme Wire 2025 (no marker)", ["ACM201"]),
        ("Copyright 2025 Other Wire.", ["ACM201"]),
        ("Copyright Acme Wire.", ["ACM202"]),
        ("Copyright Acme Wire 2025.", []),  # a year after the holder counts
        ("Copyright 2023 Acme Wire.", ["ACM203"]),
        ("Copyright 2025 ACME.", ["ACM204"]),
        ("Copyright law experts at Acme Wire said so.", ["ACM201"]),  # not a copyright line
    ],
)
def test_copyright(line: str, expected: list[str]) -> None:
    assert [rule for rule, _ in found(COPYRIGHT, DATED + line)] == expected


def test_copyright_messages_name_the_years_and_holder() -> None:
    assert found(COPYRIGHT, DATED + "Copyright 2023 Acme Wire.") == [("ACM203", "2023 is not 2025")]
    assert found(COPYRIGHT, DATED + "Copyright 2025 ACME.") == [("ACM204", "holder ACME")]


def test_copyright_from_a_metadata_field() -> None:
    text = "---\nsource: Acme\ndate: 2025-01-02\ncopyright: Copyright 2024 Acme Wire\n---\nText.\n"
    (violation,) = lint_text(text, [COPYRIGHT])
    assert (violation.rule, violation.line, violation.column) == ("ACM203", 4, 22)


NOTICE = acme(
    """\
  - id: ACM301
    slug: notice-missing
    kind: notice
    condition: missing
    when: {require_notice: true}
    text: Do not copy this story.
    optional: [without asking]
    holder: 'Acme'
  - id: ACM302
    slug: notice-altered
    kind: notice
    condition: altered
    text: Do not copy this story.
    optional: [without asking]
    holder: 'Acme'
"""
)


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("Do not copy this story.", []),
        ("DO NOT COPY THIS STORY!", []),
        ("Do not copy this story without asking.", []),
        ("Copyright 2025 Acme Wire. Do not copy this story.", []),
        ("Copyright 2025 Other Wire. Do not copy this story.", [("ACM301", None)]),  # Other Wire's notice
        ("Do copy this story.", [("ACM302", "the rights notice is altered: 'not' is missing")]),
        ("Do not share this story.", [("ACM302", "the rights notice is altered: 'share' instead of 'copy'")]),
        ("Nothing here.", [("ACM301", None)]),
    ],
)
def test_notice(ending: str, expected: list[tuple[str, str | None]]) -> None:
    got = found(NOTICE, "(Acme) Text.\n\n" + ending)
    assert len(got) == len(expected), got
    assert [(rule, msg if want else None) for (rule, msg), (_, want) in zip(got, expected, strict=True)] == expected


APOSTROPHE_NOTICE = acme(
    """\
  - id: ACM301
    slug: notice-missing
    kind: notice
    condition: missing
    text: The publisher's consent is needed for anyone's reuse.
    similarity: 0.3
    holder: 'Acme'
"""
)


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_a_notice_is_found_whichever_apostrophe_it_is_typed_with(apostrophe: str) -> None:
    # Two of the anchor words have an apostrophe and the third here ("reuse", the
    # shortest) is not scanned for: the scan must read "\u2019" as "'", as the word
    # comparison does, or this (altered) notice is not found at all.
    ending = f"Publisher{apostrophe}s and anyone{apostrophe}s reuse."
    assert found(APOSTROPHE_NOTICE, "(Acme) Text.\n\n" + ending) == []
    assert [rule for rule, _ in found(APOSTROPHE_NOTICE, "(Acme) Text.\n\nNothing here.")] == ["ACM301"]


PHRASE = acme(
    """\
  - id: ACM501
    slug: rewrite-signal
    kind: phrase
    condition: forbid
    applies: not-copy
    prefilter: [Acme]
    patterns: ['according to Acme', {pattern: 'Acme reported', message: 'rewrite: {match}'}]
  - id: ACM801
    slug: page-furniture
    kind: phrase
    condition: forbid
    scope: end
    applies: all
    patterns: ['(?m)^Share this story$']
  - id: ACM802
    slug: tagline-required
    kind: phrase
    condition: require
    scope: headline
    applies: all
    patterns: ['Acme|Local']
    message: 'no tagline'
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Local news\n\nShares rose, according to Acme.", [("ACM501", "'according to Acme' is not allowed here")]),
        ("# Local news\n\nAcme reported a rise.", [("ACM501", "rewrite: Acme reported")]),
        ("# Acme news\n\n(Acme) Shares rose, according to Acme.", []),  # Acme copy itself: not a rewrite
        ("# Local news\n\nShare this story", [("ACM801", "'Share this story' is not allowed here")]),
        ("# Local news\n\nShare this story\n\nOne.\n\nTwo.\n\nThree.\n\nFour.", []),  # not in the last blocks
        ("# Weather\n\nRain.", [("ACM802", "no tagline")]),
    ],
)
def test_phrase(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(PHRASE, text) == expected
