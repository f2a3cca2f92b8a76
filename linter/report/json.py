"""`--format json`: the public, versioned report shape (docs/output.md). Extend, never break."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

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
    items = ",\n    ".join(json.dumps(v.as_json(), ensure_ascii=False) for v in violations)
    return (
        json.dumps(head, indent=2, ensure_ascii=False)[:-2]
        + (f',\n  "violations": [\n    {items}\n  ],\n' if items else ',\n  "violations": [],\n')
        + json.dumps(tail, indent=2, ensure_ascii=False)[2:]
        + "\n"
    )
