"""The Markdown reader: blocks, inline markup removed, and every position exact."""

from __future__ import annotations

import datetime as dt

import pytest

from linter.document import BlockKind, Document
from linter.engine import decode
from linter.readers import markdown, text


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, doc.block_text(b)) for b in doc.blocks]


def where(doc: Document, needle: str) -> tuple[int, int]:
    """Line and column of `needle` in the body, through the offset map."""
    i = doc.body.index(needle)
    return doc.position(doc.body_map.to_source(i))


def test_blocks_and_kinds() -> None:
    doc = markdown.read(
        "a.md",
        "---\ntitle: Bridge reopens\n---\n\n# Bridge reopens\n\nBy JUNE ALCOTT\n\nFirst line\nwrapped here.\n\n"
        "> A quoted\n> paragraph.\n\n- item one\n- item two\n\n![Crews at work (AP Photo/Lee Park)](x.jpg)\n\n*Crews work on the bridge.*\n",
    )
    assert texts(doc) == [
        ("headline", "Bridge reopens"),
        ("headline", "Bridge reopens"),  # headings before the first paragraph are headline material
        ("paragraph", "By JUNE ALCOTT"),
        ("paragraph", "First line wrapped here."),
        ("paragraph", "A quoted paragraph."),
        ("paragraph", "item one"),
        ("paragraph", "item two"),
        ("caption", "Crews at work (AP Photo/Lee Park)"),
        ("caption", "Crews work on the bridge."),
    ]


def test_setext_heading_is_the_headline() -> None:
    doc = markdown.read("a.md", "Bridge reopens\n==============\n\nText.\n")
    assert texts(doc) == [("headline", "Bridge reopens"), ("paragraph", "Text.")]


def test_inline_markup_is_removed_and_offsets_stay_exact() -> None:
    source = 'Read **The** [Associated Press](https://apnews.com "AP") story &mdash; `code` and \\*stars\\*.\n'
    doc = markdown.read("a.md", source)
    assert doc.body == "Read The Associated Press story — code and *stars*."
    for needle in ("The", "Associated", "story", "code", "*stars", "stars*"):
        i = doc.body.index(needle)
        assert source[doc.body_map.to_source(i)] == needle[0], needle
    # A decoded entity maps to its '&'.
    assert source[doc.body_map.to_source(doc.body.index("—")) :].startswith("&mdash;")


def test_code_blocks_and_comments_are_not_text() -> None:
    doc = markdown.read(
        "a.md",
        "Before.\n\n```yaml\nsecret: (AP)\n\nstill code\n```\n\n~~~~\nmore code\n~~~~\n\n    indented code\n\n"
        "<!-- a comment\nover lines -->\n\nAfter <!-- inline --> text.\n",
    )
    assert texts(doc) == [("paragraph", "Before."), ("paragraph", "After text.")]


def test_unclosed_fence_hides_the_rest() -> None:
    doc = markdown.read("a.md", "Before.\n\n```\nnever closed\n\nText.\n")
    assert texts(doc) == [("paragraph", "Before.")]


def test_embedded_html_block_gives_a_caption() -> None:
    source = 'Lead.\n\n<figure>\n<img src="x.jpg">\n<figcaption>Crews at work. (AP Photo/Lee Park)</figcaption>\n</figure>\n\nEnd.\n'
    doc = markdown.read("a.md", source)
    assert texts(doc) == [
        ("paragraph", "Lead."),
        ("caption", "Crews at work. (AP Photo/Lee Park)"),
        ("paragraph", "End."),
    ]
    assert where(doc, "(AP Photo") == (5, 28)


def test_positions_in_a_crlf_file() -> None:
    source = (
        "---\r\ntitle: T\r\ndate: 2025-01-02\r\n---\r\n\r\nFirst paragraph\r\ncontinues (AP) here.\r\n\r\nSecond.\r\n"
    )
    doc = markdown.read("a.md", source)
    assert doc.problems == ()  # the front matter closes on a CRLF line too
    assert doc.date == dt.date(2025, 1, 2)
    assert texts(doc) == [
        ("headline", "T"),
        ("paragraph", "First paragraph continues (AP) here."),
        ("paragraph", "Second."),
    ]
    assert where(doc, "(AP)") == (7, 11)
    assert where(doc, "Second") == (9, 1)


def test_bom_and_utf16_decode_to_the_same_positions() -> None:
    body = "Title\n\nA café story (AP) here.\n"
    for data in (body.encode("utf-8"), b"\xef\xbb\xbf" + body.encode("utf-8"), body.encode("utf-16")):
        decoded, problem = decode(data)
        assert problem is None and decoded is not None
        doc = markdown.read("a.md", decoded)
        assert where(doc, "(AP)") == (3, 14)


def test_utf32_is_read_as_utf32() -> None:
    decoded, problem = decode("Title\n\nA (AP) story.\n".encode("utf-32"))
    assert (decoded, problem) == ("Title\n\nA (AP) story.\n", None)


def test_every_unicode_space_renders_as_one_space() -> None:
    doc = markdown.read("a.md", "A\xa0\xa0(AP)\u2009—\u3000text.\n")
    assert doc.body == "A (AP) — text."
    assert where(doc, "text") == (1, 11)


def test_invalid_utf8_is_replaced_and_located() -> None:
    decoded, problem = decode("Line one\nbad \xff byte".encode("latin-1"))
    assert decoded == "Line one\nbad \ufffd byte"
    assert problem is not None
    code, finding = problem
    assert code == "WL104" and finding.start == 13


def test_nul_bytes_mean_not_text() -> None:
    decoded, problem = decode(b"PNG\x00\x00data")
    assert decoded is None and problem is not None and problem[0] == "WL102"


def test_yaml_front_matter_fields_dates_and_offsets() -> None:
    source = (
        '---\ntitle: "Bridge"\ndate: 2024-03-05T10:00:00Z\nauthor:\n  name: June Alcott\ntags: [a, b]\n---\nText.\n'
    )
    doc = markdown.read("a.md", source)
    fields = {f.key: f.values for f in doc.metadata}
    assert fields == {
        "title": ("Bridge",),
        "date": ("2024-03-05T10:00:00Z",),
        "author": ("June Alcott",),
        "tags": ("a", "b"),
    }
    title = next(doc.meta("title"))
    assert source[title.offset : title.offset + 6] == "Bridge"
    assert doc.date == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("published", "2023-11-02", dt.date(2023, 11, 2)),
        ("pubDate", "Tue, 05 Mar 2024 10:00:00 GMT", dt.date(2024, 3, 5)),
        ("publishDate", "March 5, 2024", dt.date(2024, 3, 5)),
        ("date", "sometime", None),
    ],
)
def test_publication_date_keys(key: str, value: str, expected: dt.date | None) -> None:
    assert markdown.read("a.md", f"---\n{key}: {value}\n---\nText.\n").date == expected


def test_toml_front_matter() -> None:
    doc = markdown.read("a.md", '+++\ntitle = "Bridge"\ndate = 2024-03-05\nsource = "AP"\n+++\nText.\n')
    assert {f.key: f.values for f in doc.metadata} == {"title": ("Bridge",), "date": ("2024-03-05",), "source": ("AP",)}
    assert doc.date == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        ("---\ntitle: [unclosed\n---\n", "front matter is not valid YAML: did not find expected ',' or ']'", 3),
        ("---\ntitle: T\n", "front matter opened with '---' is never closed", 1),
        ("---\n- a list\n---\n", "front matter must be a mapping of keys to values", 2),
        ("+++\ntitle = \n+++\n", "front matter is not valid TOML: Invalid value", 2),
        ("---\na: &x [1, 2]\nb: *x\n---\n", "front matter uses YAML anchors and aliases; not supported", 2),
    ],
)
def test_broken_front_matter_is_reported_and_the_body_still_read(front: str, message: str, line: int) -> None:
    doc = markdown.read("a.md", front + "Body text.\n")
    (problem,) = doc.problems
    assert (problem.code, problem.message, doc.position(problem.offset)[0]) == ("WL105", message, line)
    assert "Body text." in doc.body


def test_alias_bomb_in_front_matter_is_refused_quickly() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    doc = markdown.read("a.md", bomb + "---\nBody.\n")
    assert doc.problems[0].message == "front matter uses YAML anchors and aliases; not supported"
    assert doc.body == "Body."


def test_directives_cover_the_next_block() -> None:
    source = "One.\n\n<!-- wirelint-disable-next AP801, AP501: approved -->\nTwo.\n\nThree.\n"
    doc = markdown.read("a.md", source)
    (d,) = doc.directives
    assert (d.action, d.rules, d.reason) == ("disable-next", ("AP801", "AP501"), "approved")
    assert source[d.applies_from : d.applies_to] == "Two."


def test_plain_text_reader() -> None:
    doc = text.read("a.txt", "Headline here\r\n\r\nLONDON (Reuters) - Body\r\nwrapped.\r\n\r\nEnd.\r\n")
    assert texts(doc) == [
        ("headline", "Headline here"),
        ("paragraph", "LONDON (Reuters) - Body wrapped."),
        ("paragraph", "End."),
    ]
    assert where(doc, "wrapped") == (4, 1)
    assert [b.kind for b in text.read("a.txt", "Just one line").blocks] == [BlockKind.PARAGRAPH]
    dateline_first = text.read("a.txt", "LONDON, March 5 (Reuters) Shares rose.\n\nMore.\n")
    assert [b.kind for b in dateline_first.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


@pytest.mark.parametrize(
    "front",
    [
        'title: "A: b"\ndate: 2024-03-05\nsource: AP\n',
        "a: plain value\nb: -5\nc: null\nd: ~\ne: ''\n",
        'a: "x"\n# a comment\n\nb: y\n',
        "a: x:y\nkey.with.dots: v\nc: -x\nd: yes\n",
        "title: 'It''s'\n",  # escapes, comments, lists, nesting: the composer reads these
        "a: x # comment\n",
        "a: [1, 2]\nb:\n  - c\n",
        "a: @x\n",  # not YAML at all: both report it
    ],
)
def test_fast_front_matter_reads_what_yaml_reads(front: str) -> None:
    from linter.readers import frontmatter

    source = "---\n" + front + "---\nBody.\n"
    fast = frontmatter.split(source)
    composed, problem = frontmatter._composed_fields(front, 4, source)
    assert (fast.fields, fast.problem) == (composed, problem)


def _both_paths(source: str) -> tuple[object, object] | None:
    """(simple path result, general walker result), or None when the simple path declines."""
    from linter.readers.markdown import _State, _walk, _walk_simple

    fm = markdown.frontmatter.split(source)
    fast = _State(source)
    if not _walk_simple(fast, fm.end, source):
        return None
    slow = _State(source)
    _walk(slow, fm.end)
    slow.flush()
    built = [s.body.build() for s in (fast, slow)]
    return [(m.text, m._text_starts, m._src_starts, blocks) for m, blocks in built]


SIMPLE_SHAPES = [
    "",
    "Plain paragraph text (AP) — with “quotes” and 5% of $3.",
    "# Heading",
    "## Second level",
    "### Third",
    "#hashtag line",
    "2024 was a year.",
]
OTHER_SHAPES = [
    "1. a list item",
    "- dash item",
    "> quote",
    " leading space",
    "trailing space ",
    "two  spaces",
    "tab\there",
    "emph *x*",
    "nbsp\xa0here",
    "closing #",
    "#",
    "===",
    "Wow!",
]


def test_simple_path_matches_the_general_walker() -> None:
    import random

    rng = random.Random(20261126)
    accepted = 0
    for _ in range(3000):
        lines = [rng.choice(SIMPLE_SHAPES if rng.random() < 0.9 else OTHER_SHAPES) for _ in range(rng.randint(1, 8))]
        front = rng.choice(["", "---\ntitle: T\n---\n", "---\nsource: AP\n---\n"])
        source = front + "\n".join(lines) + rng.choice(["", "\n", "\n\n"])
        both = _both_paths(source)
        if both is not None:
            accepted += 1
            assert both[0] == both[1], source
    assert accepted > 400  # the property was exercised on many documents (450 with this seed)


def test_simple_path_takes_typical_articles() -> None:
    text = "---\ntitle: T\nsource: AP\n---\n\n# T\n\nBy A, Associated Press\n\nX (AP) — Y.\n\nCopyright 2025 The Associated Press.\n"
    assert _both_paths(text) is not None


def test_a_position_counted_is_the_one_looked_up() -> None:
    # The first positions of a document are counted, later ones looked up in its line
    # index: both give the same (line, column), offsets past either end included.
    import random

    from linter import document

    rng = random.Random(4)
    for _ in range(200):
        source = "".join(rng.choice(["a", "bc", "\n", "\r\n", "é", "\n\n"]) for _ in range(rng.randint(0, 30)))
        doc = markdown.read("x.md", source)
        offsets = [rng.randint(-2, len(source) + 2) for _ in range(12)]
        got = [doc.position(o) for o in offsets]  # the first COUNTED counted, the rest indexed
        for o, (line, column) in zip(offsets, got, strict=True):
            at = max(0, min(o, len(source)))
            before = source[:at]
            assert (line, column) == (before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1), (source, o)
    assert document.COUNTED < 12
