"""End-to-end: the real CLI on real files, exact output pinned."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT, run_cli

SITE = FIXTURES / "site"

SITE_TEXT = """\
news/local-rewrite.md:6:65: AP501 rewrite-signal: 'the Associated Press reported' suggests AP copy was rewritten rather than republished with AP's credit
news/reuters.txt:3:18: RTR102 dateline-malformed: dateline credit '(Reuters)' has no dash after it: write '(Reuters) -'
news/reuters.txt:5:1: RTR202 copyright-year-missing: the Reuters copyright line '© Thomson Reuters.' has no year
news/scraped-ap.html:16:14: AP202 copyright-year-missing: the AP copyright line '© The Associated Press, .' has no year
news/scraped-ap.html:17:4: AP301 notice-missing: AP copy lacks the rights notice 'This material may not be published, broadcast, rewritten or redistributed.'
news/scraped-ap.html:17:4: AP801 page-furniture: AP's about-us blurb is page furniture from apnews.com, not part of the licensed story
Found 6 violations (3 errors, 3 warnings) in 3 of 5 files checked.
"""


def test_text_output_on_the_fixture_site() -> None:
    # The site's .wirelint.yaml excludes drafts/ and ignores AP501 under opinion/;
    # the hidden .cache/ folder and the PNG are skipped.
    result = run_cli("check", cwd=SITE)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == SITE_TEXT


def test_json_output_is_the_public_shape() -> None:
    result = run_cli("check", "--format", "json", "--select", "AP2,RTR1", cwd=SITE)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "version": 1,
        "files_checked": 5,
        "violations": [
            {
                "path": "news/reuters.txt",
                "line": 3,
                "column": 18,
                "end_line": 3,
                "end_column": 27,
                "rule": "RTR102",
                "slug": "dateline-malformed",
                "policy": "reuters",
                "severity": "warning",
                "message": "dateline credit '(Reuters)' has no dash after it: write '(Reuters) -'",
                "evidence": {"match": "(Reuters)"},
            },
            {
                "path": "news/scraped-ap.html",
                "line": 16,
                "column": 14,
                "end_line": 16,
                "end_column": 44,
                "rule": "AP202",
                "slug": "copyright-year-missing",
                "policy": "ap",
                "severity": "error",
                "message": "the AP copyright line '© The Associated Press, .' has no year",
            },
        ],
        "summary": {
            "total": 2,
            "errors": 1,
            "warnings": 1,
            "info": 0,
            "files_with_violations": 2,
            "by_rule": {"AP202": 1, "RTR102": 1},
        },
    }


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["news/ap-good.md"], 0),
        (["news/reuters.txt"], 1),
        (["news/reuters.txt", "--ignore", "RTR2"], 0),  # only the RTR102 warning is left
        (["news/reuters.txt", "--ignore", "RTR2", "--fail-on", "warning"], 1),
        (["news/reuters.txt", "--exit-zero"], 0),
        (["news/missing.md"], 1),  # reported as WL101, an error
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    assert run_cli("check", *args, cwd=SITE).returncode == code


def test_quiet_prints_violations_only_and_named_files_are_checked() -> None:
    result = run_cli("check", "-q", "news/reuters.txt", "news/ap-good.md", cwd=SITE)
    assert result.stdout.splitlines() == [
        line for line in SITE_TEXT.splitlines() if line.startswith("news/reuters.txt")
    ]


def test_a_missing_file_is_a_finding_and_the_run_goes_on() -> None:
    result = run_cli("check", "news/missing.md", "news/reuters.txt", cwd=SITE)
    assert (
        result.stdout.splitlines()[0]
        == "news/missing.md:1:1: WL101 file-unreadable: cannot read file: No such file or directory"
    )
    assert result.stdout.endswith("Found 3 violations (2 errors, 1 warning) in 2 of 2 files checked.\n")


def test_usage_errors_exit_2() -> None:
    assert run_cli("check", "--format", "xml", cwd=SITE).returncode == 2
    typo = run_cli("check", "--ignore", "AP80l", cwd=SITE)
    assert (typo.returncode, typo.stderr) == (
        2,
        "wirelint: error: --ignore: no rule ID starts with 'AP80L' (rules: AP101-AP801, RTR101-RTR801, WL001-WL107)\n",
    )
    result = run_cli("check", "--policy", "afp", cwd=SITE)
    assert (result.returncode, result.stderr) == (
        2,
        "wirelint: error: unknown policy 'afp'; built-in policies: ap, reuters (or give a .yaml path)\n",
    )


def test_version_and_module_entry_point() -> None:
    result = run_cli("--version", cwd=SITE)
    assert (result.returncode, result.stdout) == (0, "wirelint 0.1.0\n")


def test_console_script_is_installed() -> None:
    script = shutil.which("wirelint", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "check", "-q", "news/reuters.txt"], cwd=SITE, capture_output=True, text=True)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (
        1,
        "news/reuters.txt:5:1: RTR202 copyright-year-missing: the Reuters copyright line '© Thomson Reuters.' has no year",
    )


def test_policy_without_an_action_is_a_usage_error() -> None:
    result = run_cli("policy", cwd=SITE)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: wirelint policy [-h] ACTION ...")


def test_validate_reports_every_file_even_after_a_missing_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    good = tmp_path / "good.yaml"
    good.write_text((ROOT / "policies" / "reuters.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("policy", "validate", str(bad), "missing.yaml", str(good), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == f"{good}: ok (17 rules, id 'reuters', prefix RTR)\n"
    assert result.stderr == (
        f"{bad}:1:1: policy: missing required key 'name'\nmissing.yaml:1:1: policy file not found: missing.yaml\n"
    )


def test_per_path_select_narrows_what_runs(tmp_path: Path) -> None:
    (tmp_path / "wire").mkdir()
    shutil.copy(SITE / "news" / "reuters.txt", tmp_path / "wire" / "r.txt")
    (tmp_path / ".wirelint.yaml").write_text("per-path:\n  'wire/**': {select: [RTR2]}\n")
    result = run_cli("check", "-q", cwd=tmp_path)
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["RTR202"]


def test_policy_list_show_and_round_trip(tmp_path: Path) -> None:
    listing = run_cli("policy", "list", cwd=tmp_path).stdout.splitlines()
    assert [line.split()[:4] for line in listing[:2]] == [["*", "ap", "AP", "19"], ["*", "reuters", "RTR", "17"]]
    shown = run_cli("policy", "show", "ap", cwd=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout == (ROOT / "policies" / "ap.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "my-ap.yaml"
    copy.write_text(
        shown.stdout.replace("id: ap\n", "id: myap\n")
        .replace("prefix: AP\n", "prefix: MYAP\n")
        .replace("AP1", "MYAP1")
        .replace("AP2", "MYAP2")
        .replace("AP3", "MYAP3")
        .replace("AP4", "MYAP4")
        .replace("AP5", "MYAP5")
        .replace("AP8", "MYAP8"),
        encoding="utf-8",
    )
    assert run_cli("policy", "validate", str(copy), cwd=tmp_path).returncode == 0
    story = SITE / "news" / "scraped-ap.html"
    checked = run_cli("check", "--policy", str(copy), "-q", str(story), cwd=tmp_path)
    assert [line.split(": ")[1].split()[0] for line in checked.stdout.splitlines()] == ["MYAP202", "MYAP301", "MYAP801"]


def test_policy_test_runs_every_shipped_example(tmp_path: Path) -> None:
    result = run_cli("policy", "test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["ap", "reuters"]
    assert "52 of 52 examples" in result.stdout


def test_policy_test_fails_on_a_wrong_example(tmp_path: Path) -> None:
    text = (ROOT / "policies" / "reuters.yaml").read_text(encoding="utf-8")
    wrong = text.replace(
        '- "RIVERTON — Shares rose on Tuesday, according to Reuters."', '- "RIVERTON — Shares rose on Tuesday."'
    )
    assert wrong != text
    policy = tmp_path / "reuters.yaml"
    policy.write_text(wrong, encoding="utf-8")
    result = run_cli("policy", "test", str(policy), cwd=tmp_path)
    assert result.returncode == 1
    assert "  FAIL RTR501 fail example #1: not reported\n      | RIVERTON — Shares rose on Tuesday.\n" in result.stdout


def test_explain_a_rule() -> None:
    result = run_cli("explain", "AP202", cwd=SITE)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "AP202 copyright-year-missing (The Associated Press, error)"
    assert "Checked by the 'copyright' kind (condition 'year-missing') on The Associated Press copy." in lines
    assert lines[lines.index("Failing example:") + 1] == "    MILLBROOK, Vt. (AP) — The council met."
    assert "Passing example:" in lines


def test_explain_builtin_rules_kinds_and_unknown() -> None:
    assert run_cli("explain", "WL106", cwd=SITE).stdout.startswith("WL106 regex-timeout (wirelint, error)\n")
    assert run_cli("explain", "notice", cwd=SITE).stdout.startswith(
        "check kind 'notice'\n\n`notice`: the service's rights notice"
    )
    unknown = run_cli("explain", "AP999", cwd=SITE)
    assert unknown.returncode == 2 and unknown.stderr.startswith("wirelint: error: unknown rule 'AP999'")


def test_config_from_pyproject_and_its_errors(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(SITE / "news" / "reuters.txt", tmp_path / "sub" / "r.txt")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.wirelint]\npolicies = ["reuters"]\nignore = ["RTR1"]\n'
    )
    result = run_cli("check", "-q", cwd=tmp_path / "sub")
    assert (
        result.stdout
        == "r.txt:5:1: RTR202 copyright-year-missing: the Reuters copyright line '© Thomson Reuters.' has no year\n"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.wirelint]\ninclude = [1, 2]\n")
    typed = run_cli("check", cwd=tmp_path / "sub")
    assert (typed.returncode, typed.stderr) == (
        2,
        f"{tmp_path / 'pyproject.toml'}:2:1: include item must be a string, not a number\n",
    )
    (tmp_path / "pyproject.toml").write_text('[tool.wirelint]\npolicies = ["reuters"]\nignor = ["RTR1"]\n')
    bad = run_cli("check", cwd=tmp_path / "sub")
    assert (bad.returncode, bad.stderr) == (
        2,
        f"{tmp_path / 'pyproject.toml'}:3:1: config: unknown key 'ignor' (did you mean 'ignore'?); valid keys: "
        "corpus, exclude, extend, fail-on, house-style, ignore, include, max-file-mb, originals, per-path, policies, regex-timeout, select, severity, terms\n",
    )


@pytest.mark.parametrize(
    ("config", "error"),
    [
        ("fail-on: fatal\n", "1:10: fail-on must be one of error, warning, info; not 'fatal'"),
        (
            "terms:\n  ap: {require_notices: false}\n",
            "2:8: terms.ap: policy 'ap' has no licence term 'require_notices' (terms: cut, headline, require_notice, rewrite, trim_end)",
        ),
        (
            "terms:\n  ap: {require_notice: maybe}\n",
            "2:24: terms.ap.require_notice: 'maybe' is not one of [True, False]",
        ),
        (
            "extend:\n  AP801: {patterns: ['(unclosed']}\n",
            "2:22: extend.AP801: patterns item: invalid regular expression: missing ) at position 9",
        ),
        (
            "extend:\n  AP801: {scope: body}\n",
            "2:11: extend.AP801: can only add to list parameters (patterns, prefilter), not 'scope'",
        ),
        (
            "policies: [ap]\nper-path:\n  'a/**': {ignor: [AP501]}\n",
            "3:12: per-path 'a/**': unknown key 'ignor' (did you mean 'ignore'?); valid keys: ignore, policies, select, severity",
        ),
        ("exclude: ['[z-a]']\n", "1:11: exclude: invalid glob '[z-a]': bad character range z-a"),
        ("per-path:\n  '[b-a]': {ignore: [AP501]}\n", "2:3: per-path: invalid glob '[b-a]': bad character range b-a"),
        (
            "policies: [ap, afp]\n",
            "1:16: policies: unknown policy 'afp'; built-in policies: ap, reuters (or give a .yaml path)",
        ),
        ("policies: [ap, ap]\n", "1:16: policies: 'ap' is listed twice"),
        ("policies: 5\n", "1:11: policies must be a string, not a number"),
        ("fail-on: yes\n", "1:10: fail-on must be a string, not a boolean"),
        (
            "extend:\n  AP801: {patterns: [{pattern: 'Sign up', message: '{what}'}]}\n",
            "2:52: extend.AP801: patterns item: message uses unknown placeholder {what}; this condition offers {match}, {service}",
        ),
    ],
)
def test_config_errors_are_located(tmp_path: Path, config: str, error: str) -> None:
    (tmp_path / ".wirelint.yaml").write_text(config)
    (tmp_path / "a.md").write_text("Text.\n")
    result = run_cli("check", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"{tmp_path / '.wirelint.yaml'}:{error}\n")


def test_terms_and_extend_from_config(tmp_path: Path) -> None:
    (tmp_path / ".wirelint.yaml").write_text(
        "terms:\n  ap: {require_notice: false}\nextend:\n  AP801: {patterns: ['Sign up for our [^\\n]*newsletter']}\n"
    )
    (tmp_path / "a.md").write_text(
        "---\nsource: AP\n---\nX (AP) — Y.\n\nSign up for our morning newsletter.\n\nCopyright 2025 The Associated Press.\n"
    )
    result = run_cli("check", "-q", cwd=tmp_path)
    assert (
        result.stdout
        == "a.md:6:1: AP801 page-furniture: 'Sign up for our morning newsletter' is page furniture from the source web page, not part of the licensed story\n"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_runaway_policy_pattern_is_reported_and_the_run_goes_on(tmp_path: Path, jobs: str) -> None:
    # One process arms an alarm per document; with --jobs 2 and enough files the worker
    # processes do. Either way the runaway pattern is stopped in every file it hits.
    (tmp_path / "slow.yaml").write_text(
        "id: slow\nname: Slow\nprefix: SLW\ndetect: {patterns: ['x']}\nrules:\n"
        "  - id: SLW501\n    slug: slow\n    kind: phrase\n    condition: forbid\n    applies: all\n"
        "    patterns: ['(?:(?:a|aa)+)+b']\n"
        "  - id: SLW502\n    slug: fine\n    kind: phrase\n    condition: forbid\n    applies: all\n"
        "    patterns: ['x a']\n"
    )
    (tmp_path / ".wirelint.yaml").write_text("regex-timeout: 0.05\n")
    (tmp_path / "slow.md").write_text("x " + "a" * 40 + "!\n")
    for i in range(250 if jobs == "2" else 2):
        (tmp_path / f"fine-{i:03}.md").write_text("x b\n")
    done = run_cli("check", ".", "--policy", "slow.yaml", "--jobs", jobs, "-q", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "slow.md:1:1: WL106 regex-timeout: pattern of SLW501 stopped after the regex time limit: (?:(?:a|aa)+)+b",
        "slow.md:1:1: SLW502 fine: 'x a' is not allowed here",
    ]


def test_help_is_wrapped_to_the_terminal_width() -> None:
    env = {**os.environ, "COLUMNS": "60"}
    narrow = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--help"], env=env, capture_output=True, text=True
    )
    env["COLUMNS"] = "150"
    wide = subprocess.run([sys.executable, "-m", "linter", "check", "--help"], env=env, capture_output=True, text=True)
    assert narrow.returncode == wide.returncode == 0
    # Words are wrapped at the terminal's width (a long {choice,...} list cannot be).
    assert sum(len(line) > 60 for line in narrow.stdout.splitlines()) <= 2
    assert max(map(len, wide.stdout.splitlines())) > 100
    assert len(narrow.stdout.splitlines()) > len(wide.stdout.splitlines())


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_output_that_cannot_be_written_is_an_error_not_a_silent_success(unbuffered: str) -> None:
    # `explain` writes without flushing; the command's last flush meets the full disk.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED" and not k.startswith("WIRELINT")}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered  # written at once: the error comes inside the command
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "linter", "explain", "AP202"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 3, done.stderr
    assert "No space left on device" in done.stderr
