"""Every output format, pinned: the real CLI on the fixture site, compared with the reviewed
expected reports in tests/fixtures/formats/ (only the machine-specific parts, the SARIF root
URI, the version and the JUnit run time, are normalised). SARIF is validated against the
official 2.1.0 schema, JUnit is parsed, GitHub annotations are checked for escaping.

After an intended change of output, regenerate an expected report with
`cd tests/fixtures/site && python -m linter check . --format F`, normalise by hand, and
review the diff.
"""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter import __version__
from linter.report import github
from linter.report.summary import Summary
from linter.violation import Violation

from .conftest import FIXTURES, ROOT, run_cli

SITE = FIXTURES / "site"
EXPECTED = FIXTURES / "formats"
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def normalise(fmt: str, text: str) -> str:
    if fmt == "sarif":
        text = text.replace(SITE.resolve().as_uri() + "/", "file:///ROOT/")
        text = text.replace(f'"version": "{__version__}"', '"version": "VERSION"')
    if fmt == "junit":
        text = re.sub(r'time="[0-9.]+"', 'time="T"', text)
    return text


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_every_format_is_pinned(fmt: str) -> None:
    result = run_cli("check", ".", "--format", fmt, cwd=SITE)
    assert result.returncode == 1, result.stderr
    expected = (EXPECTED / f"site.{fmt}").read_text(encoding="utf-8")
    assert normalise(fmt, result.stdout) == expected


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("an older report\n", encoding="utf-8")
    result = run_cli("check", ".", "--format", "sarif", "--output", str(target), cwd=SITE)
    assert result.returncode == 1
    assert result.stdout == ""
    assert normalise("sarif", target.read_text(encoding="utf-8")) == (EXPECTED / "site.sarif").read_text(
        encoding="utf-8"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]  # no temporary file left behind


def test_output_into_a_missing_folder_is_a_usage_error_before_the_run(tmp_path: Path) -> None:
    result = run_cli("check", ".", "--output", str(tmp_path / "nope" / "r.json"), cwd=SITE)
    assert result.returncode == 2
    assert "--output: no such folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not SCHEMA.is_file(), reason=f"the SARIF schema is not beside the checkout ({SCHEMA})")
def test_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # The fixture site, and the examples with originals (rewrite findings carry evidence).
    for args, cwd in (
        (["check", "."], SITE),
        (["check", "--originals", "wire", "site"], FIXTURES / "rewrites"),
        (["check", str(SITE)], tmp_path),  # paths outside the working folder: file:// URIs
    ):
        result = run_cli(*args, "--format", "sarif", cwd=cwd)
        assert result.returncode in (0, 1), result.stderr
        log = json.loads(result.stdout)
        jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        assert run["results"], args
        for res in run["results"]:
            assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
            region = res["locations"][0]["physicalLocation"]["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_rule_help_is_the_explain_text() -> None:
    log = json.loads(run_cli("check", ".", "--format", "sarif", cwd=SITE).stdout)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    explained = run_cli("explain", "AP202", cwd=SITE).stdout
    assert rules["AP202"]["help"]["text"] == explained
    assert rules["AP202"]["name"] == "copyright-year-missing"
    assert {"WL101", "RTR202", "AP801"} <= rules.keys()


def test_sarif_paths_outside_the_working_folder_are_file_uris(tmp_path: Path) -> None:
    log = json.loads(run_cli("check", str(SITE), "--format", "sarif", cwd=tmp_path).stdout)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "uriBaseId" not in loc


def test_junit_parses_with_one_case_per_file_and_a_failure_per_violation() -> None:
    result = run_cli("check", ".", "--format", "junit", cwd=SITE)
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert sorted(cases) == [
        "news/ap-good.md",
        "news/local-rewrite.md",
        "news/reuters.txt",
        "news/scraped-ap.html",
        "opinion/column.md",
    ]
    assert [f.get("type") for f in cases["news/scraped-ap.html"].findall("failure")] == ["AP202", "AP301"]
    assert cases["news/ap-good.md"].find("failure") is None
    # Below --fail-on (warnings by default) is listed, not failed; with --fail-on warning it fails.
    assert cases["news/local-rewrite.md"].find("failure") is None
    assert suite.get("failures") == "2" and suite.get("tests") == "5"
    strict = ET.fromstring(run_cli("check", ".", "--format", "junit", "--fail-on", "warning", cwd=SITE).stdout)
    case = next(c for c in strict.iter("testcase") if c.get("name") == "news/local-rewrite.md")
    assert [f.get("type") for f in case.findall("failure")] == ["AP501"]


def test_junit_survives_control_characters_in_paths(tmp_path: Path) -> None:
    story = tmp_path / "odd\x1bname.md"
    story.write_text("---\nsource: AP\n---\nMILLBROOK, Vt. (AP) — The council met.\n", encoding="utf-8")
    result = run_cli("check", ".", "--format", "junit", cwd=tmp_path)
    root = ET.fromstring(result.stdout)
    assert [c.get("name") for c in root.iter("testcase")] == ["odd\ufffdname.md"]
    assert [f.get("type") for f in root.iter("failure")] == ["AP201", "AP301"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes in names")
def test_a_file_name_that_is_not_utf8_and_a_noncharacter_in_the_text(tmp_path: Path) -> None:
    story = "---\nsource: AP\ndate: 2025-03-04\n---\nMILLBROOK, Vt. (AP) — The council met.\n\nCopyright The Associated Press\uffff.\n"
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text(story, encoding="utf-8")
    for fmt in ("junit", "sarif", "json", "github", "text"):
        result = run_cli("check", ".", "--format", fmt, "--output", "report", cwd=tmp_path)
        assert result.returncode == 1, (fmt, result.stderr)
        data = (tmp_path / "report").read_bytes()
        if fmt == "junit":
            root = ET.fromstring(data)
            assert sorted(f.get("type") for f in root.iter("failure")) == ["AP202", "AP301"]
        if fmt == "sarif":
            uri = json.loads(data)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            assert uri["uri"] == "caf%E9.md"


def test_github_annotations_escape_what_would_end_them_early() -> None:
    v = Violation("a,b:c%.md", 2, 3, 4, 1, "AP202", "slug", "ap", "warning", "line one\nline two :: 100%")
    out = github.render([v], Summary.of([v], 1))
    first = out.splitlines()[0]
    assert first == ("::warning file=a%2Cb%3Ac%25.md,line=2,col=3,endLine=4,title=AP202::line one%0Aline two :: 100%25")


@pytest.mark.parametrize(
    "evidence", [{}, {"match": "x"}, {"original_path": "o.md", "original": "a", "republished": "b"}]
)
def test_json_violations_are_written_exactly_as_json_dumps_writes_them(evidence: dict[str, str]) -> None:
    from linter.report.json import encode_violation

    texts = [
        "plain",
        'quote " and \\ backslash',
        "tab\tnew\nline",
        "\x00\x1f control",
        "— “curly” é 日本",
        "\u2028\u2029",
        "😀",
    ]
    for i, text in enumerate(texts):
        v = Violation(
            f"dir {text}/a.md", i + 1, 2, i + 3, 4, "AP202", "copyright-year-missing", "ap", "error", text, evidence
        )
        assert encode_violation(v) == json.dumps(v.as_json(), ensure_ascii=False)
        assert json.loads(encode_violation(v)) == v.as_json()
