"""fsutil.write_atomic: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter import fsutil
from linter.errors import UsageError


def _fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


def test_durable_writes_reach_the_disk_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fsyncs(monkeypatch)
    seen: list[bool] = []
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        seen.append(bool(calls))  # fsync came first
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "article.md"
    fsutil.write_atomic(str(target), "fixed\n")
    assert target.read_text(encoding="utf-8") == "fixed\n"
    assert seen == [True]


def test_reports_skip_the_fsync_but_are_still_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _fsyncs(monkeypatch)
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    fsutil.write_atomic(str(target), ["{", "}\n"], durable=False)
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert calls == []
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_taken_temporary_name_is_not_touched_and_another_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first name drawn is taken (a file, and a link someone planted): both are left alone.
    names = iter([b"\x00" * 6, b"\x02" * 6, b"\x01" * 6])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    taken = tmp_path / f".wirelint-{'00' * 6}.tmp"
    taken.write_text("someone else's", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    link = tmp_path / f".wirelint-{'02' * 6}.tmp"
    link.symlink_to(elsewhere)
    fsutil.write_atomic(str(tmp_path / "out.txt"), "mine")
    assert taken.read_text(encoding="utf-8") == "someone else's"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "mine"
    assert not elsewhere.exists()  # the link was not followed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([taken.name, link.name, "out.txt"])


def test_a_failure_midway_leaves_the_old_file_whole_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("the old page", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "<html>"
        raise RuntimeError("the report could not be made")

    with pytest.raises(RuntimeError):
        fsutil.write_atomic(str(target), pieces(), durable=False)
    assert target.read_text(encoding="utf-8") == "the old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_modes_an_existing_file_keeps_its_own_and_a_new_one_gets_the_usual(tmp_path: Path) -> None:
    kept = tmp_path / "kept.md"
    kept.write_text("x", encoding="utf-8")
    kept.chmod(0o640)
    fsutil.write_atomic(str(kept), "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    new = tmp_path / "new.md"
    fsutil.write_atomic(str(new), "z", durable=False)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot write in"):
        fsutil.write_atomic(str(tmp_path / "missing" / "report.json"), "{}")


def test_pieces_of_text_and_bytes_are_written_in_order(tmp_path: Path) -> None:
    # Small text pieces are joined into blocks; bytes between them keep their place, and
    # text that is not valid UTF-8 (a path's surrogate escapes) gets its bytes back.
    pieces: list[str | bytes] = [f"line {i}\n" for i in range(20_000)]
    pieces[5_000:5_000] = [b"<bytes>", "caf\udce9\n", b""]
    target = tmp_path / "report.txt"
    fsutil.write_atomic(str(target), iter(pieces), durable=False)
    want = b"".join(p if isinstance(p, bytes) else p.encode("utf-8", "surrogateescape") for p in pieces)
    assert target.read_bytes() == want
