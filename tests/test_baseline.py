"""Baselines, end to end through the real CLI: `baseline write` then `check --baseline`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .conftest import bridge_story, run_cli

STORY = bridge_story("")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "bridge.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "news" / "ferry.md").write_text(STORY.replace("covered bridge", "ferry"), encoding="utf-8")
    assert run_cli("baseline", "write", "baseline.json", "news", cwd=tmp_path).returncode == 0
    return tmp_path


def test_a_baseline_accepts_todays_violations(site: Path) -> None:
    data = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["rule"], e["text"]) for e in data["entries"]] == [
        ("news/bridge.md", "AP202", "Copyright The Associated Press."),
        ("news/ferry.md", "AP202", "Copyright The Associated Press."),
    ]
    assert run_cli("check", "news", cwd=site).returncode == 1
    result = run_cli("check", "news", "--baseline", "baseline.json", cwd=site)
    assert result.returncode == 0, result.stdout
    assert "No violations in 2 files checked." in result.stdout
    assert "2 known violations not reported" in result.stderr


def test_edits_elsewhere_do_not_resurrect_an_entry_and_new_violations_are_reported(site: Path) -> None:
    story = site / "news" / "bridge.md"
    text = story.read_text(encoding="utf-8")
    text = text.replace(
        "repair the covered bridge.", "repair the covered bridge.\n\nWork starts in May.\n\nIt will cost $2 million."
    )
    text += "\nThe Associated Press is an independent global news organization dedicated to factual reporting.\n"
    story.write_text(text, encoding="utf-8")
    result = run_cli(
        "check", "news", "--baseline", "baseline.json", "--format", "json", "--fail-on", "warning", cwd=site
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [(v["path"], v["rule"]) for v in report["violations"]] == [("news/bridge.md", "AP801")]


def test_fixed_entries_are_counted_as_stale_only_for_files_checked(site: Path) -> None:
    story = site / "news" / "bridge.md"
    story.write_text(STORY.replace("Copyright The", "Copyright 2025 The"), encoding="utf-8")
    everything = run_cli("check", "news", "--baseline", "baseline.json", cwd=site)
    assert everything.returncode == 0
    assert "1 known violations not reported; 1 no longer found" in everything.stderr
    # A run on the other file alone has nothing stale: bridge.md was not checked.
    one = run_cli("check", "news/ferry.md", "--baseline", "baseline.json", cwd=site)
    assert "no longer found" not in one.stderr


def test_a_changed_passage_is_a_new_violation(site: Path) -> None:
    story = site / "news" / "bridge.md"
    story.write_text(STORY.replace("Copyright The Associated Press.", "© The Associated Press."), encoding="utf-8")
    result = run_cli("check", "news", "--baseline", "baseline.json", "-q", cwd=site)
    assert result.returncode == 1
    assert result.stdout.startswith("news/bridge.md:9:1: AP202")


def test_entries_are_counted(site: Path) -> None:
    story = site / "news" / "bridge.md"
    story.write_text(STORY + "\n" + STORY.split("---\n", 2)[2], encoding="utf-8")  # the body twice
    result = run_cli("check", "news/bridge.md", "--baseline", "baseline.json", "-q", "--select", "AP202", cwd=site)
    assert result.stdout.count("AP202") == 1  # one of the two identical lines is new


def test_the_baseline_is_found_from_another_folder(site: Path) -> None:
    result = run_cli("check", ".", "--baseline", "../baseline.json", cwd=site / "news")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"tool": "wirelint", "version": 1, "entries": [\n  {"path": 1}\n]}\n', "baseline.json:2:1: entry 1"),
        ('{"tool": "wirelint",\n  "version": 1,\n  "entries": [}\n', "baseline.json:3:15: invalid JSON"),
        ('{"tool": "wirelint", "version": 7, "entries": []}\n', "baseline.json:1:1: unsupported baseline version 7"),
        ("[]\n", "baseline.json:1:1: not a wirelint baseline"),
    ],
)
def test_a_malformed_baseline_is_a_located_error(site: Path, content: str, where: str) -> None:
    (site / "baseline.json").write_text(content, encoding="utf-8")
    result = run_cli("check", "news", "--baseline", "baseline.json", cwd=site)
    assert result.returncode == 2
    assert result.stderr.startswith(where), result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_baseline_says_how_to_make_one(site: Path) -> None:
    result = run_cli("check", "news", "--baseline", "nope.json", cwd=site)
    assert result.returncode == 2
    assert "wirelint baseline write nope.json" in result.stderr


def test_the_baseline_keeps_crlf_and_bom_files_stable(tmp_path: Path) -> None:
    shutil.rmtree(tmp_path, ignore_errors=True)
    tmp_path.mkdir()
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode("utf-8"))
    assert run_cli("baseline", "write", "b.json", "a.md", cwd=tmp_path).returncode == 0
    entry = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["entries"][0]
    assert entry["text"] == "Copyright The Associated Press."
    assert run_cli("check", "a.md", "--baseline", "b.json", cwd=tmp_path).returncode == 0


def test_the_examples_baseline_is_current() -> None:
    """The project's own hook checks examples/ against this baseline: it must hold exactly
    the violations the examples make on purpose (nothing new, nothing stale)."""
    from .conftest import ROOT

    result = run_cli("check", "examples", "--baseline", "examples/baseline.json", "--fail-on", "info", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "known violations not reported" in result.stderr
    assert "no longer found" not in result.stderr


def test_reports_and_baselines_never_overwrite_a_story(site: Path) -> None:
    story = site / "news" / "bridge.md"
    before = story.read_bytes()
    written = run_cli("baseline", "write", "news/bridge.md", "news", cwd=site)
    assert written.returncode == 2
    assert "news/bridge.md exists and is not a wirelint baseline; not overwritten" in written.stderr
    report = run_cli("check", "news", "--output", "news/bridge.md", cwd=site)
    assert report.returncode == 2
    assert "--output: news/bridge.md is one of the files checked; not overwritten" in report.stderr
    diff = run_cli("check", "news", "--diff", "--output", "news/bridge.md", cwd=site)
    assert diff.returncode == 2
    assert "not overwritten" in diff.stderr
    # The same file by another name: a symlink, or a hard link.
    (site / "report-link.json").symlink_to(story)
    os.link(story, site / "report-hard.json")
    for other in ("report-link.json", "report-hard.json"):
        aliased = run_cli("check", "news", "--output", other, cwd=site)
        assert aliased.returncode == 2
        assert f"--output: {other} is one of the files checked; not overwritten" in aliased.stderr
    assert story.read_bytes() == before
    # A story that is a symlink, by another name, to the file named as the report.
    (site / "shared").mkdir()
    kept = site / "shared" / "ap-123.md"
    kept.write_text(story.read_text())
    (site / "news" / "latest.md").symlink_to("../shared/ap-123.md")
    for command in (["check", "news", "--output"], ["audit", "news", "--html"]):
        linked = run_cli(*command, "shared/ap-123.md", cwd=site)
        assert linked.returncode == 2, linked.stderr
        assert "shared/ap-123.md is one of the files checked; not overwritten" in linked.stderr
    assert kept.read_text() == story.read_text()
