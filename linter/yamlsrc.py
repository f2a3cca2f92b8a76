"""Strict reading of YAML files with source positions, for policies and config.

PyYAML's composer gives every node its start mark; we validate the node tree directly, so
every error can name `file:line:col`. Duplicate keys (which YAML loaders silently resolve
to the last value) and aliases (which can expand without bound) are errors here: in a
rights policy a silently shadowed key is a disabled check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, NoReturn

import yaml

from .errors import SourceError

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Node(NamedTuple):
    """A YAML node with the file it came from."""

    path: str
    raw: yaml.Node

    @property
    def line(self) -> int:
        return int(self.raw.start_mark.line) + 1

    @property
    def column(self) -> int:
        return int(self.raw.start_mark.column) + 1

    def error(self, message: str) -> SourceError:
        return SourceError(self.path, self.line, self.column, message)

    def fail(self, message: str) -> NoReturn:
        raise self.error(message)

    # -- shapes -------------------------------------------------------------------------

    @property
    def is_null(self) -> bool:
        return isinstance(self.raw, yaml.ScalarNode) and self.raw.tag.endswith(":null")

    def mapping(self, what: str) -> dict[str, tuple[Node, Node]]:
        """Keys to (key node, value node); duplicate or non-string keys are errors."""
        if not isinstance(self.raw, yaml.MappingNode):
            self.fail(f"{what} must be a mapping, not {self.type_name}")
        out: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in self.raw.value:
            key = Node(self.path, knode)
            if not isinstance(knode, yaml.ScalarNode) or knode.tag.endswith((":null", ":merge")):
                key.fail(f"{what}: keys must be plain strings")
            name = str(knode.value)
            if name in out:
                first = out[name][0]
                key.fail(f"{what}: duplicate key '{name}' (first at line {first.line})")
            out[name] = (key, Node(self.path, vnode))
        return out

    def items(self, what: str) -> list[Node]:
        if not isinstance(self.raw, yaml.SequenceNode):
            self.fail(f"{what} must be a list, not {self.type_name}")
        return [Node(self.path, n) for n in self.raw.value]

    def string(self, what: str, *, allow_empty: bool = False) -> str:
        # YAML reads `yes`, `5` or `2024-03-05` as other types: a string key gets a string
        # (quote the value) rather than a silently converted one.
        if not isinstance(self.raw, yaml.ScalarNode) or not self.raw.tag.endswith(":str"):
            self.fail(f"{what} must be a string, not {self.type_name}")
        value = str(self.raw.value)
        if not value.strip() and not allow_empty:
            self.fail(f"{what} must not be empty")
        return value

    def scalar(self, what: str) -> str | int | float | bool | None:
        """The scalar's value as YAML types it (booleans and numbers resolved)."""
        if not isinstance(self.raw, yaml.ScalarNode):
            self.fail(f"{what} must be a single value, not {self.type_name}")
        constructor = yaml.SafeLoader.construct_scalar
        loader = yaml.SafeLoader("")
        tag = self.raw.tag
        if tag.endswith(":bool"):
            return bool(loader.construct_yaml_bool(self.raw))
        if tag.endswith(":int"):
            return int(loader.construct_yaml_int(self.raw))
        if tag.endswith(":float"):
            return float(loader.construct_yaml_float(self.raw))
        if tag.endswith(":null"):
            return None
        return str(constructor(loader, self.raw))

    def boolean(self, what: str) -> bool:
        value = self.scalar(what)
        if not isinstance(value, bool):
            self.fail(f"{what} must be true or false, not {value!r}")
        return value

    def integer(self, what: str, *, minimum: int | None = None) -> int:
        value = self.scalar(what)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{what} must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            self.fail(f"{what} must be at least {minimum}, not {value}")
        return value

    def number(self, what: str) -> float:
        value = self.scalar(what)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"{what} must be a number, not {value!r}")
        return float(value)

    def strings(self, what: str) -> list[str]:
        """A list of strings; a single string is accepted as a list of one."""
        if isinstance(self.raw, yaml.ScalarNode) and not self.is_null:
            return [self.string(what)]
        return [n.string(f"{what} item") for n in self.items(what)]

    def string_nodes(self, what: str) -> list[Node]:
        if isinstance(self.raw, yaml.ScalarNode) and not self.is_null:
            self.string(what)
            return [self]
        nodes = self.items(what)
        for n in nodes:
            n.string(f"{what} item")
        return nodes

    @property
    def type_name(self) -> str:
        raw = self.raw
        if isinstance(raw, yaml.MappingNode):
            return "a mapping"
        if isinstance(raw, yaml.SequenceNode):
            return "a list"
        tag = raw.tag.rsplit(":", 1)[-1]
        names = {"null": "empty", "bool": "a boolean", "int": "a number", "float": "a number", "timestamp": "a date"}
        return names.get(tag, "a string")


def check_keys(
    where: dict[str, tuple[Node, Node]],
    allowed: Iterable[str],
    what: str,
    required: tuple[str, ...] = (),
    parent: Node | None = None,
) -> None:
    """Unknown keys are errors that list the valid ones; missing required keys too."""
    allowed_set = set(allowed)
    for name, (key, _) in where.items():
        if name not in allowed_set:
            hint = _closest(name, allowed_set)
            valid = ", ".join(sorted(allowed_set))
            extra = f" (did you mean '{hint}'?)" if hint else ""
            key.fail(f"{what}: unknown key '{name}'{extra}; valid keys: {valid}")
    for name in required:
        if name not in where:
            assert parent is not None, "required keys need the parent node to report on"
            parent.fail(f"{what}: missing required key '{name}'")


def _closest(name: str, choices: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def load(path: str, text: str) -> Node:
    """Parse YAML text into a root node; syntax errors become `SourceError`s."""
    try:
        loader = Loader(text)
        try:
            root = _compose_without_aliases(loader, path)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(path, line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, 1, 1, f"invalid YAML: {exc}") from None
    if root is None:
        return Node(path, yaml.ScalarNode("tag:yaml.org,2002:null", "", _mark(), _mark()))
    return Node(path, root)


def _compose_without_aliases(loader: yaml.SafeLoader, path: str) -> yaml.Node | None:
    root = loader.get_single_node()
    if root is not None:
        alias = first_alias(root)
        if alias is not None:
            Node(path, alias).fail("YAML anchors and aliases are not allowed here")
    return root


def first_alias(node: yaml.Node) -> yaml.Node | None:
    """A node reached twice, i.e. the target of an alias (None when there is none).

    The composer resolves `*alias` to the anchored node itself, so an alias shows up as a
    node met twice; the walk visits each node once, so even an alias bomb costs nothing.
    """
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return current
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _mark() -> yaml.Mark:
    return yaml.Mark("", 0, 0, 0, "", 0)
