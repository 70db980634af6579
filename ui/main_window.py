"""The main window: open a workbook, see its checks and seams, make the scorecards.

Everything slow happens in the engine process (ui/engine_client.py and ui/engine/); the window only
sends requests and shows finished results, so it stays responsive whatever the workbook's size.
Which workbook is checked and when (the queue, the file watch, retries) is the LoadController's;
the long jobs and their replies are the JobTracker's; the window holds the widgets, menus, dialogs,
recent files and drag and drop, and shows what those two report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.banner import Banner
from ui.checks_view import ChecksView
from ui.desktop_open import open_folder
from ui.drop_overlay import DropOverlay
from ui.engine.requests import ReadRow
from ui.engine.results import Failure, LoadResult
from ui.engine_client import Engine, Reply
from ui.error_dialog import show_error
from ui.job_tracker import SCORECARDS_JOB, JobTracker
from ui.load_controller import LoadController
from ui.load_feedback import LoadFeedback
from ui.output_jobs import OutputJobs
from ui.preferences import Preferences
from ui.scorecards_view import ScorecardsView
from ui.screen_fit import first_geometry, fit_to_screen
from ui.scroll_page import ScrollPage
from ui.seams_view import SeamsView
from ui.welcome_view import WelcomeView
from ui.window_commands import CHECKS, SCORECARDS, SEAMS, WindowCommands
from ui.window_status import WindowStatus
from ui.workbook_header import WorkbookHeader

if TYPE_CHECKING:  # opened on demand: their modules load when first used
    from ui.email_dialog import EmailDialog
    from ui.preferences_dialog import PreferencesDialog
    from ui.user_guide import UserGuide

WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"


class MainWindow(QMainWindow):
    """The application window."""

    result_shown = Signal(object)  # LoadResult, after the views show it (tests and benchmarks wait on it)
    scorecards_finished = Signal(object)  # tuple of paths, or a Failure

    def __init__(self, store: Preferences | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("TEC Desktop")
        self.store = store or Preferences()
        self.engine = Engine(self)
        self.loads = LoadController(self.engine, self)
        self.jobs = JobTracker(self)
        self._row: Reply | None = None  # the row of the selected finding, on its way
        self._closing = False
        self.email_dialog: EmailDialog | None = None  # the last one opened (tests and screenshots use them)
        self.preferences_dialog: PreferencesDialog | None = None
        self.user_guide: UserGuide | None = None  # kept once opened: it reopens where the reader was

        self._build_central()
        self.outputs = OutputJobs(self)
        self.commands = WindowCommands(self)
        self.status = WindowStatus()
        self.statusBar().addPermanentWidget(self.status)
        self._connect()
        self._restore()
        self.refresh_recent()
        self.show_result(None)

    def showing_start_page(self) -> bool:
        """The start page is shown (no workbook yet, or the first one is being checked)."""
        return self.pages.currentWidget() is self.start_page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, lambda: fit_to_screen(self))  # now that the window system knows the frame

    @property
    def result(self) -> LoadResult | None:
        """The check shown (None: the start page)."""
        return self.loads.result

    # ================================================================== construction
    def _build_central(self) -> None:
        self.welcome = WelcomeView()
        self.checks = ChecksView()
        self.seams = SeamsView()
        self.scorecards = ScorecardsView()
        self.views = QStackedWidget()
        self.views.setObjectName("views")
        for view in (self.checks, self.seams, self.scorecards):
            self.views.addWidget(ScrollPage(view))
        self.pages = QStackedWidget()
        self.start_page = ScrollPage(self.welcome)
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(self.views)
        self.header = WorkbookHeader()
        self.banner = Banner()
        self.banner_box = QWidget()
        bl = QVBoxLayout(self.banner_box)
        bl.setContentsMargins(18, 10, 18, 0)
        bl.addWidget(self.banner)
        self.banner_box.hide()
        central = QWidget()
        central.setObjectName("central")
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.header)
        cl.addWidget(self.banner_box)
        cl.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.drop_overlay = DropOverlay(central, self)
        # Opened after the drop returns, so that the file manager is not kept waiting.
        self.drop_overlay.dropped.connect(self.open_path, Qt.ConnectionType.QueuedConnection)

    def _connect(self) -> None:
        loads, jobs = self.loads, self.jobs
        self.feedback = LoadFeedback(self)
        jobs.changed.connect(self.update_busy)
        self.header.month_chosen.connect(loads.choose_month)
        self.header.reload_requested.connect(self.reload)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.template_requested.connect(self.outputs.new_from_template)
        self.welcome.sample_requested.connect(self.outputs.open_sample)
        self.welcome.recent_requested.connect(self.open_path)
        self.seams.checks_requested.connect(lambda: self.show_view(CHECKS))
        self.checks.row_wanted.connect(self._want_row)
        self.checks.annotate_requested.connect(self.outputs.save_annotated_copy)
        self.checks.open_in_app_requested.connect(self.open_in_spreadsheet_app)
        self.checks.generate_requested.connect(self.outputs.generate_scorecards)
        sc, out = self.scorecards, self.outputs
        sc.generate_requested.connect(out.generate_scorecards)
        sc.cancel_requested.connect(out.cancel_scorecards)
        sc.open_folder_requested.connect(out.open_output_folder)
        sc.change_folder_requested.connect(out.choose_output_folder)
        sc.email_requested.connect(self.email_scorecards)
        sc.paper_changed.connect(self.store.set_paper_size)
        sc.per_owner_changed.connect(self.store.set_per_owner)

    def _restore(self) -> None:
        geometry = self.store.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.setGeometry(first_geometry(self))
        fit_to_screen(self)  # saved on a larger screen, or at another scale
        splitter = self.store.splitter("seams")
        if splitter is not None:
            self.seams.restore_splitter(splitter)
        self.show_view(self.store.view())
        self._show_options()

    def _show_options(self) -> None:
        self.scorecards.set_options(self.outputs.destination(), self.store.paper_size(), self.store.per_owner())

    # ================================================================== opening
    def show_start(self) -> None:
        """The start page (no workbook given on the command line)."""
        if self.result is None and not self.loads.busy():
            self.pages.setCurrentWidget(self.start_page)

    def choose_and_open(self) -> None:
        """File > Open…"""
        path, _ = QFileDialog.getOpenFileName(self, "Open workbook", self.store.last_folder(), WORKBOOK_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path, reason: str = "open") -> bool:
        """Open a workbook: check it in the engine and show it when done. False when it cannot even start."""
        p = Path(path).expanduser()
        try:
            p = p.resolve()
        except OSError:
            pass
        if not p.exists():
            self.store.remove_recent(p)
            self.refresh_recent()
            show_error(
                self,
                "Cannot open the workbook",
                f"{p} does not exist. It may have been moved, renamed or deleted. Check the name and the folder.",
            )
            return False
        if p.is_dir():
            show_error(self, "Cannot open a folder", f"{p} is a folder. Open the .xlsx workbook inside it.")
            return False
        self.loads.open(p, reason)
        return True

    def reload(self) -> None:
        """Check the workbook again (F5)."""
        self.loads.reload()

    # ================================================================== showing
    def show_result(self, result: LoadResult | None) -> None:
        self.checks.set_result(result)
        self.seams.set_result(result)
        self.scorecards.set_result(result)
        self._show_options()
        self.header.show_result(result, self.loads.wanted_month())
        self.status.show_result(result)
        c = self.commands
        for act in c.about_the_workbook():
            act.setEnabled(result is not None)
        c.annotate.setEnabled(result is not None and bool(result.findings))
        self.outputs.update_commands()
        c.email.setEnabled(bool(self.scorecards.files))
        if result is None:
            for act in c.navigation():
                act.setChecked(False)  # no view is shown: the start page is
            self.setWindowTitle("TEC Desktop")
            self.pages.setCurrentWidget(self.start_page)
            return
        self.pages.setCurrentWidget(self.views)
        self.show_view(self.views.currentIndex())
        self.setWindowTitle(f"{result.name} — TEC Desktop")
        errors = result.count("error")
        c.checks.setToolTip(f"Checks: {WindowStatus.counts_text(result)}")
        c.checks.setText(f"Checks ({errors})" if errors else "Checks")
        fit_to_screen(self)
        self.result_shown.emit(result)

    def show_view(self, index: int) -> None:
        """Checks (0), Seams (1) or Scorecards (2)."""
        index = index if index in (CHECKS, SEAMS, SCORECARDS) else CHECKS
        self.views.setCurrentIndex(index)
        self.commands.navigation()[index].setChecked(True)

    def find_in_findings(self) -> None:
        """Ctrl+F: the search box of the Checks view."""
        self.show_view(CHECKS)
        self.checks.focus_search()

    def _want_row(self, sheet: str, row: int) -> None:
        if self.result is None:
            return
        if self._row is not None:
            self._row.discard()  # the selection moved on: only the newest row is shown
        self._row = self.engine.request(ReadRow(self.result.book_id, sheet, row))
        self._row.finished.connect(self.checks.show_row)
        self._row.failed.connect(self._row_failed)

    def _row_failed(self, failure: Failure) -> None:
        self.checks.show_row_unavailable(failure.message)

    def update_busy(self) -> None:
        self.status.set_busy(self.loads.busy() or self.jobs.busy())
        self.header.set_busy(self.loads.busy())

    def show_banner(self, text: str) -> None:
        self.banner.show_message(text, "error")
        self.banner_box.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_box.hide()

    def refresh_recent(self) -> None:
        self.welcome.set_recent(self.store.recent_files())

    def clear_recent(self) -> None:
        """File > Open recent > Clear list."""
        self.store.clear_recent()
        self.refresh_recent()

    def open_in_spreadsheet_app(self) -> None:
        """Open the workbook in Excel (or whatever opens .xlsx files); saving there re-checks here."""
        path = self.loads.path
        if path is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_error(
                self,
                "No spreadsheet app",
                f"No program is set up to open .xlsx files. Open {path} with Excel or LibreOffice Calc yourself.",
            )

    def email_scorecards(self) -> None:
        """Email…: the messages for the PDFs just generated (the dialog lists them before sending)."""
        files = self.scorecards.files
        r = self.result
        if r is None or r.month is None or not files:
            why = "Generate the scorecards first (Ctrl+G): the emails carry those PDFs."
            show_error(self, "Generate the scorecards first", why, warning=True)
            return
        from ui.email_dialog import EmailDialog

        # Written from an older version of the workbook: the window says so and offers Generate now.
        dialog = EmailDialog(self.engine, self.store, r, files, self, stale=not self.outputs.made_from(r))
        dialog.settings_requested.connect(lambda: self.show_preferences("email", dialog.refresh, dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.email_dialog = dialog

    # ================================================================== dialogs
    def show_preferences(self, tab: str = "", then: Callable[[], None] | None = None, parent: QWidget | None = None):
        """Preferences (on the Email tab when `tab` is 'email'); `then` runs after OK."""
        from ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.store, self.engine, parent or self, tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._show_options)
        if then is not None:
            dialog.accepted.connect(then)
        dialog.open()
        self.preferences_dialog = dialog

    def show_about(self) -> None:
        from ui.about_dialog import AboutDialog

        self._open(AboutDialog(self))

    def show_user_guide(self) -> None:
        """Help > User guide (F1): the bundled guide in a window of its own, one at a time."""
        from ui.user_guide import UserGuide

        if self.user_guide is None:
            guide = UserGuide(self)
            if not guide.available():
                guide.deleteLater()
                show_error(self, "No user guide", f"The user guide is not included in this copy: {guide.folder}.")
                return
            self.user_guide = guide
        self.user_guide.show()
        self.user_guide.raise_()
        self.user_guide.activateWindow()

    def show_shortcuts(self) -> None:
        from ui.shortcuts_dialog import ShortcutsDialog

        self._open(ShortcutsDialog(self.actions(), self))

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_log_folder(self) -> None:
        from tec_desktop.folders import data_dir

        open_folder(self, data_dir())

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self.jobs.cancel(SCORECARDS_JOB)  # nothing half-written is left behind
        self._closing = True
        self.store.set_geometry(self.saveGeometry())
        self.store.set_window_state(self.saveState())
        self.store.set_splitter("seams", self.seams.splitter_state())
        self.store.set_view(self.views.currentIndex())
        self.store.sync()
        self.loads.stop()
        self.engine.shutdown()
        super().closeEvent(event)
