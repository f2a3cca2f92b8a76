"""Markdown articles: front matter, then blocks, with inline markup removed and offsets kept.

A hand-written, line-based reader: a full CommonMark parser costs ~1 ms per article and
gives no inline positions, while this one is on the hot path of a pre-commit hook and of
audits over tens of thousands of files (see bench/). It understands what articles use:
ATX and setext headings, paragraphs (wrapped lines joined), block quotes, list items,
fenced and indented code (never checked), HTML comments (never checked; directives read),
embedded HTML blocks (read by the HTML reader), images (alt text and the italic line
after an image are captions), and inline emphasis, links, code spans, entities and escapes.
"""

from __future__ import annotations

import re

from ..document import BlockKind, BodyBuilder, Document
from ..lazyre import LazyRe
from ..literals import contains
from . import frontmatter
from .common import RawDirective, parse_directive, publication_date, resolve_directives

_FENCE = LazyRe(r"(`{3,}|~{3,})")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = LazyRe(r"[ \t]+#+[ \t]*$")
_SETEXT = LazyRe(r"(?:=+|-+)[ \t]*$")
_BREAK = LazyRe(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = LazyRe(r"(?:>[ \t]?)+")
_IMAGE_LINE = LazyRe(r"!\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)[ \t]*$")
_HTML_BLOCK = LazyRe(
    r"</?(?:address|article|aside|blockquote|center|details|dialog|div|dl|figcaption|figure|footer|"
    r"h[1-6]|header|hr|iframe|img|li|main|nav|ol|p|picture|pre|script|section|style|summary|table|"
    r"textarea|ul|video|audio)(?:[\s/>]|$)",
    re.I,
)
_HTML_RAW = LazyRe(r"<(script|pre|style|textarea)\b", re.I)
_SPECIAL = LazyRe(r"[*_\[\]<&\\`~!]")
_INLINE = LazyRe(
    r"(?P<comment><!--.*?-->)"
    r"|!\[(?P<alt>[^\]\n]{0,500})\]\((?:[^()\n]|\([^)\n]{0,500}\)){0,1000}\)"  # image: its alt text stays
    r"|\]\((?:[^()\s]|\([^)\n]{0,500}\)){0,1000}(?:\s+\"[^\"\n]{0,500}\")?\)"  # end of an inline link
    r"|\]\[[^\]]*\]"  # end of a reference link
    r"|(?<!\\)\[(?=[^\]\n]{0,500}\](?:\(|\[))"  # start of a link (bounded: a long line of "[" stays linear)
    r"|<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|https?://[^>\s]*)>"  # inline HTML, autolinks
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|`+"  # code span delimiters (the code text stays)
    r"|(?<![\w*\\])\*{1,3}(?=[^\s*])|(?<=[^\s*\\])\*{1,3}(?![\w*])"  # emphasis
    r"|(?<![\w\\])_{1,3}(?=[^\s_])|(?<=[^\s_\\])_{1,3}(?!\w)"
    r"|~~",
)
_EMPHASIZED = LazyRe(r"(\*{1,2}|_{1,2})[^*_\s].*[^*_\s]?\1[ \t]*$")

Pieces = list[tuple[str, int]]
# Characters that start a line of plain paragraph text (no block syntax can start so).
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\"'(“‘$")


class _State:
    """The reader's working state while it walks the lines of one file."""

    __slots__ = ("after_image", "body", "directives", "in_list", "para", "para_kind", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self.body = BodyBuilder()
        self.directives: list[RawDirective] = []
        self.para: list[tuple[str, int]] = []
        self.para_kind = BlockKind.PARAGRAPH
        self.after_image = False
        self.in_list = False

    def flush(self) -> None:
        if not self.para:
            return
        pieces: Pieces = []
        for i, (text, start) in enumerate(self.para):
            if i:
                # A line ending in two spaces or a backslash is a hard break; others are
                # soft breaks that render as a space.
                prev_text, prev_start = self.para[i - 1]
                hard = prev_text.endswith(("  ", "\\"))
                pieces.append(("\n" if hard else " ", prev_start + len(prev_text)))
            inline(text.rstrip("\\") if i + 1 < len(self.para) else text, start, pieces, self.directives)
        kind = self.para_kind
        if (
            kind is BlockKind.PARAGRAPH
            and self.after_image
            and len(self.para) == 1
            and _EMPHASIZED.match(self.para[0][0])
        ):
            kind = BlockKind.CAPTION
        self.body.add_block(kind, pieces)
        self.after_image = False
        self.para = []
        self.para_kind = BlockKind.PARAGRAPH


def inline(text: str, start: int, pieces: Pieces, directives: list[RawDirective]) -> None:
    """Append `text` (source at `start`) to `pieces` with inline Markdown removed."""
    if not _SPECIAL.search(text):
        pieces.append((text, start))
        return
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            pieces.append((text[pos : m.start()], start + pos))
        pos = m.end()
        if m.group("comment") is not None:
            d = parse_directive(m.group("comment")[4:-3], start + m.start(), start + m.end())
            if d:
                directives.append(d)
        elif m.group("alt") is not None:
            pieces.append((m.group("alt"), start + m.start("alt")))
        elif m.group("entity") is not None:
            import html

            pieces.append((html.unescape(m.group("entity")), start + m.start()))
        elif m.group("escaped") is not None:
            pieces.append((m.group("escaped"), start + m.start("escaped")))
    if pos < len(text):
        pieces.append((text[pos:], start + pos))


def read(path: str, source: str) -> Document:
    fm = frontmatter.split(source)
    st = _State(source)
    title = next((f for f in fm.fields if f.key.lower() in ("title", "headline") and f.values), None)
    if title is not None:
        st.body.add_block(BlockKind.HEADLINE, [(title.values[0], title.offset)])
    if not _walk_simple(st, fm.end, source):
        _walk(st, fm.end)
        st.flush()
    body_map, blocks = st.body.build()
    date, date_offset = publication_date(fm.fields)
    return Document(
        path=path,
        source=source,
        format="markdown",
        body_map=body_map,
        blocks=blocks,
        metadata=fm.fields,
        date=date,
        date_offset=date_offset,
        directives=resolve_directives(st.directives, body_map, blocks, len(source)),
        problems=(fm.problem,) if fm.problem else (),
    )


# A document takes the simple path when it has none of these characters (inline markup,
# whitespace other than spaces and newlines: every `str.isspace` character), no runs of
# spaces, and its lines pass the checks in `_walk_simple`. Single-character `in` tests run
# at memory speed; one regex alternation for the same job cost 0.14 ms per article.
_NOT_SIMPLE_CHARS = tuple(
    "*_[]<&\\`~!\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
) + tuple(chr(c) for c in range(0x2000, 0x200B))
_NOT_SIMPLE_START = frozenset(" >+=|-")


def _walk_simple(st: _State, start: int, source: str) -> bool:
    """Read a document made of one-line paragraphs and ATX headings in one pass.

    Most articles are exactly that; this path gives the same blocks and offsets as
    `_walk` (a test compares them) without its per-line state machine. Returns False,
    having changed nothing, when the document needs `_walk`.
    """
    region = source[start:]
    # `in` tries a match at every space for "  " (7 us an article); `regex` skips faster.
    if contains(region, "  ") or any(c in region for c in _NOT_SIMPLE_CHARS):
        return False
    items: list[tuple[BlockKind, str, int]] = []
    text_started = st.body.text_started
    pos = start
    previous_blank = True
    paragraph, not_start, append = BlockKind.PARAGRAPH, _NOT_SIMPLE_START, items.append
    for line in region.split("\n"):
        at = pos
        pos += len(line) + 1
        if not line:
            previous_blank = True
            continue
        first = line[0]
        if not previous_blank or first in not_start or line[-1] == " ":
            return False  # a wrapped paragraph or setext heading, block syntax, a trailing space
        previous_blank = False
        if first.isdigit() and _LIST.match(line):
            return False
        if first == "#" and (atx := _ATX.match(line)):
            if atx.end() == len(line) or line[-1] == "#":
                return False  # an empty heading, or closing hashes
            # Headings before the story's first paragraph (title, deck) are headline material.
            kind = paragraph if text_started else BlockKind.HEADLINE
            append((kind, line[atx.end() :], at + atx.end()))
        else:
            append((paragraph, line, at))
            text_started = True
    st.body.add_plain(items)
    return True


def _lines(source: str, start: int) -> list[tuple[str, int]]:
    """(content without line ending, offset) for every line from `start`."""
    out = []
    pos = start
    for raw in source[start:].split("\n"):
        out.append((raw[:-1] if raw.endswith("\r") else raw, pos))
        pos += len(raw) + 1
    return out


def _walk(st: _State, start: int) -> None:
    lines = _lines(st.source, start)
    i = 0
    n = len(lines)
    plain_start = _PLAIN_START
    while i < n:
        text, at = lines[i]
        i += 1
        # Fast path: a one-line paragraph of plain text (most lines of most articles).
        if (
            text
            and text[0] in plain_start
            and not st.para
            and (i == n or not lines[i][0].strip())
            and not _SPECIAL.search(text)
        ):
            st.in_list = False
            st.body.add_line(BlockKind.PARAGRAPH, text, at)
            st.after_image = False
            continue
        if not text:
            if st.para:
                st.flush()
            continue
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if not stripped.strip():
            st.flush()
            continue
        if text.startswith("\t") or indent >= 4:
            if not st.para and not st.in_list:
                continue  # indented code: never checked
            st.para.append((stripped.lstrip("\t"), at + len(text) - len(stripped.lstrip("\t"))))
            continue
        first = stripped[0]
        body_at = at + indent
        if first in "`~" and (fence := _FENCE.match(stripped)):
            st.flush()
            i = _skip_fence(lines, i, fence.group(1))
            continue
        if first == "<":
            if stripped.startswith("<!--") and ("-->" not in stripped or stripped.rstrip().endswith("-->")):
                st.flush()
                i = _comment(st, lines, i - 1, indent)
                continue
            if not st.para and _HTML_BLOCK.match(stripped):
                st.flush()
                i = _html_block(st, lines, i - 1, stripped)
                continue
        if first == "#" and (atx := _ATX.match(stripped)):
            st.flush()
            content = _ATX_CLOSE.sub("", stripped[atx.end() :])
            # Headings before the story's first paragraph (title, deck) are headline material.
            st.para = [(content, body_at + atx.end())]
            st.para_kind = BlockKind.PARAGRAPH if st.body.text_started else BlockKind.HEADLINE
            st.flush()
            continue
        if first in "=-" and st.para and _SETEXT.match(stripped):
            if not st.body.text_started:
                st.para_kind = BlockKind.HEADLINE
            st.flush()
            continue
        if first in "*-_" and _BREAK.match(stripped):
            st.flush()
            st.in_list = False
            continue
        if first == ">" and (quote := _QUOTE.match(stripped)):
            rest = stripped[quote.end() :]
            if not rest.strip():
                st.flush()
            else:
                st.para.append((rest, body_at + quote.end()))
            continue
        if (first in "-+*" or first.isdigit()) and (item := _LIST.match(stripped)):
            st.flush()
            st.in_list = True
            st.para = [(stripped[item.end() :], body_at + item.end())]
            continue
        if first == "!" and (image := _IMAGE_LINE.match(stripped)):
            st.flush()
            st.body.add_block(BlockKind.CAPTION, [(image.group(1), body_at + image.start(1))])
            st.after_image = True
            continue
        if not st.para:
            st.in_list = False
        opened = stripped.rfind("<!--")
        if opened >= 0 and "-->" not in stripped[opened + 4 :]:
            # A comment that opens mid-paragraph and closes on a later line: the text
            # before it and after it stays, the lines between are not article text.
            if stripped[:opened].strip():
                st.para.append((stripped[:opened], body_at))
            i = _comment(st, lines, i - 1, indent + opened)
            close_line, close_at = lines[i - 1] if i - 1 < n else ("", 0)
            end = st.source.find("-->", body_at + opened + 4)
            if end >= 0:
                rest = st.source[end + 3 : close_at + len(close_line)]
                if rest.strip():
                    st.para.append((rest, end + 3))
            continue
        st.para.append((stripped, body_at))


def _skip_fence(lines: list[tuple[str, int]], i: int, fence: str) -> int:
    """Index of the line after the closing fence (or the end): code is never checked."""
    closing = re.compile(re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
    while i < len(lines):
        text = lines[i][0].lstrip(" ")
        i += 1
        if closing.match(text):
            break
    return i


def _comment(st: _State, lines: list[tuple[str, int]], i: int, indent: int) -> int:
    """Read an HTML comment starting on line `i`; return the index after its last line."""
    start = lines[i][1] + indent
    source = st.source
    close = source.find("-->", start + 4)
    end = len(source) if close < 0 else close + 3
    d = parse_directive(source[start + 4 : close if close >= 0 else end], start, end)
    if d:
        st.directives.append(d)
    while i < len(lines) and lines[i][1] + len(lines[i][0]) < end:
        i += 1
    return i + 1


def _html_block(st: _State, lines: list[tuple[str, int]], i: int, stripped: str) -> int:
    """Read an embedded HTML block (to a blank line, or to the raw element's end tag)."""
    from . import html as html_reader

    start = lines[i][1] + len(lines[i][0]) - len(stripped)
    raw = _HTML_RAW.match(stripped)
    j = i
    if raw:
        close = re.compile(r"</" + raw.group(1) + r"\s*>", re.I)
        while j < len(lines) and not close.search(lines[j][0]):
            j += 1
        j = min(j + 1, len(lines))
    else:
        while j < len(lines) and lines[j][0].strip():
            j += 1
    last_text, last_at = lines[j - 1]
    end = last_at + len(last_text)
    fragment = html_reader.fragment_blocks(st.source, start, end)
    for kind, pieces in fragment.blocks:
        st.body.add_block(kind, pieces)
    st.directives.extend(fragment.directives)
    return j
