"""The violation record every reporter reads. Its JSON shape is a public contract."""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import Any, NamedTuple

# Evidence keys a rewrite finding also carries at the top level of its JSON (docs/output.md).
PROMOTED = ("original_path", "original", "republished")


class Violation(NamedTuple):
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    slug: str
    policy: str
    severity: str
    message: str
    evidence: Mapping[str, str] = {}

    def sort_key(self) -> tuple[str, int, int, int, int, str]:
        """Report order: path, position, rule (never compares messages or evidence)."""
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.rule)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "slug": self.slug,
            "policy": self.policy,
            "severity": self.severity,
            "message": self.message,
        }
        if self.evidence:
            out["evidence"] = dict(self.evidence)
            # Rewrite findings carry both texts and the original compared with, as fields of
            # their own (docs/output.md).
            for key in PROMOTED:
                if key in self.evidence:
                    out[key] = self.evidence[key]
        return out


# `Violation.sort_key` as a C-level key for sorting thousands (the same fields, by index).
SORT_KEY = itemgetter(0, 1, 2, 3, 4, 5)
