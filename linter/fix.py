"""`--fix` and `--diff`: safe repairs only (docs/ci.md).

A rule opts in with `fix:` in its policy (policyload.FIXABLE):

- copyright `missing`, notice `missing`: add the rule's `fix` text (`{year}` is the story's
  publication year) at the end of the story: a new paragraph in Markdown and text, a `<p>`
  before `</article>` or `</body>` in HTML. A missing copyright line and a missing notice
  of one policy become one paragraph, copyright first.
- copyright `year-missing`: insert the publication year after the marker (`Copyright`, `©`).
- copyright `year-mismatch`: replace the year with the publication year.

Nothing is guessed: without a publication date there is no year to write, and the repair
is skipped with a note. A repair must be verified: the repaired text is checked again and
written only when every repaired violation is gone and no new one appeared. Files keep
their encoding, byte order mark and line endings; writes are atomic; a file with
undecodable bytes is never rewritten. A second `--fix` finds nothing left to repair.
"""

from __future__ import annotations

import codecs
import difflib
import html
import os
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from .document import Document
from .engine import Settings, check_document, decode
from .policy import Rule
from .readers import reader_for
from .violation import Violation

_MARKER = re.compile(r"(?:Copyright|COPYRIGHT|©|&copy;|&#0*169;|&#[xX]0*[aA]9;|\([cC]\))[ \t]*")
_YEARS = re.compile(r"\d{4}(?:[ \t]*[-–][ \t]*\d{2,4})?")
_HTML_CLOSERS = tuple(re.compile(rf"</{t}\s*>", re.IGNORECASE) for t in ("article", "body", "html"))


class Repair(NamedTuple):
    path: str  # as reported
    before: bytes
    after: bytes | None  # None: nothing to write
    fixed: tuple[Violation, ...]
    notes: tuple[str, ...]  # why a fixable violation was left alone

    @property
    def target(self) -> str:
        """The file to write: a symlink's target, not the link."""
        return os.path.realpath(self.path)

    def diff(self) -> str:
        if self.after is None:
            return ""
        old = _text(self.before).splitlines(keepends=True)
        new = _text(self.after).splitlines(keepends=True)
        out = []
        for line in difflib.unified_diff(old, new, f"a/{self.path}", f"b/{self.path}"):
            out.append(line)
            if not line.endswith("\n"):  # as diff and git write a last line without one
                out.append("\n\\ No newline at end of file\n")
        return "".join(out)


def _text(data: bytes) -> str:
    text, _ = decode(data)
    return text or ""


class _Encoding(NamedTuple):
    bom: bytes
    codec: str


def _encoding_of(data: bytes) -> _Encoding:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
    ):
        if data.startswith(bom):
            return _Encoding(bom, codec)
    return _Encoding(b"", "utf-8")


def plan(path: str, violations: Sequence[Violation], settings: Settings) -> Repair | None:
    """The repair of one file's fixable violations, verified; None when none is fixable."""
    rules = settings.rules_by_id
    fixable = [v for v in violations if (r := rules.get(v.rule)) is not None and r.fix]
    if not fixable:
        return None
    target = os.path.realpath(path)  # a symlinked story is repaired where it lives
    try:
        st = os.stat(target)
        with open(target, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return Repair(path, b"", None, (), (f"{path}: not fixed: cannot read it ({exc.strerror})",))
    if st.st_nlink > 1:
        # Replacing the file would split it from its other names; writing in place is not atomic.
        return Repair(path, data, None, (), (f"{path}: not fixed: it has {st.st_nlink} hard links",))
    if not os.access(target, os.W_OK):
        return Repair(path, data, None, (), (f"{path}: not fixed: the file is read-only",))
    text, problem = decode(data)
    if text is None or problem is not None:
        return Repair(path, data, None, (), (f"{path}: not fixed: it has undecodable bytes",))
    doc = reader_for(path)(path, text)
    year = doc.date.year if doc.date is not None else None

    edits: list[tuple[int, int, str]] = []
    appended: dict[str, list[tuple[int, str]]] = {}  # policy -> (order, text)
    fixed: list[Violation] = []
    notes: list[str] = []
    for v in fixable:
        rule = rules[v.rule]
        where = f"{v.path}:{v.line}:{v.column}: {v.rule}"
        if year is None:
            notes.append(f"{where}: not fixed: the story has no publication date to take the year from")
            continue
        start = doc.offset(v.line, v.column)
        end = doc.offset(v.end_line, v.end_column)
        if rule.condition == "year-mismatch":
            # Only where the source shows exactly the year the finding names (a position
            # inside an escaped metadata value may not line up with the decoded text).
            m = _YEARS.fullmatch(text, start, end)
            if m is None or not m.group().startswith(v.evidence.get("year", "")[:4]):
                notes.append(f"{where}: not fixed: the year is not written as plain digits here")
                continue
            edits.append((start, end, str(year)))
        elif rule.condition == "year-missing":
            m = _MARKER.match(text, start)
            holder = _holder_at(rule, text, m.end()) if m else False
            if m is None or not holder:
                notes.append(f"{where}: not fixed: the copyright line is not written out plainly here")
                continue
            gap = "" if m.group().endswith((" ", "\t")) else " "
            edits.append((m.end(), m.end(), f"{gap}{year} "))
        else:  # a missing line: copyright before notice
            assert isinstance(rule.fix, str)
            order = 0 if rule.kind == "copyright" else 1
            appended.setdefault(rule.policy, []).append((order, rule.fix.format(year=year)))
        fixed.append(v)
    if appended:
        paragraphs = [" ".join(t for _, t in sorted(items)) for _, items in sorted(appended.items())]
        edits.append(_append(text, paragraphs, path))
    if not edits:
        return Repair(path, data, None, (), tuple(notes))

    new_text = text
    for start, end, replacement in sorted(edits, reverse=True):
        new_text = new_text[:start] + replacement + new_text[end:]
    problem_note = _verify(doc, new_text, fixed, settings)
    if problem_note:
        return Repair(path, data, None, (), (*notes, f"{path}: not fixed: {problem_note}"))
    enc = _encoding_of(data)
    return Repair(path, data, enc.bom + new_text.encode(enc.codec), tuple(fixed), tuple(notes))


def _holder_at(rule: Rule, text: str, at: int) -> bool:
    """Whether the copyright holder (or a mangled form of it) is written at `at`."""
    spec = rule.spec
    return any(p is not None and p.compiled.match(text, at) is not None for p in (spec.holder, spec.altered))


def _append(text: str, paragraphs: list[str], path: str) -> tuple[int, int, str]:
    """An edit adding `paragraphs` at the end of the story, in the file's own line endings."""
    nl = "\r\n" if "\r\n" in text else "\n"
    if path.lower().endswith((".html", ".htm", ".xhtml")):
        block = "".join(f"<p>{html.escape(p, quote=False)}</p>{nl}" for p in paragraphs)
        for tag in _HTML_CLOSERS:
            found = list(tag.finditer(text))
            if found:
                at = found[-1].start()
                line_start = text.rfind("\n", 0, at) + 1
                if not text[line_start:at].strip():  # the tag starts its line: the block goes above it
                    # indented as the line above it
                    above = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : line_start]
                    indent = above[: len(above) - len(above.lstrip(" \t"))]
                    block = "".join(indent + line for line in block.splitlines(keepends=True))
                    return (line_start, line_start, block)
                return (at, at, nl + block)
        body = text.rstrip()
        return (len(body), len(text), nl + block if text.endswith("\n") else nl + block.rstrip("\r\n"))
    body = text.rstrip()
    ending = nl if text.endswith("\n") or not text else ""
    return (len(body), len(text), nl + nl + (nl + nl).join(paragraphs) + ending)


def _verify(doc: Document, new_text: str, fixed: Sequence[Violation], settings: Settings) -> str:
    """'' when the new text resolves the repaired violations and adds none; else why not."""
    before = check_document(doc, settings)
    after = check_document(reader_for(doc.path)(doc.path, new_text), settings)
    left = Counter(v.rule for v in after)
    expected = Counter(v.rule for v in before)
    expected.subtract(Counter(v.rule for v in fixed))
    unresolved = sorted({v.rule for v in fixed if left[v.rule] > max(expected[v.rule], 0)})
    if unresolved:
        return f"the repair did not resolve {', '.join(unresolved)}"
    new = sorted(rule for rule, n in left.items() if n > max(expected[rule], 0))
    if new:
        return f"the repair would cause {', '.join(new)}"
    return ""
