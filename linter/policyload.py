"""Reading a policy from YAML: strict validation with `file:line:col` errors.

Every schema error is collected (one per rule at most) and raised together as
`SourceErrors`; every regex is compiled here, once, so an invalid pattern is an error at
load time, not in the middle of a run.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

import regex
import yaml

from . import yamlsrc
from .checks import KINDS
from .checks.base import ENTRY_PLACEHOLDERS, Entry, Param
from .checks.base import shared as shared_spec
from .errors import SourceError, SourceErrors
from .patterns import Pattern
from .policy import APPLIES, ID_RE, PREFIX_RE, SLUG_RE, Detect, Example, Examples, Policy, Rule, Severity, Term
from .yamlsrc import Node, check_keys

# -- parsing ------------------------------------------------------------------------------

TOP_KEYS = ("id", "name", "prefix", "description", "detect", "terms", "kinds", "rules")
RULE_KEYS = (
    "id",
    "slug",
    "kind",
    "condition",
    "severity",
    "applies",
    "when",
    "message",
    "description",
    "examples",
    "fix",
)
# What `--fix` can repair (linter/fix.py): the text to add for a missing line (with
# `{year}`, the story's publication year), or `true` to repair the year in place.
FIXABLE = {
    ("copyright", "missing"): "text",
    ("notice", "missing"): "text",
    ("copyright", "year-missing"): "flag",
    ("copyright", "year-mismatch"): "flag",
}


def parse(text: str, path: str) -> Policy:
    try:
        root = yamlsrc.load(path, text)
        top = root.mapping("policy")
        check_keys(top, TOP_KEYS, "policy", required=("id", "name", "prefix", "detect", "rules"), parent=root)
    except SourceError as exc:
        raise SourceErrors([exc]) from None
    errors: list[SourceError] = []

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except SourceError as exc:
            errors.append(exc)
            return None

    pid = attempt(_pattern_string, top["id"][1], "id", ID_RE, "lower-case letters, digits, '-' or '_'")
    name = attempt(top["name"][1].string, "name")
    prefix = attempt(_pattern_string, top["prefix"][1], "prefix", PREFIX_RE, "2 to 6 capital letters")
    description = attempt(top["description"][1].string, "description") if "description" in top else ""
    detect = attempt(_parse_detect, top["detect"][1])
    terms = attempt(_parse_terms, top["terms"][1]) if "terms" in top else {}
    shared = attempt(_parse_shared, top["kinds"][1]) if "kinds" in top else {}

    rules: list[Rule] = []
    seen: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}
    for node in attempt(top["rules"][1].items, "rules") or []:
        rule = attempt(_parse_rule, node, prefix, shared or {}, terms or {}, pid or "")
        if rule is None:
            continue
        if rule.id in seen:
            errors.append(node.error(f"duplicate rule id {rule.id} (first at line {seen[rule.id]})"))
            continue
        if rule.slug in seen_slugs:
            errors.append(node.error(f"duplicate rule slug '{rule.slug}' (first at line {seen_slugs[rule.slug]})"))
            continue
        seen[rule.id] = node.line
        seen_slugs[rule.slug] = node.line
        rules.append(rule)
    if not rules and not errors:
        errors.append(top["rules"][1].error("rules: a policy needs at least one rule"))
    if errors:
        raise SourceErrors(errors)
    return Policy(
        id=pid,
        name=name,
        prefix=prefix,
        description=description or "",
        detect=detect,
        terms=terms or {},
        rules=tuple(rules),
        path=path,
        source=text,
    )


def _pattern_string(node: Node, what: str, pattern: re.Pattern[str], hint: str) -> str:
    value = node.string(what)
    if not pattern.match(value):
        node.fail(f"{what} '{value}' is not valid: use {hint}")
    return value


def compile_regex(node: Node, what: str) -> Pattern:
    source = node.string(what)
    try:
        return Pattern.compile(source)
    except regex.error as exc:
        node.fail(f"{what}: invalid regular expression: {exc}")


def _parse_detect(node: Node) -> Detect:
    m = node.mapping("detect")
    check_keys(m, ("fields", "field_pattern", "patterns"), "detect")
    fields = tuple(m["fields"][1].strings("detect.fields")) if "fields" in m else ()
    field_pattern = compile_regex(m["field_pattern"][1], "detect.field_pattern") if "field_pattern" in m else None
    if fields and field_pattern is None:
        node.fail("detect: 'fields' needs a 'field_pattern' to test their values against")
    patterns = (
        tuple(compile_regex(n, "detect.patterns item") for n in m["patterns"][1].string_nodes("detect.patterns"))
        if "patterns" in m
        else ()
    )
    if not patterns and not fields:
        node.fail("detect: give 'patterns' or 'fields' + 'field_pattern', or no document can be recognised")
    return Detect(fields, field_pattern, patterns)


def _parse_terms(node: Node) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for name, (_key, value) in node.mapping("terms").items():
        m = value.mapping(f"term '{name}'")
        check_keys(
            m, ("default", "values", "description"), f"term '{name}'", required=("default", "description"), parent=value
        )
        values: tuple[object, ...] = (True, False)
        if "values" in m:
            values = tuple(n.scalar(f"term '{name}' value") for n in m["values"][1].items(f"term '{name}' values"))
        default = m["default"][1].scalar(f"term '{name}' default")
        if default not in values:
            m["default"][1].fail(f"term '{name}': default {default!r} is not one of {list(values)!r}")
        out[name] = Term(name, default, values, m["description"][1].string(f"term '{name}' description"))
    return out


def _parse_shared(node: Node) -> dict[str, dict[str, tuple[Node, Node]]]:
    out: dict[str, dict[str, tuple[Node, Node]]] = {}
    for name, (key, value) in node.mapping("kinds").items():
        if name not in KINDS:
            key.fail(f"kinds: unknown kind '{name}'; valid kinds: {', '.join(sorted(KINDS))}")
        params = value.mapping(f"kinds.{name}")
        check_keys(params, KINDS[name].PARAMS, f"kinds.{name}")
        out[name] = params
    return out


def _parse_rule(
    node: Node,
    prefix: str | None,
    shared: Mapping[str, Mapping[str, tuple[Node, Node]]],
    terms: Mapping[str, Term],
    policy_id: str,
) -> Rule:
    where = f"rule {_peek_id(node)}".rstrip()
    m = node.mapping(where)
    for required in ("id", "slug", "kind"):
        if required not in m:
            node.fail(f"{where}: missing required key '{required}'")
    rule_id = m["id"][1].string("rule id")
    id_node = m["id"][1]
    if prefix and not re.fullmatch(rf"{prefix}[1-9]\d\d", rule_id):
        id_node.fail(
            f"rule id '{rule_id}' must be the policy prefix {prefix}, a class digit 1-9 and two digits (e.g. {prefix}201)"
        )
    kind_node = m["kind"][1]
    kind_name = kind_node.string(f"{where}: kind")
    kind = KINDS.get(kind_name)
    if kind is None:
        kind_node.fail(f"{where}: unknown kind '{kind_name}'; valid kinds: {', '.join(sorted(KINDS))}")
    check_keys(m, (*RULE_KEYS, *kind.PARAMS), where)
    slug = _pattern_string(m["slug"][1], f"{where}: slug", SLUG_RE, "lower-case words joined by '-'")

    if "condition" in m:
        condition = m["condition"][1].string(f"{where}: condition")
        if condition not in kind.CONDITIONS:
            m["condition"][1].fail(
                f"{where}: kind '{kind_name}' has no condition '{condition}'; valid: {', '.join(kind.CONDITIONS)}"
            )
    elif len(kind.CONDITIONS) == 1:
        condition = kind.CONDITIONS[0]
    else:
        node.fail(f"{where}: kind '{kind_name}' needs a 'condition': one of {', '.join(kind.CONDITIONS)}")

    severity = Severity.ERROR
    if "severity" in m:
        severity = parse_severity(m["severity"][1], f"{where}: severity")
    applies = "copy"
    if "applies" in m:
        applies = m["applies"][1].string(f"{where}: applies")
        if applies not in APPLIES:
            m["applies"][1].fail(f"{where}: applies must be one of {', '.join(APPLIES)}, not '{applies}'")

    when: dict[str, object] = {}
    if "when" in m:
        when = term_values(m["when"][1], terms, f"{where}: when", "unknown licence term '{name}'")

    # Parameters: the policy's shared `kinds:` block, overridden by the rule's own keys.
    given: dict[str, tuple[Node, Node]] = dict(shared.get(kind_name, {}))
    for key in set(m) - set(RULE_KEYS):
        if key not in kind.PARAMS:
            m[key][0].fail(
                f"{where}: kind '{kind_name}' has no parameter '{key}'; valid: {', '.join(sorted(kind.PARAMS))}"
            )
        given[key] = m[key]
    options = parse_params(kind.PARAMS, given, where, node)

    placeholders = kind.PLACEHOLDERS.get(condition, ())
    if "message" in m:
        message = m["message"][1].string(f"{where}: message")
        _check_placeholders(m["message"][1], message, placeholders, where)
    else:
        message = kind.MESSAGES[condition]
    description = m["description"][1].string(f"{where}: description") if "description" in m else ""
    fix: str | bool | None = None
    if "fix" in m:
        fix = _parse_fix(m["fix"][1], kind_name, condition, where)
    examples = _parse_examples(m["examples"][1], where) if "examples" in m else Examples()
    return Rule(
        id=rule_id,
        slug=slug,
        kind=kind_name,
        condition=condition,
        severity=severity,
        applies=applies,
        message=message,
        description=description.strip(),
        options=options,
        spec=shared_spec(kind.prepare(options)),
        when=when,
        examples=examples,
        policy=policy_id,
        line=node.line,
        fix=fix,
    )


def _parse_fix(node: Node, kind: str, condition: str, where: str) -> str | bool | None:
    form = FIXABLE.get((kind, condition))
    if form is None:
        fixable = ", ".join(f"{k} {c}" for k, c in FIXABLE)
        node.fail(f"{where}: --fix cannot repair kind '{kind}' condition '{condition}'; fixable: {fixable}")
    if form == "flag":
        return node.boolean(f"{where}: fix") or None
    text = node.string(f"{where}: fix")
    if not text.strip() or len(text.splitlines()) != 1:
        node.fail(f"{where}: fix must be one line of text to add")
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        fields = [("", None, None)]
    if any(f != ("year", "", None) for f in fields):
        node.fail(f"{where}: fix may use only the placeholder {{year}} (write {{{{ and }}}} for braces)")
    return text


def term_values(node: Node, declared: Mapping[str, Term], where: str, unknown: str) -> dict[str, object]:
    """Licence-term values from a mapping (a rule's `when`, a config's `terms.<policy>`),
    each checked against the terms the policy declares."""
    out: dict[str, object] = {}
    for name, (key, value_node) in node.mapping(where).items():
        if name not in declared:
            names = ", ".join(sorted(declared)) or "none declared"
            key.fail(f"{where}: {unknown.format(name=name)} (terms: {names})")
        value = value_node.scalar(f"{where}.{name}")
        if value not in declared[name].values:
            value_node.fail(f"{where}.{name}: {value!r} is not one of {list(declared[name].values)!r}")
        out[name] = value
    return out


def _peek_id(node: Node) -> str:
    """The rule's id, read before the rule is validated, to name it in errors."""
    if isinstance(node.raw, yaml.MappingNode):
        for k, v in node.raw.value:
            if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                return str(v.value)
    return ""


def parse_severity(node: Node, what: str) -> Severity:
    value = node.string(what)
    try:
        return Severity(value)
    except ValueError:
        node.fail(f"{what} must be one of error, warning, info; not '{value}'")


def _check_placeholders(node: Node, message: str, allowed: tuple[str, ...], where: str) -> None:
    """Only plain `{name}` placeholders the condition fills: a format spec or conversion
    (`{year:d}`, `{holder!r}`) could fail, or exhaust memory, in the middle of a run."""
    try:
        parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        node.fail(f"{where}: message is not a valid template: {exc} (write '{{{{' for a literal brace)")
    ok = ", ".join("{" + a + "}" for a in allowed) or "none"
    for f, spec, conv in parts:
        if f not in allowed:
            node.fail(f"{where}: message uses unknown placeholder {{{f}}}; this condition offers {ok}")
        if spec or conv:
            node.fail(f"{where}: message placeholder {{{f}}} takes no format spec or conversion; write {{{f}}}")


def _parse_examples(node: Node, where: str) -> Examples:
    m = node.mapping(f"{where}: examples")
    check_keys(m, ("pass", "fail"), f"{where}: examples")
    found: dict[str, tuple[Example, ...]] = {}
    for key in ("pass", "fail"):
        items = []
        for n in m[key][1].items(f"{where}: examples.{key}") if key in m else []:
            if isinstance(n.raw, yaml.MappingNode):
                em = n.mapping(f"{where}: examples.{key} item")
                check_keys(
                    em, ("story", "original"), f"{where}: examples.{key} item", required=("story", "original"), parent=n
                )
                items.append(Example(em["story"][1].string("story"), em["original"][1].string("original")))
            else:
                items.append(Example(n.string(f"{where}: examples.{key} item")))
        found[key] = tuple(items)
    return Examples(found["pass"], found["fail"])


def parse_params(
    schema: Mapping[str, Param], given: Mapping[str, tuple[Node, Node]], where: str, parent: Node
) -> dict[str, Any]:
    """Validate a kind's parameters and fill defaults; regexes are compiled here, once."""
    out: dict[str, Any] = {}
    for name, param in schema.items():
        if name not in given:
            if param.required:
                parent.fail(f"{where}: missing required parameter '{name}'")
            out[name] = param.default
            continue
        node = given[name][1]
        what = f"{where}: {name}"
        out[name] = _read_param(param, node, what)
    return out


def _read_param(param: Param, node: Node, what: str) -> Any:
    kind = param.type
    if kind == "regex":
        return compile_regex(node, what)
    if kind == "regexes":
        return tuple(compile_regex(n, f"{what} item") for n in node.string_nodes(what))
    if kind == "entries":
        entries = []
        for n in node.items(what):
            if isinstance(n.raw, yaml.MappingNode):
                em = n.mapping(f"{what} item")
                check_keys(em, ("pattern", "message"), f"{what} item", required=("pattern",), parent=n)
                msg = None
                if "message" in em:
                    msg = em["message"][1].string(f"{what} item message")
                    _check_placeholders(em["message"][1], msg, ENTRY_PLACEHOLDERS, f"{what} item")
                entries.append(Entry(compile_regex(em["pattern"][1], f"{what} item pattern"), msg))
            else:
                entries.append(Entry(compile_regex(n, f"{what} item")))
        return tuple(entries)
    if kind == "string":
        return node.string(what)
    if kind == "strings":
        return tuple(node.strings(what))
    if kind == "int":
        return node.integer(what, minimum=0)
    if kind == "number":
        number = node.number(what)
        if not 0.0 <= number <= 1.0:
            node.fail(f"{what} must be between 0 and 1, not {number}")
        return number
    if kind == "bool":
        return node.boolean(what)
    if kind == "choice":
        choice = node.string(what)
        if choice not in param.choices:
            node.fail(f"{what} must be one of {', '.join(param.choices)}, not '{choice}'")
        return choice
    raise AssertionError(f"unknown parameter type {kind}")
