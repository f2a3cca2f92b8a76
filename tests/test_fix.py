"""`--fix` and `--diff` through the real CLI on real files: each repair, encodings and line
endings kept, idempotence, byte-identical files where nothing needed fixing, and repairs
refused when they would not resolve the finding."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

HEAD = "---\ntitle: Council repairs the covered bridge\nsource: AP\ndate: 2025-03-04\n---\n\n"
LEAD = "MILLBROOK, Vt. (AP) — The town council voted 5-2 on Tuesday to repair the covered bridge.\n"
NOTICE = "This material may not be published, broadcast, rewritten or redistributed."
GOOD = f"{HEAD}{LEAD}\nCopyright 2025 The Associated Press. All rights reserved. {NOTICE}\n"


def fix(folder: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("check", ".", "--fix", *args, cwd=folder)
    return result.returncode, result.stdout, result.stderr


COPYRIGHT_ONLY = f"{HEAD}{LEAD}\nCopyright 2025 The Associated Press. All rights reserved.\n"


@pytest.mark.parametrize(
    ("broken", "rule", "fixed"),
    [
        (GOOD.replace("Copyright 2025 The", "Copyright The"), "AP202", GOOD),
        (GOOD.replace("Copyright 2025", "Copyright 2019"), "AP203", GOOD),
        (GOOD.replace("Copyright 2025", "Copyright 2019-2020"), "AP203", GOOD),
        (f"{HEAD}{LEAD}", "AP201", GOOD),  # no copyright line and no notice: one paragraph added
        (COPYRIGHT_ONLY, "AP301", f"{COPYRIGHT_ONLY}\n{NOTICE}\n"),  # the notice: a paragraph of its own
    ],
)
def test_each_repair_gives_the_compliant_story(tmp_path: Path, broken: str, rule: str, fixed: str) -> None:
    story = tmp_path / "story.md"
    story.write_text(broken, encoding="utf-8")
    assert rule in run_cli("check", ".", cwd=tmp_path).stdout
    code, out, err = fix(tmp_path)
    assert code == 0, out + err
    assert "No violations in 1 file checked." in out
    assert story.read_text(encoding="utf-8") == fixed
    assert "fixed" in err


def test_crlf_bom_and_a_missing_final_newline_are_kept(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    broken = GOOD.replace("Copyright 2025 The", "Copyright The").rstrip("\n").replace("\n", "\r\n")
    story.write_bytes(b"\xef\xbb\xbf" + broken.encode("utf-8"))
    fix(tmp_path)
    expected = GOOD.rstrip("\n").replace("\n", "\r\n")
    assert story.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")

    appended = tmp_path / "appended.md"
    appended.write_bytes(f"{HEAD}{LEAD}".replace("\n", "\r\n").encode("utf-8"))
    fix(tmp_path)
    assert appended.read_bytes() == GOOD.replace("\n", "\r\n").encode("utf-8")


def test_utf16_stays_utf16(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    broken = GOOD.replace("Copyright 2025 The", "Copyright The").split("---\n", 2)[2]
    story.write_bytes(b"\xfe\xff" + broken.encode("utf-16-be"))
    before = story.read_bytes()
    _code, _out, err = fix(tmp_path)
    assert story.read_bytes() == before  # a text file has no date: no year to write
    assert "story.txt:4:1: AP202: not fixed: the story has no publication date" in err
    html_story = tmp_path / "story.html"
    html_story.write_bytes(
        b"\xff\xfe"
        + (
            '<html><head><meta property="article:published_time" content="2025-03-04"></head><body><article>\n'
            "<p>MILLBROOK, Vt. (AP) — The council met.</p>\n"
            f"<p>Copyright 2019 The Associated Press. All rights reserved. {NOTICE}</p>\n"
            "</article></body></html>\n"
        ).encode("utf-16-le")
    )
    fix(tmp_path)
    text = html_story.read_bytes()
    assert text.startswith(b"\xff\xfe")
    assert "Copyright 2025 The Associated Press" in text[2:].decode("utf-16-le")


def test_html_gets_its_lines_inside_the_article(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2025-03-04T10:00:00Z"></head>\n<body>\n'
        "<article>\n  <p>MILLBROOK, Vt. (AP) — The council met.</p>\n</article>\n<footer>Our site</footer>\n"
        "</body>\n</html>\n",
        encoding="utf-8",
    )
    code, out, err = fix(tmp_path)
    assert code == 0, out + err
    assert page.read_text(encoding="utf-8").split("<article>\n")[1].split("</article>")[0] == (
        "  <p>MILLBROOK, Vt. (AP) — The council met.</p>\n"
        f"  <p>Copyright 2025 The Associated Press. All rights reserved. {NOTICE}</p>\n"
    )


def test_fix_is_idempotent_and_leaves_other_files_byte_identical(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "examples", site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    fix(site)
    after = {p: p.read_bytes() for p in before}
    changed = sorted(p.relative_to(site).as_posix() for p in before if before[p] != after[p])
    assert changed == ["wire/ap-altered-notice.md", "wire/ap-scraped.html"]
    for p in before:
        if before[p] == after[p]:
            assert p.stat().st_mtime_ns == stamps[p], p  # not even rewritten
    assert sorted(x.name for x in site.rglob(".wirelint-*")) == []  # no temporary files left
    _code, _out, err = fix(site)
    assert {p: p.read_bytes() for p in before} == after
    assert "fixed 0 violations in 0 files" in err


def test_a_repair_that_would_not_resolve_the_finding_is_not_made(tmp_path: Path) -> None:
    # The notice after CNN's copyright line is CNN's; adding AP's after it would still read
    # as CNN's, so wirelint leaves the file alone and says why.
    shutil.copy(ROOT / "examples" / "wire" / "ap-cnn-notice.md", tmp_path / "cnn.md")
    before = (tmp_path / "cnn.md").read_bytes()
    code, _out, err = fix(tmp_path)
    assert code == 1
    assert "cnn.md: not fixed: the repair did not resolve AP301" in err
    assert (tmp_path / "cnn.md").read_bytes() == before


def test_undecodable_files_are_never_rewritten(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_bytes(GOOD.replace("Copyright 2025", "Copyright 2019").encode("utf-8") + b"\xff\xfe\xfa\n")
    before = story.read_bytes()
    _code, _out, err = fix(tmp_path)
    assert story.read_bytes() == before
    assert "undecodable bytes" in err


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_permissions_are_kept(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text(GOOD.replace("Copyright 2025", "Copyright 2019"), encoding="utf-8")
    story.chmod(0o640)
    fix(tmp_path)
    assert stat.S_IMODE(story.stat().st_mode) == 0o640
    assert "Copyright 2025" in story.read_text(encoding="utf-8")


def test_diff_shows_the_repair_and_changes_nothing(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text(GOOD.replace("Copyright 2025", "Copyright 2019"), encoding="utf-8")
    before = story.read_bytes()
    result = run_cli("check", ".", "--diff", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == ["--- a/story.md", "+++ b/story.md"]
    assert f"-Copyright 2019 The Associated Press. All rights reserved. {NOTICE}" in result.stdout
    assert f"+Copyright 2025 The Associated Press. All rights reserved. {NOTICE}" in result.stdout
    assert story.read_bytes() == before
    story.write_text(GOOD, encoding="utf-8")
    clean = run_cli("check", ".", "--diff", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""


def test_fix_and_diff_exclude_each_other(tmp_path: Path) -> None:
    result = run_cli("check", ".", "--fix", "--diff", cwd=tmp_path)
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX links")
def test_a_symlinked_story_is_repaired_where_it_lives(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "story.md").write_text(GOOD.replace("Copyright 2025", "Copyright 2019"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "story.md").symlink_to(real / "story.md")
    code, out, err = fix(site)
    assert code == 0, out + err
    assert (site / "story.md").is_symlink()
    assert (real / "story.md").read_text(encoding="utf-8") == GOOD


@pytest.mark.skipif(os.name == "nt", reason="POSIX links and permissions")
def test_hard_linked_and_read_only_stories_are_left_alone_with_a_note(tmp_path: Path) -> None:
    broken = GOOD.replace("Copyright 2025", "Copyright 2019")
    linked = tmp_path / "linked.md"
    linked.write_text(broken, encoding="utf-8")
    os.link(linked, tmp_path / "elsewhere.txt")
    locked = tmp_path / "locked.md"
    locked.write_text(broken, encoding="utf-8")
    locked.chmod(0o444)
    code, _out, err = fix(tmp_path, "--select", "AP2")
    if os.geteuid() != 0:  # root may write anything; the note is about permissions
        assert "locked.md: not fixed: the file is read-only" in err
        assert locked.read_text(encoding="utf-8") == broken
    assert "linked.md: not fixed: it has 2 hard links" in err
    assert linked.read_text(encoding="utf-8") == broken
    assert code == 1


def test_a_year_inside_an_escaped_metadata_value_is_not_touched(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    text = (
        '<html><head><meta property="article:published_time" content="2025-03-04">\n'
        '<meta name="copyright" content="&#0169; 2023 The Associated Press"></head>\n'
        f"<body><article><p>MILLBROOK, Vt. (AP) — The council met.</p>\n"
        f"<p>Copyright 2025 The Associated Press. All rights reserved. {NOTICE}</p></article></body></html>\n"
    )
    page.write_text(text, encoding="utf-8")
    # The finding points at the field (its value is not verbatim in the source), not at
    # the wrong characters.
    assert "page.html:2:33: AP203" in run_cli("check", ".", cwd=tmp_path).stdout
    code, _out, err = fix(tmp_path)
    assert page.read_text(encoding="utf-8") == text
    assert "AP203: not fixed: the year is not written as plain digits here" in err
    assert code == 1


def test_the_diff_applies_with_git_even_without_final_newlines(tmp_path: Path) -> None:
    import subprocess

    broken = GOOD.replace("Copyright 2025", "Copyright 2019")
    (tmp_path / "a.md").write_text(broken.rstrip("\n"), encoding="utf-8")
    (tmp_path / "b.md").write_text(broken, encoding="utf-8")
    result = run_cli("check", ".", "--diff", "--output", "repairs.patch", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    patch = (tmp_path / "repairs.patch").read_text(encoding="utf-8")
    assert "\\ No newline at end of file" in patch
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "repairs.patch"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == GOOD.rstrip("\n")
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == GOOD


def test_diff_fails_while_errors_remain_that_it_cannot_repair(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(  # a text story has no date: nothing to repair
        "MILLBROOK, Vt. (AP) — The council met.\n\nCopyright The Associated Press.\n", encoding="utf-8"
    )
    result = run_cli("check", ".", "--diff", cwd=tmp_path)
    assert result.stdout == ""
    assert result.returncode == 1
    assert run_cli("check", ".", "--diff", "--exit-zero", cwd=tmp_path).returncode == 0
