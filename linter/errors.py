"""Errors a user can fix: they carry the place in their file and print as one line."""

from __future__ import annotations


class UsageError(Exception):
    """A mistake in how wirelint was called (exit code 2)."""


class SourceError(UsageError):
    """A mistake in a policy or config file, at `path:line:col` (1-based)."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        # One problem, one line, whatever text from the file the message quotes.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message


class SourceErrors(UsageError):
    """Every mistake found in one file, so an author can fix them all in one go."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
