"""`--changed-since REF` in a real temporary git repository, through the real CLI."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import run_cli

BAD = "---\nsource: AP\ndate: 2025-03-04\n---\n\nMILLBROOK, Vt. (AP) — The council met.\n\nCopyright The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.\n"
GOOD = BAD.replace("Copyright The", "Copyright 2025 The")

ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=True).stdout


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path / "news" / "old-bad.md", BAD)  # an old problem: not this branch's
    write(tmp_path / "news" / "renamed.md", BAD)
    write(tmp_path / "news" / "deleted.md", BAD)
    write(tmp_path / "news" / "edited.md", GOOD)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    write(tmp_path / "news" / "added.md", BAD)
    write(tmp_path / "news" / "edited.md", BAD)
    write(tmp_path / "news" / ".drafts" / "hidden.md", BAD)
    write(tmp_path / "tools" / "script.py", "print('not a story')\n")
    git(tmp_path, "mv", "news/renamed.md", "news/moved.md")
    git(tmp_path, "rm", "-q", "news/deleted.md")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "feature work")
    return tmp_path


def reported(result: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted({line.split(":")[0] for line in result.stdout.splitlines() if ": AP" in line})


def test_only_the_branchs_added_modified_and_renamed_content_files_are_checked(repo: Path) -> None:
    result = run_cli("check", "--changed-since", "main", cwd=repo)
    assert result.returncode == 1
    assert reported(result) == ["news/added.md", "news/edited.md", "news/moved.md"]
    assert "of 3 files checked" in result.stdout


def test_main_moving_on_does_not_add_its_files(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    write(repo / "news" / "on-main.md", BAD)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert reported(run_cli("check", "--changed-since", "main", cwd=repo)) == [
        "news/added.md",
        "news/edited.md",
        "news/moved.md",
    ]


def test_uncommitted_and_untracked_changes_count_and_paths_narrow(repo: Path) -> None:
    write(repo / "news" / "old-bad.md", BAD + "\nAn update.\n")
    write(repo / "opinion" / "new.md", BAD)
    result = run_cli("check", "--changed-since", "HEAD", cwd=repo)
    assert reported(result) == ["news/old-bad.md", "opinion/new.md"]
    assert reported(run_cli("check", "--changed-since", "HEAD", "opinion", cwd=repo)) == ["opinion/new.md"]
    # From a subfolder, paths are relative to it.
    sub = run_cli("check", "--changed-since", "HEAD", ".", cwd=repo / "opinion")
    assert reported(sub) == ["new.md"]


def test_nothing_changed_is_said(repo: Path) -> None:
    result = run_cli("check", "--changed-since", "HEAD", cwd=repo)
    assert result.returncode == 0
    assert "no content files changed since HEAD" in result.stderr


def test_outside_a_git_repository_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path / "a.md", BAD)
    result = run_cli("check", "--changed-since", "main", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not inside a git repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_ref_is_a_clear_error(repo: Path) -> None:
    result = run_cli("check", "--changed-since", "origin/nope", cwd=repo)
    assert result.returncode == 2
    assert "unknown git ref 'origin/nope'" in result.stderr


def test_paths_are_looked_up_in_their_own_repository(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("not-a-repo")
    result = run_cli("check", "--changed-since", "main", str(repo / "news"), cwd=elsewhere)
    assert result.returncode == 1, result.stderr
    names = sorted(Path(p).name for p in reported(result))
    assert names == ["added.md", "edited.md", "moved.md"]
