"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable

from .errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, data: str | bytes | Iterable[str | bytes]) -> None:
    """Write `data` (text is written as UTF-8 with '\\n' line endings; an iterable of text or
    bytes piece by piece, never held whole) to `path` through a
    temporary file in the same folder and a rename: a reader never sees half a file and a
    failure leaves the old file whole. An existing file keeps its permissions; a new one
    gets the usual ones (0666 less the umask), not mkstemp's 0600."""
    import tempfile  # only runs that write a file pay for it (it imports random and shutil)

    folder = os.path.dirname(os.path.abspath(path))
    # A path that is not valid UTF-8 reaches a report as surrogate escapes: write its bytes back.
    pieces: Iterable[bytes]
    if isinstance(data, str):
        pieces = (data.encode("utf-8", "surrogateescape"),)
    elif isinstance(data, bytes):
        pieces = (data,)
    else:
        pieces = (piece if isinstance(piece, bytes) else piece.encode("utf-8", "surrogateescape") for piece in data)
    owner: tuple[int, int] | None = None
    try:
        st = os.stat(path)
        mode = stat.S_IMODE(st.st_mode)
        owner = (st.st_uid, st.st_gid)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".wirelint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        if owner is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep theirs
                os.chown(tmp, *owner)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
