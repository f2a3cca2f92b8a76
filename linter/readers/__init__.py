"""Readers turn decoded file text into a `Document`; they never judge."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def reader_for(path: str) -> Callable[[str, str], Document]:
    lower = path.lower()
    if lower.endswith(MARKDOWN_SUFFIXES):
        from . import markdown

        return markdown.read
    if lower.endswith(HTML_SUFFIXES):
        from . import html

        return html.read
    from . import text

    return text.read
