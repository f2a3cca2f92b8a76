"""The HTML audit report in a real browser: headless Chromium loads it, runs its script,
shows the same figures as the JSON report, keeps the XSS canaries inert, and takes a
screenshot (kept in $WIRELINT_ARTIFACTS when that is set, for a person to look at).

CI installs Chromium (.ci/run), so there this test always runs; on a machine without it
the test is skipped and says why. With CI=true a missing Chromium is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import run_cli
from .test_audit import archive  # noqa: F401 - the fixture

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    message = "no Chromium found (Debian: apt-get install chromium); .ci/run installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


class _Page(HTMLParser):
    """What the test reads off the page the browser rendered (after its script ran)."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.figures: dict[str, tuple[str, str]] = {}  # key -> (data-value, shown text)
        self.tags: list[str] = []
        self.rows = 0
        self.hidden_rows = 0
        self.rule_bars: dict[str, str] = {}
        self.count = ""
        self._figure: tuple[str, str] | None = None
        self._bar: str | None = None
        self._in_value = False
        self._in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.root = a
        if tag == "b" and a.get("data-figure"):
            self._figure = (str(a["data-figure"]), str(a.get("data-value")))
        if tag == "tr" and "data-rule" in a:
            self.rows += 1
            self.hidden_rows += "hidden" in a
        if tag == "a" and a.get("data-filter-rule"):
            self._bar = a["data-filter-rule"]
        if tag == "text" and a.get("class") == "value" and self._bar:
            self._in_value = True
        if a.get("id") == "f-count":
            self._in_count = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._bar = None
        self._in_value = self._in_count = False
        self._figure = None if tag == "b" else self._figure

    def handle_data(self, data: str) -> None:
        if self._figure is not None:
            self.figures[self._figure[0]] = (self._figure[1], data)
        if self._in_value and self._bar:
            self.rule_bars[self._bar] = data
        if self._in_count:
            self.count += data


def test_the_report_in_headless_chromium(archive: Path, tmp_path: Path) -> None:  # noqa: F811
    browser = _browser()
    done = run_cli("audit", "archive", "--originals", "wire", "--html", "report.html", "--format", "json", cwd=archive)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    page_url = (archive / "report.html").as_uri()

    # Load it and let the script run; every console message (a script error, a request
    # the page's security policy blocked, an injected script) goes to the log.
    dumped = _chromium(
        browser,
        tmp_path / "profile-dom",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page_url,
    )
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    page = _Page()
    page.feed(dumped.stdout)
    assert page.root.get("data-ready") == "1"  # the script ran to its end
    assert "data-js-errors" not in page.root
    assert "data-pwned" not in page.root  # the canary's onerror never ran

    # The canaries are text: no element came out of a story or a file name.
    assert "img" not in page.tags
    assert page.tags.count("script") == 1
    assert "<script>alert(1)</script>" in _text(dumped.stdout)
    assert '"><img src=x onerror=alert(1)>.md' in _text(dumped.stdout)

    # The figures on the page are the JSON report's.
    summary, audit = report["summary"], report["audit"]
    expected = {
        "files-checked": report["files_checked"],
        "files-compliant": audit["files_compliant"],
        "files-with-violations": summary["files_with_violations"],
        "errors": summary["errors"],
        "warnings": summary["warnings"],
        "info": summary["info"],
    }
    assert {k: int(v) for k, (v, _) in page.figures.items()} == expected
    assert {k: int(shown.replace(",", "")) for k, (_, shown) in page.figures.items()} == expected
    assert {k: int(v) for k, v in page.rule_bars.items()} == summary["by_rule"]
    assert page.rows == summary["total"] == len(report["violations"])
    assert page.hidden_rows == 0
    assert page.count == f"{summary['total']} of {summary['total']} shown"

    # Escaping alone keeps the canaries inert: without the page's Content-Security-Policy
    # an escaped canary that slipped through would run (and mark the page).
    bare = archive / "report-no-csp.html"
    bare.write_text(
        re.sub(
            r'<meta http-equiv="Content-Security-Policy"[^>]*>',
            "",
            (archive / "report.html").read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    unguarded = _chromium(
        browser,
        tmp_path / "profile-bare",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--dump-dom",
        bare.as_uri(),
    )
    assert "Content-Security-Policy" not in unguarded.stdout
    assert [line for line in unguarded.stderr.splitlines() if ":CONSOLE" in line] == []
    bare_page = _Page()
    bare_page.feed(unguarded.stdout)
    assert bare_page.root.get("data-ready") == "1"
    assert "data-pwned" not in bare_page.root
    assert "img" not in bare_page.tags and bare_page.tags.count("script") == 1

    # A screenshot, for a person to look at.
    shot = tmp_path / "audit-report.png"
    taken = _chromium(browser, tmp_path / "profile-shot", "--window-size=1280,2400", f"--screenshot={shot}", page_url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    keep = os.environ.get("WIRELINT_ARTIFACTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
        shutil.copy(archive / "report.html", Path(keep) / "audit-report.html")


def _text(dom: str) -> str:
    """The text of a serialised DOM (entities decoded), whitespace kept."""
    from html import unescape

    return unescape(re.sub(r"<[^>]*>", "", dom))
