"""Seams: one row per seam with its status and metrics; the selected seam's metrics, trend and lists."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tec_desktop.months import month_label
from ui import theme
from ui.banner import Banner
from ui.elided_label import ElidedLabel
from ui.empty_state import EmptyState
from ui.engine.results import DetailList, LoadResult, SeamView
from ui.metrics_model import TREND_COLUMN, MetricsModel
from ui.readonly_table import set_list_look
from ui.records_model import RecordsModel
from ui.seams_model import FIXED, SEAM_ROLE, SeamsModel, SeamsSort
from ui.sparkline_delegate import SparklineDelegate


def _table(name: str) -> QTableView:
    view = QTableView()
    set_list_look(view, name)
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setIconSize(QSize(14, 14))
    return view


LIST_NAMES = {
    "misses": "Misses",
    "actions": "Corrective actions",
    "decisions": "Decisions waiting",
    "dependencies": "Open dependencies",
    "lead": "Lead time by request type",
}
METRIC_WIDTH = 52  # the narrowest a metric column gets
HEADER_ROOM = 14  # a header section's padding and border around its text
CELL_ROOM = 16  # a cell's margins around its text
ICON_GAP = 6  # between a cell's status icon and its text
SORT_ARROW_ROOM = 16  # the sorted column's arrow


class SeamsView(QWidget):
    """The month's seams, sortable, and the selected seam's detail."""

    checks_requested = Signal()  # 'see Checks' in the note about errors

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("seamsView")
        self.result: LoadResult | None = None
        self.model = SeamsModel(self)
        self.proxy = SeamsSort(self)
        self.proxy.setSourceModel(self.model)

        self.title = ElidedLabel()
        self.title.setObjectName("pageTitle")
        self.counts = QLabel()
        self.counts.setAccessibleName("Seams by status")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.pareto = QLabel()
        self.pareto.setObjectName("subtle")
        self.pareto.setWordWrap(True)
        self.pareto.setAccessibleName("Pareto of misses")
        self.errors_note = Banner()
        self.errors_note.setAccessibleName("Errors leave rows out")
        self.errors_note.label.linkActivated.connect(lambda _link: self.checks_requested.emit())
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.counts)

        self.table = _table("Seams")
        self.table.setObjectName("seamsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setIconSize(QSize(13, 13))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self._fit_columns())

        self.empty = EmptyState()

        # detail
        self.detail_title = ElidedLabel()
        self.detail_title.setObjectName("pageTitle")
        self.detail_title.setAccessibleName("Selected seam")
        self.detail_status = QLabel()
        self.detail_status.setAccessibleName("Seam status")
        self.detail_facts = QLabel()
        self.detail_facts.setObjectName("subtle")
        self.detail_facts.setWordWrap(True)
        title_row = QHBoxLayout()
        title_row.addWidget(self.detail_title, 1)
        title_row.addSpacing(10)
        title_row.addWidget(self.detail_status)

        self.metrics_model = MetricsModel(self)
        self.metrics_table = _table("Seam metrics")
        self.metrics_table.setModel(self.metrics_model)
        self.metrics_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.metrics_table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.metrics_table.setItemDelegateForColumn(TREND_COLUMN, SparklineDelegate(self.metrics_table))
        self.metrics_table.verticalHeader().setDefaultSectionSize(26)
        mh = self.metrics_table.horizontalHeader()
        for col, width in enumerate((320, 80, 80, 100, 110, 150)):
            mh.resizeSection(col, width)

        self.lists: dict[str, tuple[RecordsModel, QTableView]] = {}
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Seam detail")
        self.tabs.addTab(self.metrics_table, "Metrics")
        for key, name in LIST_NAMES.items():
            model = RecordsModel(parent=self)
            view = _table(name)
            view.setModel(model)
            self.lists[key] = (model, view)
            self.tabs.addTab(view, name)

        detail = QFrame()
        detail.setObjectName("card")
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(14, 12, 14, 14)
        dl.setSpacing(6)
        dl.addLayout(title_row)
        dl.addWidget(self.detail_facts)
        dl.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("seamsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 420])

        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.errors_note)
        layout.addLayout(head)
        layout.addWidget(self.pareto)
        layout.addWidget(self.stack, 1)
        self.set_result(None)

    def set_result(self, result: LoadResult | None) -> None:
        """Show a check's month; keeps the selected seam when it is still there."""
        previous = self.selected_seam()
        self.result = result
        self._note_errors(result)
        month = result.month_view if result else None
        self.model.set_month(month)
        if month is None:
            self.title.setText("Seams")
            self.counts.setText("")
            self.pareto.setText("")
            if result is not None and result.month_error:
                self.empty.set("No metrics for this month", result.month_error, "status-none")
            else:
                self.empty.set("No workbook open", "Open a workbook to see its seams and their metrics.")
            self.stack.setCurrentWidget(self.empty)
            self._show_seam(None)
            return
        self.stack.setCurrentWidget(self.splitter if month.seams else self.empty)
        if not month.seams:
            self.empty.set(
                "No seams to show",
                "The workbook has no Active or Pilot seams. Add them on the Seams sheet, with Status Active or Pilot.",
                "status-none",
            )
        n = len(month.seams)
        self.title.setText(f"{month_label(month.month)}  ·  {n} seam{'s' if n != 1 else ''}")
        c = month.counts()
        self.counts.setText("   ".join(_chip(status, c[status]) for status in ("red", "amber", "green")))
        misses = f"{month.total_misses} miss{'es' if month.total_misses != 1 else ''} this month"
        self.pareto.setText(
            f"{month.pareto_sentence}  ({misses})." if month.pareto_sentence else "No misses this month."
        )
        self._fit_columns()
        self.proxy.sort(
            self.table.horizontalHeader().sortIndicatorSection(), self.table.horizontalHeader().sortIndicatorOrder()
        )
        if not self.select_seam(previous.seam_id if previous else None) and self.proxy.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def figures_note(self) -> str:
        """The note over the figures when errors leave rows out of them ('' when there is none)."""
        return self.errors_note.label.text() if not self.errors_note.isHidden() else ""

    def _note_errors(self, result: LoadResult | None) -> None:
        errors = result.count("error") if result is not None else 0
        if not errors or result is None or result.month_view is None:
            self.errors_note.hide()
            return
        self.errors_note.show_message(
            f"<b>{errors} error{'s' if errors != 1 else ''}:</b> these figures leave out the rows with errors — "
            f"<a href='checks'>see Checks</a> to fix them.",
            "warning",
        )

    def splitter_state(self) -> QByteArray:
        """How the list and the detail share the height (kept in the preferences)."""
        return self.splitter.saveState()

    def restore_splitter(self, state: QByteArray) -> None:
        self.splitter.restoreState(state)

    def selected_seam(self) -> SeamView | None:
        index = self.table.currentIndex()
        return index.data(SEAM_ROLE) if index.isValid() else None

    def select_seam(self, seam_id: str | None) -> bool:
        """Select a seam by its ID."""
        if seam_id is None:
            return False
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(SEAM_ROLE).seam_id == seam_id:
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                return True
        return False

    def _fit_columns(self) -> None:
        """Facts sized to their content (within limits); each metric as wide as its header and its widest value.

        Measured from the strings (resizeColumnToContents asks every cell through Python: 1.5 s for
        200 seams), with the room the table's cells and the header's sections take around them.
        """
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        seams = [self.model.seam(r) for r in range(self.model.rowCount())]
        texts = ([s.seam_id for s in seams], [s.name for s in seams], [s.owner for s in seams], ["Amber"])
        for col, (low, high) in enumerate(((56, 66), (120, 160), (110, 140), (86, 86))):
            widest = max((metrics.horizontalAdvance(t) for t in texts[col]), default=0) + 14
            header.resizeSection(col, min(max(widest, low), high))
        heads = header.fontMetrics()
        icon = self.table.iconSize().width() + ICON_GAP
        sorted_by = header.sortIndicatorSection()
        for col in range(len(FIXED), self.model.columnCount()):
            key = self.model.metric_key(col)
            label = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = max(heads.horizontalAdvance(line) for line in label.split("\n")) + HEADER_ROOM
            if col == sorted_by:
                width += SORT_ARROW_ROOM
            for s in seams:
                m = s.metric(key) if key else None
                if m is not None:
                    width = max(width, metrics.horizontalAdvance(m.text) + CELL_ROOM + (icon if m.status else 0))
            header.resizeSection(col, max(width, METRIC_WIDTH))

    def _current_changed(self, current, _previous) -> None:
        self._show_seam(current.data(SEAM_ROLE) if current.isValid() else None)

    def _show_seam(self, seam: SeamView | None) -> None:
        self.metrics_model.set_seam(seam)
        if seam is None:
            self.detail_title.setText("")
            self.detail_status.setText("")
            self.detail_facts.setText("")
            for model, _ in self.lists.values():
                model.set_rows((), ())
            return
        self.detail_title.setText(f"{seam.seam_id}  ·  {seam.name}")
        self.detail_status.setText(_chip(seam.status, None))
        facts = [f"{seam.from_team} → {seam.to_team}", f"Accountable owner: {seam.owner}", seam.seam_status]
        if seam.contract:
            facts.append(seam.contract)
        self.detail_facts.setText("   ·   ".join(facts))
        for i, (key, detail) in enumerate(
            (
                ("misses", seam.misses),
                ("actions", seam.actions),
                ("decisions", seam.decisions),
                ("dependencies", seam.dependencies),
            ),
            start=1,
        ):
            self._fill(key, detail)
            # The count of records, not of table rows: an empty list shows one row saying so.
            self.tabs.setTabText(i, f"{LIST_NAMES[key]} ({len(detail.rows)})")
        lead = DetailList(
            ("Request type", "Lead time (median, business days)"),
            seam.lead_time_by_type,
            (),
            "No request types with an SLA or completed this month.",
        )
        self._fill("lead", lead)

    def _fill(self, key: str, detail: DetailList) -> None:
        model, view = self.lists[key]
        if detail.rows:
            model.set_rows(detail.headers, detail.rows, detail.flags)
        else:
            model.set_rows((detail.headers[0],), [(detail.empty_text,)])
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        for col in range(model.columnCount()):
            header.resizeSection(col, min(header.sectionSize(col) + 12, 360))


def _chip(status: str | None, count: int | None) -> str:
    """Rich text: icon, word (and count) in the status colour."""
    colour = theme.STATUS_COLOURS.get(status, theme.STATUS_COLOURS[None])[0]
    icon = theme.ICON_DIR / f"status-{status or 'none'}.svg"
    word = theme.STATUS_WORDS.get(status, "No data")
    text = f"{count} {word}" if count is not None else word
    return (
        f"<img src='{icon.as_uri()}' width='15' height='15' style='vertical-align:middle'>"
        f"&nbsp;<span style='color:{colour}; font-weight:600'>{text}</span>"
    )
