"""Project configuration: `.wirelint.yaml` or `[tool.wirelint]` in `pyproject.toml`.

Found from the current folder upwards (the nearest wins). Every key is validated; an unknown
key is an error with its `file:line:col`, because a misspelt key that silently disables a
check is a legal risk for a publisher. The keys are documented in docs/configuration.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .builtin_rules import BUILTIN
from .checks import KINDS
from .engine import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, PathOverride, Selection, Settings
from .errors import SourceError, UsageError
from .globs import GlobSet
from .policy import Policy, Rule, Severity
from .policy import resolve as resolve_policy

if TYPE_CHECKING:
    import yaml

    from .yamlsrc import Node

CONFIG_NAMES = (".wirelint.yaml", ".wirelint.yml")
DEFAULT_POLICIES = ("ap", "reuters")
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.txt")
KEYS = (
    "policies",
    "include",
    "exclude",
    "select",
    "ignore",
    "fail-on",
    "severity",
    "per-path",
    "terms",
    "extend",
    "regex-timeout",
    "max-file-mb",
    "originals",
    "corpus",
    "house-style",
)


class Config(NamedTuple):
    path: str | None = None
    root: str = "."
    policies: tuple[str, ...] = DEFAULT_POLICIES
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    severity: Mapping[str, Severity] = {}
    per_path: tuple[PathOverride, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    originals: str | None = None  # folder of wire copy as delivered
    corpus: str | None = None  # a corpus index (wirelint corpus build) of the wire copy
    house_style: tuple[tuple[str, str], ...] = ()
    # Validated once the policies are loaded (they declare the terms and parameters).
    terms: Mapping[str, Node] = {}
    extend: Mapping[str, Node] = {}


def find(start: str) -> str | None:
    """The nearest config file at or above the folder `start`."""
    folder = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            if os.path.isfile(os.path.join(folder, name)):
                return os.path.join(folder, name)
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject) and _has_tool_section(pyproject):
            return pyproject
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str) -> str:
    with open(path, encoding="utf-8-sig") as fh:
        return fh.read()


def _has_tool_section(path: str) -> bool:
    try:
        return re.search(r"(?m)^\s*\[\s*tool\s*\.\s*wirelint\b", _read(path)) is not None
    except (OSError, UnicodeDecodeError):
        return False


def load(path: str) -> Config:
    try:
        text = _read(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read config {path}: {exc}") from None
    from . import yamlsrc

    is_toml = os.path.basename(path) == "pyproject.toml"
    root = _pyproject_node(path, text) if is_toml else yamlsrc.load(path, text)
    if root.is_null:
        return Config(path=path, root=os.path.dirname(path) or ".")
    return parse(root, path)


def parse(root: Node, path: str) -> Config:
    from .policyload import parse_severity
    from .yamlsrc import check_keys

    m = root.mapping("config")
    check_keys(m, KEYS, "config")
    cfg = Config(path=path, root=os.path.dirname(path) or ".")
    changes: dict[str, Any] = {}
    if "policies" in m:
        specs = []
        for node in m["policies"][1].string_nodes("policies"):
            spec = node.string("policies item")
            try:
                resolve_policy(spec, cfg.root)
            except UsageError as exc:
                node.fail(f"policies: {exc}")
            if spec in specs:
                node.fail(f"policies: '{spec}' is listed twice")
            specs.append(spec)
        if not specs:
            m["policies"][1].fail("policies: list at least one policy (a built-in name or a .yaml path)")
        changes["policies"] = tuple(specs)
    for key in ("include", "exclude"):
        if key in m:
            for node in m[key][1].string_nodes(key):
                _check_glob(node, node.string(f"{key} item"), key)
            changes[key] = tuple(m[key][1].strings(key))
    for key in ("select", "ignore"):
        if key in m:
            changes[key] = tuple(m[key][1].strings(key))
    if "fail-on" in m:
        changes["fail_on"] = parse_severity(m["fail-on"][1], "fail-on")
    if "severity" in m:
        changes["severity"] = _severities(m["severity"][1], "severity")
    if "per-path" in m:
        overrides = []
        for pattern, (key_node, value) in m["per-path"][1].mapping("per-path").items():
            _check_glob(key_node, pattern, "per-path")
            pm = value.mapping(f"per-path '{pattern}'")
            check_keys(pm, ("policies", "select", "ignore", "severity"), f"per-path '{pattern}'")
            overrides.append(
                PathOverride(
                    GlobSet([pattern]),
                    tuple(pm["select"][1].strings("select")) if "select" in pm else (),
                    tuple(pm["ignore"][1].strings("ignore")) if "ignore" in pm else (),
                    _severities(pm["severity"][1], "severity") if "severity" in pm else {},
                    tuple(pm["policies"][1].strings("policies")) if "policies" in pm else (),
                )
            )
        changes["per_path"] = tuple(overrides)
    if "terms" in m:
        changes["terms"] = {name: value for name, (_, value) in m["terms"][1].mapping("terms").items()}
    if "extend" in m:
        changes["extend"] = {name: value for name, (_, value) in m["extend"][1].mapping("extend").items()}
    if "regex-timeout" in m:
        seconds = m["regex-timeout"][1].scalar("regex-timeout")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 60:
            m["regex-timeout"][1].fail("regex-timeout must be a number of seconds between 0 and 60")
        changes["timeout"] = float(seconds)
    if "originals" in m:
        folder = os.path.join(cfg.root, m["originals"][1].string("originals"))
        if not os.path.isdir(folder):
            m["originals"][1].fail(f"originals: no such folder: {folder}")
        changes["originals"] = folder
    if "corpus" in m:
        # Not required to exist yet: `wirelint corpus build` makes it (a run that uses it
        # says so if it is not there).
        changes["corpus"] = os.path.join(cfg.root, m["corpus"][1].string("corpus"))
    if "house-style" in m:
        pairs = []
        for node in m["house-style"][1].string_nodes("house-style"):
            variant, arrow, preferred = node.string("house-style item").partition("->")
            if not arrow or not variant.strip() or not preferred.strip():
                node.fail("house-style: write each substitution as 'variant -> preferred', e.g. 'per cent -> percent'")
            pairs.append((variant.strip(), preferred.strip()))
        changes["house_style"] = tuple(pairs)
    if "max-file-mb" in m:
        changes["max_bytes"] = m["max-file-mb"][1].integer("max-file-mb", minimum=1) * 1024 * 1024
    return cfg._replace(**changes)


def _check_glob(node: Node, pattern: str, what: str) -> None:
    try:
        GlobSet([pattern])
    except ValueError as exc:
        node.fail(f"{what}: {exc}")


def _severities(node: Node, what: str) -> dict[str, Severity]:
    from .policyload import parse_severity

    return {rule: parse_severity(value, f"{what}.{rule}") for rule, (_, value) in node.mapping(what).items()}


# -- combining config and policies -----------------------------------------------------------


def apply_to_policies(config: Config, policies: list[Policy]) -> tuple[list[Policy], dict[str, dict[str, object]]]:
    """Validate `terms` and `extend` against the loaded policies; return them applied."""
    by_id = {p.id: p for p in policies}
    terms: dict[str, dict[str, object]] = {p.id: {n: t.default for n, t in p.terms.items()} for p in policies}
    for pid, node in config.terms.items():
        if pid not in by_id:
            node.fail(f"terms: no loaded policy has id '{pid}' (loaded: {', '.join(sorted(by_id))})")
        from .policyload import term_values  # a YAML config: PyYAML is loaded already

        terms[pid].update(
            term_values(node, by_id[pid].terms, f"terms.{pid}", f"policy '{pid}' has no licence term '{{name}}'")
        )
    out = []
    known = {r.id for p in policies for r in p.rules}
    for rule_id, node in config.extend.items():
        if rule_id not in known:
            node.fail(f"extend: no loaded policy has rule {rule_id}")
    for policy in policies:
        rules = [_extend(r, config.extend[r.id]) if r.id in config.extend else r for r in policy.rules]
        out.append(policy._replace(rules=tuple(rules)))
    return out, terms


def _extend(rule: Rule, node: Node) -> Rule:
    """Add list items to a rule's list parameters (e.g. more page-furniture patterns)."""
    from .checks.base import shared
    from .policyload import parse_params

    kind = KINDS[rule.kind]
    given = node.mapping(f"extend.{rule.id}")
    lists = {name for name, p in kind.PARAMS.items() if p.type in ("regexes", "entries", "strings")}
    for name, (key, _) in given.items():
        if name not in lists:
            key.fail(f"extend.{rule.id}: can only add to list parameters ({', '.join(sorted(lists))}), not '{name}'")
    extra = parse_params({n: kind.PARAMS[n] for n in given}, given, f"extend.{rule.id}", node)
    options = dict(rule.options)
    for name, items in extra.items():
        options[name] = tuple(options.get(name) or ()) + tuple(items)
    return rule._replace(options=options, spec=shared(kind.prepare(options)))


def settings_from(
    config: Config, policies: list[Policy], select: tuple[str, ...], ignore: tuple[str, ...], originals: object = None
) -> Settings:
    policies, terms = apply_to_policies(config, policies)
    known = [r.id for p in policies for r in p.rules] + list(BUILTIN)
    ids = {p.id for p in policies}
    for override in config.per_path:
        for pid in override.policies:
            if pid not in ids:
                raise UsageError(
                    f"per-path '{override.globs.patterns[0]}': policies: no loaded policy has id '{pid}' (loaded: {', '.join(sorted(ids))})"
                )
    where = f" in {config.path}" if config.path else ""
    for origin, prefixes in (
        ("--select", select),
        ("--ignore", ignore),
        (f"select{where}", config.select),
        (f"ignore{where}", config.ignore),
        *((f"severity{where}", tuple(config.severity)),),
        *(
            (f"per-path '{o.globs.patterns[0]}'{where}", o.select + o.ignore + tuple(o.severity))
            for o in config.per_path
        ),
    ):
        for prefix in prefixes:
            if prefix and not any(rule_id.startswith(prefix) for rule_id in known):
                # A misspelt rule in a selection would silently check nothing (or everything).
                raise UsageError(f"{origin}: no rule ID starts with '{prefix}' (rules: {_ranges(known)})")
    return Settings(
        policies=tuple(policies),
        terms=terms,
        selection=Selection(select or config.select or ("",), ignore + config.ignore),
        severity=config.severity,
        per_path=config.per_path,
        root=config.root,
        timeout=config.timeout,
        max_bytes=config.max_bytes,
        originals=originals,
        house_style=config.house_style,
    )


def _ranges(ids: list[str]) -> str:
    """'AP101-AP801, RTR101-RTR801, WL001-WL106' for an error message."""
    by_prefix: dict[str, list[str]] = {}
    for rule_id in sorted(ids):
        by_prefix.setdefault(rule_id.rstrip("0123456789"), []).append(rule_id)
    return ", ".join(f"{v[0]}-{v[-1]}" if len(v) > 1 else v[0] for v in by_prefix.values())


# -- pyproject.toml ------------------------------------------------------------------------------


def _pyproject_node(path: str, text: str) -> Node:
    """`[tool.wirelint]` as a YAML node tree, each key marked at its line in the file."""
    from . import tomlsrc
    from .yamlsrc import Node

    try:
        data = tomlsrc.loads(text)
    except tomlsrc.TomlError as exc:
        raise SourceError(path, exc.line, exc.column, f"invalid TOML: {exc.message}") from None
    section = data.get("tool", {}).get("wirelint", {})
    header = re.search(r"(?m)^\s*\[\s*tool\s*\.\s*wirelint\b", text)
    return Node(path, _to_node(section, text, header.start() if header else 0))


def _mark(text: str, offset: int) -> yaml.Mark:
    import yaml

    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1)
    return yaml.Mark("", offset, line, col, "", 0)


def _to_node(value: object, text: str, at: int) -> yaml.Node:
    import yaml

    mark = _mark(text, at)
    if isinstance(value, dict):
        pairs = []
        for k, v in value.items():
            km = re.compile(r"(?m)(?:^|[{,.\[]\s*)[\"']?(" + re.escape(str(k)) + r")[\"']?\s*(?:=|\]|\.)").search(
                text, at
            )
            kat = km.start(1) if km else at
            pairs.append(
                (
                    yaml.ScalarNode("tag:yaml.org,2002:str", str(k), _mark(text, kat), _mark(text, kat)),
                    _to_node(v, text, kat),
                )
            )
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark)
    if isinstance(value, list):
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [_to_node(v, text, at) for v in value], mark, mark)
    if isinstance(value, bool):
        return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false", mark, mark)
    if isinstance(value, int):
        return yaml.ScalarNode("tag:yaml.org,2002:int", str(value), mark, mark)
    if isinstance(value, float):
        return yaml.ScalarNode("tag:yaml.org,2002:float", repr(value), mark, mark)
    return yaml.ScalarNode("tag:yaml.org,2002:str", str(value), mark, mark)
