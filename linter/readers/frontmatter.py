"""Front matter: YAML between `---` lines or TOML between `+++` lines, read into MetaFields.

Only what wirelint needs is read: top-level scalar fields, lists of scalars, and the scalar
members of nested mappings one level down (`author: {name: …}` gives `author`). YAML is
composed into nodes, never constructed into Python objects, so aliases cannot expand (a
"billion laughs" costs nothing) and every value keeps its source position; anchors and
aliases, excessive size and excessive nesting are reported as broken front matter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..document import MetaField, ReadProblem

if TYPE_CHECKING:
    import yaml

MAX_FRONT_MATTER = 64 * 1024
MAX_NESTING = 64
_OPEN = re.compile(r"(---|\+\+\+)[ \t]*\r?\n")
_NEST = re.compile(r"[\[{]")
# The line that closes front matter opened with each fence (YAML may also end with '...').
_CLOSE = {
    "---": re.compile(r"^---[ \t]*\r?$|^\.\.\.[ \t]*\r?$", re.M),
    "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.M),
}


class FrontMatter(NamedTuple):
    fields: tuple[MetaField, ...]
    end: int  # source offset where the body begins
    problem: ReadProblem | None


def split(source: str) -> FrontMatter:
    """Find and read the front matter at the start of `source` (if any)."""
    m = _OPEN.match(source)
    if not m:
        return FrontMatter((), 0, None)
    fence = m.group(1)
    close = _CLOSE[fence].search(source, m.end())
    if close is None:
        return FrontMatter((), 0, ReadProblem("WL105", f"front matter opened with '{fence}' is never closed", 0))
    inner_start, inner_end = m.end(), close.start()
    end = close.end()
    if source.startswith("\r\n", end):
        end += 2
    elif source.startswith("\n", end):
        end += 1
    if inner_end - inner_start > MAX_FRONT_MATTER:
        return FrontMatter(
            (), end, ReadProblem("WL105", f"front matter is larger than {MAX_FRONT_MATTER // 1024} KB; ignored", 0)
        )
    inner = source[inner_start:inner_end]
    if fence == "---":
        fields, problem = _yaml_fields(inner, inner_start, source)
    else:
        fields, problem = _toml_fields(inner, inner_start)
    return FrontMatter(fields, end, problem)


def _line_offset(source: str, base: int, line: int, column: int) -> int:
    """Source offset of a 0-based (line, column) inside the front matter at `base`."""
    pos = base
    for _ in range(line):
        nl = source.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return pos + column


# The front matter most articles have: `key: value` lines, values plain or quoted without
# escapes. For exactly this subset YAML gives each value's text as written, so it is read
# with one regex instead of the YAML composer (~4x faster); anything else (lists, nesting,
# escapes, comments, anchors, a ': ' inside a plain value…) goes to the composer.
_SIMPLE_LINE = re.compile(
    r"[ \t]*(?:#[^\n]*)?\n"  # a blank or comment line
    r"|([A-Za-z_][\w.-]*):[ \t]+"
    r"(?:\"([^\"\\\n]*)\"|'([^'\n]*)'|([^\s\"'#&*!|>%@`{}\[\],?:-][^\n#]*?|-[^\s\n#][^\n#]*?))[ \t]*\r?\n"
)


def _simple_fields(inner: str, base: int) -> tuple[MetaField, ...] | None:
    """Fields of a front matter made only of simple lines, or None to use YAML."""
    if not inner.endswith("\n"):
        inner += "\n"
    fields: list[MetaField] = []
    pos = 0
    match = _SIMPLE_LINE.match
    while pos < len(inner):
        m = match(inner, pos)
        if m is None:
            return None
        if m.group(1) is not None:
            for g in (2, 3, 4):
                value = m.group(g)
                if value is not None:
                    if g == 4 and (": " in value or value.endswith(":")):
                        return None  # not a plain scalar
                    is_null = g == 4 and value in _NULLS
                    fields.append(MetaField(m.group(1), () if is_null else (value,), base + m.start(g)))
                    break
        pos = m.end()
    return tuple(fields)


_NULLS = frozenset(("null", "Null", "NULL", "~"))


def _yaml_fields(inner: str, base: int, source: str) -> tuple[tuple[MetaField, ...], ReadProblem | None]:
    simple = _simple_fields(inner, base)
    if simple is not None:
        return simple, None
    return _composed_fields(inner, base, source)


def _composed_fields(inner: str, base: int, source: str) -> tuple[tuple[MetaField, ...], ReadProblem | None]:
    import yaml

    from ..yamlsrc import Loader, first_alias

    if len(_NEST.findall(inner)) > MAX_NESTING * 4:
        return (), ReadProblem("WL105", "front matter is nested too deeply; ignored", base)
    try:
        loader = Loader(inner)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = _line_offset(source, base, mark.line, mark.column) if mark else base
        return (), ReadProblem("WL105", f"front matter is not valid YAML: {exc.problem or exc.context}", at)
    except (yaml.YAMLError, RecursionError) as exc:
        return (), ReadProblem("WL105", f"front matter is not valid YAML: {exc}", base)
    if root is None:
        return (), None
    if not isinstance(root, yaml.MappingNode):
        return (), ReadProblem("WL105", "front matter must be a mapping of keys to values", base)
    alias = first_alias(root)
    if alias is not None:
        at = _line_offset(source, base, alias.start_mark.line, alias.start_mark.column)
        return (), ReadProblem("WL105", "front matter uses YAML anchors and aliases; not supported", at)
    fields: list[MetaField] = []
    for knode, vnode in root.value:
        if not isinstance(knode, yaml.ScalarNode):
            continue
        values = tuple(str(node.value) for node in _scalars(vnode, depth=0))
        fields.append(MetaField(str(knode.value), values, _value_offset(source, base, vnode)))
    return tuple(fields), None


def _value_offset(source: str, base: int, node: yaml.Node) -> int:
    """Where the value's text starts (after the quote of a quoted scalar)."""
    import yaml

    at = _line_offset(source, base, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        at += 1
    return at


def _scalars(node: yaml.Node, depth: int) -> list[yaml.ScalarNode]:
    """Scalar values of a field: itself, the items of a list, members of a nested mapping."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return [] if node.tag.endswith(":null") else [node]
    if depth >= 1:
        return []
    out: list[yaml.ScalarNode] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out.extend(_scalars(item, depth + 1))
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            out.extend(_scalars(value, depth + 1))
    return out


def _toml_fields(inner: str, base: int) -> tuple[tuple[MetaField, ...], ReadProblem | None]:
    from .. import tomlsrc

    try:
        data = tomlsrc.loads(inner)
    except tomlsrc.TomlError as exc:
        at = base + _line_offset(inner, 0, exc.line - 1, exc.column - 1)
        return (), ReadProblem("WL105", f"front matter is not valid TOML: {exc.message}", at)
    fields: list[MetaField] = []
    for key, value in data.items():
        values: list[str] = []
        items = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        for item in items:
            if isinstance(item, (str, int, float, bool)) or hasattr(item, "isoformat"):
                values.append(item.isoformat() if hasattr(item, "isoformat") else str(item))
        km = re.search(r"(?m)^[ \t]*[\"']?" + re.escape(key) + r"[\"']?[ \t]*=[ \t]*[\"']?", inner)
        offset = base + (km.end() if km else 0)
        fields.append(MetaField(key, tuple(values), offset))
    return tuple(fields), None
