"""What the window says about the checks the LoadController runs: working, done, waiting, failed, missing.

The status bar says what is being checked and why ('…was saved: checking it again', 'TEC Desktop's
engine was restarted: checking … again'); the start page shows 'Checking …' for a first workbook; a
check that fails says why, as a dialog for a workbook the user asked to open, or as a banner over
results that are still shown. When the engine stopped while reading, the message says so (never that
the file is damaged) and offers Retry; only when the same file stops it again does it suggest the
file may be the cause.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from tec_desktop.months import month_label
from ui.engine.results import Failure, LoadResult
from ui.error_dialog import Action, show_bug, show_error
from ui.load_controller import Check

if TYPE_CHECKING:
    from ui.main_window import MainWindow

AGAIN_HINT = (
    " It stopped again on this file, so the file itself may be built in a way TEC Desktop cannot read: open it "
    "in Excel, save it again (File → Save As → Excel Workbook), then retry."
)


class LoadFeedback(QObject):
    """Listens to the window's LoadController and shows what it reports."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = w = window
        loads = w.loads
        loads.started.connect(self._started)
        loads.loaded.connect(self._loaded)
        loads.failed.connect(self._failed)
        loads.waiting.connect(self._waiting)
        loads.missing.connect(self._missing)
        w.banner.label.linkActivated.connect(self._link)

    def _started(self, check: Check) -> None:
        w = self._window
        w.update_busy()
        name, result = check.path.name, w.result
        label = month_label(check.month or (result.reporting_month if result else None))
        text = {
            "watch": f"{name} was saved: checking it again…",
            "month": f"Checking {label}…",
            "restart": f"TEC Desktop's engine was restarted: checking {name} again…",
        }
        w.statusBar().showMessage(text.get(check.reason, f"Checking {name}…"))
        if result is None or Path(result.path) != check.path:
            w.welcome.set_busy(f"Checking {name}…")
            if result is None:
                w.pages.setCurrentWidget(w.start_page)

    def _loaded(self, result: LoadResult, check: Check) -> None:
        w = self._window
        w.update_busy()
        w.store.add_recent(Path(result.path))
        w.refresh_recent()
        w.welcome.set_busy(None)
        w.hide_banner()
        w.show_result(result)
        now = time.strftime("%H:%M:%S")
        if check.reason == "watch":
            w.statusBar().showMessage(f"{result.name} was saved: checked again at {now}.", 8000)
        elif check.reason == "restart":
            w.statusBar().showMessage(f"{result.name} was checked again at {now}, after the engine restarted.", 8000)
        else:
            w.statusBar().clearMessage()

    def _waiting(self, check: Check) -> None:
        w = self._window
        w.update_busy()
        w.statusBar().showMessage(f"Waiting for {check.path.name} to be saved completely…")

    def _failed(self, check: Check, failure: Failure) -> None:
        w = self._window
        w.update_busy()
        w.statusBar().clearMessage()
        result = w.result
        shown = result is not None and Path(result.path) == check.path
        again = failure.kind == "crashed" and w.loads.crashes(check.path) > 1
        message = failure.message + (AGAIN_HINT if again else "")
        if result is not None and shown and (check.reason in ("watch", "restart") or failure.kind == "crashed"):
            when = time.strftime("%H:%M", time.localtime(result.checked_at))
            retry = " <a href='retry'>Retry</a>" if failure.kind == "crashed" else ""
            later = "" if failure.kind == "crashed" else "; they update when the file is saved again"
            w.show_banner(
                f"<b>{check.path.name} could not be checked again.</b> {_html(message)} "
                f"The results below are from {when}{later}.{retry}",
            )
        elif failure.kind == "bug":
            show_bug(w, failure.message, failure.details, failure.log_path)
        elif failure.kind == "crashed":
            path, reason = check.path, check.reason
            show_error(
                w,
                f"Reading {path.name} stopped",
                message,
                warning=True,
                actions=(Action("Retry", lambda: w.open_path(path, reason)),),
            )
        else:
            title = "Cannot check this month" if check.reason == "month" else f"Cannot open {check.path.name}"
            show_error(w, title, message)
            if check.reason == "month":
                w.header.fill_months(result, w.loads.wanted_month())
        w.welcome.set_busy(None)
        if result is None:
            w.pages.setCurrentWidget(w.start_page)

    def _missing(self, path: Path) -> None:
        w = self._window
        if w.result is not None:
            when = time.strftime("%H:%M", time.localtime(w.result.checked_at))
            w.show_banner(
                f"<b>{path.name} was moved, renamed or deleted.</b> The results below are from "
                f"{when}. Open the workbook from its new place (Ctrl+O).",
            )

    def _link(self, link: str) -> None:
        if link == "retry":
            self._window.hide_banner()
            self._window.loads.reload()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
