"""`--changed-since REF`: the content files a branch changed, for pull-request jobs.

Changed means added, modified, renamed or copied (not deleted) between the merge base of
REF and HEAD and the working tree, so a pull-request job sees exactly the branch's own
changes even when REF has moved on, and a local run also sees uncommitted edits and new
untracked files. The files then go through the same filters as a walk of the PATHs given:
under one of them, not in a hidden folder, matching `include`, not matching `exclude`.
"""

from __future__ import annotations

import os
import subprocess

from .engine import relative
from .errors import UsageError
from .files import Discovery
from .globs import GlobSet


def _git(args: list[str], cwd: str) -> str:
    """git's output; file names that are not UTF-8 come back as the OS would name them."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return os.fsdecode(done.stdout)


class _GitFailed(Exception):
    pass


def _toplevel(folder: str) -> str:
    try:
        return _git(["rev-parse", "--show-toplevel"], folder).strip()
    except _GitFailed:
        raise UsageError(f"--changed-since: {os.path.abspath(folder)} is not inside a git repository") from None


def changed_files(ref: str, top: str) -> list[str]:
    """Absolute paths of the files changed since `ref` in the repository at `top`."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except _GitFailed:
        raise UsageError(
            f"--changed-since: unknown git ref '{ref}' in {top} (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)"
        ) from None
    try:
        base = _git(["merge-base", ref, "HEAD"], top).strip()
    except _GitFailed:
        raise UsageError(
            f"--changed-since: '{ref}' and HEAD share no history in {top} (a shallow clone? fetch more history)"
        ) from None
    diff = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", "--find-renames", base, "--"], top)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    names = sorted({n for n in (diff + untracked).split("\0") if n})
    return [os.path.join(top, *n.split("/")) for n in names]


def discover_changed(ref: str, paths: list[str], include: GlobSet, exclude: GlobSet, root: str) -> Discovery:
    """The changed files under `paths`, filtered as a walk of `paths` would filter them."""
    here = os.path.realpath(os.getcwd())
    by_repo: dict[str, list[str]] = {}  # each PATH is looked up in its own repository
    files: list[str] = []
    seen: set[str] = set()
    for given in paths:
        top = os.path.realpath(given)  # git reports real paths
        folder = top if os.path.isdir(top) else os.path.dirname(top)
        if not os.path.isdir(folder):
            raise UsageError(f"--changed-since: no such file or folder: {given}")
        repo = _toplevel(folder)
        if repo not in by_repo:
            by_repo[repo] = changed_files(ref, repo)
        for path in by_repo[repo]:
            if path in seen or not os.path.isfile(path):
                continue
            if os.path.isdir(top):
                inside = os.path.relpath(path, top)
                if inside.startswith(os.pardir) or any(part.startswith(".") for part in inside.split(os.sep)[:-1]):
                    continue
                rel = relative(path, root)
                if not include.match(rel) or exclude.match(rel):
                    continue
            elif path != top or exclude.match(relative(path, root)):
                continue
            seen.add(path)
            files.append(os.path.relpath(path, here))
    notes = [] if files else [f"no content files changed since {ref} under {', '.join(paths)}"]
    return Discovery(files, notes, any(os.path.islink(f) for f in files))
