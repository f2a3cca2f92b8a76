"""Bad input is reported or skipped with one line, loses nothing, and never stops the run."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

import pytest

from .conftest import run_cli

GOOD = "---\nsource: AP\n---\nMILLBROOK, Vt. (AP) — The council met.\n\nCopyright The Associated Press.\n"


def build(tmp: Path) -> None:
    (tmp / "good.md").write_text(GOOD)
    (tmp / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp / "empty.md").write_text("")
    (tmp / "latin1.md").write_bytes("---\nsource: AP\n---\nCAF\xc9 (AP) - Le caf\xe9.\n".encode("latin-1"))
    (tmp / "nul.txt").write_bytes(b"text with a \x00 inside\n")
    with open(tmp / "huge.md", "wb") as fh:  # 20 MB, over the 10 MB default limit
        fh.write(b"All work and no play. " * (20 * 1024 * 1024 // 22 + 1))
    (tmp / "deep.html").write_text("<div>" * 20000 + "<p>RIVERTON (AP) — Deep text.</p>" + "</div>" * 20000)
    (tmp / "broken-front.md").write_text("---\ntitle: [oops\n---\nMILLBROOK, Vt. (AP) — Text.\n")
    bomb = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    (tmp / "bomb.md").write_text(bomb + "---\nText.\n")
    (tmp / "deep-front.md").write_text("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\nText.\n")
    loop = tmp / "loop"
    loop.mkdir()
    os.symlink("..", loop / "back")
    os.symlink("nowhere.md", tmp / "dangling.md")
    unreadable = tmp / "locked.md"
    unreadable.write_text(GOOD)
    unreadable.chmod(0)


def test_every_bad_file_is_reported_and_good_files_still_checked(tmp_path: Path) -> None:
    build(tmp_path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    found = sorted((v["path"], v["rule"]) for v in report["violations"])
    expected = [
        ("binary.md", "WL102"),
        ("bomb.md", "WL105"),
        ("broken-front.md", "AP201"),  # the body is still checked: the dateline makes it AP copy
        ("broken-front.md", "AP301"),
        ("broken-front.md", "WL105"),
        ("deep-front.md", "WL105"),
        ("deep.html", "AP201"),
        ("deep.html", "AP301"),
        ("good.md", "AP202"),
        ("good.md", "AP301"),
        ("huge.md", "WL103"),
        ("latin1.md", "AP201"),
        ("latin1.md", "AP301"),
        ("latin1.md", "WL104"),
        ("nul.txt", "WL102"),
    ]
    # Root reads files whatever their mode (CI runs as root); anyone else gets WL101.
    expected += [("locked.md", "AP202"), ("locked.md", "AP301")] if os.geteuid() == 0 else [("locked.md", "WL101")]
    expected.sort()
    assert found == expected
    notes = sorted(result.stderr.splitlines())
    assert notes == [
        "wirelint: note: dangling.md: skipped (broken symlink)",
        "wirelint: note: loop/back: skipped (symlink loop or folder already walked)",
    ]
    latin = next(v for v in report["violations"] if v["rule"] == "WL104")
    assert (latin["line"], latin["column"]) == (4, 4)
    # Memory stays bounded: the 20 MB file is never read, the deep page never recursed.
    peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    assert peak_kb < 150 * 1024


def test_named_bad_files_are_reported_one_line_each(tmp_path: Path) -> None:
    build(tmp_path)
    result = run_cli("check", "-q", "binary.md", "huge.md", "nul.txt", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "binary.md:1:1: WL102 file-not-text: file contains NUL bytes: not a text article; skipped",
        "huge.md:1:1: WL103 file-too-large: file is 20.0 MB, over the 10 MB limit; skipped",
        "nul.txt:1:1: WL102 file-not-text: file contains NUL bytes: not a text article; skipped",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_reported_not_waited_on(tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer: without O_NONBLOCK the run would hang.
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "good.md").write_text(GOOD)
    result = run_cli("check", "-q", "pipe.md", "good.md", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert "pipe.md:1:1: WL101 file-unreadable: cannot read file: not a regular file" in lines
    assert any(line.startswith("good.md:6:1: AP301") for line in lines)
