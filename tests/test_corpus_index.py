"""Linking a republished story to its original by content, and by path and id."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from linter import corpus_index
from linter.corpus_index import OriginalsIndex, story_fingerprints, words
from linter.originals import Original

# -- a small seeded generator of alike wire stories (everything invented) ------------------------

TOWNS = ("Marrowfield", "Kettleby", "Ashcombe Falls", "Dunmere", "Pellridge", "Quillhaven")
STATES = ("Ore.", "Wash.", "Mont.", "Neb.")
FIRST = (
    "Odalys",
    "Bastian",
    "Tamsin",
    "Joren",
    "Liesl",
    "Perrin",
    "Verity",
    "Anselm",
    "Mireya",
    "Soren",
    "Ilsa",
    "Caelan",
)
LAST = (
    "Fenwick",
    "Halmere",
    "Corrigan",
    "Vossby",
    "Ashdown",
    "Pelling",
    "Dunstable",
    "Marlow",
    "Quince",
    "Ridley",
    "Orme",
)
ROLES = ("the board chair", "a retired teacher", "the city manager", "a farmer", "the county engineer")
MONTHS = ("January", "March", "May", "July", "September", "November")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
TOPICS = (
    {"body": "the water board", "thing": "the treatment plant", "issue": "higher water bills"},
    {"body": "the school board", "thing": "the high school gym", "issue": "larger class sizes"},
    {"body": "the transit authority", "thing": "the rail depot", "issue": "longer commutes"},
    {"body": "the planning commission", "thing": "the old mill site", "issue": "rising rents"},
)
SENTENCES = (
    "{Body} voted {a}-{b} on {day} to approve a plan worth ${m} million.",
    "About {n} households would feel the change starting in {month}, officials said.",
    "{Name}, who has lived in {town} for {k} years, said the decision came too fast.",
    "The last upgrade of {thing} was finished in {year} and cost ${m} million.",
    "Residents of {town} filled the meeting room, and {k} of them spoke against the plan.",
    "Critics warned of {issue}, while supporters said the work was long overdue.",
    "{Body} plans a second hearing in {month} before a final vote.",
    "State records show {thing} failed {k} inspections since {year}.",
    "Officials estimated that {n} people use {thing} every week.",
    "A consultant hired by {body} recommended spreading the work over {k} years.",
    "{Name} said the town had waited long enough and urged neighbors to attend.",
    "Budget papers show the county set aside ${m} million for {thing} in {year}.",
)
QUOTES = (
    "We cannot keep patching this and hoping for the best",
    "Nobody asked the people who will pay for it",
    "This is the right decision, even if it is a hard one",
    "I have never seen this many people at a meeting",
)
COPYRIGHT = "Copyright 2024 The Associated Press. All rights reserved."
NOTICE = "This material may not be published, broadcast, rewritten or redistributed without permission."


class Story(NamedTuple):
    name: str
    headline: str
    paragraphs: list[str]


def make_story(rng: random.Random, name: str) -> Story:
    town, topic = rng.choice(TOWNS), rng.choice(TOPICS)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]

    def sentence() -> str:
        values = {
            "town": town,
            "body": topic["body"],
            "Body": topic["body"].capitalize(),
            "thing": topic["thing"],
            "issue": topic["issue"],
            "Name": rng.choice(people),
            "a": rng.randrange(4, 8),
            "b": rng.randrange(0, 4),
            "day": rng.choice(DAYS),
            "month": rng.choice(MONTHS),
            "m": rng.randrange(2, 900),
            "n": f"{rng.randrange(200, 40000):,}",
            "k": rng.randrange(2, 100),
            "year": rng.randrange(1950, 2024),
        }
        return rng.choice(SENTENCES).format(**values)

    paragraphs = [f"{town.upper()}, {rng.choice(STATES)} (AP) — {sentence()} {sentence()}"]
    for _ in range(rng.randrange(12, 20)):
        if rng.random() < 0.25:
            paragraphs.append(f"“{rng.choice(QUOTES)},” said {rng.choice(people)}, {rng.choice(ROLES)}. {sentence()}")
        else:
            paragraphs.append(" ".join(sentence() for _ in range(rng.randrange(2, 4))))
    paragraphs.append(f"{COPYRIGHT} {NOTICE}")
    return Story(name, f"{town} weighs {topic['issue']} as {topic['body']} acts", paragraphs)


def write_original(folder: Path, story: Story, index: int) -> None:
    """Five formats in turn, in year folders, as a wire archive might hold them."""
    sub = folder / str(2020 + index % 5)
    sub.mkdir(parents=True, exist_ok=True)
    kind = index % 5
    if kind in (0, 1):
        item: dict[str, object] = {"uri": f"urn:wire:{story.name}", "guid": f"guid-{index}", "headline": story.headline}
        if kind == 0:
            item["body_text"] = "\n\n".join(story.paragraphs)
        else:
            item["body_html"] = "".join(f"<p>{p}</p>\n" for p in story.paragraphs)
        (sub / f"{story.name}.json").write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    elif kind == 2:
        text = f"---\ntitle: {json.dumps(story.headline)}\n---\n\n" + "\n\n".join(story.paragraphs)
        (sub / f"{story.name}.md").write_text(text, encoding="utf-8")
    elif kind == 3:
        body = "".join(f"<p>{p}</p>\n" for p in story.paragraphs)
        (sub / f"{story.name}.html").write_text(f"<h1>{story.headline}</h1>\n{body}", encoding="utf-8")
    else:
        (sub / f"{story.name}.txt").write_text("\n\n".join([story.headline, *story.paragraphs]), encoding="utf-8")


def edit(rng: random.Random, paragraph: str) -> str:
    ws = paragraph.split()
    for _ in range(2):
        ws[rng.randrange(len(ws))] = rng.choice(("local", "several", "new", "officials"))
    return " ".join(ws)


def derive(rng: random.Random, story: Story, kind: str) -> list[str]:
    """A republished story: the original's text, cut or edited, with the republisher's own lines."""
    body = story.paragraphs
    if kind == "trimmed":
        body = body[: len(body) // 2]
    elif kind == "lifted":
        body = [body[i] for i in sorted(rng.sample(range(1, len(body) - 1), 3))]
    elif kind == "edited":
        body = [edit(rng, p) for p in body]
    return [story.headline, "By Dorit Halton, The Example Courier", *body, "Send news tips to news@example.org."]


class Corpus(NamedTuple):
    folder: Path
    index: OriginalsIndex
    problems: list[str]
    stories: dict[str, Story]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("wire")
    rng = random.Random(7)
    stories = {}
    for i in range(200):
        story = make_story(rng, f"wire-{i:04d}")
        write_original(folder, story, i)
        stories[story.name] = story
    index, problems = OriginalsIndex.build(str(folder))
    return Corpus(folder, index, problems, stories)


def name(original: Original) -> str:
    return os.path.splitext(os.path.basename(original.path))[0]


# -- normalisation and fingerprints --------------------------------------------------------------


def test_words_fold_quotes_dashes_case_and_compatibility_forms() -> None:
    assert words("The County’s “ﬁnal” plan—approved 7-2 (AP) – costs $12,5\u00ad00") == words(
        'the county\'s "final" plan - approved 7 2 ap - costs 12 500'
    )
    assert words("The County’s plan") == [b"the", b"countys", b"plan"]
    assert words("Ｆｕｌｌ ｗｉｄｔｈ") == [b"full", b"width"]
    assert words("Zoë Müller in São Paulo, STRASSE_1") == [
        b"zo\xc3\xab",
        b"m\xc3\xbcller",
        b"in",
        b"s\xc3\xa3o",
        b"paulo",
        b"strasse",
        b"1",
    ]


def test_fingerprints_are_crc32_of_five_words_sampled_by_value() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    ws = text.split()
    expected = {
        h
        for i in range(len(ws) - 4)
        if not (h := zlib.crc32(" ".join(ws[i : i + 5]).encode())) & corpus_index.SAMPLE_MASK
    }
    assert story_fingerprints([text]) == expected
    # Paragraph by paragraph: no shingle spans two.
    assert story_fingerprints(["one two three four", "five six seven eight"]) == set()


def test_fingerprints_do_not_depend_on_the_process() -> None:
    code = "from linter.corpus_index import story_fingerprints as f; print(sorted(f(['the county water board approved a rate increase on Tuesday night'])))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


# -- building ------------------------------------------------------------------------------------


def test_build_reads_every_format(corpus: Corpus) -> None:
    assert corpus.problems == []
    assert len(corpus.index) == 200
    assert {os.path.splitext(o.path)[1] for o in corpus.index} == {".json", ".md", ".html", ".txt"}
    stats = corpus.index.stats()
    assert stats.originals == 200
    assert stats.common > 0  # the copyright line and the notice, at least
    assert corpus.index.memory_estimate() > stats.postings * 8


def test_build_reports_problems_and_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Headline\n\nA paragraph of the story.", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes.xml").write_text("<x/>", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Headline\n\nText.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Headline\n\nText.", encoding="utf-8")
    (tmp_path / "GOOD2.TXT").write_text("Headline\n\nAnother story.", encoding="utf-8")
    index, problems = OriginalsIndex.build(str(tmp_path))
    assert sorted(name(o) for o in index) == ["GOOD2", "good"]
    assert problems == [
        f"{tmp_path / 'bad.json'}: not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"
    ]
    only_text, problems = OriginalsIndex.build(str(tmp_path), exts=(".txt",))
    assert (len(only_text), problems) == (2, [])


def test_build_of_a_missing_folder(tmp_path: Path) -> None:
    index, problems = OriginalsIndex.build(str(tmp_path / "nope"))
    assert (len(index), problems) == (0, [f"{tmp_path / 'nope'}: no such folder"])
    assert index.find(["any text at all, long enough to have a few fingerprints in it"]) is None


def test_build_reads_a_linked_file_once_and_does_not_follow_folder_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Headline\n\nThe story.", encoding="utf-8")
    (tmp_path / "a" / "zlink.txt").symlink_to(tmp_path / "a" / "one.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    index, problems = OriginalsIndex.build(str(tmp_path))
    assert ([name(o) for o in index], problems) == (["one"], [])


# -- linking by path and id ------------------------------------------------------------------------


def test_by_path(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = corpus.index.by_path("2021/wire-0001.json")
    assert original is not None and name(original) == "wire-0001"
    assert corpus.index.by_path(str(corpus.folder / "2021" / "wire-0001.json")) == original
    assert corpus.index.by_path("2021/../2021/./wire-0001.json") == original
    (tmp_path / "wire").symlink_to(corpus.folder, target_is_directory=True)
    assert corpus.index.by_path(str(tmp_path / "wire" / "2021" / "wire-0001.json")) == original
    monkeypatch.chdir(corpus.folder)  # a relative path is taken from the originals folder, not from here
    assert corpus.index.by_path("2021/wire-0001.json") == original
    assert corpus.index.by_path("2021/wire-9999.json") is None
    assert corpus.index.by_path(str(tmp_path / "elsewhere.json")) is None


def test_by_path_relative_to_a_relative_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "s.txt").write_text("Headline\n\nThe story.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    index, _ = OriginalsIndex.build("wire")
    assert index.by_path("s.txt") is not None
    assert index.by_path(str(tmp_path / "wire" / "s.txt")) is not None


def test_by_id(corpus: Corpus) -> None:
    by_uri = corpus.index.by_id("urn:wire:wire-0005")
    assert by_uri is not None and name(by_uri) == "wire-0005"
    assert corpus.index.by_id("guid-5") == by_uri
    assert corpus.index.by_id("wire-0005") == by_uri  # the file stem
    stem_only = corpus.index.by_id("wire-0007")  # a Markdown original: its stem is its only id
    assert stem_only is not None and stem_only.ids == ("wire-0007",)
    assert corpus.index.by_id("urn:wire:unknown") is None


def test_shared_ids_link_to_neither(tmp_path: Path) -> None:
    for sub in ("2024", "2025"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "daily.txt").write_text(f"Headline {sub}\n\nThe {sub} story.", encoding="utf-8")
    index, problems = OriginalsIndex.build(str(tmp_path))
    assert len(index) == 2
    assert index.by_id("daily") is None
    assert problems == [
        f"{tmp_path / '2025' / 'daily.txt'}: id 'daily' is also the id of {tmp_path / '2024' / 'daily.txt'}; it links to neither"
    ]
    assert index.by_path("2025/daily.txt") is not None


# -- linking by content ----------------------------------------------------------------------------

KINDS = ("verbatim", "trimmed", "lifted", "edited")


def derived(corpus: Corpus, count: int, seed: int) -> Iterator[tuple[str, str, list[str]]]:
    rng = random.Random(seed)
    names = sorted(corpus.stories)
    for i in range(count):
        source = corpus.stories[rng.choice(names)]
        kind = KINDS[i % len(KINDS)]
        yield kind, source.name, derive(rng, source, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_links_each_kind_of_copy(corpus: Corpus, kind: str) -> None:
    longest = max(corpus.stories.values(), key=lambda s: len(s.paragraphs))
    match = corpus.index.find(derive(random.Random(1), longest, kind))
    assert match is not None and name(match.original) == longest.name
    assert match.containment >= corpus_index.THRESHOLD
    assert match.containment - match.runner_up >= corpus_index.MARGIN


def test_an_exact_copy_scores_near_one(corpus: Corpus) -> None:
    story = corpus.stories["wire-0010"]
    match = corpus.index.find([story.headline, *story.paragraphs])
    assert match is not None and name(match.original) == "wire-0010"
    assert match.containment == 1.0
    assert match.runner_up < 0.3


def test_links_fifty_derived_stories_among_two_hundred_alike_originals(corpus: Corpus) -> None:
    wrong = []
    for kind, source, paragraphs in derived(corpus, 50, seed=11):
        match = corpus.index.find(paragraphs)
        if match is None or name(match.original) != source:
            wrong.append((kind, source, match and (name(match.original), match.containment, match.runner_up)))
    assert wrong == []


def test_unrelated_stories_link_to_nothing(corpus: Corpus) -> None:
    rng = random.Random(99)  # the same towns, topics and sentences, but never indexed
    linked = []
    for i in range(30):
        story = make_story(rng, f"other-{i}")
        for paragraphs in ([story.headline, *story.paragraphs], story.paragraphs[2:5]):
            match = corpus.index.find(paragraphs)
            if match is not None:
                linked.append((i, name(match.original), match.containment, match.runner_up))
    assert linked == []


def test_boilerplate_and_short_text_link_to_nothing(corpus: Corpus) -> None:
    assert corpus.index.find([f"{COPYRIGHT} {NOTICE}"]) is None
    story = corpus.stories["wire-0003"]
    assert corpus.index.find([" ".join(story.paragraphs[1].split()[:12])]) is None
    assert corpus.index.find([]) is None
    assert corpus.index.find("") is None


def test_a_string_is_one_paragraph(corpus: Corpus) -> None:
    story = corpus.stories["wire-0004"]
    match = corpus.index.find("\n\n".join(story.paragraphs))
    assert match is not None and name(match.original) == "wire-0004"


def test_candidates_are_ranked(corpus: Corpus) -> None:
    story = corpus.stories["wire-0020"]
    ranked = corpus.index.candidates(story.paragraphs[:6], limit=3)
    assert name(ranked[0][0]) == "wire-0020"
    assert [c for _, c in ranked] == sorted((c for _, c in ranked), reverse=True)


def test_two_copies_of_one_original_are_ambiguous() -> None:
    """Two versions of a story in the folder: a copy of either links to neither (by content)."""
    story = make_story(random.Random(3), "v1")
    originals = [
        Original(f"{v}.txt", (v,), story.headline, tuple(story.paragraphs), None, None, None) for v in ("v1", "v2")
    ]
    index, clashes = OriginalsIndex.from_originals(originals)
    assert clashes == []
    assert index.find(story.paragraphs) is None
    assert [c for _, c in index.candidates(story.paragraphs)] == [1.0, 1.0]
