"""The main window: open a workbook, see its checks and seams, make the scorecards.

Everything slow happens in the engine process (ui/engine_client.py and ui/engine/); this window only sends requests and
shows finished results, so it stays responsive whatever the workbook's size. It re-checks by itself
when the workbook is saved (ui/file_watcher.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tec_desktop.months import month_label
from ui import theme
from ui.checks_view import ChecksView
from ui.drop_overlay import DropOverlay
from ui.engine.results import Failure, Files, LoadResult
from ui.engine_client import Engine
from ui.error_dialog import show_bug, show_error
from ui.file_watcher import WorkbookWatcher
from ui.paths import shown
from ui.preferences import Preferences
from ui.scorecards_view import Banner, ScorecardsView
from ui.seams_view import SeamsView
from ui.shortcuts_dialog import NAME_PROPERTY
from ui.welcome_view import WelcomeView

CHECKS, SEAMS, SCORECARDS = range(3)
WATCH_RETRIES = 6  # a workbook caught mid-save is read again up to this many times (about 5 s in all)
WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"


@dataclass
class _Load:
    """A check in flight: which request, which file, why, for which month."""

    rid: int
    path: Path
    reason: str  # 'open' (the user asked), 'watch' (saved on disk), 'month', 'reload'
    month: str | None


class MainWindow(QMainWindow):
    """The application window."""

    result_shown = Signal(object)  # LoadResult, after the views show it (tests and benchmarks wait on it)
    scorecards_finished = Signal(object)  # tuple of paths, or a Failure

    def __init__(self, store: Preferences | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("TEC Desktop")
        self.setAcceptDrops(True)
        self.store = store or Preferences()
        self.engine = Engine(self)
        self.watcher = WorkbookWatcher(self)
        self.path: Path | None = None  # the workbook shown
        self.result: LoadResult | None = None
        self._month: str | None = None  # the month the user chose; None = the workbook's Reporting month
        self._load: _Load | None = None
        self._queued: tuple | None = None
        self._retries = 0
        self._jobs: dict[int, tuple[str, float]] = {}  # request id -> ('scorecards'|'annotate'|'template', start)
        self._row_rid = 0
        self._generated: tuple[str, str] | None = None  # (workbook sha256, month) the PDFs shown were made from
        self._job_book: tuple[str, str] | None = None
        self._closing = False

        self._build_views()
        self._build_header()
        self._build_actions()
        self._build_menus()
        self._build_sidebar()
        self._build_status_bar()
        self._connect()
        self._restore()
        self._refresh_recent()
        self._show_result(None)

    # ================================================================== construction
    def _build_views(self) -> None:
        self.welcome = WelcomeView()
        self.checks = ChecksView()
        self.seams = SeamsView()
        self.scorecards = ScorecardsView()
        self.views = QStackedWidget()
        self.views.setObjectName("views")
        for view in (self.checks, self.seams, self.scorecards):
            self.views.addWidget(view)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.views)

    def _build_header(self) -> None:
        self.file_title = QLabel()
        self.file_title.setObjectName("fileTitle")
        self.file_title.setAccessibleName("Workbook")
        self.file_meta = QLabel()
        self.file_meta.setObjectName("fileMeta")
        self.file_meta.setAccessibleName("Workbook details")
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.file_title)
        names.addWidget(self.file_meta)
        file_icon = QLabel()
        file_icon.setPixmap(theme.icon("spreadsheet").pixmap(QSize(30, 30)))

        self.month_picker = QComboBox()
        self.month_picker.setObjectName("monthPicker")
        self.month_picker.setAccessibleName("Month")
        self.month_picker.setToolTip(
            "The month to check and report (Ctrl+M). It starts at the Reporting month on the workbook's Settings sheet."
        )
        self.month_picker.setMinimumWidth(230)
        self.month_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        month_label_widget = QLabel("Month:")
        month_label_widget.setBuddy(self.month_picker)
        self.reload_button = QToolButton()
        self.reload_button.setIcon(theme.icon("reload"))
        self.reload_button.setIconSize(QSize(20, 20))
        self.reload_button.setAccessibleName("Check again")
        self.reload_button.setToolTip(
            "Read and check the workbook again (F5). This also happens by itself when the file is saved."
        )
        self.reload_button.setAutoRaise(True)

        header = QFrame()
        header.setObjectName("header")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(18, 10, 18, 10)
        hl.setSpacing(10)
        hl.addWidget(file_icon)
        hl.addLayout(names, 1)
        hl.addWidget(month_label_widget)
        hl.addWidget(self.month_picker)
        hl.addWidget(self.reload_button)
        self.header = header

        self.banner = Banner()
        banner_box = QWidget()
        bl = QVBoxLayout(banner_box)
        bl.setContentsMargins(18, 10, 18, 0)
        bl.addWidget(self.banner)
        self.banner_box = banner_box
        banner_box.hide()

        central = QWidget()
        central.setObjectName("central")
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(header)
        cl.addWidget(banner_box)
        cl.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.drop_overlay = DropOverlay(central)

    def _action(self, text: str, slot, keys=(), icon: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setProperty(NAME_PROPERTY, text)  # the text may later carry a count: 'Checks (5)'
        if icon:
            action.setIcon(theme.icon(icon))
        shortcuts = []
        for k in (keys,) if isinstance(keys, (str, QKeySequence.StandardKey)) else keys:
            for seq in QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) else [QKeySequence(k)]:
                if not seq.isEmpty() and seq not in shortcuts:
                    shortcuts.append(seq)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)  # shortcuts work whatever has the focus
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_new = a(
            "&New workbook from template…",
            self.new_from_template,
            (QKeySequence.StandardKey.New, "Ctrl+N"),
            "new",
            "Save an empty workbook with every sheet, column and dropdown",
        )
        self.act_open = a(
            "&Open…", self.choose_and_open, (QKeySequence.StandardKey.Open, "Ctrl+O"), "open", "Open a workbook"
        )
        self.act_sample = a(
            "Open &sample workbook", self.open_sample, "Ctrl+Shift+N", "sample", "Open a filled-in example workbook"
        )
        self.act_reload = a(
            "Check &again", self.reload, ("F5", "Ctrl+R"), "reload", "Read and check the workbook again"
        )
        self.act_annotate = a(
            "Save &annotated copy…",
            self.save_annotated_copy,
            "Ctrl+Shift+S",
            "annotate",
            "Save a copy with problem cells coloured and commented",
        )
        self.act_open_in_app = a(
            "Open in spreadsheet &app",
            self.open_in_spreadsheet_app,
            "Ctrl+E",
            "spreadsheet",
            "Open the workbook in Excel or your spreadsheet app",
        )
        self.act_prefs = a(
            "&Preferences…",
            lambda: self.show_preferences(),
            ("Ctrl+,",),
            None,
            "Output folder, paper size, mail server",
        )
        self.act_quit = a("&Quit", self.close, (QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        self.act_checks = a(
            "&Checks", lambda: self.show_view(CHECKS), "Ctrl+1", "nav-checks", "The workbook's problems"
        )
        self.act_seams = a("S&eams", lambda: self.show_view(SEAMS), "Ctrl+2", "nav-seams", "Each seam's month")
        self.act_scorecards = a(
            "Score&cards",
            lambda: self.show_view(SCORECARDS),
            "Ctrl+3",
            "nav-scorecards",
            "Make and preview the PDF scorecards",
        )
        self.act_find = a("&Find in findings", self.find, (QKeySequence.StandardKey.Find, "Ctrl+F"))
        self.act_month = a("Choose &month", self.focus_month, "Ctrl+M")
        self.act_prev_month = a("&Previous month", lambda: self.step_month(+1), "Ctrl+[")
        self.act_next_month = a("Ne&xt month", lambda: self.step_month(-1), "Ctrl+]")
        self.act_generate = a(
            "&Generate scorecards",
            self.generate_scorecards,
            "Ctrl+G",
            "nav-scorecards",
            "Write the pack and the per-owner PDFs",
        )
        self.act_cancel = a("Cancel &generation", self.cancel_job, "Esc")
        self.act_cancel.setEnabled(False)
        self.act_output = a(
            "Open &output folder",
            self.open_output_folder,
            "Ctrl+Shift+O",
            "folder",
            "Show the PDFs in your file manager",
        )
        self.act_email = a(
            "&Email scorecards…",
            self.email_scorecards,
            "Ctrl+Shift+E",
            "email",
            "Send the PDFs to the leadership team and the seam owners",
        )
        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, ("F1", "Ctrl+/"))
        self.act_log = a("Show &log folder", self.show_log_folder)
        self.act_about = a("&About TEC Desktop", self.show_about)
        self.nav_group = QActionGroup(self)
        self.nav_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for act in (self.act_checks, self.act_seams, self.act_scorecards):
            act.setCheckable(True)
            self.nav_group.addAction(act)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.act_new, self.act_open, self.act_sample])
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file.addSeparator()
        file.addActions([self.act_reload, self.act_annotate, self.act_open_in_app])
        file.addSeparator()
        file.addAction(self.act_prefs)
        file.addSeparator()
        file.addAction(self.act_quit)
        view = bar.addMenu("&View")
        view.addActions([self.act_checks, self.act_seams, self.act_scorecards])
        view.addSeparator()
        view.addActions([self.act_find, self.act_month, self.act_prev_month, self.act_next_month])
        cards = bar.addMenu("&Scorecards")
        cards.addActions([self.act_generate, self.act_cancel, self.act_output, self.act_email])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.act_shortcuts, self.act_log])
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)

    def _build_sidebar(self) -> None:
        side = QToolBar("Views")
        side.setObjectName("sidebar")
        side.setMovable(False)
        side.setFloatable(False)
        side.setIconSize(QSize(26, 26))
        side.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        side.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        side.addActions([self.act_checks, self.act_seams, self.act_scorecards])
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, side)
        self.sidebar = side
        for act in (self.act_checks, self.act_seams, self.act_scorecards):
            button = side.widgetForAction(act)
            button.setAccessibleName(act.text().replace("&", ""))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_counts = QLabel()
        self.status_counts.setAccessibleName("Findings count")
        self.status_checked = QLabel()
        self.status_checked.setAccessibleName("Last checked")
        self.status_file = QLabel()
        self.status_file.setAccessibleName("File")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(110)
        self.busy_bar.setFixedHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.hide()
        for w in (self.busy_bar, self.status_counts, self.status_checked, self.status_file):
            bar.addPermanentWidget(w)

    def _connect(self) -> None:
        e = self.engine
        e.loaded.connect(self._on_loaded)
        e.row_ready.connect(self._on_row)
        e.progress.connect(self._on_progress)
        e.done.connect(self._on_done)
        e.failed.connect(self._on_failed)
        self.watcher.changed.connect(self._on_file_changed)
        self.watcher.missing.connect(self._on_file_missing)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.template_requested.connect(self.new_from_template)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.recent_requested.connect(self.open_path)
        self.checks.row_wanted.connect(self._want_row)
        self.checks.annotate_requested.connect(self.save_annotated_copy)
        self.checks.open_in_app_requested.connect(self.open_in_spreadsheet_app)
        sc = self.scorecards
        sc.generate_requested.connect(self.generate_scorecards)
        sc.cancel_requested.connect(self.cancel_job)
        sc.open_folder_requested.connect(self.open_output_folder)
        sc.change_folder_requested.connect(self.choose_output_folder)
        sc.email_requested.connect(self.email_scorecards)
        sc.paper_changed.connect(self.store.set_paper_size)
        sc.per_owner_changed.connect(self.store.set_per_owner)
        self.month_picker.activated.connect(self._month_picked)
        self.reload_button.clicked.connect(self.reload)

    def _restore(self) -> None:
        geometry = self.store.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            width, height = min(1440, int(screen.width() * 0.92)), min(900, int(screen.height() * 0.9))
            self.resize(width, height)
            self.move(screen.center().x() - width // 2, screen.center().y() - height // 2)
        splitter = self.store.splitter("seams")
        if splitter is not None:
            self.seams.splitter.restoreState(splitter)
        self.show_view(self.store.view())
        self.scorecards.set_options(self.store.output_folder(), self.store.paper_size(), self.store.per_owner())

    # ================================================================== opening
    def show_start(self) -> None:
        """The start page (no workbook given on the command line)."""
        if self.result is None and self._load is None:
            self.pages.setCurrentWidget(self.welcome)

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
            self._refresh_recent()
            show_error(
                self,
                "Cannot open the workbook",
                f"{p} does not exist. It may have been moved, renamed or deleted. Check the name and the folder.",
            )
            return False
        if p.is_dir():
            show_error(self, "Cannot open a folder", f"{p} is a folder. Open the .xlsx workbook inside it.")
            return False
        month = self._month if self.path is not None and p == self.path else None
        self._start_load(p, reason, month)
        return True

    def reload(self) -> None:
        """Check the workbook again (F5)."""
        if self.path is not None:
            self._start_load(self.path, "reload", self._month)

    def open_sample(self) -> None:
        """A copy of the sample in the data folder (so edits never touch the installed file), opened."""
        from tec_desktop.folders import data_dir

        target = data_dir() / "Sample seam workbook.xlsx"
        if target.exists():
            self.open_path(target)
            return
        self._start_job("template", self.engine.template(str(target), sample=True))

    def new_from_template(self) -> None:
        """File > New workbook from template…"""
        start = str(Path(self.store.last_folder()) / "Seam workbook.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "New workbook from template", start, "Excel workbook (*.xlsx)")
        if path:
            self.create_from_template(path)

    def create_from_template(self, path: str | Path) -> None:
        """Write the template to `path`, then open it."""
        p = Path(path)
        if p.suffix.lower() != ".xlsx":
            p = p.with_name(p.name + ".xlsx")
        if self.path is not None and p.resolve() == self.path:
            show_error(self, "Choose another name", "That is the workbook open now; the template would replace it.")
            return
        self._start_job("template", self.engine.template(str(p)))

    def _start_load(self, path: Path, reason: str, month: str | None) -> None:
        if self._load is not None:
            self._queued = (path, reason, month)  # one check at a time; the latest request wins
            return
        if reason == "month" and self.result is not None and Path(self.result.path) == path:
            rid = self.engine.recheck(self.result.book_id, month)
        else:
            rid = self.engine.load(str(path), month)
        self._load = _Load(rid, path, reason, month)
        self._set_busy(True)
        label = month_label(month or (self.result.reporting_month if self.result else None))
        text = {"watch": f"{path.name} was saved: checking it again…", "month": f"Checking {label}…"}
        self.statusBar().showMessage(text.get(reason, f"Checking {path.name}…"))
        if self.result is None or Path(self.result.path) != path:
            self.welcome.set_busy(f"Checking {path.name}…")
            if self.result is None:
                self.pages.setCurrentWidget(self.welcome)

    def _on_loaded(self, rid: int, result: LoadResult) -> None:
        if self._load is None or rid != self._load.rid:
            return  # a stale answer
        load, self._load = self._load, None
        self._set_busy(False)
        path = Path(result.path)
        if path != self.path:
            self.watcher.watch(path, result.signature)
        else:
            self.watcher.set_baseline(result.signature)
        self.path = path
        self._month = load.month
        self._retries = 0
        self.store.add_recent(path)
        self._refresh_recent()
        self.welcome.set_busy(None)
        self._hide_banner()
        self._show_result(result)
        if load.reason == "watch":
            self.statusBar().showMessage(f"{path.name} was saved: checked again at {time.strftime('%H:%M:%S')}.", 8000)
        else:
            self.statusBar().clearMessage()
        self._next_queued()

    def _on_load_failed(self, load: _Load, failure: Failure) -> None:
        self._set_busy(False)
        name = load.path.name
        if load.reason == "watch" and failure.kind == "unreadable" and self._retries < WATCH_RETRIES:
            # Caught mid-save (a half-written zip): try again shortly rather than alarm the user.
            self._retries += 1
            self.statusBar().showMessage(f"Waiting for {name} to be saved completely…")
            QTimer.singleShot(250 * self._retries, lambda: self._start_load(load.path, "watch", load.month))
            self._next_queued()
            return
        self._retries = 0
        self.statusBar().clearMessage()
        shown = self.result is not None and Path(self.result.path) == load.path
        if load.reason == "watch" and shown:
            when = time.strftime("%H:%M", time.localtime(self.result.checked_at))
            self._show_banner(
                f"<b>{name} could not be checked again.</b> {failure.message} "
                f"The results below are from {when}; they update when the file is saved again.",
                "error",
            )
        elif failure.kind == "bug":
            show_bug(self, failure.message, failure.details, failure.log_path)
        else:
            title = "Cannot check this month" if load.reason == "month" else f"Cannot open {name}"
            show_error(self, title, failure.message)
            if load.reason == "month":
                self._fill_months(self.result)
        if self.result is None:
            self.welcome.set_busy(None)
            self.pages.setCurrentWidget(self.welcome)
        else:
            self.welcome.set_busy(None)
        self._next_queued()

    def _next_queued(self) -> None:
        if self._queued is not None and self._load is None:
            queued, self._queued = self._queued, None
            self._start_load(*queued)

    def _on_file_changed(self) -> None:
        if self.path is not None:
            self._retries = 0
            self._start_load(self.path, "watch", self._month)

    def _on_file_missing(self) -> None:
        if self.path is None or self.result is None:
            return
        when = time.strftime("%H:%M", time.localtime(self.result.checked_at))
        self._show_banner(
            f"<b>{self.path.name} was moved, renamed or deleted.</b> The results below are from "
            f"{when}. Open the workbook from its new place (Ctrl+O).",
            "error",
        )

    # ================================================================== showing
    def _show_result(self, result: LoadResult | None) -> None:
        self.result = result
        self.checks.set_result(result)
        self.seams.set_result(result)
        self.scorecards.set_result(result)
        self._fill_months(result)
        has = result is not None
        for act in (
            self.act_reload,
            self.act_open_in_app,
            self.act_month,
            self.act_prev_month,
            self.act_next_month,
            self.act_checks,
            self.act_seams,
            self.act_scorecards,
            self.act_find,
        ):
            act.setEnabled(has)
        self.act_annotate.setEnabled(has and bool(result.findings))
        self.act_generate.setEnabled(
            has and not self.scorecards.blocking_reason() and self.running_job("scorecards") is None
        )
        self.act_email.setEnabled(bool(self.scorecards.files))
        self.month_picker.setEnabled(has)
        self.reload_button.setEnabled(has)
        self.header.setVisible(has)
        if result is None:
            for act in (self.act_checks, self.act_seams, self.act_scorecards):
                act.setChecked(False)  # no view is shown: the start page is
            self.setWindowTitle("TEC Desktop")
            self.status_file.setText("")
            self.status_checked.setText("")
            self.status_counts.setText("")
            self.pages.setCurrentWidget(self.welcome)
            return
        self.pages.setCurrentWidget(self.views)
        self.show_view(self.views.currentIndex())
        name = result.name
        self.setWindowTitle(f"{name} — TEC Desktop")
        self.file_title.setText(name)
        self.file_title.setToolTip(result.path)
        checked = time.strftime("%H:%M:%S", time.localtime(result.checked_at))
        org = f"{result.organization}  ·  " if result.organization else ""
        self.file_meta.setText(f"{org}{shown(Path(result.path).parent)}  ·  checked at {checked}")
        self.status_file.setText(name)
        self.status_file.setToolTip(result.path)
        self.status_checked.setText(f"Last checked {checked} ({result.duration:.1f} s)")
        counts = ", ".join(theme.plural(result.count(s), s) for s in ("error", "warning", "info"))
        self.status_counts.setText(counts)
        nav = {CHECKS: "Checks", SEAMS: "Seams", SCORECARDS: "Scorecards"}
        errors = result.count("error")
        self.act_checks.setToolTip(f"{nav[CHECKS]}: {counts}")
        self.act_checks.setText(f"Checks ({errors})" if errors else "Checks")
        self.result_shown.emit(result)

    def _fill_months(self, result: LoadResult | None) -> None:
        picker = self.month_picker
        picker.blockSignals(True)
        picker.clear()
        if result is not None:
            months = list(result.months)
            if result.month and result.month not in months:
                months.append(result.month)
                months.sort(reverse=True)
            if result.month is None:
                picker.addItem("Choose a month…", None)
            for m in months:
                suffix = "  (Reporting month)" if m == result.reporting_month else ""
                picker.addItem(f"{month_label(m)}{suffix}", m)
            picker.setCurrentIndex(max(picker.findData(result.month), 0))
        picker.blockSignals(False)

    def _month_picked(self, index: int) -> None:
        month = self.month_picker.itemData(index)
        if month is None or self.result is None or month == self.result.month:
            return
        chosen = None if month == self.result.reporting_month else month
        self._month = chosen
        self._start_load(Path(self.result.path), "month", chosen)

    def focus_month(self) -> None:
        self.month_picker.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.month_picker.showPopup()

    def step_month(self, step: int) -> None:
        """Ctrl+[ / Ctrl+]: the month before or after."""
        index = self.month_picker.currentIndex() + step
        if 0 <= index < self.month_picker.count() and self.month_picker.itemData(index) is not None:
            self.month_picker.setCurrentIndex(index)
            self._month_picked(index)

    def show_view(self, index: int) -> None:
        """Checks (0), Seams (1) or Scorecards (2)."""
        index = index if index in (CHECKS, SEAMS, SCORECARDS) else CHECKS
        self.views.setCurrentIndex(index)
        (self.act_checks, self.act_seams, self.act_scorecards)[index].setChecked(True)

    def find(self) -> None:
        self.show_view(CHECKS)
        self.checks.focus_search()

    def _want_row(self, sheet: str, row: int) -> None:
        if self.result is not None:
            self._row_rid = self.engine.row(self.result.book_id, sheet, row)

    def _on_row(self, rid: int, values) -> None:
        if rid == self._row_rid:
            self.checks.show_row(values)

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy or bool(self._jobs))
        self.reload_button.setEnabled(not busy and self.result is not None)

    def _show_banner(self, text: str, kind: str) -> None:
        self.banner.show_message(text, kind)
        self.banner_box.show()

    def _hide_banner(self) -> None:
        self.banner.hide()
        self.banner_box.hide()

    def _refresh_recent(self) -> None:
        self.welcome.set_recent(self.store.recent_files())

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.store.recent_files()
        for i, p in enumerate(recent):
            label = f"&{i + 1}  {Path(p).name}" if i < 9 else Path(p).name
            act = menu.addAction(label)
            act.setToolTip(p)
            act.setStatusTip(p)
            act.triggered.connect(lambda checked=False, p=p: self.open_path(p))
        if not recent:
            menu.addAction("No recent workbooks").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear list", lambda: (self.store.clear_recent(), self._refresh_recent()))

    # ================================================================== scorecards and copies
    def generate_scorecards(self) -> bool:
        """Write the pack and the per-owner PDFs in the engine; progress shows in the Scorecards view."""
        r = self.result
        if r is None or self.running_job("scorecards") is not None or self.scorecards.blocking_reason():
            if r is not None and self.scorecards.blocking_reason():
                self.show_view(SCORECARDS)
            return False
        self.show_view(SCORECARDS)
        folder = self.store.output_folder()
        self.scorecards.set_options(folder, self.store.paper_size(), self.store.per_owner())
        rid = self.engine.scorecards(r.book_id, r.month, str(folder), self.store.paper_size(), self.store.per_owner())
        self._job_book = (r.sha256, r.month)
        self._start_job("scorecards", rid)
        self.scorecards.set_running(True)
        self.statusBar().showMessage("Writing the scorecards…")
        return True

    def cancel_job(self) -> None:
        """Esc / Cancel: stop the generation."""
        rid = self.running_job("scorecards")
        if rid is not None:
            self.engine.cancel(rid)
            self.scorecards.cancelling()

    def save_annotated_copy(self) -> None:
        """File > Save annotated copy…"""
        if self.result is None:
            return
        src = Path(self.result.path)
        start = str(src.with_name(f"{src.stem} (annotated).xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, "Save annotated copy", start, "Excel workbook (*.xlsx)")
        if path:
            self.write_annotated_copy(path)

    def write_annotated_copy(self, path: str | Path) -> bool:
        """Write the annotated copy to `path` (never over the workbook itself)."""
        if self.result is None or self.running_job("annotate") is not None:
            return False
        p = Path(path)
        if p.suffix.lower() != ".xlsx":
            p = p.with_name(p.name + ".xlsx")
        if p.resolve() == Path(self.result.path).resolve():
            show_error(
                self,
                "Choose another name",
                "The annotated copy cannot replace the workbook itself: your "
                "workbook is never changed. Choose another file name.",
            )
            return False
        self._start_job("annotate", self.engine.annotate(self.result.book_id, self._month, str(p)))
        self.statusBar().showMessage(f"Saving {p.name}…")
        return True

    def running_job(self, kind: str) -> int | None:
        """The request id of the running job of this kind ('scorecards', 'annotate', 'template'), if any."""
        return next((rid for rid, (k, _) in self._jobs.items() if k == kind), None)

    def _start_job(self, kind: str, rid: int) -> None:
        self._jobs[rid] = (kind, time.monotonic())
        if kind == "scorecards":
            self.act_cancel.setEnabled(True)
            self.act_generate.setEnabled(False)
        self.busy_bar.show()

    def _end_job(self, rid: int) -> tuple[str, float]:
        kind, started = self._jobs.pop(rid)
        if kind == "scorecards":
            self.act_cancel.setEnabled(False)
            self.act_generate.setEnabled(self.result is not None and not self.scorecards.blocking_reason())
            self.statusBar().clearMessage()
        self.busy_bar.setVisible(self._load is not None or bool(self._jobs))
        return kind, started

    def _on_progress(self, rid: int, progress) -> None:
        if self._jobs.get(rid, ("",))[0] == "scorecards":
            self.scorecards.set_progress(progress)

    def _on_done(self, rid: int, files: Files) -> None:
        if rid not in self._jobs:
            return
        kind, started = self._end_job(rid)
        if kind == "scorecards":
            self._generated = (self._job_book[0], self._job_book[1]) if self._job_book else None
            self.scorecards.finished(files.paths, time.monotonic() - started)
            self.act_email.setEnabled(bool(files.paths))
            folder = shown(Path(files.paths[0]).parent)
            self.statusBar().showMessage(f"{len(files.paths)} PDFs written to {folder}.", 10000)
            self.scorecards_finished.emit(files.paths)
        elif kind == "annotate":
            self._annotated(Path(files.paths[0]))
        elif kind == "template":
            self.open_path(files.paths[0])

    def _annotated(self, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Annotated copy saved",
            f"{path.name} was saved in {path.parent}.\n\nEvery problem cell is coloured and carries "
            "the message as a comment; the Issues sheet lists them all with links. Your workbook "
            "was not changed: fix the problems there.",
            QMessageBox.StandardButton.Close,
            self,
        )
        open_button = box.addButton("Open the copy", QMessageBox.ButtonRole.AcceptRole)
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.statusBar().showMessage(f"Annotated copy saved: {path}", 10000)

    def _on_failed(self, rid: int, failure: Failure) -> None:
        if self._load is not None and rid == self._load.rid:
            load, self._load = self._load, None
            self._on_load_failed(load, failure)
            return
        if rid == self._row_rid:
            self.checks.row_title.setText(f"The row cannot be shown: {failure.message}")
            return
        if rid not in self._jobs:
            return
        kind, _ = self._end_job(rid)
        if kind == "scorecards":
            if failure.kind == "cancelled":
                self.scorecards.cancelled()
                self.statusBar().showMessage("Generation cancelled.", 8000)
            else:
                self.scorecards.failed(
                    failure.message
                    if failure.kind != "bug"
                    else "Writing the scorecards failed unexpectedly; see the message."
                )
            self.scorecards_finished.emit(failure)
        if failure.kind == "bug":
            show_bug(self, failure.message, failure.details, failure.log_path)
        elif failure.kind != "cancelled":
            title = {
                "scorecards": "Cannot write the scorecards",
                "annotate": "Cannot save the annotated copy",
                "template": "Cannot create the workbook",
            }[kind]
            show_error(self, title, failure.message)

    def choose_output_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Output folder for the scorecards", str(self.store.output_folder())
        )
        if folder:
            self.store.set_output_folder(folder)
            self.scorecards.set_options(Path(folder), self.store.paper_size(), self.store.per_owner())

    def open_output_folder(self) -> None:
        folder = self.store.output_folder()
        if self.scorecards.files:
            folder = Path(self.scorecards.files[0]).parent
        if not folder.is_dir():
            show_error(
                self,
                "No scorecards yet",
                f"{folder} does not exist yet. Generate the scorecards first (Ctrl+G); the folder is created then.",
                warning=True,
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def open_in_spreadsheet_app(self) -> None:
        """Open the workbook in Excel (or whatever opens .xlsx files); saving there re-checks here."""
        if self.path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            show_error(
                self,
                "No spreadsheet app",
                f"No program is set up to open .xlsx files. Open {self.path} with Excel or LibreOffice Calc yourself.",
            )

    def email_scorecards(self) -> None:
        """Email…: the messages for the PDFs just generated (the dialog lists them before sending)."""
        files = self.scorecards.files
        r = self.result
        if r is None or not files or self._generated != (r.sha256, r.month):
            why = (
                "The workbook changed since the scorecards were written. Generate them again (Ctrl+G), then email them."
                if files and r is not None
                else "Generate the scorecards first (Ctrl+G): the emails carry those PDFs."
            )
            show_error(self, "Generate the scorecards first", why, warning=True)
            return
        from ui.email_dialog import EmailDialog

        dialog = EmailDialog(self.engine, self.store, r, files, self)
        dialog.settings_requested.connect(lambda: self.show_preferences("email", dialog.refresh, dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.email_dialog = dialog

    # ================================================================== dialogs
    def show_preferences(self, tab: str = "", then=None, parent=None) -> None:
        """Preferences (on the Email tab when `tab` is 'email'); `then` runs after OK."""
        from ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.store, self.engine, parent or self, tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.scorecards.set_options(
                self.store.output_folder(), self.store.paper_size(), self.store.per_owner()
            )
        )
        if then is not None:
            dialog.accepted.connect(then)
        dialog.open()
        self.preferences_dialog = dialog

    def show_about(self) -> None:
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_shortcuts(self) -> None:
        from ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_log_folder(self) -> None:
        from tec_desktop.folders import data_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    # ================================================================== drag and drop, closing
    def dragEnterEvent(self, event) -> None:
        paths = _local_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            extra = f" (the first of {len(paths)} files)" if len(paths) > 1 else ""
            self.drop_overlay.show_over(f"Drop to open {Path(paths[0]).name}{extra}")
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if _local_files(event.mimeData()):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.drop_overlay.hide()

    def dropEvent(self, event) -> None:
        self.drop_overlay.hide()
        paths = _local_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # Open after the drop returns, so the file manager is not kept waiting.
        QTimer.singleShot(0, lambda: self.open_path(paths[0]))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.drop_overlay.isVisible():
            self.drop_overlay.setGeometry(self.centralWidget().rect())

    def closeEvent(self, event) -> None:
        if self.running_job("scorecards") is not None and not self._closing:
            self.engine.cancel(self.running_job("scorecards"))
        self._closing = True
        self.store.set_geometry(self.saveGeometry())
        self.store.set_window_state(self.saveState())
        self.store.set_splitter("seams", self.seams.splitter.saveState())
        self.store.set_view(self.views.currentIndex())
        self.store.sync()
        self.watcher.stop()
        self.engine.shutdown()
        super().closeEvent(event)


def _local_files(mime) -> list[str]:
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]
