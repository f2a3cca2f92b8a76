"""Required literals: strings one of which every match of a pattern must contain.

Detection runs every signal pattern of every policy on every article, and most articles
are not most policies' copy: an AP policy looks for six patterns in a Reuters story that
contains none of them. When every detection pattern requires a literal (`(AP)`,
`Associated Press` …) and none of those literals occurs in the text (`str.find` runs at
memory speed), no pattern can match and the patterns are not run. The result is the
same; tests/test_literals.py checks the analysis against the regex engine.

The analysis reads patterns with Python's own regex parser (a private module, so any
surprise means "unknown"); syntax only the `regex` module knows, and case-insensitive
parts, also mean "unknown", and unknown means "always run the pattern".

The same reading finds patterns that are only a few alternative literals (`alternatives`),
which checks/base.py searches string by string, and `contains` is the fastest test for
one string here.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

MAX_STRINGS = 8
MAX_CLASS = 4  # a character class of up to this many characters expands into alternatives


_LITERALS: dict[str, Any] = {}


def literal(s: str) -> Any:
    """A compiled `regex` pattern that searches for the plain string `s` (see `FIRST`)."""
    found = _LITERALS.get(s)
    if found is None:
        import regex

        text = regex.escape(s)
        if len(s) > 1 and s[0] in FIRST:
            text += "|" + regex.escape(s[0]) + "(?!)"  # never matches: see FIRST
        found = _LITERALS[s] = regex.compile(text)
    return found


# Capital letters seldom found in prose: each is under 0.1% of an article's characters
# (A, I, S and T are more common and left out). `regex` searches a plain string with a skip table, which
# skips little when the string's last letters are common: "Reuters" takes 2.6 us over a
# 5 KB article. When the pattern's branches share only their first character, it scans
# for that character instead: "Reuters|R(?!)" (the second branch never matches) takes
# 1.5 us, "P News" 3.4 -> 1.8 us, "Copyright|COPYRIGHT" as one scan 1.7 us against
# 3.6 us for a case-insensitive "copyright". bench/README.md has the figures.
FIRST = frozenset("BCDEFGHJKLMNOPQRUVWXYZ")


def contains(text: str, s: str) -> bool:
    """`s in text`, faster for the short strings the analysis yields.

    `regex` searches a literal with a good skip table: "(AP" or "AP" in a 5 KB article
    takes it ~1.4 us against ~3.7 us for `str.__contains__`, whose skip filter lets most
    letters through; long strings cost both about the same. One character: `in` (memchr).
    """
    if len(s) < 2:
        return s in text
    return literal(s).search(text) is not None


# -- finding several strings with few scans ------------------------------------------------
#
# A scan of a 5 KB article costs ~1.5-3 us whatever it looks for, so a set of strings is
# looked for with as few scans as possible: a character seldom seen in prose is found with
# `str.find` (memchr: 0.2 us) and the strings holding it checked where it occurs; strings
# that share a stretch of letters up to case ("Reuter", "euters", "EUTERS") are found with
# one case-insensitive scan of that stretch, then checked one by one where it occurs; the
# rest are literal scans. The results are exactly those of searching each string.

# Characters seldom found in article prose.
RARE = frozenset("()[]{}<>|#@©®™§¶*~^\\")
# Past this many occurrences of a rare character in one text, its strings are scanned
# for instead (a text full of parentheses must not cost a Python step per parenthesis).
RARE_LIMIT = 12
SHARED_MIN = 4  # the shortest stretch a case-insensitive scan is shared on …
SHARED_MAX = 12  # … and the longest looked for (longer ones skip little faster)


class _Plan(NamedTuple):
    empty: bool  # the empty string is one of them: it occurs everywhere
    chars: tuple[str, ...]  # one-character strings
    rare: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # rare char -> (string, its index in the string)
    shared: tuple[tuple[str, tuple[str, ...]], ...]  # lower-case stretch -> the strings holding it
    single: tuple[str, ...]  # the rest: scanned for one by one
    first: tuple[tuple[str, ...], ...] = ()  # strings starting with the same letter of FIRST: one scan each


_PLANS: dict[tuple[str, ...], _Plan] = {}


def _plan(strings: Sequence[str]) -> _Plan:
    key = strings if type(strings) is tuple else tuple(strings)
    found = _PLANS.get(key)
    if found is None:
        found = _PLANS[key] = _make_plan(key)
    return found


def _make_plan(strings: tuple[str, ...]) -> _Plan:
    chars: list[str] = []
    rare: dict[str, list[tuple[str, int]]] = {}
    rest: list[str] = []
    for s in dict.fromkeys(strings):  # each string once, in order
        if len(s) == 1:
            chars.append(s)
        elif (i := next((i for i, c in enumerate(s) if c in RARE), -1)) >= 0:
            rare.setdefault(s[i], []).append((s, i))
        elif s:
            rest.append(s)
    empty, rares = "" in strings, tuple((c, tuple(v)) for c, v in rare.items())
    # Either every string is left to shared stretches and single scans, or those starting
    # with a letter of FIRST are scanned for by that letter: whichever costs less.
    together = _Plan(empty, tuple(chars), rares, *_stretches(rest))
    groups: dict[str, list[str]] = {}
    for s in rest:
        if s[0] in FIRST:
            groups.setdefault(s[0], []).append(s)
    others = [s for s in rest if s[0] not in FIRST]
    apart = _Plan(empty, tuple(chars), rares, *_stretches(others), tuple(tuple(g) for g in groups.values()))
    return apart if _cost(apart) <= _cost(together) else together


def _stretches(rest: list[str]) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """Stretches shared by several of `rest` (each found by one case-insensitive scan), and
    the strings left to scan for one by one."""
    shared: list[tuple[str, tuple[str, ...]]] = []
    # ASCII strings only: lower-casing keeps their length, and a case-insensitive scan
    # finds their letters wherever they stand.
    ascii_rest = [s for s in rest if s.isascii()]
    while len(ascii_rest) > 1:
        stretch, holders = _best_stretch(ascii_rest)
        if len(holders) < 2:
            break
        shared.append((stretch, holders))
        ascii_rest = [s for s in ascii_rest if s not in holders]
    single = tuple(s for s in rest if not any(s in holders for _, holders in shared))
    return tuple(shared), single


def _cost(plan: _Plan) -> float:
    """A plan's scans, in microseconds over a 5 KB article as measured (see FIRST)."""
    singles = sum(1.8 if s[0] in FIRST else 1.4 if len(s) >= 10 else 2.6 for s in plan.single)
    return 3.3 * len(plan.shared) + 1.8 * len(plan.first) + singles


_GROUPS: dict[tuple[str, ...], Any] = {}


def _group(strings: tuple[str, ...]) -> Any:
    """One scan for strings that start with the same letter of FIRST."""
    found = _GROUPS.get(strings)
    if found is None:
        import regex

        branches = [regex.escape(s) for s in sorted(strings, key=len, reverse=True)]
        found = _GROUPS[strings] = regex.compile("|".join([*branches, regex.escape(strings[0][0]) + "(?!)"]))
    return found


def _best_stretch(strings: list[str]) -> tuple[str, tuple[str, ...]]:
    """The lower-case stretch of letters, digits and spaces (SHARED_MIN to SHARED_MAX long)
    held by the most strings, then the longest; linear in the strings' length."""
    held: dict[str, set[int]] = {}
    for n, s in enumerate(strings):
        low = s.lower()
        for i in range(len(low) - SHARED_MIN + 1):
            for j in range(i + SHARED_MIN, min(len(low), i + SHARED_MAX) + 1):
                stretch = low[i:j]
                if not stretch.replace(" ", "").isalnum():
                    break
                held.setdefault(stretch, set()).add(n)
    if not held:
        return "", ()
    stretch = max(held, key=lambda k: (len(held[k]), len(k), k))
    return stretch, tuple(strings[n] for n in sorted(held[stretch]))


_ICASE: dict[str, Any] = {}


def _icase(stretch: str) -> Any:
    found = _ICASE.get(stretch)
    if found is None:
        import regex

        found = _ICASE[stretch] = regex.compile(regex.escape(stretch), regex.IGNORECASE)
    return found


def contains_any(text: str, strings: Sequence[str]) -> bool:
    """Does any of `strings` occur in `text`?"""
    plan = _plan(strings)
    if plan.empty:
        return True
    for c in plan.chars:
        if c in text:
            return True
    for c, placed in plan.rare:
        if _rare_starts(text, c, placed, 0, len(text), first=True):
            return True
    for members in plan.first:
        if _group(members).search(text) is not None:
            return True
    for stretch, members in plan.shared:
        if _icase(stretch).search(text) is not None and any(contains(text, s) for s in members):
            return True
    return any(contains(text, s) for s in plan.single)


def occurrences(text: str, strings: Sequence[str], pos: int, endpos: int) -> set[int]:
    """Where any of `strings` starts in `text[pos:endpos]` (wholly inside it), overlaps included."""
    plan = _plan(strings)
    starts: set[int] = set(range(pos, endpos + 1)) if plan.empty else set()
    for c in plan.chars:
        i = text.find(c, pos, endpos)
        while i >= 0:
            starts.add(i)
            i = text.find(c, i + 1, endpos)
    for c, placed in plan.rare:
        starts.update(_rare_starts(text, c, placed, pos, endpos, first=False))
    for stretch, members in plan.shared:
        hits = [m.start() for m in _icase(stretch).finditer(text, pos, endpos, overlapped=True)]
        for s in members:
            low = s.lower()
            at = low.find(stretch)
            while at >= 0:
                for h in hits:
                    j = h - at
                    if j >= pos and text.startswith(s, j, endpos):
                        starts.add(j)
                at = low.find(stretch, at + 1)
    for s in plan.single:
        starts.update(m.start() for m in literal(s).finditer(text, pos, endpos, overlapped=True))
    for members in plan.first:
        # One match at each position where one of them starts: the starts are all we need.
        starts.update(m.start() for m in _group(members).finditer(text, pos, endpos, overlapped=True))
    return starts


def _rare_starts(
    text: str, c: str, holders: tuple[tuple[str, int], ...], pos: int, endpos: int, first: bool
) -> list[int]:
    """Starts of the strings holding rare character `c` (at the index given with each)."""
    found: list[int] = []
    i = text.find(c, pos, endpos)
    seen = 0
    while i >= 0:
        seen += 1
        if seen > RARE_LIMIT:  # not rare in this text: scan for the strings instead
            found = [m.start() for s, _ in holders for m in literal(s).finditer(text, pos, endpos, overlapped=True)]
            return found[:1] if first else found
        for s, at in holders:
            j = i - at
            if j >= pos and text.startswith(s, j, endpos):
                found.append(j)
                if first:
                    return found
        i = text.find(c, i + 1, endpos)
    return found


def required(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which occurs in every match of `pattern`, or None when unknown."""
    if _regex_only(pattern):
        # `re` reads some regex-only syntax (fuzzy matching "{e<=1}", POSIX classes "[[:alpha:]]")
        # as plain characters: never trust the analysis where the two could disagree.
        return None
    try:
        parsed, _, c = _parse(pattern)
        if parsed.state.flags & (c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_VERBOSE):
            return None
        found = _sequence(list(parsed), c)
    except Exception:  # unknown syntax or a changed private API: no shortcut
        return None
    if not found or any(not s for s in found):
        return None
    # Where a string holds another of the set, the shorter one occurs too: it is enough.
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))


# Syntax that rules a pattern out of `alternatives` at a glance (after "(?:" is read as "("):
# repeats, anchors, any character, character classes by name (\d, \b…), flags.
_NOT_LITERAL = re.compile(r"[.*+?{}^$]|\\[A-Za-z0-9]|\(\?")
MAX_ALTERNATIVES = 16


def alternatives(pattern: str) -> tuple[str, ...] | None:
    """The strings `pattern` matches when it is nothing but a few alternative literals
    (`(?:Copyright|COPYRIGHT|©|\\([cC]\\))`), else None.

    `regex` searches one literal with a skip table, but tries an alternation at every
    position: 16 us for that copyright marker over an article, against 8 us for a search
    of each of its five strings (see checks/base.py).
    """
    if _NOT_LITERAL.search(pattern.replace("(?:", "(")) or _bracket_in_set(pattern):
        return None
    try:
        parsed, _, c = _parse(pattern)
        if parsed.state.flags & ~c.SRE_FLAG_UNICODE:
            return None
        found = _exact(list(parsed), c)
    except Exception:
        return None
    if not found or len(found) < 2 or any(not s for s in found):
        return None
    return tuple(sorted(found))


def _exact(items: list[tuple[Any, Any]], c: Any) -> set[str] | None:
    """Every string a sequence of literals, small classes and branches matches (None: other syntax)."""
    out: set[str] = {""}
    for op, arg in items:
        if op is c.LITERAL:
            part: set[str] | None = {chr(arg)}
        elif op is c.IN:
            chars = _class_chars(arg, c)
            part = set(chars) if chars is not None else None
        elif op is c.BRANCH:
            part = set()
            for alternative in arg[1]:
                inner = _exact(list(alternative), c)
                if inner is None:
                    return None
                part |= inner
        elif op is c.SUBPATTERN and not arg[1] and not arg[2]:
            part = _exact(list(arg[3]), c)
        else:
            return None
        if part is None or len(out) * len(part) > MAX_ALTERNATIVES:
            return None
        out = {a + b for a in out for b in part}
    return out


_QUANTIFIER = re.compile(r"\{\d*(?:,\d*)?\}")


def _regex_only(pattern: str) -> bool:
    """Does the pattern use braces that are not plain quantifiers, \\p{…}, or a "[" inside
    a set (a POSIX class such as `[a[:upper:]]`, a nested set), which `re` reads as text?"""
    if "{" not in pattern and "[" not in pattern and "\\" not in pattern:
        return False
    if "\\p" in pattern or "\\P" in pattern or _bracket_in_set(pattern):
        return True
    stripped = _QUANTIFIER.sub("", pattern.replace("\\{", "").replace("\\}", ""))
    return "{" in stripped or "}" in stripped


def _bracket_in_set(pattern: str) -> bool:
    """Is there an unescaped "[" inside a character set?"""
    inside = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if inside:
            if c == "[":
                return True
            if c == "]":
                inside = False
        elif c == "[":
            inside = True
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1  # a "]" first in a set is a character of it
            continue
        i += 1
    return False


def _parse(pattern: str) -> tuple[Any, Any, Any]:
    """Python's own reading of `pattern`: the parsed pattern, the parser, its constants. A
    warning (a FutureWarning: `re` reads it differently from before) is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parser, c = _modules()
        return parser.parse(pattern), parser, c


def _modules() -> tuple[Any, Any]:
    try:
        import re._constants as constants  # type: ignore[import-not-found,unused-ignore]
        import re._parser as parser  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # Python 3.10
        import sre_constants as constants  # type: ignore[import-not-found,unused-ignore]
        import sre_parse as parser  # type: ignore[import-not-found,unused-ignore]
    return parser, constants


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two required sets: longer shortest string, then fewer strings."""
    if not b:
        return a
    if not a:
        return b
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items: list[tuple[Any, Any]], c: Any) -> set[str] | None:
    """Any one element's required set is required for the whole sequence: keep the best.

    Consecutive literals, small character classes and groups of plain alternatives form
    runs of alternatives: "\\((?:AP|A\\.P\\.)\\)" needs "(AP)" or "(A.P.)", not only "(A"
    (which the prefix shared by the branches gives).
    """
    best: set[str] | None = None
    run: set[str] = {""}
    for op, arg in items:
        exact = _exact([(op, arg)], c)
        if exact is not None and len(run) * len(exact) <= MAX_STRINGS:
            run = {s + e for s in run for e in exact}
            continue
        if run != {""}:
            best = _better(best, run)
        run = {""}
        if op in (c.AT, c.ASSERT_NOT):
            continue  # zero-width, or requires nothing
        best = _better(best, _element(op, arg, c))
    if run != {""}:
        best = _better(best, run)
    return best


def _element(op: Any, arg: Any, c: Any) -> set[str] | None:
    if op is c.SUBPATTERN:
        if arg[1] & c.SRE_FLAG_IGNORECASE:
            return None
        return _sequence(list(arg[3]), c)
    if op is c.ASSERT:  # a positive lookahead or lookbehind must match too
        return _sequence(list(arg[1]), c)
    if op is c.BRANCH:
        union: set[str] = set()
        for alternative in arg[1]:
            inner = _sequence(list(alternative), c)
            if not inner:
                return None  # one alternative requires nothing: the branch requires nothing
            union |= inner
        return union if len(union) <= MAX_STRINGS else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
        return _sequence(list(arg[2]), c)
    return None


def _class_chars(arg: Any, c: Any) -> list[str] | None:
    chars = []
    for op, value in arg:
        if op is not c.LITERAL:
            return None  # a range, a category or a negation: too many characters
        chars.append(chr(value))
    return chars if 0 < len(chars) <= MAX_CLASS else None


# -- patterns found by a literal inside them --------------------------------------------------
#
# `regex` finds a pattern that starts with a plain string by skipping to that string, but
# one that starts with a class or an optional part ("[Tt]old|[Ss]aid to …", "(?:[Tt]he )?…")
# is tried at every position: 70-100 us over an article, against 2-3 us. Such a pattern
# often holds, a bounded distance into every match, one of a few plain strings ("AP",
# "Associated Press"): where those occur, the match can start only a little before, and
# it is tried there alone (checks/base.py).

ANCHOR_REACH = 64  # the farthest into a match the strings may start


class Anchor(NamedTuple):
    strings: tuple[str, ...]  # one of these starts in every match …
    reach: int  # … at most this many characters after the match's start


def anchor(pattern: str) -> Anchor | None:
    """The strings a match of `pattern` holds near its start, for a pattern that does not
    itself start with a plain string (those `regex` finds fast); None when unknown."""
    if _regex_only(pattern):
        return None
    try:
        parsed, parser, c = _parse(pattern)
        if parsed.state.flags & (c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_VERBOSE):
            return None
        if parsed.getwidth()[0] < 1:
            return None  # an empty match: finditer's rules for those are not followed here
        items = list(parsed)
        leading = next((op for op, _ in items if op is not c.AT), None)
        if leading is c.LITERAL:
            return None  # regex skips to it already
        return _best_anchor(items, parser, c)
    except Exception:  # unknown syntax or a changed private API: no shortcut
        return None


def _best_anchor(items: list[tuple[Any, Any]], parser: Any, c: Any) -> Anchor | None:
    """Over the top-level items: each plain-string run (or branch of them) with the most
    characters the items before it can take; the most selective one."""
    best: tuple[tuple[int, int], Anchor] | None = None
    reach = 0
    i = 0
    while i < len(items) and reach <= ANCHOR_REACH:
        strings, taken = _run_at(items, i, c)
        # Only strings that start with a capital or a sign: seldom seen in prose, they are
        # found fast (see FIRST) and few places are tried. Lower-case words are everywhere.
        if strings and all(s[0].isupper() or not (s[0].isalnum() or s[0].isspace()) for s in strings):
            score = (min(map(len, strings)), -reach)
            if best is None or score > best[0]:
                best = (score, Anchor(tuple(sorted(strings)), reach))
        for item in items[i : i + max(taken, 1)]:
            if item[0] in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero width
            width = parser.SubPattern(parser.State(), [item]).getwidth()[1]
            if width >= c.MAXREPEAT:
                return best[1] if best else None  # no bound on where later items start
            reach += width
        i += max(taken, 1)
    return best[1] if best else None


def _run_at(items: list[tuple[Any, Any]], i: int, c: Any) -> tuple[set[str] | None, int]:
    """The strings a match must have where item `i` starts (plain strings, classes and
    groups of plain alternatives in a row, or a branch whose every alternative starts with
    such a run), and how many items the run took."""
    run: set[str] = {""}
    j = i
    while j < len(items):
        exact = _exact([items[j]], c)
        if exact is None or len(run) * len(exact) > MAX_STRINGS:
            break
        run = {s + e for s in run for e in exact}
        j += 1
    if j > i:
        return (run if all(run) else None), j - i
    op, arg = items[i]
    if op is c.BRANCH:
        union: set[str] = set()
        for alternative in arg[1]:
            inner = list(alternative)
            while inner and inner[0][0] is c.AT:  # "\b", "^" before the string: no room taken
                inner.pop(0)
            strings, _ = _run_at(inner, 0, c) if inner else (None, 0)
            if not strings:
                return None, 1
            union |= strings
        return (union if len(union) <= MAX_STRINGS else None), 1
    if op is c.SUBPATTERN and not arg[1] and not arg[2]:
        inner_items = list(arg[3])
        strings, _ = _run_at(inner_items, 0, c) if inner_items else (None, 0)
        return strings, 1
    return None, 1
