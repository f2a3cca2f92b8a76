"""Shared helpers: load shipped policies once, lint a text, run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Tests never touch the user's cache of validated policies.
os.environ["WIRELINT_NO_CACHE"] = "1"

from linter.policy import Policy, load_file, resolve
from linter.policyload import parse
from linter.testing import lint_text

ROOT = Path(__file__).resolve().parent.parent

# A synthetic AP story (dated 2025) whose copyright line is on line 9; `copyright_year("")`
# drops the year (AP202 at 9:1).
BRIDGE_STORY = """---
title: Council repairs the covered bridge
source: AP
date: 2025-03-04
---

MILLBROOK, Vt. (AP) — The town council voted 5-2 on Tuesday to repair the covered bridge.

Copyright {year}The Associated Press. All rights reserved. This material may not be
published, broadcast, rewritten or redistributed.
"""


def bridge_story(year: str = "2025") -> str:
    return BRIDGE_STORY.format(year=f"{year} " if year else "")


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def ap() -> Policy:
    return load_file(resolve("ap"))


@pytest.fixture(scope="session")
def reuters() -> Policy:
    return load_file(resolve("reuters"))


def rules(text: str, *policies: Policy) -> list[str]:
    """The rule IDs a Markdown text triggers, in report order."""
    return [v.rule for v in lint_text(text, list(policies))]


def policy_from(yaml_text: str, path: str = "test.yaml") -> Policy:
    return parse(yaml_text, path)


def run_cli(*args: str, cwd: Path | str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would (`python -m linter` from the test venv)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELINT")}
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        input=stdin,
        timeout=120,
    )
