"""Policies: one YAML file per wire service, as frozen records.

The format is documented in docs/policies.md; `policyload.py` reads and validates the YAML
(every schema error as `file:line:col: message`). A policy that validated once is cached
(`policycache.py`), so most runs never import PyYAML. Built-in policies ship inside the
package (`linter/policies/`, mapped from the repository's `policies/` folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from enum import Enum
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


class Example(NamedTuple):
    """A whole Markdown story, and for rewrite rules the original it is compared with
    (indexed as `original.md`: the story links to it with `wire_id: original`)."""

    story: str
    original: str | None = None


class Examples(NamedTuple):
    passing: tuple[Example, ...] = ()
    failing: tuple[Example, ...] = ()


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
    fix: str | bool | None = None  # what --fix adds or repairs (policyload.FIXABLE)


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


# -- lookup -------------------------------------------------------------------------------


# Paths are plain strings here: pathlib and importlib.resources cost 4 ms of a 55 ms
# pre-commit run (bench/README.md).


def builtin_dir() -> str:
    """The shipped policies: `linter/policies` of an installed package (pyproject.toml maps
    the repository's `policies/` there), else `policies/` of a source checkout."""
    package = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(package, "policies")
    if os.path.isfile(os.path.join(installed, "ap.yaml")):
        return installed
    return os.path.join(os.path.dirname(package), "policies")


def builtin_names() -> list[str]:
    return sorted(name[:-5] for name in os.listdir(builtin_dir()) if name.endswith(".yaml"))


def resolve(spec: str, base: str | None = None) -> str:
    """A policy given by name (`ap`) or by path (`rights/partner.yaml`)."""
    if spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec:
        path = spec if base is None else os.path.join(base, spec)
        if not os.path.isfile(path):
            raise UsageError(f"policy file not found: {spec}")
        return path
    candidate = os.path.join(builtin_dir(), f"{spec}.yaml")
    if not os.path.isfile(candidate):
        names = ", ".join(builtin_names())
        raise UsageError(f"unknown policy '{spec}'; built-in policies: {names} (or give a .yaml path)")
    return candidate


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read policy {path}: {exc}") from None


def load_file(path: str) -> Policy:
    """Load a policy, from the cache of validated policies when the file is unchanged."""
    text = read_text(path)
    cached = policycache.get(path, text)
    if cached is not None:
        return cached
    from .policyload import parse

    policy = parse(text, path)
    policycache.put(path, text, policy)
    return policy
