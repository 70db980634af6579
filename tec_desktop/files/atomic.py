"""Write files so that a reader sees the old file or the new one, never half of one.

Each file is written to a hidden temporary file beside it ('.report.pdf.tec-k2j4x9ab.tmp'), flushed
to disk and renamed into place. While it is written the temporary file is locked; one that is not
(its writer was killed) is removed the next time anything is written into that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.files.locks import lock, unlocked
from tec_desktop.files.names import MAX_NAME_BYTES, cut_to_bytes

TEMP_MARK = ".tec-"  # in the name of every temporary file we make: '.<name>.tec-<random>.tmp'
WINDOWS = os.name == "nt"  # tests set this to emulate Windows' limits on Linux
MAX_PATH = 260  # Windows' limit on a path, without the long-path setting
REPLACE_ATTEMPTS, REPLACE_PAUSE = 10, 0.2  # a viewer holding the file: 2 seconds of retries
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def explain(path: Path, exc: OSError) -> TecError:
    """An OSError met while writing `path`, as one line that says what to do."""
    if exc.errno in _FULL:
        return TecError("disk-full", folder=str(path.parent))
    if exc.errno == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206:
        return TecError("write-failed", form="too-long", path=str(path))
    if WINDOWS and len(str(path)) >= MAX_PATH and isinstance(exc, FileNotFoundError):
        return TecError("write-failed", form="too-long", path=str(path))
    if isinstance(exc, PermissionError):
        return TecError("write-failed", form="permission", path=str(path))
    if isinstance(exc, IsADirectoryError):
        return TecError("write-failed", form="folder-in-the-way", path=str(path))
    if isinstance(exc, FileNotFoundError):
        return TecError("write-failed", form="no-folder", path=str(path), folder=str(path.parent))
    return TecError("write-failed", path=str(path), reason=exc.strerror or str(exc))


def remove_stale(folder: Path) -> None:
    """Remove the temporary files of writers that were killed (their lock is gone) from `folder`."""
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".") and TEMP_MARK in p.name]
    except OSError:
        return
    for path in candidates:
        if path.name.endswith(".tmp") and unlocked(path):
            with contextlib.suppress(OSError):  # in use after all (Windows), or already gone
                path.unlink()


@contextlib.contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside `target`; on success fsync it and rename it into place.

    On any failure the temporary file is removed and `target` is left as it was. OSErrors (a full
    disk, a file held open, a path too long) become one TecError naming the file."""
    target = Path(target)
    remove_stale(target.parent)
    try:
        # '.' + name + '.tec-' + 8 random characters + '.tmp' stays within a name's 255 bytes.
        name = cut_to_bytes(target.name, MAX_NAME_BYTES - 1 - len(TEMP_MARK) - 8 - 4)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}{TEMP_MARK}", suffix=".tmp", dir=target.parent)
        # mkstemp makes the file private (0600); what we write is shared like any saved document.
        os.chmod(tmp, _document_mode(target))
    except OSError as exc:
        raise explain(target, exc) from None
    tmp_path = Path(tmp)
    held = lock(fd)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        held.close()  # Windows renames no file that is open
        replace(tmp_path, target)
    except OSError as exc:
        _discard(held, tmp_path)
        raise explain(target, exc) from None
    except BaseException:
        _discard(held, tmp_path)
        raise


def _discard(held, tmp_path: Path) -> None:
    held.close()
    with contextlib.suppress(OSError):
        tmp_path.unlink()


def _document_mode(target: Path) -> int:
    """The target's current permissions, or what a newly created file would get under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def replace(tmp: Path, target: Path, attempts: int | None = None) -> None:
    """os.replace, retried briefly: on Windows it fails while a viewer holds the target open."""
    attempts = attempts or REPLACE_ATTEMPTS
    for attempt in range(attempts):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                # The folder took the temporary file, so the target itself is held or read-only.
                raise TecError("write-failed", form="in-use", path=str(target), name=target.name) from None
            time.sleep(REPLACE_PAUSE)


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Atomically write bytes to `target`."""
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target
