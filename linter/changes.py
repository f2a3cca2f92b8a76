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
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.strip())
    return done.stdout


class _GitFailed(Exception):
    pass


def changed_files(ref: str, cwd: str = ".") -> list[str]:
    """Absolute paths of the files changed since `ref` (see the module docstring)."""
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    except _GitFailed:
        raise UsageError(f"--changed-since: {os.path.abspath(cwd)} is not inside a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except _GitFailed:
        raise UsageError(
            f"--changed-since: unknown git ref '{ref}' (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)"
        ) from None
    try:
        base = _git(["merge-base", ref, "HEAD"], top).strip()
    except _GitFailed:
        raise UsageError(
            f"--changed-since: '{ref}' and HEAD share no history here (a shallow clone? fetch more history)"
        ) from None
    diff = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", "--find-renames", base, "--"], top)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    names = sorted({n for n in (diff + untracked).split("\0") if n})
    return [os.path.join(top, *n.split("/")) for n in names]


def discover_changed(ref: str, paths: list[str], include: GlobSet, exclude: GlobSet, root: str) -> Discovery:
    """The changed files under `paths`, filtered as a walk of `paths` would filter them."""
    changed = changed_files(ref)
    here = os.path.realpath(os.getcwd())
    files: list[str] = []
    seen: set[str] = set()
    for given in paths:
        top = os.path.realpath(given)  # git reports real paths
        for path in changed:
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
    return Discovery(files, [] if files else [f"no content files changed since {ref} under {', '.join(paths)}"])
