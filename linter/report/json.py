"""`--format json`: the public, versioned report shape (docs/output.md). Extend, never break."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence

from ..violation import Violation
from .summary import Summary

VERSION = 1


def render(
    violations: Sequence[Violation],
    summary: Summary,
    links: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> str:
    """The report, one violation per line.

    Each violation is encoded compactly (json's C encoder; `indent` would switch to the
    pure-Python one, 10x slower on tens of thousands of findings) and the rest indented.
    """
    return "".join(render_parts(violations, summary, links, extra))


def render_parts(
    violations: Sequence[Violation],
    summary: Summary,
    links: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> Iterator[str]:
    """The same report in pieces (a violation each), to write without holding it whole."""
    head = {"version": VERSION, "files_checked": summary.files_checked}
    tail: dict[str, object] = {
        "summary": {
            "total": summary.total,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
            "files_with_violations": summary.files_with_violations,
            "by_rule": dict(summary.by_rule),
        },
    }
    if links is not None:
        # With originals: each story that was linked, and the original it was compared with.
        tail["links"] = dict(sorted(links.items()))
    if extra:
        tail.update(extra)  # `audit`: the audit's figures (docs/output.md)
    yield json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    if not violations:
        yield ',\n  "violations": [],\n'
    else:
        yield ',\n  "violations": [\n    '
        encode = json.dumps
        for i, v in enumerate(violations):
            yield (",\n    " if i else "") + encode(v.as_json(), ensure_ascii=False)
        yield "\n  ],\n"
    yield json.dumps(tail, indent=2, ensure_ascii=False)[2:] + "\n"
