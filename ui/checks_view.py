"""Checks: every finding with its severity, sheet, cell and message; the row behind the selected one."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tec_desktop.findings import Finding
from ui import theme
from ui.checks_headline import headline
from ui.empty_state import EmptyState
from ui.engine.results import LoadResult, RowValues
from ui.findings_model import FINDING_ROLE, FindingsFilter, FindingsModel
from ui.readonly_table import set_list_look
from ui.row_values_model import RowValuesModel

SEVERITIES = ("error", "warning", "info")
ANNOTATE_TEXT, OPEN_TEXT = "Save annotated copy…", "Open in spreadsheet app"
COMPACT_BELOW = 900  # pixels of width under which those two buttons show their icons only


class ChecksView(QWidget):
    """The findings table with filters, and the workbook row of the selected finding."""

    row_wanted = Signal(str, int)  # sheet, Excel row
    annotate_requested = Signal()
    open_in_app_requested = Signal()
    generate_requested = Signal()  # the next step, once nothing blocks the scorecards

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("checksView")
        self.result: LoadResult | None = None
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self.model, self)
        self.row_model = RowValuesModel(self)
        self._wanted: tuple[str, int] | None = None
        self._counts: dict[str, int] = {}

        self.headline = QLabel()
        self.headline.setObjectName("pageTitle")
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Check summary")
        self.annotate_button = QPushButton(theme.icon("annotate"), ANNOTATE_TEXT)
        self.annotate_button.setToolTip(
            "Save a copy of the workbook with every problem cell coloured and "
            "commented, and an Issues sheet (Ctrl+Shift+S). The workbook itself is "
            "not changed."
        )
        self.annotate_button.setAccessibleName("Save annotated copy")
        self.annotate_button.clicked.connect(self.annotate_requested)
        self.open_button = QPushButton(theme.icon("spreadsheet"), OPEN_TEXT)
        self.open_button.setToolTip(
            "Open the workbook in Excel (or your spreadsheet app) to fix it (Ctrl+E). "
            "When you save, the checks run again by themselves."
        )
        self.open_button.setAccessibleName("Open workbook in spreadsheet app")
        self.open_button.clicked.connect(self.open_in_app_requested)
        self.generate_button = QPushButton(theme.icon("generate"), "  Generate scorecards")
        self.generate_button.setObjectName("primary")
        self.generate_button.setAccessibleName("Generate scorecards")
        self.generate_button.setToolTip("Write the leadership pack and the per-owner PDFs (Ctrl+G)")
        self.generate_button.clicked.connect(self.generate_requested)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.annotate_button)
        top.addWidget(self.open_button)
        top.addWidget(self.generate_button)

        self.chips: dict[str, QToolButton] = {}
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for severity in SEVERITIES:
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setCheckable(True)
            chip.setChecked(True)
            chip.setIcon(theme.severity_icon(severity))
            chip.setIconSize(QSize(16, 16))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip(f"Show or hide {theme.SEVERITY_PLURALS[severity][1]}")
            chip.toggled.connect(self._severity_filter_changed)
            self.chips[severity] = chip
            filters.addWidget(chip)
        filters.addSpacing(12)
        sheet_label = QLabel("Sheet:")
        self.sheet_filter = QComboBox()
        self.sheet_filter.setAccessibleName("Sheet filter")
        self.sheet_filter.setToolTip("Show the findings of one sheet")
        self.sheet_filter.setMinimumWidth(110)
        self.sheet_filter.currentIndexChanged.connect(self._sheet_filter_changed)
        sheet_label.setBuddy(self.sheet_filter)
        filters.addWidget(sheet_label)
        filters.addWidget(self.sheet_filter)
        filters.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search findings  (Ctrl+F)")
        self.search.setAccessibleName("Search findings")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(150)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(lambda: self._apply(lambda: self.proxy.set_text(self.search.text())))
        self.search.textChanged.connect(self._search_timer.start)
        self.search.installEventFilter(self)  # Esc clears it
        filters.addWidget(self.search)

        self.table = QTableView()
        self.table.setObjectName("findingsTable")
        set_list_look(self.table, "Findings")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 110)
        header.resizeSection(1, 120)
        header.resizeSection(2, 70)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.empty = EmptyState()
        self.empty.action_requested.connect(self.generate_requested)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty)

        self.row_title = QLabel("Select a finding to see its row.")
        self.row_title.setObjectName("subtle")
        self.row_title.setWordWrap(True)
        self.row_title.setAccessibleName("Selected finding")
        self.row_table = QTableView()
        self.row_table.setObjectName("rowTable")
        self.row_table.setAccessibleName("Row values")
        self.row_table.setModel(self.row_model)
        self.row_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.row_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.row_table.horizontalHeader().setMinimumSectionSize(90)
        self.row_table.horizontalHeader().setDefaultSectionSize(140)
        self.row_table.verticalHeader().setDefaultSectionSize(30)
        self.row_table.setFixedHeight(78)
        self.row_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.row_table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        row_panel = self.row_panel = QFrame()
        row_panel.setObjectName("card")
        row_layout = QVBoxLayout(row_panel)
        row_layout.setContentsMargins(12, 10, 12, 12)
        row_layout.addWidget(self.row_title)
        row_layout.addWidget(self.row_table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table_stack, 1)
        layout.addWidget(row_panel)
        self.set_result(None)

    # ------------------------------------------------------------------ content
    def set_result(self, result: LoadResult | None) -> None:
        """Show a new check; the selection and filters stay where they were when possible."""
        previous = self.selected_finding()
        self.result = result
        findings = result.findings if result else ()
        self.model.set_findings(findings)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
        self._counts = counts
        for severity, chip in self.chips.items():
            chip.setAccessibleName(f"Show {theme.SEVERITY_PLURALS[severity][1]}: {counts[severity]}")
        self._label_controls()
        self._fill_sheets(findings)
        self.annotate_button.setEnabled(bool(findings))
        self.open_button.setEnabled(result is not None)
        self.headline.setText(headline(result))
        section = self.table.horizontalHeader().sortIndicatorSection()
        order = self.table.horizontalHeader().sortIndicatorOrder()
        if (section, order) != (0, Qt.SortOrder.AscendingOrder):  # the engine sends them in that order already
            self.proxy.sort(section, order)
        self._update_empty()
        if not self._reselect(previous):
            self._select_first()

    def selected_finding(self) -> Finding | None:
        index = self.table.currentIndex()
        return index.data(FINDING_ROLE) if index.isValid() else None

    def show_row(self, values: RowValues) -> None:
        """The engine's answer to row_wanted."""
        f = self.selected_finding()
        if f is None or (values.sheet, values.row) != (f.sheet, f.row):
            return
        same_row = [x for x in (self.result.findings if self.result else ()) if x.sheet == f.sheet and x.row == f.row]
        self.row_model.set_row(values, same_row, f.cell)
        note = "" if values.as_typed else "  (the file has changed since; these are the values that were checked)"
        self.row_title.setText(
            f"<b>{f.sheet} row {f.row}</b>{'  ·  header row' if f.row == 1 else ''}{note}<br>{_escape(f.app_message())}"
        )
        self.row_table.resizeColumnsToContents()
        header = self.row_table.horizontalHeader()
        for col in range(self.row_model.columnCount()):
            header.resizeSection(col, min(max(header.sectionSize(col) + 10, 90), 280))
        column = self.row_model.column_of("".join(ch for ch in f.cell if ch.isalpha()))
        self.row_table.horizontalScrollBar().setValue(0)
        if column >= 0:  # after the new widths are laid out, bring the cell into view if it is not
            QTimer.singleShot(
                0,
                lambda: self.row_table.scrollTo(
                    self.row_model.index(0, column), QAbstractItemView.ScrollHint.EnsureVisible
                ),
            )

    def show_row_unavailable(self, why: str) -> None:
        """The engine could not give the selected finding's row: say why where the row would be."""
        self.row_model.set_row(None)
        self.row_title.setText(f"The row cannot be shown: {_escape(why)}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label_controls()

    def _label_controls(self) -> None:
        """On a narrow window the file buttons show their icons and the chips their counts (words in tooltips)."""
        compact = self.width() < COMPACT_BELOW
        for button, text in ((self.annotate_button, ANNOTATE_TEXT), (self.open_button, OPEN_TEXT)):
            button.setText("" if compact else text)
        for severity, chip in self.chips.items():
            n = self._counts.get(severity, 0)
            chip.setText(str(n) if compact else theme.plural(n, severity))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in a search box with text clears it (before the window's Esc, Cancel generation, sees it)."""
        if (
            watched is self.search
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.search.clear()
                self._search_timer.stop()
                self._apply(lambda: self.proxy.set_text(""))  # at once, not after the typing pause
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ filters
    def _fill_sheets(self, findings) -> None:
        current = self.sheet_filter.currentData() or ""
        counts = Counter(f.sheet or "Workbook" for f in findings)
        sheets = list(counts)
        from tec_desktop.workbook.schema import SHEETS

        order = {s.name: i for i, s in enumerate(SHEETS)}
        sheets.sort(key=lambda s: (order.get(s, 99), s))
        self.sheet_filter.blockSignals(True)
        self.sheet_filter.clear()
        self.sheet_filter.addItem("All sheets", "")
        for name in sheets:
            self.sheet_filter.addItem(f"{name} ({counts[name]})", name)
        index = self.sheet_filter.findData(current)
        self.sheet_filter.setCurrentIndex(max(index, 0))
        self.sheet_filter.blockSignals(False)
        if self.proxy.sheet != (self.sheet_filter.currentData() or ""):
            self.proxy.set_sheet(self.sheet_filter.currentData() or "")

    def _severity_filter_changed(self) -> None:
        self._apply(lambda: self.proxy.set_severities({s for s, c in self.chips.items() if c.isChecked()}))

    def _sheet_filter_changed(self) -> None:
        self._apply(lambda: self.proxy.set_sheet(self.sheet_filter.currentData() or ""))

    def _apply(self, change) -> None:
        previous = self.selected_finding()
        change()
        self._update_empty()
        if not self._reselect(previous):
            self._select_first()

    def _update_empty(self) -> None:
        if self.result is None:
            self.empty.set("No workbook open", "Open a workbook (Ctrl+O) or start from the template (Ctrl+N).")
            self.table_stack.setCurrentWidget(self.empty)
        elif self.model.rowCount() == 0:
            ready = self.result.month_view is not None
            self.empty.set(
                "No problems found",
                "The workbook is ready: make the PDFs for the leadership team and every seam owner."
                if ready
                else self.result.month_error or "Choose a month with data at the top of the window.",
                "status-green",
                "Generate scorecards" if ready else "",
                "generate",
            )
            self.table_stack.setCurrentWidget(self.empty)
        elif self.proxy.rowCount() == 0:
            self.empty.set(
                "No findings match the filters", "Turn on more severities, choose All sheets or clear the search."
            )
            self.table_stack.setCurrentWidget(self.empty)
        else:
            self.table_stack.setCurrentWidget(self.table)
        self.row_panel.setVisible(self.table_stack.currentWidget() is self.table)
        r = self.result
        can_generate = r is not None and r.month_view is not None and not r.count("error")
        # One Generate button on the page: the empty state's when there is nothing to list, else this one.
        self.generate_button.setVisible(can_generate and not self.empty.button.isVisibleTo(self))

    def next_step(self) -> str:
        """The button that leads on from this page ('' when there is none): 'Generate scorecards'."""
        if self.empty.button.isVisibleTo(self):
            return self.empty.button.accessibleName()
        return self.generate_button.accessibleName() if self.generate_button.isVisibleTo(self) else ""

    # ------------------------------------------------------------------ selection
    def _reselect(self, finding: Finding | None) -> bool:
        if finding is None:
            return False
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(FINDING_ROLE) == finding:
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.scrollTo(index)
                return True
        return False

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._current_changed(self.proxy.index(-1, -1), None)

    def _current_changed(self, current, _previous) -> None:
        f = current.data(FINDING_ROLE) if current.isValid() else None
        self.row_model.set_row(None)
        if f is None:
            self.row_title.setText("Select a finding to see its row." if self.result else "")
            return
        if f.row <= 0 or not f.sheet:
            whole = "about the sheet as a whole, not one row"
            self.row_title.setText(f"<b>{f.where or 'Workbook'}</b>  ·  {whole}<br>{_escape(f.app_message())}")
            return
        self.row_title.setText(f"<b>{f.sheet} row {f.row}</b>  ·  reading the row…<br>{_escape(f.app_message())}")
        self.row_wanted.emit(f.sheet, f.row)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
