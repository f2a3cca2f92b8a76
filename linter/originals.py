"""Originals: the wire copy as the service delivered it, read into plain paragraphs.

A republished story is compared with its original, so an original only needs what a
comparison needs: the headline, the story's paragraphs (whitespace collapsed, headline
apart) and the few fields that say whose copy it is and on what terms (date, copyright
notice, usage terms), plus the ids a story can be linked by.

Formats:

- `.txt`, `.md`/`.markdown`, `.html`/`.htm`: the project's own readers, so an original is
  read exactly as a republished story of the same format would be. The first headline block
  is the headline; every other block is a paragraph (a repeat of the headline, such as a
  Markdown `# Title` under a front matter `title:`, is dropped).
- `.json`: IPTC ninjs. ninjs 1.x puts `headline` and `body_text` / `body_html` /
  `body_xhtml` at the top level; ninjs 2.x and 3.x replaced them with the arrays
  `headlines` and `bodies` (objects with `role`, `contenttype` and `value`). Both are read.
  A markup body is preferred to a plain one because it keeps paragraph boundaries (plain
  `body_text` is often one run-on string). `uri` (and `guid`, which ninjs does not define
  but many feeds add) become ids; `versioncreated`, then `firstcreated`, the date.

Files are decoded like articles (`engine.decode`: UTF-8, or UTF-16/32 with a BOM), but an
original with invalid bytes is refused rather than patched with U+FFFD: a damaged original
would make a faithful copy look altered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from .dates import parse_date
from .document import BlockKind, Document

MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_MARKUP_START = re.compile(r"\s*<[A-Za-z!]")


class OriginalError(Exception):
    """An original that cannot be read; prints as one line, `path: message`."""

    def __init__(self, path: str, message: str) -> None:
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Original(NamedTuple):
    path: str  # the file it came from, as given
    ids: tuple[str, ...]  # ninjs uri and guid when present, then the file stem
    headline: str
    paragraphs: tuple[str, ...]  # the story's text, one entry per paragraph, no headline
    date: dt.date | None
    copyright: str | None
    usage_terms: str | None


def read_original(path: str) -> Original:
    """Read one original; any problem with the file raises `OriginalError`."""
    lower = path.lower()
    if not lower.endswith(SUFFIXES):
        raise OriginalError(path, f"not an original: the name must end in one of {', '.join(SUFFIXES)}")
    text = _read_text(path)
    if lower.endswith(JSON_SUFFIXES):
        return _ninjs(path, text)
    return _from_reader(path, text)


def _read_text(path: str) -> str:
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise OriginalError(
                path, f"file is {size / (1024 * 1024):.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit"
            )
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise OriginalError(path, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # grew since stat
        raise OriginalError(path, f"file is over the {MAX_BYTES // (1024 * 1024)} MB limit")
    from .engine import decode  # engine imports policies and checks: load it only when reading

    text, problem = decode(data)
    if text is None:
        raise OriginalError(path, "binary file: it contains NUL bytes")
    if problem is not None:
        # "file is not valid UTF-8 (byte 0xe9 at offset 12); checked with invalid bytes replaced"
        raise OriginalError(path, problem[1].message.split(";")[0].removeprefix("file is "))
    return text


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _ids(*candidates: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for c in candidates:
        if c and c not in out:
            out.append(c)
    return tuple(out)


# -- the project's readers ---------------------------------------------------------------------


def from_text(path: str, text: str) -> Original:
    """An original from text already in memory (policy examples, tests); `path` picks the reader."""
    return _from_reader(path, text)


def _from_reader(path: str, text: str) -> Original:
    from .readers import reader_for

    try:
        doc = reader_for(path)(path, text)
    except RecursionError:
        raise OriginalError(path, "file structure is too deeply nested to read") from None
    headline, paragraphs = _split_blocks((b.kind, doc.block_text(b)) for b in doc.blocks)
    if not paragraphs:
        raise OriginalError(path, "no story text: the file holds no paragraph")
    ids = [v for f in doc.meta("uri", "guid") for v in f.values[:1]]
    return Original(
        path=path,
        ids=_ids(*ids, _stem(path)),
        headline=headline,
        paragraphs=paragraphs,
        date=doc.date,
        copyright=_meta(doc, "copyrightnotice", "copyright"),
        usage_terms=_meta(doc, "usageterms", "usage_terms"),
    )


def _meta(doc: Document, *keys: str) -> str | None:
    for f in doc.meta(*keys):
        for v in f.values:
            if v.strip():
                return _collapse(v)
    return None


def _split_blocks(blocks: Iterable[tuple[BlockKind, str]], headline: str = "") -> tuple[str, tuple[str, ...]]:
    """The headline (the first headline block unless one is given) and the other blocks' texts."""
    paragraphs: list[str] = []
    for kind, raw in blocks:
        text = _collapse(raw)
        if not text:
            continue
        if kind is BlockKind.HEADLINE:
            if not headline:
                headline = text
                continue
            if text == headline:
                continue  # the same headline again (front matter title and `# Title`)
        paragraphs.append(text)
    return headline, tuple(paragraphs)


# -- ninjs ---------------------------------------------------------------------------------------


def _ninjs(path: str, text: str) -> Original:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OriginalError(path, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # an integer too long to convert, nesting too deep
        raise OriginalError(path, f"not valid JSON: {type(exc).__name__}: {exc}") from None
    if not isinstance(item, dict):
        raise OriginalError(path, f"a ninjs original must be a JSON object, not {_json_type(item)}")
    bodies = _bodies(path, item)
    if not bodies:
        raise OriginalError(
            path, "no story text: a ninjs original needs body_text or body_html (ninjs 1.x) or bodies (ninjs 2.x)"
        )
    headline = _collapse(_headline(path, item))
    for is_markup, value in bodies:
        if is_markup:
            headline_out, paragraphs = _split_blocks(_html_blocks(value), headline)
        else:
            headline_out, paragraphs = headline, _text_paragraphs(value)
        if paragraphs:
            break
    else:
        raise OriginalError(path, "no story text: the ninjs body is empty")
    date = None
    for key in ("versioncreated", "firstcreated"):
        stamp = _string(path, item, key)
        date = parse_date(stamp) if stamp else None
        if date:
            break
    copyright_notice = _string(path, item, "copyrightnotice")
    usage_terms = _string(path, item, "usageterms")
    return Original(
        path=path,
        ids=_ids(_string(path, item, "uri"), _string(path, item, "guid"), _stem(path)),
        headline=headline_out,
        paragraphs=paragraphs,
        date=date,
        copyright=_collapse(copyright_notice) if copyright_notice else None,
        usage_terms=_collapse(usage_terms) if usage_terms else None,
    )


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _string(path: str, item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value.strip() if value else None
    raise OriginalError(path, f"ninjs field '{key}' must be a string, not {_json_type(value)}")


# Bodies with these roles summarise or annotate the story; they are not its text.
_NOT_STORY = ("summary", "abstract", "teaser", "description", "caption", "note")


def _objects(path: str, item: dict[str, Any], key: str) -> list[tuple[str, str, str]]:
    """A ninjs 2.x array of {role, contenttype, value} objects as (role, contenttype, value)."""
    value = item.get(key)
    if value is None or (key == "body" and isinstance(value, str)):
        return []
    out: list[tuple[str, str, str]] = []
    for obj in value if isinstance(value, list) else [None]:
        text = obj.get("value", obj.get("text")) if isinstance(obj, dict) else None  # "text": 2.0 drafts
        if not isinstance(text, str):
            raise OriginalError(path, f"ninjs field '{key}' must be an array of objects with a string 'value'")
        assert isinstance(obj, dict)
        out.append(
            (str(obj.get("role") or obj.get("name") or "").lower(), str(obj.get("contenttype") or "").lower(), text)
        )
    return out


def _headline(path: str, item: dict[str, Any]) -> str:
    """ninjs 1.x `headline` (a string), else the main entry of ninjs 2.x `headlines`."""
    if isinstance(item.get("headline"), list):  # early ninjs 2.0 drafts: "headline": [{"name", "text"}]
        found = _objects(path, item, "headline")
    elif item.get("headline") is not None:
        return _string(path, item, "headline") or ""
    else:
        found = _objects(path, item, "headlines")
    found.sort(key=lambda h: h[0] not in ("", "main"))  # stable: the main headline first
    return found[0][2] if found else ""


def _bodies(path: str, item: dict[str, Any]) -> list[tuple[bool, str]]:
    """Candidate story bodies as (is_markup, text), best first.

    A body whose role says it is a summary or a note comes last; otherwise markup comes
    first, as it keeps paragraph boundaries that a plain body often lacks.
    """
    found: list[tuple[int, bool, str]] = []
    for key, is_markup in (("body_html", True), ("body_xhtml", True), ("body_text", False)):
        value = _string(path, item, key)
        if value is not None:
            found.append((0, is_markup, value))
    if isinstance(item.get("body"), str):  # not ninjs, but some feeds send it
        found.append((0, bool(_MARKUP_START.match(item["body"])), item["body"]))
    # "body" as an array: early ninjs 2.0 drafts, [{"name": "xhtml", "value": ...}]
    for role, ctype, value in _objects(path, item, "bodies") or _objects(path, item, "body"):
        markup = "html" in ctype or "xml" in ctype or (not ctype and bool(_MARKUP_START.match(value)))
        found.append((int(any(word in role for word in _NOT_STORY)), markup, value))
    found.sort(key=lambda b: (b[0], not b[1]))  # stable: file order among equals
    return [(markup, value) for _, markup, value in found]


def _html_blocks(source: str) -> list[tuple[BlockKind, str]]:
    """Blocks of an HTML body as (kind, text); entities are decoded by the scanner.

    The pieces are joined directly: an original needs no offsets back into the JSON
    string, and `_split_blocks` collapses whitespace as the body builder would.
    """
    from .readers.html import fragment_blocks

    return [
        (kind, "".join(text for text, _ in pieces)) for kind, pieces in fragment_blocks(source, 0, len(source)).blocks
    ]


def _text_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a plain body: split at blank lines, or at every line break when it has none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return tuple(p for p in map(_collapse, parts) if p)
