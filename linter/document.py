"""Documents: article text read from disk, with exact positions back into the source.

A reader turns a file into a `Document`: metadata fields plus a sequence of blocks
(headline, paragraphs, captions). All article text is held in one string, `Document.body`,
with blocks as ranges of it, so each check runs its patterns once over one string. Every
piece of that string knows where it came from in the decoded source (`TextMap`), and
`Document.position()` turns a source offset into the 1-based line and column an editor shows.

Columns count Unicode code points from the start of the line. A UTF-8 BOM is not part of
the decoded text, so the first character of a file is always line 1, column 1; a CRLF line
ending belongs to the line it ends.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import datetime as dt

# The line starts of the last source asked about: violations are positioned one document
# at a time, so one entry serves them all without holding every document's index.
_last_lines: tuple[str, list[int]] = ("", [0])


def _line_starts(source: str) -> list[int]:
    global _last_lines
    if _last_lines[0] is source:
        return _last_lines[1]
    lines = [0]
    find = source.find
    i = find("\n")
    while i >= 0:
        lines.append(i + 1)
        i = find("\n", i + 1)
    _last_lines = (source, lines)
    return lines


# How many positions were counted in the last source asked about (Document.position).
_last_counted: list[Any] = [None, 0]
COUNTED = 4  # positions counted in a document before its line starts are indexed


def _counted(source: str) -> bool:
    """May one more position in `source` be counted (rather than looked up in its index)?"""
    if _last_counted[0] is source:
        _last_counted[1] += 1
    else:
        _last_counted[0], _last_counted[1] = source, 1
    return bool(_last_counted[1] <= COUNTED)


@functools.lru_cache(maxsize=64)
def _lowered(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k.lower() for k in keys)


class BlockKind(str, Enum):
    HEADLINE = "headline"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"


class TextMap:
    """A string assembled from pieces of a source text, with the map back to the source.

    `segments` holds, for each piece, its start in `text` and its start in the source; a
    piece is copied verbatim, so offsets inside it map linearly. Text that a reader
    produced without a source (a decoded entity, a joining newline) is a piece of its own
    mapped to the source position it stands for.
    """

    __slots__ = ("_src_starts", "_text_starts", "text")

    def __init__(self, text: str, text_starts: Sequence[int], src_starts: Sequence[int]) -> None:
        self.text = text
        self._text_starts = list(text_starts)
        self._src_starts = list(src_starts)

    def to_source(self, index: int) -> int:
        """The source offset of the character at `index` of `text` (or just past the end)."""
        if not self._text_starts:
            return 0
        j = bisect.bisect_right(self._text_starts, index) - 1
        if j < 0:
            j = 0
        return self._src_starts[j] + (index - self._text_starts[j])

    def to_source_end(self, index: int) -> int:
        """The source offset just past the character at `index - 1` (an exclusive end)."""
        if index <= 0:
            return self.to_source(0)
        return self.to_source(index - 1) + 1


class Block(NamedTuple):
    """One block of article text: `body[start:end]` of its document."""

    kind: BlockKind
    start: int
    end: int


class MetaField(NamedTuple):
    """One metadata field (front matter key, `<meta>` tag, JSON-LD property).

    `values` are the field's scalar values as strings (a list field gives several).
    `offset` is where the value stands in the source, for findings reported on it.
    """

    key: str
    values: tuple[str, ...]
    offset: int


class Directive(NamedTuple):
    """An inline suppression comment: `<!-- wirelint-disable-next AP801: reason -->`."""

    action: str  # "disable-next" | "disable" | "enable" | "disable-file"
    rules: tuple[str, ...]
    reason: str
    offset: int  # where the comment starts in the source
    end: int  # where it ends in the source
    applies_from: int  # first source offset it covers
    applies_to: int  # source offset where its cover ends (exclusive)


class ReadProblem(NamedTuple):
    """Something a reader noticed about the file itself (broken front matter, bad bytes)."""

    code: str  # a WL rule id
    message: str
    offset: int


class Document(NamedTuple):
    path: str
    source: str  # the decoded file text, without a BOM
    format: str  # "markdown" | "html" | "text"
    body_map: TextMap
    blocks: tuple[Block, ...]
    metadata: tuple[MetaField, ...] = ()
    date: dt.date | None = None
    date_offset: int = 0
    directives: tuple[Directive, ...] = ()
    problems: tuple[ReadProblem, ...] = ()

    @property
    def body(self) -> str:
        """All article text, blocks joined by a blank line."""
        return self.body_map.text

    def block_text(self, block: Block) -> str:
        return self.body_map.text[block.start : block.end]

    def meta(self, *keys: str) -> Iterator[MetaField]:
        """Metadata fields whose key is one of `keys` (case-insensitive), in source order."""
        wanted = _lowered(keys)
        return (f for f in self.metadata if f.key.lower() in wanted)

    def offset(self, line: int, column: int) -> int:
        """The source offset of a 1-based (line, column): the inverse of `position`."""
        lines = _line_starts(self.source)
        return lines[min(max(line, 1), len(lines)) - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        source = self.source
        offset = max(0, min(offset, len(source)))
        if _last_lines[0] is not source and _counted(source):
            # The first few positions of a document: counting its line breaks up to the
            # offset (~1-2 us) costs less than indexing every line start (~5 us).
            return source.count("\n", 0, offset) + 1, offset - source.rfind("\n", 0, offset)
        lines = _line_starts(source)
        line = bisect.bisect_right(lines, offset) - 1
        return line + 1, offset - lines[line] + 1


# Every run of whitespace (any Unicode space: tabs, NBSP, line breaks…) renders as one space.
_WS_RUN = re.compile(r"\s{2,}|[^\S ]")


class BodyBuilder:
    """Builds a document body from blocks, each given as pieces of source text.

    The body holds text as a reader sees it rendered: every run of whitespace inside a
    piece becomes one space (a wrapped line is one line), while a piece that is exactly
    "\n" is a hard line break and stays. Leading and trailing whitespace of a block is
    dropped, empty blocks are skipped and blocks are joined by a blank line, so `^` in a
    MULTILINE pattern matches at the start of every block and every hard line.
    """

    __slots__ = ("_blocks", "_length", "_parts", "_src_starts", "_text_starts", "text_started")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._text_starts: list[int] = []  # where each segment starts in the body …
        self._src_starts: list[int] = []  # … and in the source
        self._length = 0
        self._blocks: list[Block] = []
        self.text_started = False  # a block other than a headline has been added

    def add_line(self, kind: BlockKind, text: str, src: int) -> None:
        """Add a block of one piece: the common case (a line of plain text), made cheap."""
        if text.isprintable() and "  " not in text:  # False for tabs, newlines, odd spaces
            stripped = text.strip(" ")
            if stripped:
                self._add(kind, ((stripped, src + len(text) - len(text.lstrip(" "))),))
            return
        self.add_block(kind, ((text, src),))

    def add_plain(self, items: Sequence[tuple[BlockKind, str, int]]) -> None:
        """Add blocks of one clean piece each (no whitespace to collapse or strip), in bulk."""
        parts, text_starts, src_starts, blocks = self._parts, self._text_starts, self._src_starts, self._blocks
        length = self._length
        started = self.text_started
        make, headline = tuple.__new__, BlockKind.HEADLINE  # a Block without NamedTuple's __new__: 60 ns less
        for kind, text, src in items:
            if blocks:
                # The separator's segment, then the text's own (it cannot continue the
                # separator's: the separator stands for no source text).
                parts.append("\n\n")
                text_starts.append(length)
                src_starts.append(src)
                length += 2
                text_starts.append(length)
                src_starts.append(src)
            elif not text_starts or src_starts[-1] + (length - text_starts[-1]) != src:
                text_starts.append(length)
                src_starts.append(src)
            parts.append(text)
            end = length + len(text)
            blocks.append(make(Block, (kind, length, end)))
            length = end
            if kind is not headline:
                started = True
        self._length = length
        self.text_started = started

    def add_block(self, kind: BlockKind, pieces: Sequence[tuple[str, int]]) -> None:
        """Add a block made of `(text, source_offset)` pieces, in order."""
        if len(pieces) == 1 and pieces[0][0].isprintable() and "  " not in pieces[0][0]:
            self.add_line(kind, *pieces[0])
            return
        pieces = _collapse(pieces)
        while pieces and not pieces[0][0].strip():
            pieces.pop(0)
        while pieces and not pieces[-1][0].strip():
            pieces.pop()
        if not pieces:
            return
        first, first_src = pieces[0]
        cut = len(first) - len(first.lstrip())
        pieces[0] = (first[cut:], first_src + cut)
        last, last_src = pieces[-1]
        pieces[-1] = (last.rstrip(), last_src)
        self._add(kind, pieces)

    def _add(self, kind: BlockKind, pieces: Sequence[tuple[str, int]]) -> None:
        parts, text_starts, src_starts = self._parts, self._text_starts, self._src_starts
        length = self._length
        if self._blocks:
            # The separator stands for the start of the block; no finding starts on it.
            parts.append("\n\n")
            text_starts.append(length)
            src_starts.append(pieces[0][1])
            length += 2
        start = length
        for piece, src in pieces:
            parts.append(piece)
            # A piece that continues the previous one in the source extends its segment:
            # most paragraphs then map with a single segment.
            if not text_starts or src_starts[-1] + (length - text_starts[-1]) != src:
                text_starts.append(length)
                src_starts.append(src)
            length += len(piece)
        self._length = length
        self._blocks.append(Block(kind, start, length))
        if kind is not BlockKind.HEADLINE:
            self.text_started = True

    def build(self) -> tuple[TextMap, tuple[Block, ...]]:
        return TextMap("".join(self._parts), self._text_starts, self._src_starts), tuple(self._blocks)


def _collapse(pieces: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Whitespace runs to single spaces, each mapped to where its run starts.

    Runs are also merged across pieces ("After <!-- c --> text" renders one space).
    """
    out: list[tuple[str, int]] = []
    for text, src in pieces:
        if not text:
            continue
        if text == "\n":
            if out and out[-1][0] == " ":
                out.pop()
            out.append((text, src))
            continue
        if out and out[-1][0][-1] in " \n" and text[0].isspace():
            kept = text.lstrip()
            src += len(text) - len(kept)
            text = kept
            if not text:
                continue
        if not _WS_RUN.search(text):
            out.append((text, src))
            continue
        pos = 0
        for m in _WS_RUN.finditer(text):
            if m.start() > pos:
                out.append((text[pos : m.start()], src + pos))
            if not (m.start() == 0 and out and out[-1][0][-1] in " \n"):
                out.append((" ", src + m.start()))
            pos = m.end()
        if pos < len(text):
            out.append((text[pos:], src + pos))
    return out
