"""A cache of validated policies, so a run does not parse and validate YAML every time.

Loading a policy from YAML means importing PyYAML, composing and validating the file and
compiling every pattern: ~20 ms of a one-file pre-commit run that has ~60 ms in all
(bench/README.md). A policy that validated once is stored as a pickle, keyed by checksums of
the file's path and text and the versions of wirelint, `regex` and Python; a later run with
the same file loads it in well under a millisecond, with patterns compiled on first use.

The cache lives in `$WIRELINT_CACHE_DIR`, else `$XDG_CACHE_HOME/wirelint`, else
`~/.cache/wirelint`. `WIRELINT_NO_CACHE=1` turns it off. Any failure to read or write it
is ignored: the cache can only make a run faster, never change its result.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .policy import Policy

# Bump when the pickled shape changes in a way the field names below do not show
# (4: patterns carry their literals.alternatives analysis; 5: rules with equal specs share
# one spec object, checks/base.shared).
FORMAT = 5


def _shape() -> str:
    """The field names of every record a cached policy holds: a changed record is a new key
    (a stale pickle of an older shape would load, then fail in the middle of a run)."""
    from .checks import KINDS
    from .patterns import Pattern
    from .policy import Detect, Example, Examples, Policy, Rule, Term

    records: list[Any] = [Policy, Rule, Detect, Term, Examples, Example]
    records += [getattr(k, "Spec") for k in KINDS.values() if hasattr(k, "Spec")]  # noqa: B009
    return repr([(r.__name__, r._fields) for r in records] + [("Pattern", Pattern.PICKLED)])


def cache_dir() -> str | None:
    if os.environ.get("WIRELINT_NO_CACHE"):
        return None
    explicit = os.environ.get("WIRELINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "wirelint")


def _key(path: str, text: str) -> str:
    """Two independent 32-bit checksums and the length of everything the entry depends on.

    Not a cryptographic hash: the cache is the user's own and only needs to notice an
    edited file (hashlib's OpenSSL start-up alone costs 2 ms, 3% of a pre-commit run).
    """
    import regex

    parts = (str(FORMAT), _shape(), __version__, regex.__version__, sys.version, path, text)
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def get(path: str, text: str) -> Policy | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, f"policy-{_key(path, text)}.pickle"), "rb") as fh:
            policy: Policy = pickle.load(fh)
    except Exception:  # a missing, stale or damaged entry is simply a miss
        return None
    return policy


def put(path: str, text: str, policy: Policy) -> None:
    folder = cache_dir()
    if folder is None:
        return
    import tempfile  # only when writing: it imports shutil, random…

    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".policy-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(policy, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, os.path.join(folder, f"policy-{_key(path, text)}.pickle"))
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # read-only home, full disk: run without the cache
        return
