"""HTML reader: visible article text, metadata and suppression comments of a web page.

One compiled pattern tokenizes the source (html.parser would lose the offsets of text
inside decoded markup, and is slower) and the scanner works token by token. It keeps no
element stack, only counters for the open elements whose content is hidden, so any nesting
depth costs nothing, malformed markup cannot derail it, and every piece of text keeps its
exact source offset. The body's first <h1> is the headline, <figcaption> text a caption.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from itertools import accumulate, islice
from operator import itemgetter
from typing import Any, NamedTuple

from ..dates import parse_date
from ..document import BlockKind, BodyBuilder, Document, MetaField
from .common import RawDirective, add_with_entities, parse_directive, publication_date, resolve_directives

# The attributes of a tag, to its `>`: a quote opens a value only right after `=`, so the `>`
# in `title="a > b"` stays inside and an unterminated or stray quote cannot swallow the rest
# of the file. The pattern never fails, so a tag never backtracks; only single-character
# loops run per character (a group repeated per character costs several times more in sre).
# Every repeated group is bounded: sre keeps a backtracking record per repetition until the
# match ends, so `+` over 20,000 nested tags would hold megabytes. (Python 3.10 has no
# possessive quantifiers.) Past the bound a token simply ends and the next one goes on.
_ATTRS = r"""[^>=]*(?:=\s*(?:"[^"]*"|'[^']*')?[^>=]*){0,64}[^>]*"""
_ATTR = re.compile(r"""([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")

# Elements whose content is raw text up to their end tag, never markup. Browsers with
# scripting on read <noscript> this way too; iframe/noembed/noframes/xmp are likewise raw.
_RAW = "script|style|textarea|title|noscript|iframe|noembed|noframes|xmp"

_BLOCK = frozenset(
    (
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "figure"),
        *("section", "article", "header", "footer", "aside", "main", "table", "tr", "td", "th", "ul", "ol"),
        *("dl", "dt", "dd", "hr", "address", "details", "summary"),
        # Also laid out as blocks by browsers; nav and pre are hidden as well.
        *("nav", "pre", "caption", "thead", "tbody", "tfoot", "form", "fieldset", "legend", "center"),
        *("menu", "dialog", "hgroup", "listing"),
    )
)
# Hidden elements that may nest; raw-text ones (script, style, ...) need no counter.
_HIDDEN = frozenset(("template", "svg", "nav", "pre"))
# Start tags that may stand in <head>; any other one ends an unclosed head, as in browsers.
_HEAD_OK = frozenset(
    ("meta", "link", "title", "style", "script", "noscript", "base", "template", "basefont", "bgsound")
)


def _trie(words: list[str]) -> str:
    """An alternation of `words` factored by prefix: sre tries the branches of `a|b|c` one by
    one, but skips a branch at once when its first literal does not match."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    branches = [re.escape(h) + _trie(rest) for h, rest in sorted(heads.items()) if h]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and "" not in heads else "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in heads else body


# Tags the scanner acts on. Every other tag (a, em, span, img, ...) changes nothing, so a run
# of text and such tags is one token, cut into pieces by _SPLIT only where the text shows:
# most tags of a page never reach Python. A name with a capital letter always leaves the run
# (Python lowercases it), which keeps the tests here cheap case-sensitive ones. <br> stays in
# runs (it only adds a newline) and a row of plain block tags with the whitespace between
# them is one token, so `</p>\n<p>` costs one step.
_SPECIAL = {"h1", "figcaption", "figure", "nav", "pre"}
_PLAIN = _trie(sorted(_BLOCK - _SPECIAL))
_ACTED_ON = _BLOCK | _HIDDEN | _HEAD_OK | {"time", "head", "body"} | set(_RAW.split("|"))
_INLINE_TAG = rf"</?(?!{_trie(sorted(_ACTED_ON))}(?:[\s/>]|\Z))(?![^\s/>A-Z]*[A-Z])[A-Za-z]{_ATTRS}(?:>|\Z)"

_TOKEN = re.compile(
    rf"""(?P<run>(?:[^<]+|<(?![A-Za-z!?/])|{_INLINE_TAG}){{1,64}})
    |(?P<blocks>(?:</?{_PLAIN}(?=[\s/>]|\Z){_ATTRS}(?:>|\Z)\s*){{1,64}})
    |(?P<raw><(?=[sStTnNiIxX])(?P<rname>(?i:{_RAW}))(?=[\s/>]|\Z)(?P<rattrs>{_ATTRS})(?:>|\Z))
    |(?P<start><(?P<sname>[A-Za-z][^\s/>]*)(?P<sattrs>{_ATTRS})(?:>|\Z))
    |(?P<end></(?P<ename>[A-Za-z][^\s/>]*){_ATTRS}(?:>|\Z))
    |(?P<comment><!--(?:-?>|(?P<cbody>.*?)(?:--!?>|\Z)))
    |(?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))
    |(?P<decl><[!?][^>]*(?:>|\Z))
    |(?P<bogus></(?:>|[^A-Za-z>][^>]*(?:>|\Z)))
    |(?P<lt><)""",
    re.DOTALL | re.VERBOSE,
)
# Splits a run into text, tag, text, ... (the tags of a run are all inline).
_SPLIT = re.compile(rf"(</?[A-Za-z]{_ATTRS}(?:>|\Z))")
_BR = re.compile(r"</?br(?:[\s/>]|\Z)")
# The end tag of each raw-text element: a plain search, the fastest way through a script.
_RAW_END = {name: re.compile(rf"</(?i:{name})(?=[\s/>]|\Z)") for name in _RAW.split("|")}

_LD_KEYS = (
    *("datePublished", "author", "creator", "copyrightHolder"),
    *("copyrightNotice", "creditText", "sourceOrganization", "publisher"),
)
_LD_MAX = 1_000_000

Pieces = list[tuple[str, int]]


class Fragment(NamedTuple):
    blocks: list[tuple[BlockKind, Pieces]]  # (kind, pieces of (text, source_offset))
    directives: list[RawDirective]


class _Scan(NamedTuple):
    blocks: list[tuple[BlockKind, Pieces]]
    directives: list[RawDirective]
    metadata: list[MetaField]
    time: MetaField | None  # the first <time datetime>, kept apart: it ranks below the rest


def read(path: str, source: str) -> Document:
    """Read an HTML page into a Document (format "html")."""
    scan = _scan(source, 0, len(source))
    builder = BodyBuilder()
    for kind, pieces in scan.blocks:
        builder.add_block(kind, pieces)
    body_map, blocks = builder.build()
    metadata = tuple(scan.metadata) + ((scan.time,) if scan.time else ())
    date, date_offset = publication_date(metadata)
    # `datetime` is not one of the DATE_KEYS: a <time> element is only the last resort.
    if date is None and scan.time is not None:
        date = parse_date(scan.time.values[0])
        date_offset = scan.time.offset if date else 0
    directives = resolve_directives(scan.directives, body_map, blocks, len(source))
    return Document(path, source, "html", body_map, blocks, metadata, date, date_offset, directives)


def fragment_blocks(source: str, start: int, end: int) -> Fragment:
    """Blocks and suppression comments of the HTML in `source[start:end]`, offsets into `source`."""
    scan = _scan(source, start, end)
    return Fragment(scan.blocks, scan.directives)


def _scan(source: str, start: int, end: int) -> _Scan:
    blocks: list[tuple[BlockKind, Pieces]] = []
    directives: list[RawDirective] = []
    metadata: list[MetaField] = []
    time: MetaField | None = None
    title_seen = headline_seen = head_seen = in_head = False
    pieces: Pieces = []
    kind = BlockKind.PARAGRAPH
    depth: dict[str, int] = {}  # open hidden elements by name: counters, never a stack
    hidden = 0  # sum of `depth`
    caption = 0  # open <figcaption> elements

    match = _TOKEN.match
    pos = start
    while pos < end:
        m = match(source, pos, end)
        if m is None:  # cannot happen: any character starts some token
            break
        pos = m.end()
        group = m.lastgroup
        if group == "run" or group == "lt":
            if hidden:
                continue
            run = m.group()
            if not pieces and run.isspace():
                continue  # nothing to start a block with (and whitespace may stand in <head>)
            in_head = False  # text or a body tag cannot stand in <head>: the body has begun
            if "<" not in run:
                add_with_entities(pieces, run, m.start())
                continue
            # Offsets by summing lengths, so no Python step per tag, and none per piece when
            # there is no entity to decode.
            parts = _SPLIT.split(run)
            starts: Iterator[int] = accumulate(map(len, parts), initial=m.start())  # one more than parts
            if "<br" in run or "</br" in run:
                starts = iter(list(starts))  # taken before the tags are replaced
                parts[1::2] = ["\n" if _BR.match(tag) else "" for tag in parts[1::2]]
                pairs = zip(parts, starts, strict=False)
            else:
                pairs = zip(parts[::2], islice(starts, 0, None, 2), strict=False)
            if "&" not in run:
                pieces.extend(filter(itemgetter(0), pairs))
                continue
            for text, offset in pairs:
                if "&" in text:
                    add_with_entities(pieces, text, offset)
                elif text:
                    pieces.append((text, offset))
        elif group == "blocks":
            if hidden:
                continue
            in_head = False
            if pieces:
                _flush(blocks, kind, pieces)
                pieces = []
            kind = BlockKind.CAPTION if caption else BlockKind.PARAGRAPH
        elif group == "start" or group == "end":
            is_end = group == "end"
            name = m.group("ename" if is_end else "sname").lower()
            if in_head and not is_end and not hidden and name not in _HEAD_OK:
                in_head = False
            if name in _BLOCK and not hidden:
                if pieces:
                    _flush(blocks, kind, pieces)
                    pieces = []
                if name == "figcaption":
                    caption = max(0, caption - 1) if is_end else caption + 1
                elif name == "figure" and is_end:
                    caption = 0  # closing the figure closes a figcaption left open
                if name == "h1" and not is_end and not headline_seen:
                    headline_seen = True
                    kind = BlockKind.HEADLINE
                else:
                    kind = BlockKind.CAPTION if caption else BlockKind.PARAGRAPH
            if name in _HIDDEN:
                if not is_end and not (name == "svg" and m.group().endswith("/>")):
                    depth[name] = depth.get(name, 0) + 1
                    hidden += 1
                elif is_end and depth.get(name):
                    depth[name] -= 1
                    hidden -= 1
            elif name == "br":  # <BR> in capitals; browsers also read </br> as <br>
                if not hidden and not in_head:
                    pieces.append(("\n", m.start()))
            elif name == "head":
                if is_end:
                    in_head, head_seen = False, True
                elif not head_seen and not blocks and not any(text.strip() for text, _ in pieces):
                    in_head = head_seen = True
            elif is_end:
                pass
            elif name == "meta":
                field = _meta(source, m.start("sattrs"), m.end("sattrs"))
                if field is not None:
                    metadata.append(field)
            elif name == "time":
                if time is None and not hidden:
                    value = _attrs(source, m.start("sattrs"), m.end("sattrs")).get("datetime")
                    if value is not None:
                        time = MetaField("datetime", (value[0],), value[1])
            elif name == "body":
                in_head, head_seen = False, True
        elif group == "comment":
            body = m.group("cbody")
            if body is not None and "wirelint" in body:
                directive = parse_directive(body, m.start(), m.end())
                if directive is not None:
                    directives.append(directive)
        elif group == "raw":
            name = m.group("rname").lower()
            close = _RAW_END[name].search(source, pos, end)
            body_start, pos = pos, close.start() if close else end  # its end tag is the next token
            if in_head and not hidden and name not in _HEAD_OK:
                in_head = False
            if name == "script":
                if "ld+json" in m.group("rattrs").lower() and pos - body_start <= _LD_MAX:
                    type_attr = _attrs(source, m.start("rattrs"), m.end("rattrs")).get("type")
                    if type_attr is not None and type_attr[0].strip().lower() == "application/ld+json":
                        metadata.extend(_json_ld(source[body_start:pos], body_start))
            elif name == "title" and not title_seen and not depth.get("svg"):
                title_seen = True
                raw = source[body_start:pos]
                title = raw.strip()
                if title:
                    offset = body_start + len(raw) - len(raw.lstrip())
                    metadata.append(MetaField("title", (html.unescape(title),), offset))
        # cdata, decl, bogus: markup that shows nothing

    if pieces:
        _flush(blocks, kind, pieces)
    return _Scan(blocks, directives, metadata, time)


def _flush(blocks: list[tuple[BlockKind, Pieces]], kind: BlockKind, pieces: Pieces) -> None:
    if pieces[0][0].strip() or any(text.strip() for text, _ in pieces):
        blocks.append((kind, pieces))


def _attrs(source: str, start: int, end: int) -> dict[str, tuple[str, int]]:
    """Attributes in `source[start:end]`: lowercased name -> (decoded value, value offset)."""
    out: dict[str, tuple[str, int]] = {}
    for a in _ATTR.finditer(source, start, end):
        name = a.group(1).lower()
        if name in out:
            continue  # the first of duplicate attributes wins, as in browsers
        group = a.lastindex or 1
        value = a.group(group) if group > 1 else ""
        offset = a.start(group) if group > 1 else a.end(1)
        out[name] = (html.unescape(value) if "&" in value else value, offset)
    return out


def _meta(source: str, start: int, end: int) -> MetaField | None:
    attrs = _attrs(source, start, end)
    content = attrs.get("content")
    if content is None:
        return None
    for key_attr in ("name", "property", "itemprop"):
        key = attrs.get(key_attr)
        if key is not None and key[0].strip():
            return MetaField(key[0].strip(), (content[0],), content[1])
    return None


def _json_ld(text: str, offset: int) -> list[MetaField]:
    """Rights and date fields of a JSON-LD script; article objects come first."""
    if len(text) > _LD_MAX:
        return []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # bad JSON, huge numbers, absurd nesting
        return []
    objects: list[dict[str, Any]] = []
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict):
            objects.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                objects.extend(g for g in graph if isinstance(g, dict))
            elif isinstance(graph, dict):
                objects.append(graph)
    # A page's graph often holds a WebPage or WebSite with dates of its own.
    objects.sort(key=lambda o: not _is_article(o))
    fields: list[MetaField] = []
    for key in _LD_KEYS:
        values: list[str] = []
        for obj in objects:
            for value in _names(obj.get(key)):
                if value not in values:
                    values.append(value)
        if values:
            fields.append(MetaField(key, tuple(values), offset))
    return fields


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    for t in types if isinstance(types, list) else [types]:
        if isinstance(t, str) and ("article" in t.lower() or "posting" in t.lower()):
            return True
    return False


def _names(value: Any) -> list[str]:
    """Strings of a JSON-LD value: a string, a Person/Organization's name, or a list of those."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
    return out
