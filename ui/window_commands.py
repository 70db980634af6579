"""The main window's commands: one QAction each (text, keys, icon, tip), the menus and the sidebar that show them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QToolBar

from ui import theme
from ui.shortcuts_dialog import NAME_PROPERTY

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Keys = str | QKeySequence.StandardKey | tuple[str | QKeySequence.StandardKey, ...]
CHECKS, SEAMS, SCORECARDS = range(3)  # the views, in the order of the sidebar


class WindowCommands(QObject):
    """Every command of the window; the shortcuts work whatever has the focus."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = w = window
        key = QKeySequence.StandardKey
        a = self._action
        self.new = a(
            "&New workbook from template…",
            w.outputs.new_from_template,
            (key.New, "Ctrl+N"),
            "new",
            "Save an empty workbook with every sheet, column and dropdown",
        )
        self.open = a("&Open…", w.choose_and_open, (key.Open, "Ctrl+O"), "open", "Open a workbook")
        self.sample = a(
            "Open &sample workbook",
            w.outputs.open_sample,
            "Ctrl+Shift+N",
            "sample",
            "Open a filled-in example workbook",
        )
        self.reload = a("Check &again", w.reload, ("F5", "Ctrl+R"), "reload", "Read and check the workbook again")
        self.annotate = a(
            "Save &annotated copy…",
            w.outputs.save_annotated_copy,
            "Ctrl+Shift+S",
            "annotate",
            "Save a copy with problem cells coloured and commented",
        )
        self.open_in_app = a(
            "Open in spreadsheet &app",
            w.open_in_spreadsheet_app,
            "Ctrl+E",
            "spreadsheet",
            "Open the workbook in Excel or your spreadsheet app",
        )
        self.prefs = a("&Preferences…", w.show_preferences, "Ctrl+,", None, "Output folder, paper size, mail server")
        self.quit = a("&Quit", w.close, (key.Quit, "Ctrl+Q"))
        self.checks = a("&Checks", lambda: w.show_view(CHECKS), "Ctrl+1", "nav-checks", "The workbook's problems")
        self.seams = a("S&eams", lambda: w.show_view(SEAMS), "Ctrl+2", "nav-seams", "Each seam's month")
        self.scorecards = a(
            "Score&cards",
            lambda: w.show_view(SCORECARDS),
            "Ctrl+3",
            "nav-scorecards",
            "Make and preview the PDF scorecards",
        )
        self.find = a("&Find in findings", w.find_in_findings, (key.Find, "Ctrl+F"))
        self.month = a("Choose &month", w.header.focus_month, "Ctrl+M")
        self.prev_month = a("&Previous month", lambda: w.header.step_month(+1), "Ctrl+[")
        self.next_month = a("Ne&xt month", lambda: w.header.step_month(-1), "Ctrl+]")
        self.generate = a(
            "&Generate scorecards",
            w.outputs.generate_scorecards,
            "Ctrl+G",
            "nav-scorecards",
            "Write the pack and the per-owner PDFs",
        )
        self.cancel = a("Cancel &generation", w.outputs.cancel_scorecards, "Esc")
        self.cancel.setEnabled(False)
        self.output = a(
            "Open &output folder",
            w.outputs.open_output_folder,
            "Ctrl+Shift+O",
            "folder",
            "Show the PDFs in your file manager",
        )
        self.email = a(
            "&Email scorecards…",
            w.email_scorecards,
            "Ctrl+Shift+E",
            "email",
            "Send the PDFs to the leadership team and the seam owners",
        )
        self.guide = a("&User guide", w.show_user_guide, "F1", None, "How to use TEC Desktop, every message explained")
        self.shortcuts = a("&Keyboard shortcuts", w.show_shortcuts, "Ctrl+/")
        self.log = a("Show &log folder", w.show_log_folder)
        self.about = a("&About TEC Desktop", w.show_about)
        self.views = QActionGroup(self)
        self.views.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for act in self.navigation():
            act.setCheckable(True)
            self.views.addAction(act)
        self._build_menus()
        self.sidebar = self._build_sidebar()

    def navigation(self) -> tuple[QAction, QAction, QAction]:
        """Checks, Seams, Scorecards: the views, by their index."""
        return (self.checks, self.seams, self.scorecards)

    def about_the_workbook(self) -> tuple[QAction, ...]:
        """The commands that need a workbook checked."""
        return (self.reload, self.open_in_app, self.month, self.prev_month, self.next_month, self.find) + tuple(
            self.navigation()
        )

    def _action(
        self, text: str, slot: Callable[[], object], keys: Keys = (), icon: str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self._window)
        action.setProperty(NAME_PROPERTY, text)  # the text may later carry a count: 'Checks (5)'
        if icon:
            action.setIcon(theme.icon(icon))
        shortcuts: list[QKeySequence] = []
        for k in keys if isinstance(keys, tuple) else (keys,):
            for seq in QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) else [QKeySequence(k)]:
                if not seq.isEmpty() and seq not in shortcuts:
                    shortcuts.append(seq)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self._window.addAction(action)  # shortcuts work whatever has the focus
        return action

    def _build_menus(self) -> None:
        bar = self._window.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new, self.open, self.sample])
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file.addSeparator()
        file.addActions([self.reload, self.annotate, self.open_in_app])
        file.addSeparator()
        file.addAction(self.prefs)
        file.addSeparator()
        file.addAction(self.quit)
        view = bar.addMenu("&View")
        view.addActions(list(self.navigation()))
        view.addSeparator()
        view.addActions([self.find, self.month, self.prev_month, self.next_month])
        cards = bar.addMenu("&Scorecards")
        cards.addActions([self.generate, self.cancel, self.output, self.email])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.guide, self.shortcuts, self.log])
        help_menu.addSeparator()
        help_menu.addAction(self.about)

    def _fill_recent_menu(self) -> None:
        menu, w = self.recent_menu, self._window
        menu.clear()
        recent = w.store.recent_files()
        for i, p in enumerate(recent):
            act = menu.addAction(f"&{i + 1}  {Path(p).name}" if i < 9 else Path(p).name)
            act.setToolTip(p)
            act.setStatusTip(p)
            act.triggered.connect(lambda checked=False, p=p: w.open_path(p))
        if not recent:
            menu.addAction("No recent workbooks").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear list", w.clear_recent)

    def _build_sidebar(self) -> QToolBar:
        side = QToolBar("Views")
        side.setObjectName("sidebar")
        side.setMovable(False)
        side.setFloatable(False)
        side.setIconSize(QSize(26, 26))
        side.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        side.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        side.addActions(list(self.navigation()))
        self._window.addToolBar(Qt.ToolBarArea.LeftToolBarArea, side)
        for act in self.navigation():
            side.widgetForAction(act).setAccessibleName(act.text().replace("&", ""))
        return side
