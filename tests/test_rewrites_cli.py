"""End to end: `wirelint check --originals DIR` on real files, exact output pinned."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli

REWRITES = FIXTURES / "rewrites"
SITE = REWRITES / "site"

EXPECTED = """\
edited.md:2:8: AP408 headline-altered: the headline differs from the AP original: [-Council votes to repair covered bridge-]{+Town will fix its old covered bridge+}
edited.md:8:48: AP402 fact-altered: a fact differs from the AP original: [-2-]{+3+}
edited.md:8:63: AP407 text-reworded: the AP copy was reworded: [-repair-]{+fix+}
edited.md:10:15: AP401 quote-altered: a direct quotation differs from the AP original: [-the next generation-]{+our children+}
edited.md:12:33: AP403 name-altered: a name differs from the AP original: [-Ansel-]{+Anson+}
edited.md:12:124: AP405 text-cut: text was cut from the AP copy: [-Repairs will cost about $1.4 million or roughly 12 percent of the town's annual budget according to figures presented at the meeting-]
Found 6 violations (5 errors, 1 info) in 1 of 4 files checked.
"""


def test_each_change_once_and_no_finding_for_faithful_copies() -> None:
    # verbatim.md: typography, house style ("per cent", from .wirelint.yaml) and a trimmed end;
    # bridge.html: the HTML rendering of the Markdown original (entities, <strong>, NBSP);
    # ferry.html: the HTML rendering of a ninjs original, linked by content; edited.md: linked
    # by wire_id, six changes and a marked editor's note.
    result = run_cli("check", "--originals", "../wire", cwd=SITE)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == EXPECTED


def test_the_html_renderings_really_are_compared(tmp_path: Path) -> None:
    # A clean result could also mean "not linked": one changed number must then be found.
    shutil.copytree(REWRITES, tmp_path / "rewrites")
    site = tmp_path / "rewrites" / "site"
    for name, old, new in (("bridge.html", "voted 5-2", "voted 5-4"), ("ferry.html", "$1.4 million", "$1.9 million")):
        page = site / name
        page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run_cli("check", "-q", "--originals", "../wire", "--select", "AP4", "bridge.html", "ferry.html", cwd=site)
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["AP402", "AP402"]


def test_json_names_the_original_and_both_texts() -> None:
    result = run_cli("check", "--originals", "../wire", "--format", "json", "--select", "AP402", cwd=SITE)
    (violation,) = json.loads(result.stdout)["violations"]
    assert {k: violation[k] for k in ("rule", "line", "column", "end_column", "original", "republished")} == {
        "rule": "AP402",
        "line": 8,
        "column": 48,
        "end_column": 49,
        "original": "2",
        "republished": "3",
    }
    assert Path(violation["original_path"]).name == "bridge-vote.md"


def test_json_says_which_original_each_story_was_compared_with() -> None:
    report = json.loads(run_cli("check", "--originals", "../wire", "--format", "json", cwd=SITE).stdout)
    assert {story: Path(original).name for story, original in report["links"].items()} == {
        "bridge.html": "bridge-vote.md",  # <meta name="original">
        "edited.md": "bridge-vote.md",  # wire_id
        "ferry.html": "ferry-service.json",  # by content
        "verbatim.md": "bridge-vote.md",  # original:
    }
    without = json.loads(run_cli("check", "--format", "json", cwd=SITE).stdout)
    assert "links" not in without


def test_without_originals_no_rewrite_rule_runs() -> None:
    result = run_cli("check", "--select", "AP4", "edited.md", cwd=SITE)
    assert (result.returncode, result.stdout) == (0, "No violations in 1 file checked.\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the fixture site and its originals, for tests that change the config."""
    shutil.copytree(REWRITES / "wire", tmp_path / "wire")
    return Path(shutil.copytree(SITE, tmp_path / "site"))


def test_licence_terms(site: Path) -> None:
    (site / ".wirelint.yaml").write_text(
        'originals: ../wire\nhouse-style: ["percent -> per cent"]\n'
        "terms:\n  ap: {rewrite: allowed, cut: allowed, trim_end: forbidden, headline: forbidden}\n"
    )
    result = run_cli("check", "-q", "--select", "AP4", cwd=site)
    lines = result.stdout.splitlines()
    # Quotations, facts and names are always reported; rewrite: allowed silences the reword,
    # cut: allowed the cut (AP405 as a whole); headline: forbidden makes AP408 an error.
    assert [line.split(": ")[1].split()[0] for line in lines] == ["AP408", "AP402", "AP401", "AP403"]
    assert "error" in run_cli("check", "--format", "json", "--select", "AP408", cwd=site).stdout


def test_trim_end_forbidden_reports_the_trimmed_paragraphs(site: Path) -> None:
    (site / ".wirelint.yaml").write_text(
        'originals: ../wire\nhouse-style: ["percent -> per cent"]\nterms:\n  ap: {trim_end: forbidden}\n'
    )
    result = run_cli("check", "-q", "--select", "AP405", "verbatim.md", cwd=site)
    (line,) = result.stdout.splitlines()
    # Reported just after the last word the story kept, the diff excerpted.
    assert line.startswith(
        "verbatim.md:14:136: AP405 text-cut: text was cut from the AP copy: "
        "[-State historic preservation officials have promised to cover part of the cost"
    )
    assert line.endswith("…")


def test_a_missing_originals_folder_is_a_usage_error() -> None:
    result = run_cli("check", "--originals", "nowhere", cwd=SITE)
    assert (result.returncode, result.stderr) == (2, "wirelint: error: --originals: no such folder: nowhere\n")


def test_a_named_original_that_is_not_there_is_reported(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text(
        "---\nsource: AP\noriginal: missing.md\n---\nMILLBROOK, Vt. (AP) — Text.\n\n"
        "Copyright 2025 The Associated Press. All rights reserved. "
        "This material may not be published, broadcast, rewritten or redistributed.\n"
    )
    result = run_cli("check", "-q", "--originals", str(REWRITES / "wire"), "story.md", cwd=tmp_path)
    assert result.stdout == (
        "story.md:3:11: WL107 original-not-found: original 'missing.md' names no original among the 2 in the originals folder\n"
    )


def test_a_short_time_limit_stops_only_runaway_patterns(tmp_path: Path) -> None:
    # One process, so the alarm guards each document (watchdog.py); it counts from the start
    # of a document's checks, including compiling patterns and importing the aligner. With
    # a 5 ms limit that time must not be blamed on whichever rule runs when it goes off:
    # the findings are the same as with the default limit, and no WL106.
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    config = (site / ".wirelint.yaml").read_text(encoding="utf-8")
    (site / ".wirelint.yaml").write_text(config + "regex-timeout: 0.005\n", encoding="utf-8")
    done = run_cli("check", ".", "--originals", str(REWRITES / "wire"), "--jobs", "1", cwd=site)
    assert "WL106" not in done.stdout
    assert done.stdout == EXPECTED
