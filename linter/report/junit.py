"""`--format junit`: JUnit XML for GitLab, Jenkins and other CI test reports.

One test suite; one test case per file checked (named by its path), passing when the file
has no violation at or above `--fail-on`. Each such violation is a `<failure>` of its own
(type = rule ID, message = the rule's message, text = `path:line:col: RULE slug: message`).
Violations below `--fail-on` do not fail the case; they are listed in its `<system-out>`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from xml.etree import ElementTree as ET

from ..violation import Violation


def _line(v: Violation) -> str:
    return f"{v.path}:{v.line}:{v.column}: {v.rule} {v.slug}: {v.message}"


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """XML 1.0 cannot hold control characters, lone surrogates (a file name that is not
    UTF-8), U+FFFE or U+FFFF, even escaped: they become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def render(
    violations: Sequence[Violation],
    files: Iterable[str],
    failing: Callable[[Violation], bool],
    elapsed: float = 0.0,
) -> str:
    by_file: dict[str, list[Violation]] = defaultdict(list)
    for v in violations:
        by_file[v.path].append(v)
    paths = sorted(set(files) | set(by_file))
    # Counted in test cases, as JUnit readers do; a case may hold several <failure>s.
    failures = sum(1 for p in paths if any(failing(v) for v in by_file.get(p, ())))
    root = ET.Element("testsuites", name="wirelint", tests=str(len(paths)), failures=str(failures), errors="0")
    suite = ET.SubElement(
        root,
        "testsuite",
        name="wirelint",
        tests=str(len(paths)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=f"{elapsed:.3f}",
    )
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="wirelint", name=_clean(path), file=_clean(path), time="0")
        found = by_file.get(path, [])
        for v in found:
            if failing(v):
                failure = ET.SubElement(case, "failure", type=v.rule, message=_clean(v.message))
                failure.text = _clean(_line(v))
        rest = [v for v in found if not failing(v)]
        if rest:
            ET.SubElement(case, "system-out").text = _clean("\n".join(_line(v) for v in rest))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
