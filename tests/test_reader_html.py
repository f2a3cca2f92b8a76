"""The HTML reader: visible text only, blocks and kinds, metadata, directives, exact offsets."""

from __future__ import annotations

import datetime as dt
import random
import sys
import threading
import time
import tracemalloc

import pytest

from linter.document import BlockKind, Document
from linter.readers import html


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, doc.block_text(b)) for b in doc.blocks]


def body_texts(source: str) -> list[str]:
    return [doc_text for _, doc_text in texts(html.read("a.html", source))]


def assert_offsets_exact(doc: Document) -> None:
    """Every visible character maps to itself in the source, or to the '&' of its entity."""
    for i, ch in enumerate(doc.body):
        if ch.isspace():
            continue
        src = doc.body_map.to_source(i)
        assert doc.source[src] in (ch, "&"), (i, ch, doc.source[src - 10 : src + 10])


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lawmakers reach budget deal &#8211; Riverton Daily</title>
<meta property="article:published_time" content="2024-03-05T14:30:00Z">
<meta name="author" content="Jane Roe">
<meta name=byline content='By JANE ROE, Associated Press'>
<style>p::before { content: "(AP) not text"; }</style>
<script>if (a < b) { document.write("<p>WASHINGTON (AP) fake</p>"); }</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News (AP)</a></nav>
<article>
<h1>Lawmakers reach <em>budget</em> deal</h1>
<p class="byline">By JANE ROE<br>Associated Press</p>
<p>WASHINGTON (AP) &mdash; Lawmakers reached a budget deal late Tuesday, ending a <a href="/t">weeks-long</a> standoff.</p>
<!-- an editor's note, not text (AP) -->
<figure><img src="capitol.jpg" alt="The Capitol"><figcaption>The Capitol at dusk. (AP Photo/John Doe)</figcaption></figure>
<pre>Copyright code sample (AP)</pre>
<p>&copy; 2024 The Associated Press. All rights reserved.</p>
</article>
<time datetime="2023-01-01">Old date in the footer</time>
</body>
</html>
"""


def test_visible_blocks_and_kinds() -> None:
    doc = html.read("a.html", PAGE)
    assert doc.format == "html"
    assert texts(doc) == [
        ("headline", "Lawmakers reach budget deal"),
        ("paragraph", "By JANE ROE\nAssociated Press"),
        ("paragraph", "WASHINGTON (AP) — Lawmakers reached a budget deal late Tuesday, ending a weeks-long standoff."),
        ("caption", "The Capitol at dusk. (AP Photo/John Doe)"),
        ("paragraph", "© 2024 The Associated Press. All rights reserved."),
        ("paragraph", "Old date in the footer"),
    ]
    # Head, style, script, nav, pre and comments are not article text.
    for hidden in ("Riverton", "not text", "fake", "Home", "News (AP)", "code sample", "editor"):
        assert hidden not in doc.body


def test_offsets_point_at_the_same_character() -> None:
    doc = html.read("a.html", PAGE)
    assert_offsets_exact(doc)
    needles = ("Lawmakers reach", "deal", "By JANE", "Associated Press", "WASHINGTON", "Lawmakers reached")
    for needle in (*needles, "weeks-long", "standoff", "The Capitol at", "(AP Photo", "2024 The"):
        i = doc.body.index(needle)
        src = doc.body_map.to_source(i)
        assert PAGE[src : src + len(needle)] == needle, needle
    # A decoded entity maps to its '&'; the text after it is exact again.
    assert PAGE[doc.body_map.to_source(doc.body.index("—")) :].startswith("&mdash;")
    assert PAGE[doc.body_map.to_source(doc.body.index("©")) :].startswith("&copy; 2024")
    # A <br> is a newline mapped to the tag; the line after it is exact.
    br = doc.body.index("\n", doc.body.index("By JANE"))
    assert PAGE[doc.body_map.to_source(br) :].startswith("<br>Associated")
    assert PAGE[doc.body_map.to_source(br + 1) :].startswith("Associated Press</p>")


def test_positions_in_a_crlf_file() -> None:
    source = (
        "<html>\r\n<body>\r\n<h1>Title</h1>\r\n<p>First line\r\n  WASHINGTON (AP) &mdash; Text.</p>\r\n"
        "<p>Next<br>\r\nline</p>\r\n</body></html>\r\n"
    )
    doc = html.read("a.html", source)
    assert_offsets_exact(doc)

    def where(needle: str) -> tuple[int, int]:
        return doc.position(doc.body_map.to_source(doc.body.index(needle)))

    assert where("Title") == (3, 5)
    assert where("First") == (4, 4)
    assert where("WASHINGTON") == (5, 3)
    assert where("—") == (5, 19)
    assert where("Text.") == (5, 27)
    assert where("line") == (4, 10)  # of "First line"
    assert doc.position(doc.body_map.to_source(doc.body.rindex("line"))) == (7, 1)  # after the <br>


def test_metadata_keys_values_and_offsets() -> None:
    doc = html.read("a.html", PAGE)
    fields = {f.key: f for f in doc.metadata}
    assert [f.key for f in doc.metadata] == ["title", "article:published_time", "author", "byline", "datetime"]
    assert fields["title"].values == ("Lawmakers reach budget deal – Riverton Daily",)
    assert fields["author"].values == ("Jane Roe",)
    assert fields["byline"].values == ("By JANE ROE, Associated Press",)
    assert fields["datetime"].values == ("2023-01-01",)
    for f in doc.metadata:
        raw = f.values[0].split(" ")[0]
        assert PAGE[f.offset : f.offset + len(raw)] == raw, f.key
    assert PAGE[fields["article:published_time"].offset - 1] == '"'
    assert [f.key for f in doc.meta("AUTHOR")] == ["author"]


def test_date_from_published_time_beats_time_element() -> None:
    doc = html.read("a.html", PAGE)
    assert doc.date == dt.date(2024, 3, 5)
    assert PAGE[doc.date_offset :].startswith("2024-03-05T14:30:00Z")


def test_date_from_time_element_when_nothing_else() -> None:
    source = (
        '<p>Posted <time datetime="2024-07-04T08:00:00Z">July 4</time></p><p><time datetime="2020-01-01">x</time></p>'
    )
    doc = html.read("a.html", source)
    assert doc.date == dt.date(2024, 7, 4)
    assert source[doc.date_offset :].startswith("2024-07-04T08")
    assert [(f.key, f.values) for f in doc.metadata] == [("datetime", ("2024-07-04T08:00:00Z",))]


def test_json_ld_fields_and_date() -> None:
    source = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "datePublished": "2020-01-01"},
  {"@type": "NewsArticle", "datePublished": "2024-03-05T10:00:00-05:00",
   "author": [{"@type": "Person", "name": "Jane Roe"}, "John Doe"],
   "publisher": {"@type": "Organization", "name": "Riverton Daily"},
   "copyrightHolder": {"name": "The Associated Press"},
   "copyrightNotice": "Copyright 2024 The Associated Press", "creditText": "AP"}
]}
</script>
<script type="application/ld+json">[{"@type": "Article", "creator": "Lee Park"}, 5]</script>
<script type="application/ld+json">{"broken": </script>
</head><body><p>RIVERTON (AP) — Text.</p><time datetime="2019-05-05">then</time></body></html>"""
    doc = html.read("a.html", source)
    fields = {f.key: f for f in doc.metadata}
    assert fields["datePublished"].values == ("2024-03-05T10:00:00-05:00", "2020-01-01")
    assert fields["author"].values == ("Jane Roe", "John Doe")
    assert fields["publisher"].values == ("Riverton Daily",)
    assert fields["copyrightHolder"].values == ("The Associated Press",)
    assert fields["copyrightNotice"].values == ("Copyright 2024 The Associated Press",)
    assert fields["creditText"].values == ("AP",)
    assert fields["creator"].values == ("Lee Park",)
    assert source[fields["author"].offset :].startswith('\n{"@context"')
    assert source[fields["creator"].offset :].startswith('[{"@type"')
    assert doc.metadata[-1].key == "datetime"
    assert doc.date == dt.date(2024, 3, 5)
    assert doc.date_offset == fields["datePublished"].offset
    assert texts(doc) == [("paragraph", "RIVERTON (AP) — Text."), ("paragraph", "then")]


def test_json_ld_over_the_cap_is_ignored() -> None:
    big = '{"datePublished": "2024-01-02", "pad": "' + "x" * 1_000_001 + '"}'
    doc = html.read("a.html", f'<script type="application/ld+json">{big}</script><p>Text.</p>')
    assert doc.metadata == ()
    assert doc.date is None
    deep = "[" * 100_000 + "]" * 100_000
    doc = html.read("a.html", f'<script type="application/ld+json">{deep}</script><p>Text.</p>')
    assert doc.metadata == ()


def test_directives_collected_and_resolved() -> None:
    source = (
        "<p>First paragraph.</p>\n"
        "<!-- wirelint-disable-next AP801: the about-us blurb is quoted on purpose -->\n"
        "<p>The Associated Press is an independent global news organization.</p>\n"
        "<!-- wirelint-disable AP202 -->\n<p>Middle.</p>\n<!-- wirelint-enable AP202 -->\n"
        "<!-- just a comment -->\n<p>Last.</p>\n"
    )
    doc = html.read("a.html", source)
    assert [(d.action, d.rules) for d in doc.directives] == [
        ("disable-next", ("AP801",)),
        ("disable", ("AP202",)),
        ("enable", ("AP202",)),
    ]
    nxt = doc.directives[0]
    assert nxt.reason == "the about-us blurb is quoted on purpose"
    assert nxt.offset == source.index("<!-- wirelint-disable-next")
    assert source[nxt.end - 3 : nxt.end] == "-->"
    # disable-next covers exactly the next block.
    assert nxt.applies_from == source.index("The Associated Press")
    assert nxt.applies_to == source.index("</p>", nxt.applies_from)
    off = doc.directives[1]
    assert (off.applies_from, off.applies_to) == (off.end, doc.directives[2].offset)


def test_fragment_of_a_markdown_file() -> None:
    md = (
        "Intro (AP) paragraph.\n\n"
        "<figure><img src=x><figcaption>Crews at work (AP Photo/Jane&nbsp;Roe)</figcaption></figure>\n\n"
        "<!-- wirelint-disable-next AP401 -->\n\nMore.\n"
    )
    start = md.index("<figure>")
    end = md.index("</figure>") + len("</figure>")
    fragment = html.fragment_blocks(md, start, end)
    assert fragment.directives == []
    assert [kind for kind, _ in fragment.blocks] == [BlockKind.CAPTION]
    pieces = fragment.blocks[0][1]
    assert "".join(text for text, _ in pieces) == "Crews at work (AP Photo/Jane\xa0Roe)"
    for text, offset in pieces:
        assert md[offset : offset + len(text)] == text or md[offset] == "&"
    assert pieces[0][1] == md.index("Crews")
    comment = md.index("<!--")
    fragment = html.fragment_blocks(md, comment, md.index("-->") + 3)
    assert fragment.blocks == []
    assert [(d.action, d.rules, d.start) for d in fragment.directives] == [("disable-next", ("AP401",), comment)]


def test_fragment_stays_inside_its_range() -> None:
    source = "xx <p>Inside <b>bold</b> text</p><p>Outside</p>"
    end = source.index("<p>Outside")
    fragment = html.fragment_blocks(source, 3, end)
    assert [(k, "".join(t for t, _ in p)) for k, p in fragment.blocks] == [(BlockKind.PARAGRAPH, "Inside bold text")]
    assert all(3 <= offset < end for _, p in fragment.blocks for _, offset in p)
    # Out-of-range bounds are clamped, not an error.
    assert [k for k, _ in html.fragment_blocks(source, -5, 10_000).blocks] == [BlockKind.PARAGRAPH] * 3
    assert html.fragment_blocks(source, 30, 10).blocks == []


def test_headline_is_the_first_h1_of_the_body_only() -> None:
    source = "<nav><h1>Site</h1></nav><h2>Kicker</h2><h1>Real headline</h1><h1>Second h1</h1><p>Text</p>"
    assert texts(html.read("a.html", source)) == [
        ("paragraph", "Kicker"),
        ("headline", "Real headline"),
        ("paragraph", "Second h1"),
        ("paragraph", "Text"),
    ]


def test_caption_kind_covers_nested_blocks() -> None:
    source = "<figure><figcaption><p>Line one</p> tail (AP Photo)</figcaption></figure><p>After</p>"
    assert texts(html.read("a.html", source)) == [
        ("caption", "Line one"),
        ("caption", "tail (AP Photo)"),
        ("paragraph", "After"),
    ]


def test_no_body_tag_and_unclosed_head() -> None:
    assert body_texts("<title>T</title><p>RIVERTON (AP) — Text.</p>") == ["RIVERTON (AP) — Text."]
    assert body_texts("<html><head><title>T</title><meta name=a content=b><p>Para</p>") == ["Para"]
    assert body_texts("<head><title>T</title>\nLoose text") == ["Loose text"]
    assert body_texts("<head><title>T</title></head>\n<p>One</p>\n</body>\nTwo") == ["One", "Two"]


def test_raw_text_elements_are_never_tokenized() -> None:
    source = (
        '<script>document.write("</div><p>fake (AP)</p><!--")</SCRIPT><p>real</p>'
        "<textarea><p>form</p></textarea><style>a{}</style><noscript><p>no script</p></noscript>"
        "<svg><title>icon</title><text>svg text</text></svg><template><p>later</p></template><p>end</p>"
    )
    assert body_texts(source) == ["real", "end"]


def test_nested_hidden_elements() -> None:
    source = "<nav><nav></nav>still hidden</nav><p>shown</p><pre><pre></pre>code</pre><p>too</p><svg/><p>after</p>"
    assert body_texts(source) == ["shown", "too", "after"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>One<p>Two<div>Three", ["One", "Two", "Three"]),
        ("</p>Text</p></div></span>", ["Text"]),
        ("<p>If a < b and 5 <= 6 then</p>", ["If a < b and 5 <= 6 then"]),
        ("<p>Before</p><!-- never closed <p>hidden", ["Before"]),
        ('<p>Before</p><script>var x = "<p>no";', ["Before"]),
        ("<p class=lead title=\"a > b\" data-x='c>d'>Text</p>", ["Text"]),
        ("<p><a href=/x?a=1&b=2 rel=nofollow>link</a> here</p>", ["link here"]),
        ("<P>One</P><DIV>Two<BR>three</DIV><Script>x</sCRIPT><H1>Big</H1>", ["One", "Two\nthree", "Big"]),
        ('<p>One<br/>Two<img src="x"/>Three<hr/>Four</p>', ["One\nTwoThree", "Four"]),
        ("<p>AT&T &amp; R&D &unknown; &#xZZ; &#169;</p>", ["AT&T & R&D &unknown; &#xZZ; ©"]),
        ("<p>Unterminated <a href='x", ["Unterminated"]),
        ("<p>Tag at end <b", ["Tag at end"]),
        ("<!DOCTYPE html><?xml version='1.0'?><![CDATA[ cdata <p>x</p> ]]><p>Text</p>", ["Text"]),
        ("<p>a</ b>c</>d</p>", ["acd"]),
        ("", []),
        ("Plain (AP) text, no tags", ["Plain (AP) text, no tags"]),
        ("<p>x</p></", ["x", "</"]),
    ],
)
def test_malformed_markup(source: str, expected: list[str]) -> None:
    doc = html.read("a.html", source)
    assert [doc.block_text(b) for b in doc.blocks] == expected
    assert_offsets_exact(doc)


def test_random_markup_never_raises() -> None:
    pieces = [
        "<", ">", "</", "/>", "p", "div", "h1", "br", "script", "nav", "SVG", "figcaption", "head", "body",
        "<!--", "-->", "<!", "<?", "]]>", "<![CDATA[", "&", "&amp;", "&#", ";", "x", "'", '"', "=", " ",
        "\r\n", "\n", "(AP)", "wirelint-disable-next AP801", "<time datetime=", "<meta name=a content=",
        '<script type="application/ld+json">', "{", "}", "[",
    ]  # fmt: skip
    rng = random.Random(20240305)
    for _ in range(400):
        source = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 80)))
        doc = html.read("a.html", source)
        assert_offsets_exact(doc)
        for b in doc.blocks:
            assert 0 <= doc.body_map.to_source(b.start) <= len(source)
        start = rng.randrange(0, len(source) + 1)
        end = rng.randrange(start, len(source) + 1)
        fragment = html.fragment_blocks(source, start, end)
        assert all(start <= offset <= end for _, p in fragment.blocks for _, offset in p)


def test_deep_nesting_is_fast_flat_and_small() -> None:
    source = "<div>" * 20000 + "<p>RIVERTON (AP) — Deep text.</p>" + "</div>" * 20000
    tracemalloc.start()
    began = time.perf_counter()
    try:
        doc = html.read("deep.html", source)
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [doc.block_text(b) for b in doc.blocks] == ["RIVERTON (AP) — Deep text."]
    assert elapsed < 2.0
    assert peak < 20 * len(source)
    for deep in (
        "<span>" * 20000 + "inline text" + "</span>" * 20000,
        "<DIV>" * 20000 + "upper text",
        "<svg>" * 20000 + "</svg>" * 20000 + "<p>after svg</p>",
        "<nav>" * 20000 + "never shown",
    ):
        deep_doc = html.read("deep.html", deep)
        assert [deep_doc.block_text(b) for b in deep_doc.blocks] == [
            t for t in ("inline text", "upper text", "after svg") if t in deep
        ]


def test_no_python_recursion() -> None:
    # Under a recursion limit far below the nesting depth, any recursion would fail.
    source = "<div><blockquote><span>" * 20000 + "Deep (AP) text" + "</span></blockquote></div>" * 20000
    result: list[Document] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(html.read("deep.html", source))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        sys.setrecursionlimit(old)
    assert errors == []
    assert [result[0].block_text(b) for b in result[0].blocks] == ["Deep (AP) text"]
