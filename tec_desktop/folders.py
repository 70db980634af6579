"""The user's folders, decided in one place: where TEC Desktop keeps its own files, and where it puts
the user's.

TEC_DATA_DIR moves the data folder (tests, portable installs), so that a test never touches the
user's real settings, send log or crash log.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

APP_NAME = "TEC Desktop"
APP_AUTHOR = "TEC"
SCORECARDS_FOLDER = "TEC Scorecards"
MAX_FOLDER_NAME = 60
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


def data_dir() -> Path:
    """TEC Desktop's own data folder (settings, send log, crash log), created on demand."""
    override = os.environ.get("TEC_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    """The user's Documents folder, created when missing; the home folder when it cannot be.

    A profile without a Documents folder of its own may answer '' or a relative name: that is
    Documents in the home folder, never the folder the program happens to run in.
    """
    import platformdirs

    home = Path.home()
    found = platformdirs.user_documents_dir()
    docs = Path(found) if found and Path(found).is_absolute() else home / "Documents"
    try:
        docs.mkdir(parents=True, exist_ok=True)
    except OSError:
        return home
    return docs if docs.is_dir() else home


def default_scorecards_dir() -> Path:
    """Documents/TEC Scorecards: easy to find, and not inside the folder Excel saves the workbook to."""
    return documents_dir() / SCORECARDS_FOLDER


def folder_name(text: str, fallback: str = "Scorecards") -> str:
    """Text usable as a folder name on Windows, macOS and Linux: letters and spaces kept, the rest made safe."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = " ".join(_UNSAFE.sub(" ", text).split())[:MAX_FOLDER_NAME].strip(" .")
    if text.split(".")[0].upper() in _RESERVED:
        text += " folder"
    return text or fallback


def scorecards_folder(root: str | Path, name: str, month: str) -> Path:
    """Where one workbook's scorecards of one month go: root/<name>/<YYYY-MM>."""
    return Path(root) / folder_name(name) / month
