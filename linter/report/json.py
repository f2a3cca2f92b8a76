"""`--format json`: the public, versioned report shape (docs/output.md). Extend, never break."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..violation import Violation
from .summary import Summary

VERSION = 1


def render(violations: Sequence[Violation], summary: Summary) -> str:
    doc = {
        "version": VERSION,
        "files_checked": summary.files_checked,
        "violations": [v.as_json() for v in violations],
        "summary": {
            "total": summary.total,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
            "files_with_violations": summary.files_with_violations,
            "by_rule": summary.by_rule,
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
