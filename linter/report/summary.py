"""Figures every reporter shows, computed once from the violations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from ..violation import Violation


class Summary(NamedTuple):
    files_checked: int
    errors: int = 0
    warnings: int = 0
    info: int = 0
    files_with_violations: int = 0
    by_rule: Mapping[str, int] = MappingProxyType({})

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.info

    @classmethod
    def of(cls, violations: Sequence[Violation], files_checked: int) -> Summary:
        sev = Counter(v.severity for v in violations)
        rules = Counter(v.rule for v in violations)
        return cls(
            files_checked=files_checked,
            errors=sev["error"],
            warnings=sev["warning"],
            info=sev["info"],
            files_with_violations=len({v.path for v in violations}),
            by_rule=dict(sorted(rules.items())),
        )
