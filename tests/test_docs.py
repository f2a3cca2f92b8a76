"""The docs say what the code does."""

from __future__ import annotations

import runpy

import pytest

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


def _blocks(text: str, lang: str) -> list[str]:
    return [part.split("```", 1)[0] for part in text.split(f"```{lang}\n")[1:]]


def _wirelint_commands(text: str) -> list[list[str]]:
    """Every `wirelint ...` command line in shell text, shell variables dropped."""
    import shlex

    commands = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().removeprefix("- ")
        if line.startswith("wirelint "):
            words = [w for w in shlex.split(line)[1:] if not w.startswith("$")]
            commands.append(words)
    return commands


def test_ci_snippets_parse_and_their_commands_are_real() -> None:
    import yaml

    from linter.cli import _parser

    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    snippets = [yaml.safe_load(block) for block in _blocks(doc, "yaml")]
    assert len(snippets) == 3
    offered = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    used = {hook["id"] for repo in snippets[0]["repos"] for hook in repo["hooks"]}
    assert used == offered
    steps = snippets[1]["jobs"]["wirelint"]["steps"]
    shell = "\n".join(s.get("run", "") for s in steps) + "\n" + "\n".join(snippets[2]["wirelint"]["script"])
    shell += "\n" + "\n".join(_blocks(doc, "sh"))
    commands = _wirelint_commands(shell)
    assert len(commands) == 7, commands
    parser = _parser()
    for words in commands:
        args = parser.parse_args(words)  # an unknown option or a typo exits here
        assert args.command in ("check", "baseline")
    assert {"--format github", "--format sarif", "--format junit"} <= {
        f"--format {w[w.index('--format') + 1]}" for w in commands if "--format" in w
    }


@pytest.mark.parametrize(("doc", "count"), [("corpus.md", 7), ("audit.md", 1)])
def test_the_commands_in_the_docs_are_real(doc: str, count: int) -> None:
    from linter.cli import _parser

    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    shell = "\n".join(_blocks(text, "sh") + _blocks(text, "console"))
    shell = "\n".join(line.removeprefix("$ ").split("  #")[0] for line in shell.splitlines())
    commands = _wirelint_commands(shell)
    assert len(commands) == count, commands
    parser = _parser()
    for words in commands:
        parser.parse_args(words)  # an unknown option or a typo exits here
