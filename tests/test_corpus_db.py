"""`wirelint corpus`: the lasting index of originals (SQLite), built incrementally."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from linter.corpus_db import Corpus, CorpusError

from .conftest import FIXTURES, run_cli

WIRE = FIXTURES / "rewrites" / "wire"
EDITED = FIXTURES / "rewrites" / "site" / "edited.md"

ORIGINAL = """---
uri: urn:example:wire:{n}
date: 2025-0{month}-1{n}
---

# {title}

{town}, Ore. (AP) — The county board voted on Tuesday to {what} after a long public hearing that ran past midnight.

Residents on both sides of the question filled the hall and the overflow room, and the chair asked speakers to keep to three minutes each.

"We have heard every concern tonight, and we will answer each of them in writing," said board chair {chair}, who called the vote.

The plan now goes to the state for review, which officials said could take until the end of the year.
"""

STORIES = [
    ("Springvale", "rebuild the {n} bridge over the Tolland River", "Mara Quist"),
    ("Ashcombe", "close the {n} landfill and open a transfer station", "Ilse Varga"),
    ("Dunmore", "buy {n} new buses for the school district", "Teo Brandt"),
]


def write_originals(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (town, what, chair) in enumerate(STORIES, 1):
        path = folder / f"wire-{n}.md"
        text = ORIGINAL.format(
            n=n, month=n + 2, title=f"{town} votes", town=town.upper(), what=what.format(n=n), chair=chair
        )
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_build_is_incremental_and_notices_changed_and_removed_files(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    paths = write_originals(wire)
    db = tmp_path / "index" / "corpus.sqlite"
    with Corpus.open(str(db), create=True) as corpus:
        first = corpus.build(str(wire), jobs=1)
        assert (first.added, first.updated, first.unchanged, first.removed) == (3, 0, 0, 0)
        again = corpus.build(str(wire), jobs=1)
        assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)
        paths[0].write_text(paths[0].read_text(encoding="utf-8").replace("Tuesday", "Monday"), encoding="utf-8")
        os.utime(paths[0], ns=(1, 1))  # a different mtime, whatever the clock's resolution
        paths[2].unlink()
        changed = corpus.build(str(wire), jobs=1)
        assert (changed.added, changed.updated, changed.unchanged, changed.removed) == (0, 1, 1, 1)
        stats = corpus.stats()
        assert stats.originals == 2
        assert stats.dead == 0  # 2 dead of 5 rows: over the 20% that triggers compaction
        assert (stats.first_date, stats.last_date) == ("2025-03-11", "2025-04-12")
        # No posting of a dead original is left behind.
        live = {i for (i,) in corpus.db.execute("SELECT id FROM originals")}
        postings = corpus.db.execute("SELECT postings FROM buckets").fetchall()
        from array import array

        held = set()
        for (blob,) in postings:
            a = array("Q")
            a.frombytes(blob)
            held |= {p & 0xFFFFFFFF for p in a}
        assert held == live


def test_match_finds_the_original_and_the_shared_paragraphs(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    write_originals(wire)
    shutil.copy(WIRE / "bridge-vote.md", wire / "bridge-vote.md")
    db = tmp_path / "corpus.sqlite"
    with Corpus.open(str(db), create=True) as corpus:
        corpus.build(str(wire), jobs=1)
        # A local story that lifted the lead and the quotation of one original.
        lifted = (wire / "wire-2.md").read_text(encoding="utf-8").split("\n\n")
        assert "ASHCOMBE" in lifted[2] and "Ilse Varga" in lifted[4]
        story = ["Our own opening paragraph about the meeting, written here.", lifted[2], lifted[4], "Our own ending."]
        hits = corpus.match(story)
        assert hits[0].path == str((wire / "wire-2.md").resolve())
        assert hits[0].paragraphs == (1, 2)
        assert hits[0].story_share > 0.5
        assert all(h.shared < hits[0].shared for h in hits[1:])
        assert corpus.match(["Nothing in this sentence was ever sent by a wire service at all."]) == []


def test_cli_build_stats_match_remove(tmp_path: Path) -> None:
    shutil.copytree(WIRE, tmp_path / "wire")
    built = run_cli("corpus", "build", "wire", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(".wirelint/corpus.sqlite: 2 added, 0 updated, 0 unchanged, 0 removed (")
    assert (tmp_path / ".wirelint" / "corpus.sqlite").is_file()
    stats = run_cli("corpus", "stats", cwd=tmp_path)
    assert "  originals:   2\n" in stats.stdout
    assert "  services:    2 ap\n" in stats.stdout
    assert "  dates:       2025-04-14 to 2025-06-02\n" in stats.stdout
    match = run_cli("corpus", "match", str(EDITED), cwd=tmp_path)
    assert match.returncode == 0
    assert match.stdout.splitlines()[:3] == [
        f"{EDITED}: shares text with 1 original",
        f"  1. {(tmp_path / 'wire' / 'bridge-vote.md').resolve()}",
        "     Council votes to repair covered bridge",
    ]
    assert match.stdout.splitlines()[3].endswith("of the original; paragraphs at lines 10, 12, 16, 18")
    removed = run_cli("corpus", "remove", "wire/bridge-vote.md", cwd=tmp_path)
    assert removed.stdout == ".wirelint/corpus.sqlite: 1 originals removed\n"
    after = run_cli("corpus", "match", str(EDITED), cwd=tmp_path)
    assert "shares no text with the 1 indexed originals" in after.stdout


def test_a_missing_damaged_or_foreign_database_is_a_one_line_error(tmp_path: Path) -> None:
    missing = run_cli("corpus", "stats", "--db", "nope.sqlite", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == (
        "wirelint: error: no corpus database at nope.sqlite (build one with 'wirelint corpus build DIR')\n"
    )
    (tmp_path / "junk.sqlite").write_bytes(b"this is not a database at all" * 100)
    junk = run_cli("corpus", "stats", "--db", "junk.sqlite", cwd=tmp_path)
    assert junk.returncode == 2
    assert junk.stderr.startswith("wirelint: error: junk.sqlite: not a wirelint corpus database")
    other = sqlite3.connect(tmp_path / "other.sqlite")
    other.execute("CREATE TABLE t (x)")
    other.close()
    foreign = run_cli("corpus", "stats", "--db", "other.sqlite", cwd=tmp_path)
    assert foreign.returncode == 2
    assert "not a wirelint corpus database (no meta table)" in foreign.stderr
    with Corpus.open(str(tmp_path / "old.sqlite"), create=True) as corpus:
        corpus.db.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(CorpusError, match="built with schema_version '0', this wirelint uses '6'"):
        Corpus.open(str(tmp_path / "old.sqlite"))
    nofolder = run_cli("corpus", "build", "no-such-folder", cwd=tmp_path)
    assert nofolder.returncode == 2
    assert "corpus build: no such folder: no-such-folder" in nofolder.stderr


LIFTED = """---
title: Channel work to start before ferry season
date: 2025-05-13
author: Staff writer
---

# Channel work to start before ferry season

Our town's harbor will look different this summer.

The harbor board voted 4-1 on Monday to dredge the north channel before the summer ferry season, after two groundings in March.

"The channel has been silting up for a decade, and this spring it finally bit us," said board chair Mirela Oskam.

The work will remove about 18,000 cubic yards of sediment and cost $2.3 million, most of it from a state grant.

Send news tips to news@example.org.
"""


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """A site and a corpus of the audit and rewrite fixtures' AP originals."""
    shutil.copytree(FIXTURES / "audit" / "wire", tmp_path / "wire")
    for original in WIRE.iterdir():
        shutil.copy(original, tmp_path / "wire" / original.name)
    built = run_cli("corpus", "build", "wire", "-q", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (tmp_path / "site").mkdir()
    return tmp_path


def test_unattributed_copy_is_ap502_and_credited_or_short_copy_is_not(indexed: Path) -> None:
    site = indexed / "site"
    (site / "lifted.md").write_text(LIFTED, encoding="utf-8")
    credited = LIFTED.replace("The harbor board voted", "PORT ELWIN, Maine (AP) — The harbor board voted")
    (site / "credited.md").write_text(credited, encoding="utf-8")
    two = LIFTED.replace(
        "The work will remove about 18,000 cubic yards of sediment and cost $2.3 million, most of it from a state grant.",
        "Boat owners we spoke to on the pier said they would rather wait than risk another grounding.",
    )
    (site / "two.md").write_text(two, encoding="utf-8")
    # (The credited copy is AP copy, linked to its original: the rewrite rules speak for it.)
    done = run_cli("check", "site", "--corpus", ".wirelint/corpus.sqlite", "--format", "json", cwd=indexed)
    report = json.loads(done.stdout)
    found = [(v["path"], v["rule"], v["line"], v["end_line"]) for v in report["violations"] if v["rule"] == "AP502"]
    assert found == [("site/lifted.md", "AP502", 11, 15)]
    assert {v["path"] for v in report["violations"]} == {"site/lifted.md", "site/credited.md"}
    (v,) = [v for v in report["violations"] if v["rule"] == "AP502"]
    assert v["message"] == (
        "3 paragraphs (lines 11-15) reproduce the AP original 'Harbor board approves dredging of the north channel' "
        "(wire/harbor-dredging.md) without AP's credit"
    )
    assert v["evidence"]["original_path"] == str((indexed / "wire" / "harbor-dredging.md").resolve())
    # Without the index the rule does not run at all.
    assert "AP502" not in run_cli("check", "site", cwd=indexed).stdout


def test_the_rewrite_rules_link_through_the_corpus_as_through_a_folder(indexed: Path) -> None:
    from .test_rewrites_cli import EXPECTED

    site = FIXTURES / "rewrites" / "site"
    db = indexed / ".wirelint" / "corpus.sqlite"
    assert run_cli("check", ".", "--corpus", str(db), cwd=site).stdout == EXPECTED


def test_corpus_in_the_config_and_its_errors(indexed: Path) -> None:
    (indexed / "site" / "lifted.md").write_text(LIFTED, encoding="utf-8")
    (indexed / ".wirelint.yaml").write_text("corpus: .wirelint/corpus.sqlite\n")
    assert "AP502" in run_cli("check", "site", cwd=indexed).stdout
    (indexed / ".wirelint.yaml").write_text("corpus: nowhere.sqlite\n")
    missing = run_cli("check", "site", cwd=indexed)
    assert missing.returncode == 2
    assert missing.stderr == (
        f"wirelint: error: no corpus database at {indexed / 'nowhere.sqlite'} (build one with 'wirelint corpus build DIR')\n"
    )
    (indexed / ".wirelint.yaml").unlink()
    both = run_cli("check", "site", "--corpus", ".wirelint/corpus.sqlite", "--originals", "wire", cwd=indexed)
    assert both.returncode == 2
    assert "use either --originals (a folder) or --corpus (an index), not both" in both.stderr


def test_build_records_whose_copy_each_original_is(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    write_originals(wire)
    (wire / "plain.txt").write_text(
        "A headline without a service\n\nThe county board met on Tuesday and talked about roads for a long time.\n"
    )
    (wire / "reuters.txt").write_text(
        "Shares rise\n\nLONDON, June 3 (Reuters) - Shares rose on Tuesday as investors bought banks.\n"
    )
    from linter.policy import load_file, resolve

    with Corpus.open(str(tmp_path / "c.sqlite"), create=True) as corpus:
        corpus.build(str(wire), jobs=1, policies=[load_file(resolve("ap")), load_file(resolve("reuters"))])
        services = dict(corpus.db.execute("SELECT path, service FROM originals").fetchall())
    assert {Path(p).name: s for p, s in services.items()} == {
        "wire-1.md": "ap",
        "wire-2.md": "ap",
        "wire-3.md": "ap",
        "plain.txt": None,
        "reuters.txt": "reuters",
    }


def test_folders_differing_in_case_and_symlinked_files_are_kept_apart(tmp_path: Path) -> None:
    upper, lower = tmp_path / "x" / "AP", tmp_path / "x" / "ap"
    write_originals(upper)
    write_originals(lower)
    (tmp_path / "today").mkdir()
    (tmp_path / "today" / "latest.md").symlink_to(upper / "wire-1.md")
    with Corpus.open(str(tmp_path / "c.sqlite"), create=True) as corpus:
        assert corpus.build(str(upper), jobs=1).added == 3
        second = corpus.build(str(lower), jobs=1)
        assert (second.added, second.removed) == (3, 0)  # /x/ap is not /x/AP
        for _ in range(2):  # a link to a file indexed from elsewhere: read once, not added again
            corpus.build(str(tmp_path / "today"), jobs=1)
        rows = corpus.db.execute("SELECT path, COUNT(*) FROM originals WHERE live = 1 GROUP BY path").fetchall()
        assert len(rows) == 6 and all(n == 1 for _, n in rows)
        assert corpus.remove([str(lower)]) == 3
        assert corpus.stats().originals == 3


def test_the_configured_corpus_is_the_default_and_may_not_exist_yet(tmp_path: Path) -> None:
    shutil.copytree(WIRE, tmp_path / "wire")
    (tmp_path / ".wirelint.yaml").write_text("corpus: data/index.sqlite\n")
    (tmp_path / "sub").mkdir()
    built = run_cli("corpus", "build", "../wire", cwd=tmp_path / "sub")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "data" / "index.sqlite").is_file()
    stats = run_cli("corpus", "stats", cwd=tmp_path / "sub")
    assert "  originals:   2\n" in stats.stdout


def test_one_build_at_a_time_and_an_empty_file_is_made_a_database(tmp_path: Path) -> None:
    import fcntl

    shutil.copytree(WIRE, tmp_path / "wire")
    db = tmp_path / "c.sqlite"
    db.write_bytes(b"")  # what a create that failed on a full disk leaves
    assert run_cli("corpus", "stats", "--db", str(db), cwd=tmp_path).returncode == 2
    assert run_cli("corpus", "build", "wire", "--db", str(db), cwd=tmp_path).returncode == 0
    with open(str(db) + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        busy = run_cli("corpus", "build", "wire", "--db", str(db), cwd=tmp_path)
    assert busy.returncode == 2
    assert "another 'wirelint corpus build' or 'remove' is writing it" in busy.stderr


def test_other_policies_reclassify_every_original(tmp_path: Path) -> None:
    shutil.copytree(WIRE, tmp_path / "wire")
    assert run_cli("corpus", "build", "wire", "--policy", "reuters", cwd=tmp_path).returncode == 0
    db = tmp_path / ".wirelint" / "corpus.sqlite"
    services = lambda: {s for (s,) in sqlite3.connect(db).execute("SELECT service FROM originals WHERE live = 1")}  # noqa: E731
    assert services() == {None}
    again = run_cli("corpus", "build", "wire", cwd=tmp_path)
    assert again.stdout.startswith(".wirelint/corpus.sqlite: 0 added, 2 updated, 0 unchanged")
    assert services() == {"ap"}


def test_a_parallel_build_in_batches_indexes_every_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import linter.corpus_db as corpus_db

    monkeypatch.setattr(corpus_db, "BATCH", 60)  # five batches, workers a batch ahead of the merge
    wire = tmp_path / "wire"
    wire.mkdir()
    for i in range(250):
        (wire / f"w{i:03}.txt").write_text(
            f"Story {i}\n\nRIVERTON, Ore. (AP) — Item number {i} of the county's list was approved on "
            f"Tuesday after {i % 7 + 2} hours of debate about road {i * 13} and bridge {i * 7}.\n"
        )
    with Corpus.open(str(tmp_path / "c.sqlite"), create=True) as corpus:
        report = corpus.build(str(wire), jobs=2)
        assert (report.added, report.problems) == (250, [])
        assert corpus.stats().originals == 250
        story = (wire / "w123.txt").read_text().split("\n\n")[1:]
        assert Path(corpus.match(story)[0].path).name == "w123.txt"


def test_audit_uses_the_corpus_too(indexed: Path) -> None:
    (indexed / "site" / "lifted.md").write_text(LIFTED, encoding="utf-8")
    done = run_cli("audit", "site", "--corpus", ".wirelint/corpus.sqlite", "--format", "json", cwd=indexed)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [v["rule"] for v in report["violations"]] == ["AP502"]
    assert report["audit"]["by_service"] == {"The Associated Press": 1}


def test_a_run_in_one_process_closes_the_database_and_leaves_no_wal_files(indexed: Path) -> None:
    # A pre-commit hook checks a few files in its own process: the connection it opened
    # is closed before the command ends, so SQLite removes its -wal and -shm files.
    (indexed / "site" / "lifted.md").write_text(LIFTED, encoding="utf-8")
    done = run_cli("check", "site", "--corpus", ".wirelint/corpus.sqlite", "--jobs", "1", cwd=indexed)
    assert "AP502" in done.stdout
    assert sorted(p.name for p in (indexed / ".wirelint").iterdir() if "-wal" in p.name or "-shm" in p.name) == []
