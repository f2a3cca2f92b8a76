"""`--format github`: GitHub Actions workflow commands, one annotation per violation.

    ::error file=news/a.md,line=3,col=1,endLine=3,endColumn=40,title=AP202::The copyright line ...

Severities map to `error`, `warning` and `notice`. Values are escaped as the runner
expects (`%`, CR and LF everywhere; also `:` and `,` inside properties), so a message can
never end an annotation early or inject another command.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..violation import Violation
from .summary import Summary
from .text import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(violations: Sequence[Violation], summary: Summary, *, quiet: bool = False) -> str:
    lines = []
    for v in violations:
        props = [
            f"file={_prop(v.path)}",
            f"line={v.line}",
            f"col={v.column}",
            f"endLine={max(v.end_line, v.line)}",
        ]
        if v.end_line == v.line:  # GitHub takes an end column only on a one-line range
            props.append(f"endColumn={max(v.end_column, v.column)}")
        props.append(f"title={_prop(v.rule)}")
        lines.append(f"::{COMMANDS[v.severity]} {','.join(props)}::{_data(v.message)}")
    if not quiet:
        lines.append(summary_line(summary))
    return "\n".join(lines) + ("\n" if lines else "")
