"""The user's folders, decided in one place: where TEC Desktop keeps its own files, and where it puts
the user's.

TEC_DATA_DIR moves the data folder (tests, portable installs), so that a test never touches the
user's real settings, send log or crash log.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "TEC Desktop"
APP_AUTHOR = "TEC"
SCORECARDS_FOLDER = "TEC Scorecards"


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
    """The user's Documents folder, created when missing; the home folder when it cannot be."""
    import platformdirs

    docs = Path(platformdirs.user_documents_dir())
    try:
        docs.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return docs if docs.is_dir() else Path.home()


def default_scorecards_dir() -> Path:
    """Documents/TEC Scorecards: easy to find, and not inside the folder Excel saves the workbook to."""
    return documents_dir() / SCORECARDS_FOLDER
