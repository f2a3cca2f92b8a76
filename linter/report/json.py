"""`--format json`: the public, versioned report shape (docs/output.md). Extend, never break."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence

from ..violation import PROMOTED, Violation
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


def encode_violation(v: Violation) -> str:
    """`json.dumps(v.as_json(), ensure_ascii=False)`, written out field by field: 1.3 us
    against 3.3 us, on a report of thousands of violations that the main process writes
    after every worker has finished. Evidence that is not all strings goes to json.dumps."""
    q = _quote
    tail = ""
    evidence = v.evidence
    if evidence:
        if not all(type(k) is str and type(x) is str for k, x in evidence.items()):
            return json.dumps(v.as_json(), ensure_ascii=False)
        tail = ', "evidence": {' + ", ".join(f"{q(k)}: {q(x)}" for k, x in evidence.items()) + "}"
        # as_json repeats these at the top level (docs/output.md)
        tail += "".join(f", {q(k)}: {q(evidence[k])}" for k in PROMOTED if k in evidence)
    return (
        f'{{"path": {q(v.path)}, "line": {int(v.line)}, "column": {int(v.column)}, '
        f'"end_line": {int(v.end_line)}, "end_column": {int(v.end_column)}, "rule": {q(v.rule)}, '
        f'"slug": {q(v.slug)}, "policy": {q(v.policy)}, "severity": {q(v.severity)}, "message": {q(v.message)}{tail}}}'
    )


_quote = json.encoder.encode_basestring  # what json.dumps uses for a str with ensure_ascii=False


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
        for i, v in enumerate(violations):
            yield (",\n    " if i else "") + encode_violation(v)
        yield "\n  ],\n"
    yield json.dumps(tail, indent=2, ensure_ascii=False)[2:] + "\n"
