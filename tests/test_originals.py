"""Reading originals: every format, the ids and dates they carry, and files that cannot be read."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from linter.originals import MAX_BYTES, Original, OriginalError, read_original

LEAD = "MARROWFIELD, Ore. (AP) — The county water board approved a rate increase on Tuesday."
SECOND = "The increase of 14% takes effect in March, according to figures released by the board."
THIRD = "“We have no other choice,” said Odalys Fenwick, the board chair."
NOTICE = "This material may not be published, broadcast, rewritten or redistributed without permission."


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def ninjs(tmp_path: Path, name: str, **fields: object) -> str:
    return write(tmp_path, name, json.dumps(fields, ensure_ascii=False))


def error(path: str) -> str:
    with pytest.raises(OriginalError) as info:
        read_original(path)
    assert str(info.value) == f"{path}: {info.value.message}"
    assert "\n" not in str(info.value)
    return info.value.message


# -- the project's readers ---------------------------------------------------------------------


def test_plain_text(tmp_path: Path) -> None:
    path = write(
        tmp_path, "ap-1234.txt", f"Water rates rise in Marrowfield\n\n{LEAD}\n\n{SECOND}\nwrapped   line\n\n{THIRD}\n"
    )
    assert read_original(path) == Original(
        path=path,
        ids=("ap-1234",),
        headline="Water rates rise in Marrowfield",
        paragraphs=(LEAD, f"{SECOND} wrapped line", THIRD),
        date=None,
        copyright=None,
        usage_terms=None,
    )


def test_markdown_front_matter_and_repeated_title(tmp_path: Path) -> None:
    source = f"""---
title: "Water rates rise in Marrowfield"
date: 2024-03-05
guid: "wire:abc-1"
copyrightnotice: "Copyright 2024 The Associated Press"
---

# Water rates rise in Marrowfield

{LEAD}

{SECOND}
"""
    original = read_original(write(tmp_path, "story.md", source))
    assert original.headline == "Water rates rise in Marrowfield"
    assert original.paragraphs == (LEAD, SECOND)  # the `# Title` repeats the headline: dropped
    assert original.date == dt.date(2024, 3, 5)
    assert original.ids == ("wire:abc-1", "story")
    assert original.copyright == "Copyright 2024 The Associated Press"


def test_markdown_long_suffix(tmp_path: Path) -> None:
    original = read_original(write(tmp_path, "a.b.markdown", f"# Headline\n\n{LEAD}\n"))
    assert (original.ids, original.headline, original.paragraphs) == (("a.b",), "Headline", (LEAD,))


def test_html_page(tmp_path: Path) -> None:
    source = f"""<!DOCTYPE html><html><head><title>Site</title>
<meta property="article:published_time" content="2023-11-02T08:00:00Z"></head>
<body><nav>Home</nav><article><h1>Water rates rise</h1>
<p>{LEAD.replace("—", "&mdash;")}</p>
<p>{SECOND}</p><figure><figcaption>The plant, in 2019.</figcaption></figure>
</article></body></html>"""
    original = read_original(write(tmp_path, "page.HTM", source))
    assert original.headline == "Water rates rise"
    assert original.paragraphs == (LEAD, SECOND, "The plant, in 2019.")
    assert original.date == dt.date(2023, 11, 2)
    assert original.ids == ("page",)


# -- ninjs ---------------------------------------------------------------------------------------


def test_ninjs_1_body_text(tmp_path: Path) -> None:
    path = ninjs(
        tmp_path,
        "2024/item.json",
        uri="http://wire.example.com/items/20240305-water",
        guid="tag:wire.example.com,2024:water",
        versioncreated="2024-03-05T14:30:00Z",
        firstcreated="2024-03-04T09:00:00Z",
        headline="  Water rates\nrise ",
        body_text=f"{LEAD}\n\n{SECOND}\nwrapped\n\n\n{THIRD}\n",
        copyrightnotice="Copyright 2024 The Associated Press",
        usageterms=NOTICE,
    )
    assert read_original(path) == Original(
        path=path,
        ids=("http://wire.example.com/items/20240305-water", "tag:wire.example.com,2024:water", "item"),
        headline="Water rates rise",
        paragraphs=(LEAD, f"{SECOND} wrapped", THIRD),
        date=dt.date(2024, 3, 5),  # versioncreated before firstcreated
        copyright="Copyright 2024 The Associated Press",
        usage_terms=NOTICE,
    )


def test_ninjs_body_text_without_blank_lines_splits_at_line_breaks(tmp_path: Path) -> None:
    path = ninjs(tmp_path, "a.json", uri="u", body_text=f"{LEAD}\r\n{SECOND}\r\n")
    assert read_original(path).paragraphs == (LEAD, SECOND)


def test_ninjs_1_body_html_preferred_to_body_text(tmp_path: Path) -> None:
    path = ninjs(
        tmp_path,
        "a.json",
        headline="Water rates rise",
        firstcreated="2024-03-04T09:00:00+01:00",
        body_text=f"{LEAD} {SECOND}",  # one run-on string, as many feeds send it
        body_html=f"<h1>Water rates rise</h1><p>{LEAD.replace('—', '&#8212;')}</p>\n<p>{SECOND}<br>\n</p><p> </p>",
    )
    original = read_original(path)
    assert original.paragraphs == (LEAD, SECOND)
    assert original.headline == "Water rates rise"
    assert original.date == dt.date(2024, 3, 4)
    assert original.ids == ("a",)


def test_ninjs_body_html_headline_when_ninjs_has_none(tmp_path: Path) -> None:
    path = ninjs(tmp_path, "a.json", body_xhtml=f"<h1>From the body</h1><p>{LEAD}</p>")
    original = read_original(path)
    assert (original.headline, original.paragraphs) == ("From the body", (LEAD,))


def test_ninjs_empty_html_body_falls_back_to_text(tmp_path: Path) -> None:
    path = ninjs(tmp_path, "a.json", body_html="<p> </p>", body_text=LEAD)
    assert read_original(path).paragraphs == (LEAD,)


def test_ninjs_2_headlines_and_bodies(tmp_path: Path) -> None:
    path = ninjs(
        tmp_path,
        "b.json",
        uri="urn:wire:2",
        versioncreated="2025-01-02T00:00:00Z",
        headlines=[{"role": "short", "value": "Rates up"}, {"role": "main", "value": "Water rates rise"}],
        bodies=[
            {"role": "summary", "contenttype": "text/html", "value": "<p>Rates are going up.</p>"},
            {"role": "main", "contenttype": "text/plain", "value": f"{LEAD} {SECOND}"},
            {"role": "richtext", "contenttype": "application/xhtml+xml", "value": f"<p>{LEAD}</p><p>{SECOND}</p>"},
        ],
    )
    original = read_original(path)
    assert original.headline == "Water rates rise"
    assert original.paragraphs == (LEAD, SECOND)  # markup over plain, never the summary
    assert original.ids == ("urn:wire:2", "b")
    assert original.date == dt.date(2025, 1, 2)


def test_ninjs_2_body_without_content_type_is_sniffed(tmp_path: Path) -> None:
    marked = ninjs(tmp_path, "m.json", bodies=[{"value": f"<p>{LEAD}</p><p>{SECOND}</p>"}])
    plain = ninjs(tmp_path, "p.json", bodies=[{"value": f"{LEAD}\n{SECOND}"}])
    assert read_original(marked).paragraphs == read_original(plain).paragraphs == (LEAD, SECOND)


def test_ninjs_utf16_with_bom(tmp_path: Path) -> None:
    data = json.dumps({"headline": "Ünïcode", "body_text": LEAD}, ensure_ascii=False).encode("utf-16")
    assert read_original(write(tmp_path, "u.json", data)).headline == "Ünïcode"


def test_ninjs_unparseable_date_is_none(tmp_path: Path) -> None:
    assert read_original(ninjs(tmp_path, "a.json", versioncreated="soon", body_text=LEAD)).date is None


# -- files that cannot be read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"headline": "x",', "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 18)"),
        ("", "not valid JSON: Expecting value (line 1, column 1)"),
        ("[1, 2]", "a ninjs original must be a JSON object, not an array"),
        ('"text"', "a ninjs original must be a JSON object, not a string"),
        ("null", "a ninjs original must be a JSON object, not null"),
        ('{"uri": "x", "headline": "only a headline"}', "no story text: a ninjs original needs body_text or body_html"),
        ('{"body_text": "  \\n\\n "}', "no story text: the ninjs body is empty"),
        ('{"body_text": 5}', "ninjs field 'body_text' must be a string, not a number"),
        ('{"body_text": "x", "uri": ["a"]}', "ninjs field 'uri' must be a string, not an array"),
        ('{"bodies": [{"role": "main"}]}', "ninjs field 'bodies' must be an array of objects with a string 'value'"),
        ('{"bodies": {"value": "x"}}', "ninjs field 'bodies' must be an array of objects with a string 'value'"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON: RecursionError"),
    ],
)
def test_invalid_ninjs(tmp_path: Path, text: str, expected: str) -> None:
    assert error(write(tmp_path, "bad.json", text)).startswith(expected)


def test_binary_file(tmp_path: Path) -> None:
    assert (
        error(write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
        == "binary file: it contains NUL bytes"
    )


def test_invalid_utf8_is_refused_not_patched(tmp_path: Path) -> None:
    message = error(write(tmp_path, "latin1.md", "Caf\u00e9 owners object\n\nA story.".encode("latin-1")))
    assert message == "not valid UTF-8 (byte 0xe9 at offset 3)"


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: the size alone refuses it, nothing is read
    assert error(str(path)) == "file is 10.0 MB, over the 10 MB limit"


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    text = json.dumps({"body_text": LEAD})
    path = write(tmp_path, "big.json", text + " " * (MAX_BYTES - len(text)))
    assert os.path.getsize(path) == MAX_BYTES
    assert read_original(path).paragraphs == (LEAD,)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert error(str(tmp_path / "nope.txt")) == "cannot read file: No such file or directory"
    (tmp_path / "dir.md").mkdir()
    assert error(str(tmp_path / "dir.md")).startswith("cannot read file: ")


def test_unsupported_suffix(tmp_path: Path) -> None:
    assert error(write(tmp_path, "story.xml", "<x/>")).startswith("not an original: the name must end in one of .txt")


@pytest.mark.parametrize(
    ("name", "text"), [("empty.txt", ""), ("blank.md", "---\ntitle: Only a title\n---\n\n"), ("e.html", "<p> </p>")]
)
def test_no_story_text(tmp_path: Path, name: str, text: str) -> None:
    assert error(write(tmp_path, name, text)) == "no story text: the file holds no paragraph"


def test_ninjs_2_draft_shapes(tmp_path: Path) -> None:
    """Early ninjs 2.0 drafts (still in IPTC's examples): "headline" and "body" as arrays."""
    path = ninjs(
        tmp_path,
        "draft.json",
        headline=[{"name": "main", "text": "Water rates rise"}],
        body=[
            {"name": "text", "value": f"{LEAD} {SECOND}"},
            {"name": "xhtml", "value": f"<p>{LEAD}</p><p>{SECOND}</p>"},
        ],
    )
    original = read_original(path)
    assert (original.headline, original.paragraphs) == ("Water rates rise", (LEAD, SECOND))
    assert read_original(ninjs(tmp_path, "plain.json", body=f"{LEAD}\n{SECOND}")).paragraphs == (LEAD, SECOND)
