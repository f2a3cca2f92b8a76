"""`wirelint audit`: the summary, the JSON figures, progress on a terminal, Ctrl-C, the HTML page."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.audit import Tally, context_lines
from linter.report import html as html_report
from linter.violation import Violation

from .conftest import FIXTURES, run_cli

AUDIT = FIXTURES / "audit"
CANARY_NAME = '"><img src=x onerror=alert(1)>.md'
CANARY_STORY = (
    "---\nsource: AP\ndate: 2025-05-20\n---\n\n"
    "DUNMORE, Ky. (AP) — Text <script>alert(1)</script> and more text.\n\n"
    "This material may not be published, broadcast, rewritten or redistributed.\n"
)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The audit fixture plus what git should not hold: a file named like markup, and a
    file that is not text."""
    shutil.copytree(AUDIT, tmp_path / "audit")
    news = tmp_path / "audit" / "archive" / "2025" / "05" / "news"
    (news / CANARY_NAME).write_text(CANARY_STORY, encoding="utf-8")
    (news / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return tmp_path / "audit"


def audit(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("audit", "archive", "--originals", "wire", *args, cwd=archive)


def test_the_summary_counts_by_rule_service_folder_and_worst_files(archive: Path) -> None:
    done = audit(archive)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert re.search(r"^Audited 8 files in \d+\.\d\d s \(", out, re.M)
    assert "  compliant:       1 file (12.5%)\n" in out
    assert "  with violations: 7 files\n" in out
    assert "  violations:      10 (7 errors, 3 warnings)\n" in out
    by_rule = out.split("By rule:\n")[1].split("\n\n")[0].splitlines()
    assert by_rule[0].split() == ["AP402", "fact-altered", "error", "2"]
    assert {line.split()[0] for line in by_rule} == {
        "AP201", "AP203", "AP301", "AP401", "AP402", "AP501", "AP801", "RTR202", "WL102",
    }  # fmt: skip
    by_service = out.split("By service:\n")[1].split("\n\n")[0].splitlines()
    assert [line.rsplit(None, 1) for line in by_service] == [
        ["  The Associated Press", "8"],
        ["  Reuters", "1"],
        ["  wirelint", "1"],
    ]
    by_folder = [line.split() for line in out.split("By folder:\n")[1].split("\n\n")[0].splitlines()]
    assert by_folder == [
        ["archive/2025/05/news", "5", "in", "3", "files"],
        ["archive/2025/03/news", "2", "in", "1", "file"],
        ["archive/2025/04/local", "2", "in", "2", "files"],
        ["archive/2025/04/business", "1", "in", "1", "file"],
    ]
    worst = out.split("Worst files:\n")[1].splitlines()
    assert worst[0].split() == ["archive/2025/05/news/harbor-dredging.md", "3", "errors", "3", "violations"]
    assert len(worst) == 7


def test_json_has_every_violation_and_the_audit_figures(archive: Path) -> None:
    done = audit(archive, "--format", "json")
    report = json.loads(done.stdout)
    check = json.loads(run_cli("check", "archive", "--originals", "wire", "--format", "json", cwd=archive).stdout)
    assert report["violations"] == check["violations"]
    assert report["summary"] == check["summary"]
    figures = report["audit"]
    assert figures["files_found"] == report["files_checked"] == 8
    assert figures["files_compliant"] == 1
    assert figures["interrupted"] is False
    assert figures["by_service"] == {"The Associated Press": 8, "Reuters": 1, "wirelint": 1}
    assert sum(figures["by_folder"].values()) == report["summary"]["total"] == 10
    assert figures["worst_files"][0] == {
        "path": "archive/2025/05/news/harbor-dredging.md",
        "errors": 3,
        "violations": 3,
    }


def test_html_report_is_written_and_escapes_every_story_text(archive: Path) -> None:
    done = audit(archive, "--html", "report.html")
    assert done.returncode == 1
    assert "wirelint: wrote report.html" in done.stderr
    page = (archive / "report.html").read_text(encoding="utf-8")
    assert page.count("<script") == 1  # the page's own script, and nothing from a story
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.md" in page  # the file name
    assert 'data-figure="files-checked" data-value="8"' in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch
    # The rewrite findings show the original and the republished words side by side.
    assert "<del>$2.3</del>" in page and "<ins>$3.2</ins>" in page
    assert "<del>a decade</del> and this spring" in page and "for <ins>years</ins> and" in page


def test_quiet_runs_without_notes_and_the_html_folder_must_exist(archive: Path) -> None:
    missing = audit(archive, "--html", "no/such/report.html")
    assert missing.returncode == 2
    assert "--html: no such folder" in missing.stderr
    over = audit(archive, "--html", "archive/2025/03/news/ferry-fares.md")
    assert over.returncode == 2
    assert "is one of the files checked; not overwritten" in over.stderr
    quiet = audit(archive, "-q", "--exit-zero", "--html", "r.html")
    assert quiet.returncode == 0
    assert quiet.stderr == ""


def test_progress_is_drawn_on_a_terminal_and_not_in_a_pipe(archive: Path) -> None:
    piped = audit(archive)
    assert "files/s" not in piped.stderr
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELINT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "linter", "audit", "archive", "--originals", "wire"],
        cwd=archive,
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    proc.communicate(timeout=30)
    os.close(main)
    text = seen.decode("utf-8", "replace")
    assert re.search(r"\r█{24} 8/8 files  100%  [\d,]+ files/s  0:0\d\x1b\[K", text), text
    assert text.endswith("\r\x1b[K")  # the line is cleared before the summary


def slow_policy(folder: Path) -> None:
    """A policy with a pattern that runs for a minute on `slow.md` (the longest limit)."""
    (folder / "slow.yaml").write_text(
        "id: slow\nname: Slow\nprefix: SLW\ndetect: {patterns: ['x']}\nrules:\n"
        "  - id: SLW501\n    slug: slow\n    kind: phrase\n    condition: forbid\n    applies: all\n"
        "    patterns: ['(?:(?:a|aa)+)+b']\n"
    )
    (folder / ".wirelint.yaml").write_text("regex-timeout: 60\n")
    (folder / "slow.md").write_text("x " + "a" * 40 + "!\n")


@pytest.mark.parametrize("files", [2, 300])
def test_ctrl_c_stops_cleanly_with_the_partial_summary(tmp_path: Path, files: int) -> None:
    # 2 files run in this process; 300 in worker processes, which leave Ctrl-C to the main one.
    slow_policy(tmp_path)
    for i in range(files):
        (tmp_path / f"a{i:03}.md").write_text("x b\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRELINT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "linter", "audit", ".", "--policy", "slow.yaml", "--html", "r.html"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(3)  # the fast files are done; slow.md holds the run
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    checked = int(re.search(r"^Interrupted: (\d+) of (\d+) files checked before Ctrl-C\.$", out, re.M)[1])  # type: ignore[index]
    assert f"of {files + 1} files checked" in out
    assert 0 < checked <= files
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "This audit was interrupted" in page


# -- the page, built directly ---------------------------------------------------------------


def _violation(path: str, rule: str = "AP202", severity: str = "error", **kw: object) -> Violation:
    fields: dict[str, object] = {
        "path": path,
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 1,
        "rule": rule,
        "slug": "copyright-year-missing",
        "policy": "ap",
        "severity": severity,
        "message": "m",
    }
    fields.update(kw)
    return Violation(**fields)  # type: ignore[arg-type]


def _meta() -> html_report.Meta:
    import datetime as dt

    return html_report.Meta(
        paths=["."],
        version="0",
        policies=["The Associated Press"],
        services={"ap": "The Associated Press"},
        rules={},
        generated=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc),
    )


def test_a_large_audit_says_what_the_page_leaves_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_report, "MAX_ROWS", 3)
    monkeypatch.setattr(html_report, "MAX_FILES", 2)
    violations = [_violation(f"f{i}.md") for i in range(5)]
    lines = {f"f{i}.md": ((1, 0, "x", False),) for i in range(5)}
    page = html_report.render(Tally.of(violations, 10, 10), _meta(), lines)
    assert page.count("<tr data-rule=") == 3
    assert "The table shows the first 3 of 5 findings" in page
    assert page.count("<details ") == 2
    assert "Context is shown for the first 2 of 5 files" in page


def test_context_marks_the_span_and_cuts_long_lines() -> None:
    long_line = "a" * 2000 + "<b>HERE</b>" + "z" * 2000
    v = _violation("f.md", line=2, column=2001, end_line=2, end_column=2012)
    lines = context_lines("first\n" + long_line + "\nlast\n", [v])
    assert [(n, offset, len(text), more) for n, offset, text, more in lines] == [
        (1, 0, 5, False),
        (2, 1800, 600, True),  # 600 characters around the finding, not 4,011
        (3, 0, 4, False),
    ]
    page = html_report.render(Tally.of([v], 1, 1), _meta(), {"f.md": lines})
    context = page.split('<pre class="context">')[1].split("</pre>")[0]
    assert '<span class="ln">1</span>first\n' in context
    assert "<mark>&lt;b&gt;HERE&lt;/b&gt;</mark>" in context
    assert context.count("…") == 2
    assert '<span class="ln">3</span>last\n' in context
    missing = _violation("g.md", line=1, column=3)
    page = html_report.render(Tally.of([missing], 1, 1), _meta(), {"g.md": context_lines("abcdef\r\n", [missing])})
    assert '<span class="ln">1</span>ab<mark class="point" title="here"></mark>cdef\n' in page


def test_a_file_level_finding_is_listed_without_lines() -> None:
    v = _violation("scan.md", rule="WL102", severity="warning", slug="file-not-text")
    assert context_lines("", [v]) == ()
    page = html_report.render(Tally.of([v], 1, 1), _meta(), {})
    assert 'data-path="scan.md"' in page
    assert "WL102" in page.split('<section id="files">')[1]
    assert '<pre class="context">' not in page and "No lines of this file" not in page


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the sections are made by a forked process only where it can fork")
def test_the_sections_made_by_a_forked_process_are_those_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    violations = [_violation(f"d{i % 3}/f{i}.md", line=2, column=1 + i % 4) for i in range(40)]
    source = "first\nsecond line with <b>markup</b> & “quotes” é\nthird\n"
    lines = {v.path: context_lines(source, [v]) for v in violations}
    tally, meta = Tally.of(violations, 50, 50), _meta()
    here = html_report.render(tally, meta, lines)
    sections = html_report.files_in_background(violations, lines)
    assert sections is not None
    parts = html_report.render_parts(tally, meta, lines, sections)
    made = "".join(p if isinstance(p, str) else p.decode("utf-8") for p in parts)
    assert made == here
    # A child that fails: the sections are made here instead.
    monkeypatch.setattr(html_report, "_files", lambda violations, lines: iter([1 / 0]))
    failed = html_report.files_in_background(violations, lines)
    assert failed is not None
    monkeypatch.undo()
    parts = html_report.render_parts(tally, meta, lines, failed)
    assert "".join(p if isinstance(p, str) else p.decode("utf-8") for p in parts) == here


def test_a_report_that_cannot_be_written_still_leaves_the_page(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    story = (FIXTURES / "site" / "news" / "scraped-ap.html").read_text(encoding="utf-8")
    for i in range(300):
        (folder / f"s{i:03}.html").write_text(story, encoding="utf-8")
    page = tmp_path / "page.html"
    cmd = [sys.executable, "-m", "linter", "audit", str(folder), "--html", str(page), "--format", "json", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # the reader goes away: writing the JSON report fails
    proc.stderr.read()
    proc.wait(timeout=60)
    assert page.is_file() and "</html>" in page.read_text(encoding="utf-8")


def test_html_and_output_must_be_different_files(archive: Path) -> None:
    done = audit(archive, "--html", "same.json", "--format", "json", "-o", "same.json")
    assert (done.returncode, done.stderr.strip()) == (2, "wirelint: error: --html and --output name the same file")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the sections are made by a forked process only where it can fork")
def test_sections_not_wanted_after_all_leave_no_child_behind() -> None:
    violations = [_violation(f"f{i}.md") for i in range(3)]
    sections = html_report.files_in_background(violations, {})
    assert sections is not None
    sections.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(sections.pid, os.WNOHANG)  # reaped: no zombie


def test_the_figures_counted_at_once_are_those_counted_file_by_file() -> None:
    import random

    rng = random.Random(3)
    violations = sorted(
        (
            _violation(
                f"{rng.choice(['a', 'b/c', '.'])}/f{rng.randint(0, 30)}.md",
                rule=rng.choice(["AP101", "AP202", "RTR101", "WL102"]),
                severity=rng.choice(["error", "warning", "info"]),
                line=rng.randint(1, 9),
            )
            for _ in range(300)
        ),
        key=Violation.sort_key,
    )
    at_once = Tally.of(violations, 100, 120, 1.5, True)
    by_file = Tally(120)
    for path in dict.fromkeys(v.path for v in violations):
        by_file.add_file(path, [v for v in violations if v.path == path])
    for name in ("severity", "rules", "slugs", "rule_severity", "services", "folders", "folder_files", "violations"):
        assert getattr(at_once, name) == getattr(by_file, name), name
    assert at_once.files_with_violations == by_file.files_with_violations
    assert at_once.worst(50) == by_file.worst(50)
    assert (at_once.files, at_once.total_files, at_once.elapsed, at_once.interrupted) == (100, 120, 1.5, True)
    assert at_once.compliant == 100 - by_file.files_with_violations
    assert Tally.of([], 5, 5).worst() == [] and Tally.of([], 5, 5).files_with_violations == 0


def test_the_sort_key_used_for_many_is_the_report_order() -> None:
    from linter.violation import SORT_KEY

    v = _violation("a.md", line=3, column=4, end_line=5, end_column=6)
    assert SORT_KEY(v) == v.sort_key() == ("a.md", 3, 4, 5, 6, v.rule)
