"""Policy patterns: `regex` patterns compiled when first used, always run with a timeout.

A policy loaded from YAML compiles every pattern at once (that is how a bad pattern
becomes a `file:line:col` error). A policy loaded from the cache of validated policies
(`policycache.py`) compiles a pattern only when a check first needs it: a one-file
pre-commit run uses a fraction of them, and `regex.compile` costs ~0.1 ms a pattern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
    from .literals import Anchor


class Pattern:
    """A policy regex: pattern text plus the compiled form, made on demand."""

    __slots__ = ("_alternatives", "_anchor", "_compiled", "pattern")
    PICKLED = ("pattern", "compiled", "alternatives")  # what __reduce__ passes: part of the policy cache's key

    def __init__(
        self,
        pattern: str,
        compiled: regex.Pattern[str] | None = None,
        alternatives: tuple[str, ...] | bool | None = False,  # False: not analysed yet
    ) -> None:
        self.pattern = pattern
        self._compiled = compiled
        self._alternatives = alternatives
        self._anchor: Any = False  # literals.anchor, worked out on first use

    @classmethod
    def compile(cls, pattern: str) -> Pattern:
        """Compile now (raises `regex.error` for an invalid pattern)."""
        return cls(pattern, regex.compile(pattern))

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern)
        return self._compiled

    @property
    def alternatives(self) -> tuple[str, ...] | None:
        """The strings the pattern matches when it is only a few alternative literals."""
        if self._alternatives is False:
            from .literals import alternatives

            self._alternatives = alternatives(self.pattern)
        return self._alternatives  # type: ignore[return-value]

    @property
    def anchor(self) -> Anchor | None:
        """Strings near the start of every match, for a pattern `regex` would try at every
        position (literals.anchor)."""
        if self._anchor is False:
            from .literals import anchor

            self._anchor = anchor(self.pattern)
        return self._anchor  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (for the cache, or to a worker process) as text and its analysis
        # (literals.alternatives, ~50 us a pattern): compiled again on use.
        return (Pattern, (self.pattern, None, self.alternatives))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"
