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
        line = chunk.strip()
        if line:
            # A short first line is the headline, unless it ends like a sentence (a
            # dateline paragraph such as "LONDON (Reuters) - Shares rose.").
            headline = (
                first
                and m is not None
                and "\n" not in line
                and len(line) <= HEADLINE_MAX
                and not line.endswith((".", "!", "?", '"', "”"))
            )
            body.add_block(BlockKind.HEADLINE if headline else BlockKind.PARAGRAPH, [(chunk, pos)])
            first = False
        if m:
            pos = m.end()
    body_map, blocks = body.build()
    return Document(path=path, source=source, format="text", body_map=body_map, blocks=blocks)
