"""Policies: one YAML file per wire service, as frozen records.

The format is documented in docs/policies.md; `policyload.py` reads and validates the YAML
(every schema error as `file:line:col: message`). A policy that validated once is cached
(`policycache.py`), so most runs never import PyYAML. Built-in policies ship inside the
package (`linter/policies/`, mapped from the repository's `policies/` folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from . import policycache
from .errors import UsageError
from .patterns import Pattern


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

APPLIES = ("copy", "not-copy", "all")
ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
PREFIX_RE = re.compile(r"^[A-Z]{2,6}$")
SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Examples(NamedTuple):
    passing: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()


class Rule(NamedTuple):
    id: str
    slug: str
    kind: str
    condition: str
    severity: Severity
    applies: str
    message: str
    description: str
    options: Mapping[str, Any]
    spec: Any = None  # what the kind derived from options at load time
    when: Mapping[str, object] = {}
    examples: Examples = Examples()
    policy: str = ""
    line: int = 0  # where the rule starts in its policy file


class Term(NamedTuple):
    name: str
    default: object
    values: tuple[object, ...]
    description: str


class Detect(NamedTuple):
    """Signals that mark a document as this service's copy (any one is enough)."""

    fields: tuple[str, ...]
    field_pattern: Pattern | None
    patterns: tuple[Pattern, ...]


class Policy(NamedTuple):
    id: str
    name: str
    prefix: str
    description: str
    detect: Detect
    terms: Mapping[str, Term]
    rules: tuple[Rule, ...]
    path: str
    source: str  # the YAML text, for `policy show`

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None


# -- lookup -------------------------------------------------------------------------------


def builtin_dir() -> Path:
    """The shipped policies: inside the installed package, or `policies/` of a source tree."""
    try:
        return Path(str(resources.files("linter.policies")))
    except ModuleNotFoundError:
        # Running from a checkout without installing (`python -m linter` in the repo root).
        return Path(__file__).resolve().parent.parent / "policies"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def resolve(spec: str, base: Path | None = None) -> Path:
    """A policy given by name (`ap`) or by path (`rights/partner.yaml`)."""
    if spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec:
        path = Path(spec)
        if base is not None and not path.is_absolute():
            path = base / path
        if not path.is_file():
            raise UsageError(f"policy file not found: {spec}")
        return path
    candidate = builtin_dir() / f"{spec}.yaml"
    if not candidate.is_file():
        names = ", ".join(builtin_names())
        raise UsageError(f"unknown policy '{spec}'; built-in policies: {names} (or give a .yaml path)")
    return candidate


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read policy {path}: {exc}") from None


def load_file(path: Path | str) -> Policy:
    """Load a policy, from the cache of validated policies when the file is unchanged."""
    path = Path(path)
    text = read_text(path)
    cached = policycache.get(str(path), text)
    if cached is not None:
        return cached
    from .policyload import parse

    policy = parse(text, str(path))
    policycache.put(str(path), text, policy)
    return policy


def iter_rules(policies: list[Policy]) -> Iterator[Rule]:
    for p in policies:
        yield from p.rules
