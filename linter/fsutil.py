"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Iterator

from .errors import UsageError

# A new file of our own (O_EXCL), not following a link someone planted. (tempfile.mkstemp
# does the same, but importing tempfile costs ~3 ms of a run that writes one report.)
_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _temporary(folder: str) -> tuple[int, str]:
    """A new, empty file in `folder` with a random name, open for writing (0600, less the umask)."""
    for _ in range(100):
        name = os.path.join(folder, f".wirelint-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, _TEMP_FLAGS, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", folder)


BLOCK = 1 << 16  # characters of text joined before they are encoded and written


def _blocks(data: Iterable[str | bytes]) -> Iterator[bytes]:
    """The pieces as bytes, small text pieces joined into blocks: a report of thousands of
    one-line pieces costs one encode and one write per block, not per line."""
    texts: list[str] = []
    size = 0
    for piece in data:
        if isinstance(piece, bytes):
            if texts:
                yield "".join(texts).encode("utf-8", "surrogateescape")
                texts, size = [], 0
            yield piece
            continue
        texts.append(piece)
        size += len(piece)
        if size >= BLOCK:
            yield "".join(texts).encode("utf-8", "surrogateescape")
            texts, size = [], 0
    if texts:
        yield "".join(texts).encode("utf-8", "surrogateescape")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, data: str | bytes | Iterable[str | bytes], *, durable: bool = True) -> None:
    """Write `data` (text is written as UTF-8 with '\\n' line endings; an iterable of text or
    bytes piece by piece, never held whole) to `path` through a
    temporary file in the same folder and a rename: a reader never sees half a file and a
    failure leaves the old file whole. An existing file keeps its permissions; a new one
    gets the usual ones (0666 less the umask), not the temporary file's 0600.

    `durable`: the data reaches the disk (fsync) before the rename, so that a power cut
    leaves the old file or the new one. Articles (--fix) and baselines are written so;
    reports, which a run makes again, skip it (~4 ms a file; the rename stays atomic)."""
    folder = os.path.dirname(os.path.abspath(path))
    # A path that is not valid UTF-8 reaches a report as surrogate escapes: write its bytes back.
    pieces: Iterable[bytes]
    if isinstance(data, str):
        pieces = (data.encode("utf-8", "surrogateescape"),)
    elif isinstance(data, bytes):
        pieces = (data,)
    else:
        pieces = _blocks(data)
    owner: tuple[int, int] | None = None
    try:
        st = os.stat(path)
        mode = stat.S_IMODE(st.st_mode)
        owner = (st.st_uid, st.st_gid)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = _temporary(folder)
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces:
                fh.write(piece)
            fh.flush()
            if durable:
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
