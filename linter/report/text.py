"""`--format text`: one line per violation, `path:line:col: RULE slug: message`, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

from ..violation import Violation
from .summary import Summary


def render(violations: Sequence[Violation], summary: Summary, *, quiet: bool = False) -> str:
    lines = [f"{v.path}:{v.line}:{v.column}: {v.rule} {v.slug}: {v.message}" for v in violations]
    if not quiet:
        lines.append(summary_line(summary))
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(s: Summary) -> str:
    files = f"{s.files_checked} file" + ("" if s.files_checked == 1 else "s")
    if not s.total:
        return f"No violations in {files} checked."
    counts = ", ".join(
        f"{n} {label}{'' if n == 1 or label == 'info' else 's'}"
        for n, label in ((s.errors, "error"), (s.warnings, "warning"), (s.info, "info"))
        if n
    )
    noun = "violation" if s.total == 1 else "violations"
    return f"Found {s.total} {noun} ({counts}) in {s.files_with_violations} of {files} checked."
