"""Why a request failed, as the window shows it: an exception raised by a handler becomes a Failure."""

from __future__ import annotations

import traceback

from ui.engine.results import Failure


def failure_of(exc: BaseException) -> Failure:
    """The user's problem in plain words; a bug of ours with its details and the crash log's path."""
    from tec_desktop.errors import Cancelled, TecError, UnreadableWorkbook
    from ui.engine.wording import for_app

    if isinstance(exc, Cancelled):
        return Failure("cancelled", for_app(exc) or "Cancelled.", code=exc.code)
    if isinstance(exc, UnreadableWorkbook):
        return Failure("unreadable", for_app(exc), code=exc.code)
    if isinstance(exc, TecError):
        return Failure("user", for_app(exc), code=exc.code)
    if isinstance(exc, FileNotFoundError):
        return Failure(
            "unreadable",
            f"{exc.filename or 'The file'} does not exist (any more). It may have been moved, renamed or deleted.",
        )
    from tec_desktop.crashlog import write_crash_log

    try:
        log = str(write_crash_log(exc))
    except OSError:
        log = ""  # the details still reach the dialog
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Failure("bug", f"{type(exc).__name__}: {exc}", details, log)
