"""The docs say what the code does."""

from __future__ import annotations

import runpy

from .conftest import ROOT


def test_rules_doc_is_generated_from_the_shipped_policies() -> None:
    render = runpy.run_path(str(ROOT / "docs" / "gen_rules.py"))["render"]
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render(), "run: python docs/gen_rules.py"


def test_readme_opens_with_the_two_quick_start_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.splitlines() == ["python3 dev.py demo", "python3 dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in ci


def test_readme_sample_output_is_what_the_demo_prints() -> None:
    from .conftest import run_cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("$ .venv/bin/wirelint check examples\n", 1)[1].split("```", 1)[0]
    shown = [line for line in sample.splitlines() if line != "…"]
    printed = run_cli("check", "examples", cwd=ROOT).stdout.splitlines()
    assert shown and all(line in printed for line in shown), (shown, printed)
