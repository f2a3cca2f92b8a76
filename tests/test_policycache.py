"""The cache of validated policies: faster runs, never different results."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES, ROOT, run_cli

SITE = FIXTURES / "site"


def cli_with_cache(cache: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELINT")}
    env["WIRELINT_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "linter", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_cached_runs_give_the_same_output_and_skip_yaml(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    uncached = run_cli("check", "news", cwd=SITE)
    cold = cli_with_cache(cache, "check", "news", cwd=SITE)
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["policy", "policy"]
    warm = cli_with_cache(cache, "check", "news", cwd=SITE)
    assert uncached.stdout == cold.stdout == warm.stdout
    assert uncached.returncode == cold.returncode == warm.returncode == 1
    # A warm run on articles with simple front matter, and no YAML config, never imports PyYAML.
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(SITE / "news" / "ap-good.md", plain)
    shutil.copy(SITE / "news" / "reuters.txt", plain)
    probe = (
        "import sys; sys.argv = ['wirelint', 'check', '-q', 'ap-good.md', 'reuters.txt'];"
        "from linter.cli import main; code = main(); print(code, 'yaml' in sys.modules, file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELINT")}
    env["WIRELINT_CACHE_DIR"] = str(cache)
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=plain, env=env, capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "1 False"


def test_an_edited_policy_is_validated_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    policy = tmp_path / "mine.yaml"
    text = (ROOT / "policies" / "reuters.yaml").read_text(encoding="utf-8")
    policy.write_text(text, encoding="utf-8")
    assert (
        cli_with_cache(
            cache, "check", "--policy", str(policy), str(SITE / "news" / "reuters.txt"), cwd=tmp_path
        ).returncode
        == 1
    )
    policy.write_text(text.replace("kind: phrase", "kind: phrases", 1), encoding="utf-8")
    broken = cli_with_cache(cache, "check", "--policy", str(policy), str(SITE / "news" / "reuters.txt"), cwd=tmp_path)
    assert broken.returncode == 2
    assert "unknown kind 'phrases'" in broken.stderr


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cli_with_cache(cache, "check", "news", cwd=SITE)
    for entry in cache.iterdir():
        entry.write_bytes(b"not a pickle")
    again = cli_with_cache(cache, "check", "news", cwd=SITE)
    assert (again.returncode, again.stderr) == (1, "")
    assert again.stdout == run_cli("check", "news", cwd=SITE).stdout


def test_a_run_without_originals_never_loads_the_alignment_or_corpus_code(tmp_path: Path) -> None:
    probe = (
        "import sys; sys.argv = ['wirelint', 'check', '-q', 'news/ap-good.md', 'news/scraped-ap.html'];"
        "from linter.cli import main; main(); print(sorted(m for m in ('rapidfuzz', 'linter.align', 'linter.corpus_index', 'shutil') if m in sys.modules), file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELINT")}
    env["WIRELINT_NO_CACHE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=SITE, env=env, capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"
