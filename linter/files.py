"""Which files a run checks: named files, and folders walked for files matching the include globs."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from .engine import relative
from .globs import GlobSet


class Discovery(NamedTuple):
    files: list[str]
    notes: list[str]  # one line each: what was skipped and why
    linked: bool = False  # a file was reached through a symlink (the file's or a folder's)


def discover(
    paths: Iterable[str],
    include: GlobSet,
    exclude: GlobSet,
    root: str,
    files: list[str] | None = None,
    found: Callable[[], None] | None = None,
) -> Discovery:
    """Files to check, in a stable order.

    A named file is checked unless excluded (pre-commit passes exactly the staged files).
    Folders are walked without recursion limits: hidden folders are skipped, symlinked
    folders are followed once (a loop is noted and cut), and only files matching `include`
    and not `exclude` are kept. A missing path is kept so the engine reports it (WL101).
    The files are appended to `files` (a new list by default), and `found` is called
    after each folder (`Walking` reads them while the walk goes on).
    """
    files = [] if files is None else files
    notes: list[str] = []
    seen: set[str] = set()
    linked = False
    for path in paths:
        if os.path.isdir(path):
            linked = _walk(path, include, exclude, root, files, notes, seen, found) or linked
            continue
        if exclude.match(relative(path, root)):
            continue
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)
            linked = linked or os.path.islink(path)
    return Discovery(files, notes, linked)


def _walk(
    top: str,
    include: GlobSet,
    exclude: GlobSet,
    root: str,
    files: list[str],
    notes: list[str],
    seen: set[str],
    found: Callable[[], None] | None = None,
) -> bool:
    """Append the files under `top`; True when one was reached through a symlink."""
    linked = False
    visited: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            notes.append(f"{os.path.normpath(folder)}: skipped ({exc.strerror or exc})")
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            notes.append(f"{os.path.normpath(folder)}: skipped (symlink loop or folder already walked)")
            continue
        visited.add(ident)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            notes.append(f"{os.path.normpath(folder)}: skipped ({exc.strerror or exc})")
            continue
        subdirs = []
        # Relative and absolute names are worked out once per folder, not per file:
        # os.path.relpath and abspath cost more than the rest of discovery.
        rel_folder = relative(folder, root)
        rel_prefix = "" if rel_folder == "." else rel_folder + "/"
        abs_prefix = os.path.join(os.path.abspath(folder), "")
        out_folder = os.path.normpath(folder)
        out_prefix = "" if out_folder == "." else os.path.join(out_folder, "")
        for entry in entries:
            name = entry.name
            path = entry.path
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name.startswith(".") or exclude.match(rel_prefix + name):
                    continue
                subdirs.append(path)
                linked = linked or entry.is_symlink()  # d_type: no system call
                continue
            try:
                is_file = entry.is_file()
            except OSError:
                is_file = False
            if not is_file:
                if entry.is_symlink() and not os.path.exists(path):
                    notes.append(f"{os.path.normpath(path)}: skipped (broken symlink)")
                continue
            rel = rel_prefix + name
            if not include.match(rel) or exclude.match(rel):
                continue
            key = abs_prefix + name
            if key not in seen:
                seen.add(key)
                files.append(out_prefix + name)
                linked = linked or entry.is_symlink()
        stack.extend(reversed(subdirs))
        if found is not None:
            found()
    return linked


class _Stopped(Exception):
    """Ends a walk that is no longer wanted."""


class Walking:
    """`discover` on a thread of its own, its files read while the walk goes on: worker
    processes start on the first folders while the rest are walked (the walk of 10,000
    files takes ~20 ms, of 100,000 ~0.2 s, during which the workers sat idle).

    Iterating gives the files in `discover`'s order; `files` is what was found so far;
    `result` waits for the end of the walk; `stop` ends it after the folder in hand (Ctrl-C:
    the files found so far, without notes).
    """

    def __init__(self, paths: Iterable[str], include: GlobSet, exclude: GlobSet, root: str) -> None:
        self.files: list[str] = []
        self._stopping = False
        self._ready = threading.Condition()
        self._result: Discovery | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._walk, args=(list(paths), include, exclude, root), name="wirelint-walk", daemon=True
        )
        self._thread.start()

    def _walk(self, paths: list[str], include: GlobSet, exclude: GlobSet, root: str) -> None:
        try:
            result = discover(paths, include, exclude, root, self.files, self._found)
        except _Stopped:
            result = Discovery(self.files, [])
        except BaseException as exc:  # given to the thread that reads the files
            with self._ready:
                self._error = exc
                self._ready.notify_all()
            return
        with self._ready:
            self._result = result
            self._ready.notify_all()

    def _found(self) -> None:
        with self._ready:
            self._ready.notify_all()
        if self._stopping:
            raise _Stopped

    def stop(self) -> None:
        self._stopping = True

    def __iter__(self) -> Iterator[str]:
        taken = 0
        while True:
            with self._ready:
                while taken >= len(self.files) and self._result is None and self._error is None:
                    self._ready.wait()
                if self._error is not None:
                    raise self._error
                more = self.files[taken:]
            if not more:
                return  # the walk has ended and every file was given
            taken += len(more)
            yield from more

    def result(self) -> Discovery:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result
