"""Write files so that a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from tec_desktop.errors import TecError


def _explain(path: Path, exc: OSError) -> TecError:
    if isinstance(exc, PermissionError):
        return TecError("write-failed", form="permission", path=str(path))
    if isinstance(exc, IsADirectoryError):
        return TecError("write-failed", form="folder-in-the-way", path=str(path))
    if isinstance(exc, FileNotFoundError):
        return TecError("write-failed", form="no-folder", path=str(path), folder=str(path.parent))
    return TecError("write-failed", path=str(path), reason=exc.strerror or str(exc))


@contextlib.contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside `target`; on success fsync it and rename it into place.

    On any failure the temporary file is removed and `target` is left as it was.
    """
    target = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        # mkstemp makes the file private (0600); what we write is shared like any saved document.
        os.chmod(tmp, _document_mode(target))
    except OSError as exc:
        raise _explain(target, exc) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


def _document_mode(target: Path) -> int:
    """The target's current permissions, or what a newly created file would get under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def replace(tmp: Path, target: Path, attempts: int = 10) -> None:
    """os.replace, retried briefly: on Windows it fails while a viewer holds the target open."""
    for attempt in range(attempts):
        try:
            os.replace(tmp, target)
            return
        except PermissionError as exc:
            if attempt == attempts - 1:
                raise _explain(target, exc) from None
            time.sleep(0.2)
        except OSError as exc:
            raise _explain(target, exc) from None


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Atomically write bytes to `target`."""
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target
