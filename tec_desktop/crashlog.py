"""Where an unexpected error's details go, so the user can send them to us."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from tec_desktop.folders import data_dir


def write_crash_log(exc: BaseException) -> Path:
    """Append the exception with its traceback to crash.log in the data folder; return its path."""
    path = data_dir() / "crash.log"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    return path
