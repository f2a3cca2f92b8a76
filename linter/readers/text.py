"""Plain-text articles: blocks are separated by blank lines; a short first line is the headline."""

from __future__ import annotations

import re

from ..document import BlockKind, BodyBuilder, Document

_BLANK = re.compile(r"\n[ \t\r]*\n")
HEADLINE_MAX = 150


def read(path: str, source: str) -> Document:
    body = BodyBuilder()
    pos = 0
    first = True
    for m in [*_BLANK.finditer(source), None]:
        end = m.start() if m else len(source)
        chunk = source[pos:end]
        if chunk.strip():
            one_line = "\n" not in chunk.strip()
            kind = (
                BlockKind.HEADLINE
                if first and one_line and len(chunk.strip()) <= HEADLINE_MAX and m
                else BlockKind.PARAGRAPH
            )
            # A CRLF file keeps its "\r" inside blocks; patterns treat it as whitespace.
            body.add_block(kind, [(chunk, pos)])
            first = False
        if m:
            pos = m.end()
    body_map, blocks = body.build()
    return Document(path=path, source=source, format="text", body_map=body_map, blocks=blocks)
