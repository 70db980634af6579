"""A lock on a file that says "still being written": released by the system when its process dies,
even by kill -9, so that the next run can tell a killed writer's leftovers from a running one's.

POSIX: fcntl.flock (advisory, on the whole file). Windows: msvcrt.locking on one byte far past the end
of any file we write (Windows' byte locks are mandatory: a lock on the data would stop its writer), and
an open file cannot be deleted there anyway.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class Held:
    """A lock held on an open file descriptor; close() releases both."""

    def __init__(self, fd: int):
        self.fd: int | None = fd

    def close(self) -> None:
        """Release the lock and close the descriptor (once)."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


_LOCK_AT = 1 << 40  # Windows: the byte locked, a terabyte in


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt

            os.lseek(fd, _LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


def lock(fd: int) -> Held:
    """Lock the file open as `fd` (ours, just created: nobody else holds it) until Held.close()."""
    _try_lock(fd)
    return Held(fd)


def unlocked(path: Path) -> bool:
    """Whether nobody holds the lock of `path` now (its writer finished or died); False if unsure."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False  # gone, or held open on Windows
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)
