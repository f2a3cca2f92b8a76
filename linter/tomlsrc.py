"""Reading TOML (front matter, pyproject.toml) with errors that carry a line and column."""

from __future__ import annotations

import re
import sys
from typing import Any

_POSITION = re.compile(r"at line (\d+), column (\d+)")


class TomlError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes a `TomlError` with its 1-based position."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _POSITION.search(str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise TomlError(line, column, str(exc).split(" (at ")[0]) from None
