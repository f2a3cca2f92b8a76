"""The violation record every reporter reads. Its JSON shape is a public contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    slug: str = field(compare=False)
    policy: str = field(compare=False)
    severity: str = field(compare=False)
    message: str = field(compare=False)
    evidence: Mapping[str, str] = field(default_factory=dict, compare=False)

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
        return out
