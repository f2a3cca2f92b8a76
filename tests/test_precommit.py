"""The hooks in .pre-commit-hooks.yaml, end to end: the real `pre-commit` (from the test
environment) installs them from a snapshot of this checkout, uncommitted changes included,
into a temporary publishing repository, and `git commit` must fail on a story whose
copyright line lost its year and succeed once it is fixed.

pre-commit builds the hook's environment with pip (wirelint's dependencies come from the
package index), once for the whole module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, bridge_story

POLICY = """id: house
name: Millbrook Courier house rules
prefix: MDC
detect:
  patterns: ['(?i)millbrook courier']
rules:
  - id: MDC101
    slug: no-lorem
    kind: phrase
    condition: forbid
    severity: error
    applies: all
    patterns:
      - pattern: '(?i)lorem ipsum'
        message: "placeholder text '{match}' left in the story"
    examples:
      pass: ["The council met."]
      fail: ["Lorem ipsum dolor."]
"""


def _git(cwd: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=600)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIRELINT", "GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        # pre-commit and the hook's interpreter are this test environment's.
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this checkout as it is on disk (tracked and new files)."""
    repo = tmp_path_factory.mktemp("wirelint-hooks")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        src = ROOT / name
        if src.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / name)
    _git(repo, "init", "-q", env=env)
    _git(repo, "add", "-A", env=env)
    _git(repo, "commit", "-q", "-m", "snapshot", env=env)
    rev = _git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    return repo, rev


def _stage_and_commit(repo: Path, message: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`git add -A` then `git commit`, which runs the installed pre-commit hook."""
    _git(repo, "add", "-A", env=env)
    return _git(repo, "commit", "-m", message, env=env, check=False)


def _publishing_repo(path: Path, hook_repo: tuple[Path, str], env: dict[str, str], hook: str) -> Path:
    repo, rev = hook_repo
    path.mkdir()
    _git(path, "init", "-q", env=env)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n", encoding="utf-8"
    )
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=path, env=env, check=True, capture_output=True)
    return path


def test_the_wirelint_hook_blocks_a_commit_until_the_copyright_year_is_back(
    tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]
) -> None:
    repo = _publishing_repo(tmp_path / "site", hook_repo, env, "wirelint")
    story = repo / "news" / "bridge.md"
    story.parent.mkdir()
    story.write_text(bridge_story(""), encoding="utf-8")
    (repo / "README.md").write_text("# Millbrook Courier\n", encoding="utf-8")  # not a story: no AP credit needed

    blocked = _stage_and_commit(repo, "add the bridge story", env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "news/bridge.md:9:1: AP202 copyright-year-missing" in output
    assert "README.md" not in output.replace(".pre-commit-config.yaml", "")
    assert _git(repo, "rev-list", "--all", env=env).stdout == ""  # nothing was committed

    story.write_text(bridge_story("2025"), encoding="utf-8")
    done = _stage_and_commit(repo, "add the bridge story", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "wirelint (wire-copy rights)" in done.stdout + done.stderr
    assert "Passed" in done.stdout + done.stderr


def test_the_policies_hook_validates_and_tests_a_publishers_policy(
    tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]
) -> None:
    repo = _publishing_repo(tmp_path / "site", hook_repo, env, "wirelint-policies")
    policy = repo / "policies" / "house.yaml"
    policy.parent.mkdir()

    policy.write_text(POLICY.replace("    kind: phrase\n", "    kind: phrases\n"), encoding="utf-8")
    invalid = _stage_and_commit(repo, "house policy", env)
    assert invalid.returncode != 0
    assert "policies/house.yaml:9:11: rule MDC101: unknown kind 'phrases'" in invalid.stdout + invalid.stderr

    policy.write_text(
        POLICY.replace('fail: ["Lorem ipsum dolor."]', 'fail: ["The council met again."]'), encoding="utf-8"
    )
    wrong_example = _stage_and_commit(repo, "house policy", env)
    assert wrong_example.returncode != 0
    assert "FAIL MDC101 fail example #1" in wrong_example.stdout + wrong_example.stderr

    policy.write_text(POLICY, encoding="utf-8")
    done = _stage_and_commit(repo, "house policy", env)
    assert done.returncode == 0, done.stdout + done.stderr
