"""The required-literal analysis that lets detection skip patterns: it must never skip a match."""

from __future__ import annotations

import random

import pytest
import regex

from linter.checks.base import _literal_finditer
from linter.literals import alternatives, contains, required
from linter.policy import Policy


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"Associated Press contributed", ("Associated Press contributed",)),
        # Plain alternatives extend each other: the whole phrases are needed.
        (
            r"(?:told|said) (?:AP|Associated Press)",
            ("said AP", "said Associated Press", "told AP", "told Associated Press"),
        ),
        (r"\((?:Reuters|REUTERS)\)", ("(REUTERS)", "(Reuters)")),
        (r"a?b", ("b",)),
        (r"(?:x|)y", ("y",)),  # "xy" or "y": where "xy" occurs, so does "y"
        (r"(?:ab)*cd", ("cd",)),
        (r"(?<=Copyright )AP News", ("Copyright ",)),  # both are required: the longer is kept
        (r"(?i)associated press", None),  # case-insensitive: unknown
        (r"(?i:x)y", ("y",)),
        (r"\p{Lu}+", None),  # syntax only the regex module knows: unknown
        (r"(?:Acme Wire){e<=1}", None),  # fuzzy matching: `re` would read the braces as text
        (r"[[:upper:]]+ Wire", None),  # a POSIX class: `re` warns and reads it differently
        (r"x?[a[:upper:]]AP", None),  # a POSIX class inside a set: `re` reads "[:upper:" as characters
        (r"[\w[:punct:]]AP", None),
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


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:Copyright|COPYRIGHT|©|\([cC]\))", ("(C)", "(c)", "COPYRIGHT", "Copyright", "©")),
        (r"ab|a", ("a", "ab")),
        (r"(a|b)c", ("ac", "bc")),
        (r"Copyright", None),  # one literal: `regex` already searches it fast
        (r"(?m)^(?:Copyright|©)", None),  # an anchor
        (r"(?i:a|b)", None),  # a flag
        (r"\d|x", None),
        (r"a+|b", None),
        (r"(?<=x)a|b", None),
    ],
)
def test_alternatives(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert alternatives(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"(?:Copyright|COPYRIGHT|©|\([cC]\))", r"ab|a", r"a|ab", r"aba|b", r"(?:x|)y", r"(a|b)(c|a)", r"aa|a"],
)
def test_the_literal_search_finds_what_finditer_finds(pattern: str) -> None:
    compiled = regex.compile(pattern)
    strings = alternatives(pattern)
    assert strings is not None
    rng = random.Random(11)
    alphabet = ["a", "b", "c", "x", "y", "ab", "aba", "Copyright", "COPY", "©", "(c)", "(C", "\n"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        got = [(m.span(), m.groups()) for m in _literal_finditer(compiled, strings, text, pos, end)]
        want = [(m.span(), m.groups()) for m in compiled.finditer(text, pos, end)]
        assert got == want, (pattern, text, pos, end)


def test_contains_is_in() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(["A", "P", "(", ")", "AP", " ", "é", "—"]) for _ in range(rng.randint(0, 10)))
        needle = "".join(rng.choice(["A", "P", "(", ")", "é"]) for _ in range(rng.randint(1, 3)))
        assert contains(text, needle) is (needle in text), (text, needle)


SCAN_FRAGMENTS = [
    "Reuters",
    "REUTERS",
    "reuters",
    "ReUtErS",
    "euters",
    "Reuter",
    "(AP)",
    "(A.P.)",
    "(c)",
    "(C)",
    "©",
    "Copyright",
    "COPYRIGHT",
    "copyright",
    "AP News",
    "P New",
    "((",
    "(",
    ")",
    "  ",
    " ",
    "—",
    "x",
    "Reporting by ",
    "\u2000",
    "Kelvin \u212a",
]
SCAN_SETS = [
    ("EUTERS", "Reporting by ", "Reuter", "euters"),
    ("(C)", "(c)", "COPYRIGHT", "Copyright", "©"),
    ("(A", "P News", "ssociated Pres"),
    ("Associated Press", "AP"),
    ("((", "(", "euters"),  # a one-character string and a rare character in two strings
    ("aaaa", "aaaaa", "AAAA"),  # a stretch that overlaps itself
    ("kelvin", "KELVIN", "Kelvin \u212a"),  # a non-ASCII string never shares a scan
    ("", "zz"),  # the empty string occurs everywhere
    ("Reuters", "Reuter", "RR", "Reporting by "),  # one scan by their first letter; "RR" overlaps itself
]


@pytest.mark.parametrize("strings", SCAN_SETS)
def test_scanning_a_set_of_strings_finds_exactly_what_searching_each_finds(strings: tuple[str, ...]) -> None:
    from linter.literals import RARE_LIMIT, contains_any, occurrences

    rng = random.Random(11)
    pieces = [*SCAN_FRAGMENTS, *strings, "aa", "AAA"]
    found_any = 0
    for n in range(2500):
        count = rng.randint(0, 8) if n % 10 else RARE_LIMIT + 5  # now and then, many parentheses
        text = "".join(rng.choice(pieces) for _ in range(count))
        if n % 10 == 0:
            text += "(" * (RARE_LIMIT + 1) + rng.choice(strings)
        expected_any = any(s in text for s in strings)
        assert contains_any(text, strings) == expected_any, (strings, text)
        found_any += expected_any
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        expected = {i for s in strings for i in range(pos, end - len(s) + 1) if text.startswith(s, i)}
        assert occurrences(text, strings, pos, end) == expected, (strings, text, pos, end)
    assert found_any > 500
    assert contains_any("text", list(strings)) == contains_any("text", strings)  # any sequence


def test_a_set_of_strings_is_found_with_few_scans() -> None:
    from linter.literals import _plan

    reuters = _plan(("EUTERS", "Reporting by ", "Reuter", "euters"))
    assert reuters.shared == (("euter", ("EUTERS", "Reuter", "euters")),)
    assert reuters.single == ("Reporting by ",)
    marker = _plan(("(C)", "(c)", "COPYRIGHT", "Copyright", "©"))
    assert marker.chars == ("©",)
    assert marker.rare == (("(", (("(C)", 0), ("(c)", 0))),)
    # Both start with a capital seldom seen in prose: one scan for "C" beats a
    # case-insensitive scan for "copyright".
    assert marker.first == (("COPYRIGHT", "Copyright"),)
    assert marker.shared == marker.single == ()
    assert _plan(("Reporting by ", "Reuters", "P News")).first == (("Reporting by ", "Reuters"), ("P News",))
    # Lower-case and common capitals (A, I, S, T) are not scanned for by their first letter.
    assert _plan(("AP News", "The AP", "euters", "Reuters")).first == ()


def test_a_string_starting_with_a_rare_capital_is_found_by_that_letter() -> None:
    from linter.literals import contains, literal, occurrences

    # The branch added to scan by the first letter never matches by itself.
    for text in ("R", "RR", "Reuter", "xReuters", "RReuters", "Reuters Reuters", "P News", "PP News"):
        assert contains(text, "Reuters") == ("Reuters" in text), text
        assert [m.span() for m in literal("Reuters").finditer(text)] == [
            (i, i + 7) for i in range(len(text)) if text.startswith("Reuters", i)
        ], text
        assert occurrences(text, ("Reuters", "Reporting", "P News"), 0, len(text)) == {
            i for s in ("Reuters", "Reporting", "P News") for i in range(len(text)) if text.startswith(s, i)
        }


ANCHORED = {  # pattern: phrases it matches, mixed into the random texts
    r"(?:[Tt]old|[Ss]aid to|[Ii]n an interview with) (?:[Tt]he )?(?:Associated Press|AP)\b": [
        "told AP",
        "said to The Associated Press",
        "In an interview with the AP",
    ],
    r"(?:[Tt]he )?(?:Associated Press|\bAP) (?:reported|reports|has reported|first reported)\b": [
        "The Associated Press reported",
        "AP reports",
        "the AP has reported",
    ],
    r"[Aa]ccording to (?:[Tt]he |an? )?(?:Associated Press|AP)\b(?: (?:report|reporting|analysis))?": [
        "according to the AP",
        "According to an Associated Press analysis",
    ],
    r"(?m)^\(?(?:Reporting|Writing) by [^\n]{1,20}": ["\nReporting by Ann Lee", "\n(Writing by Bo)"],
    r"[a-z]{1,3}(?:AP|APAP)": ["xAP", "abcAPAP", "zzAPAPAP"],  # anchors that overlap each other and themselves
    r"(?<=[Tt]he )?(?:x|y)?AP(?=x)": ["the xAPx", "APx", "yAPAPx"],
    r"(?:ab)?(?:Q|QQ)(?:ab)?Q": ["abQabQ", "QQQ", "abQQQ"],
}
ANCHOR_FRAGMENTS = [
    "told ",
    "Told ",
    "said to ",
    "in an interview with ",
    "The ",
    "the ",
    "Associated Press",
    "AP",
    "APAP",
    " reported",
    " reports",
    "according to ",
    "an ",
    "a ",
    "\n",
    "(",
    "Reporting by ",
    "Writing by x",
    "x",
    "y",
    "ab",
    "Q",
    "QQ",
    " ",
    "MAPLE",
    "é",
]


@pytest.mark.parametrize("pattern", ANCHORED)
def test_a_pattern_found_by_its_anchor_matches_exactly_where_finditer_does(pattern: str) -> None:
    import regex

    from linter.checks.base import Context, finditer, search
    from linter.literals import anchor
    from linter.patterns import Pattern

    assert anchor(pattern) is not None, pattern  # the shortcut is taken
    p = Pattern.compile(pattern)
    ctx = Context(None, "AP", {}, {}, None, ())
    rng = random.Random(17)
    pieces = [*ANCHOR_FRAGMENTS, *ANCHORED[pattern] * 4]
    matched = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        want = [m.span() for m in regex.compile(pattern).finditer(text, pos, end)]
        assert [m.span() for m in finditer(p, text, ctx, pos, end)] == want, (text, pos, end)
        first = search(p, text, ctx, pos, end)
        assert (first.span() if first else None) == (want[0] if want else None), (text, pos, end)
        matched += bool(want)
    assert matched > 100, matched  # the texts do hold matches


def test_which_patterns_are_found_by_an_anchor() -> None:
    from linter.literals import Anchor, anchor

    told, reported = list(ANCHORED)[:2]
    assert anchor(told) == Anchor(("AP", "Associated Press"), len("in an interview with ") + len("The "))
    assert anchor(reported) == Anchor(("AP", "Associated Press"), 4)
    assert anchor(r"Associated Press reported") is None  # starts with a string: regex skips to it
    assert anchor(r"(?m)^Support (?:AP|us)") is None
    assert anchor(r"[Aa]n? (?:analysis|review)") is None  # only lower-case words: everywhere in prose
    assert anchor(r"\d+ AP") is None  # no bound on where "AP" starts
    assert anchor(r"(?i)(?:x)?AP") is None  # case-insensitive: unknown
    assert anchor(r"(?:x)?") is None  # may match nothing
    assert anchor(r"x?[a[:upper:]]AP") is None  # a POSIX class inside a set: `re` misreads it


def test_an_anchor_that_occurs_too_often_falls_back_to_a_scan() -> None:
    import regex

    from linter.checks.base import ANCHOR_LIMIT, Context, finditer, search
    from linter.patterns import Pattern

    pattern = r"(?:[Tt]he )?(?:Associated Press|\bAP) reported\b"
    p = Pattern.compile(pattern)
    ctx = Context(None, "AP", {}, {}, None, ())
    text = "AP AP. " * (ANCHOR_LIMIT + 5) + "the AP reported it; The Associated Press reported"
    want = [m.span() for m in regex.compile(pattern).finditer(text)]
    assert len(want) == 2
    assert [m.span() for m in finditer(p, text, ctx)] == want
    first = search(p, text, ctx)
    assert first is not None and first.span() == want[0]


def test_the_tries_near_an_anchor_share_the_per_call_time_limit() -> None:
    import time

    from linter.checks.base import Context, RegexTimeout, finditer
    from linter.literals import anchor
    from linter.patterns import Pattern

    # Each try backtracks for a while; twenty of them must not take twenty limits.
    pattern = r"(?:x|x|x){0,40}[^B]AP"
    assert anchor(pattern) is not None
    text = ("x" * 13 + "BAP") * 20
    ctx = Context(0.3, "AP", {}, {}, None, ())
    started = time.monotonic()
    with pytest.raises(RegexTimeout):
        finditer(Pattern.compile(pattern), text, ctx)
    assert time.monotonic() - started < 1.5
