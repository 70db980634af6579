"""Scorecards: one button writes the pack and the per-owner PDFs; then the pack is previewed (ui/pdf_preview.py)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tec_desktop.months import month_label
from ui import theme
from ui.banner import Banner
from ui.desktop_open import open_file
from ui.engine.results import Failure, LoadResult
from ui.engine_client import Reply
from ui.generated_files import GeneratedFiles
from ui.generation_progress import GenerationProgress
from ui.paths import shown
from ui.pdf_preview import PdfPreview

CARD_WIDTH = 400  # the left card's widest
STACKED_PREVIEW_HEIGHT = 360  # the preview's height when it is below the card


class ScorecardsView(QWidget):
    """Generate, follow progress, cancel, see the files and preview the pack."""

    generate_requested = Signal()
    cancel_requested = Signal()
    open_folder_requested = Signal()
    change_folder_requested = Signal()
    email_requested = Signal()
    paper_changed = Signal(str)
    per_owner_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("scorecardsView")
        self.result: LoadResult | None = None
        self.files: tuple[str, ...] = ()
        self.destination = Path()  # where the next generation writes
        self.made_from: tuple[str, str | None] | None = None  # (workbook sha256, month) of the files shown
        self._following: tuple[str, str | None] | None = None  # the same, for the generation running
        self.running = False
        self.waiting = False  # a generation asked for waits for the workbook's check
        self._reply: Reply | None = None  # the generation being shown
        self._started = 0.0

        # ---- left: what will be made, the button, progress, files
        self.title = QLabel("Scorecards")
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.what = QLabel()
        self.what.setObjectName("subtle")
        self.what.setWordWrap(True)

        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName("Output folder")
        self.change_folder = QPushButton("Change…")
        self.change_folder.setAccessibleName("Change output folder")
        self.change_folder.setToolTip("Choose the folder the PDFs are written to")
        self.change_folder.clicked.connect(self.change_folder_requested)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        self.paper.addItem("As set in the workbook", "workbook")
        self.paper.addItem("A4", "A4")
        self.paper.addItem("Letter", "Letter")
        self.paper.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.paper.setMinimumContentsLength(12)
        self.paper.setToolTip("Paper size of the PDFs; 'As set in the workbook' uses Paper size on the Settings sheet")
        self.paper.currentIndexChanged.connect(lambda: self.paper_changed.emit(self.paper.currentData()))
        self.per_owner = QCheckBox("Also one PDF per accountable owner")
        self.per_owner.setChecked(True)
        self.per_owner.setAccessibleName("Also one PDF per accountable owner")
        self.per_owner.toggled.connect(self.per_owner_changed)
        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(8)
        save_to = QLabel("Save to:")
        form.addWidget(save_to, 0, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.folder_label, 0, 1)
        form.addWidget(self.change_folder, 0, 2, Qt.AlignmentFlag.AlignTop)
        paper_label = QLabel("Paper:")
        paper_label.setBuddy(self.paper)
        form.addWidget(paper_label, 1, 0)
        form.addWidget(self.paper, 1, 1, 1, 2)
        form.addWidget(self.per_owner, 2, 0, 1, 3)
        form.setColumnStretch(1, 1)

        self.blocked = Banner()
        self.generate_button = QPushButton(theme.icon("generate"), "  Generate scorecards")
        self.generate_button.setObjectName("primary")
        self.generate_button.setAccessibleName("Generate scorecards")
        self.generate_button.setToolTip("Write the leadership pack and the per-owner PDFs (Ctrl+G)")
        self.generate_button.setMinimumHeight(40)
        self.generate_button.clicked.connect(self.generate_requested)

        self.progress_box = GenerationProgress()
        self.progress_box.cancel_requested.connect(self.cancel_requested)
        self.cancel_button, self.progress_label = self.progress_box.cancel_button, self.progress_box.label

        self.outcome = Banner()
        self.stale = Banner()
        self.stale.setAccessibleName("Out of date")
        self.stale.label.linkActivated.connect(lambda _link: self.generate_requested.emit())
        self.files_table = GeneratedFiles()
        self.files_model = self.files_table.files_model
        self.files_table.opened.connect(lambda path: open_file(self, path))
        self.open_folder_button = QPushButton(theme.icon("folder"), "Open folder")
        self.open_folder_button.setAccessibleName("Open output folder")
        self.open_folder_button.setToolTip("Show the PDFs in your file manager")
        self.open_folder_button.clicked.connect(self.open_folder_requested)
        self.email_button = QPushButton(theme.icon("email"), "Email…")
        self.email_button.setAccessibleName("Email scorecards")
        self.email_button.setToolTip("Send the pack to the leadership team and each owner their PDF")
        self.email_button.clicked.connect(self.email_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)

        left = QFrame()
        left.setObjectName("card")
        left.setMaximumWidth(CARD_WIDTH)
        # The card's contents scroll inside it on a short window, so that wrapped lines are never squeezed.
        contents = QWidget()
        contents.setObjectName("cardContents")
        scroll = QScrollArea()
        scroll.setObjectName("cardScroll")
        scroll.setWidget(contents)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setStyleSheet("QScrollArea#cardScroll, QWidget#cardContents { background: transparent; }")
        scroll.viewport().setAutoFillBackground(False)
        card_layout = QVBoxLayout(left)
        card_layout.setContentsMargins(1, 1, 1, 1)
        card_layout.addWidget(scroll)
        ll = QVBoxLayout(contents)
        ll.setContentsMargins(17, 15, 17, 15)
        ll.setSpacing(12)
        ll.addWidget(self.title)
        ll.addWidget(self.what)
        ll.addLayout(form)
        ll.addWidget(self.blocked)
        ll.addWidget(self.generate_button)
        ll.addWidget(self.progress_box)
        ll.addWidget(self.outcome)
        ll.addWidget(self.stale)
        files_label = QLabel("Files")
        files_label.setObjectName("subtle")
        ll.addWidget(files_label)
        ll.addWidget(self.files_table, 1)
        ll.addLayout(buttons)
        # Never narrower than its contents: they scroll up and down, never sideways.
        scroll.setMinimumWidth(contents.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())

        self.preview = PdfPreview()
        self.files_table.selected.connect(self.preview.show_pdf)

        self.card, self._card_contents = left, contents
        self._row = layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(14)
        layout.addWidget(left, 2)
        layout.addWidget(self.preview, 3)
        self.set_result(None)

    def arrange_for(self, width: int) -> None:
        """Too narrow for the card beside the preview (a small screen at 200 %): the preview goes below it."""
        beside = self.card.minimumSizeHint().width() + self.preview.minimumSizeHint().width() + 14 + 36
        stacked = width < beside
        direction = QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        if self._row.direction() != direction:
            self._row.setDirection(direction)
            self.card.setMaximumWidth(16_777_215 if stacked else CARD_WIDTH)
            self.preview.setMinimumHeight(STACKED_PREVIEW_HEIGHT if stacked else 0)
        # Stacked, the page scrolls: the card shows all it holds, the preview a page's worth below it.
        contents = self._card_contents
        tall = max(contents.sizeHint().height(), contents.heightForWidth(width - 38)) + 4 if stacked else 0
        if self.card.minimumHeight() != tall:
            self.card.setMinimumHeight(tall)

    # ------------------------------------------------------------------ state
    def set_options(self, folder: Path, paper: str, per_owner: bool) -> None:
        """Show the preferences the next generation will use."""
        self.folder_label.setText(shown(folder))
        self.folder_label.setToolTip(
            f"{folder}\n\nEach workbook's scorecards go in a folder of their own, named for its Organization, "
            "with one folder per month: another workbook's PDFs are never replaced."
        )
        self.destination = Path(folder)
        self.paper.blockSignals(True)
        self.paper.setCurrentIndex(max(self.paper.findData(paper), 0))
        self.paper.blockSignals(False)
        self.per_owner.blockSignals(True)
        self.per_owner.setChecked(per_owner)
        self.per_owner.blockSignals(False)

    def set_result(self, result: LoadResult | None) -> None:
        """A new check: say what will be made, or why it cannot be made yet."""
        changed = (
            result is None
            or self.result is None
            or (result.path, result.month) != (self.result.path, self.result.month)
        )
        self.result = result
        if self.waiting and not (self._reply is not None and self._reply.is_running()):
            self.waiting = False  # its check is in: the generation starts now, or says why it cannot
            self.set_running(False)
        if changed and not self.running:
            self.set_files(())
            self.outcome.hide()
            self.made_from = None
        month = result.month_view if result else None
        self.title.setText(f"Scorecards for {month_label(result.month)}" if result and result.month else "Scorecards")
        if result is not None and result.paper_size:
            self.paper.setItemText(0, f"As set in the workbook ({result.paper_size})")
        if month is not None:
            owners = sorted({s.owner for s in month.seams if s.owner})
            n = len(month.seams)
            self.what.setText(
                f"A leadership pack with {n} seam page{'s' if n != 1 else ''}, and one PDF for each of "
                f"the {len(owners)} accountable owner{'s' if len(owners) != 1 else ''}."
            )
        else:
            self.what.setText("")
        self._update_enabled()
        self._show_staleness()

    def is_out_of_date(self) -> bool:
        """The PDFs shown were written from an earlier version of the workbook (it was saved since)."""
        r = self.result
        return (
            bool(self.files) and r is not None and self.made_from is not None and self.made_from != (r.sha256, r.month)
        )

    def staleness(self) -> str:
        """What the out-of-date note says ('' when the PDFs shown are up to date)."""
        return self.stale.text() if not self.stale.isHidden() else ""

    def _show_staleness(self) -> None:
        r = self.result
        if not self.is_out_of_date() or r is None or self.running:
            self.stale.hide()
            return
        saved = time.strftime("%H:%M", time.localtime(r.signature[1] / 1e9)) if len(r.signature) > 1 else ""
        when = f" at {saved}" if saved else ""
        if r.count("error"):
            text = (
                f"<b>Out of date:</b> the workbook was saved{when}, after these PDFs were written, and it now has "
                "errors. Fix them (see Checks), then generate again."
            )
        else:
            text = (
                f"<b>Out of date:</b> the workbook was saved{when}, after these PDFs were written. "
                "<a href='generate'>Generate again</a> (Ctrl+G) to bring them up to date."
            )
        self.outcome.hide()
        self.stale.show_message(text, "warning")

    def blocking_reason(self) -> str:
        """Why Generate is unavailable, in plain words ('' when it is available)."""
        r = self.result
        if r is None:
            return "Open a workbook first."
        errors = r.count("error")
        if errors:
            return (
                f"<b>{errors} error{'s' if errors != 1 else ''}</b> in the workbook must be fixed first. "
                "See Checks for where; the checks run again when you save in Excel."
            )
        if r.month_view is None:
            return r.month_error or "Choose a month with data."
        return ""

    def _update_enabled(self) -> None:
        reason = self.blocking_reason()
        if reason and self.result is not None:
            self.blocked.show_message(reason, "error" if self.result.count("error") else "info")
        else:
            self.blocked.hide()
        self.generate_button.setEnabled(not reason and not self.running)
        self.generate_button.setToolTip(
            reason.replace("<b>", "").replace("</b>", "")
            if reason
            else "Write the leadership pack and the per-owner PDFs (Ctrl+G)"
        )
        self.open_folder_button.setEnabled(True)
        self.email_button.setEnabled(bool(self.files) and not self.running)

    def follow(self, reply: Reply, made_from: tuple[str, str | None] | None = None) -> None:
        """Show a generation the window started: its progress, then the files or why there are none."""
        self._reply, self._started, self._following = reply, time.monotonic(), made_from
        self.waiting = False
        self.set_running(True)
        reply.progress.connect(self.progress_box.step)
        reply.finished.connect(lambda files: self.finished(files.paths, time.monotonic() - self._started))
        reply.failed.connect(self._failed)

    def wait_for_check(self, name: str) -> None:
        """Generate was asked for while the workbook is being checked: say so, with Cancel, until it starts."""
        self.waiting = True
        self.set_running(True)
        self.progress_box.start(f"Waiting for {name} to be checked…")

    def stop_waiting(self) -> None:
        """The generation waited for did not start (cancelled, or the check failed)."""
        if self.waiting and not (self._reply is not None and self._reply.is_running()):
            self.waiting = False
            self.set_running(False)

    def _failed(self, failure: Failure) -> None:
        if failure.kind == "cancelled":
            self.cancelled()
        elif failure.kind == "bug":
            self.failed("Writing the scorecards failed unexpectedly; see the message.")
        elif failure.code == "check-out-of-date":
            self.wait_for_check(self.result.name if self.result else "the workbook")
        elif failure.kind == "crashed":
            self.failed(
                f"{failure.message} Files already finished are kept; no half-written file was left. The workbook "
                "is checked again by itself: generate again (Ctrl+G) to write them all."
            )
        else:
            self.failed(failure.message)

    def set_running(self, running: bool) -> None:
        """A generation runs (or waits to): progress and Cancel, the options locked."""
        self.running = running
        self.change_folder.setEnabled(not running)
        self.paper.setEnabled(not running)
        self.per_owner.setEnabled(not running)
        if running:
            self.outcome.hide()
            self.stale.hide()
            self.progress_box.start()
        else:
            self.progress_box.stop()
        self._update_enabled()

    def cancelling(self) -> None:
        """Cancel was asked."""
        self.progress_box.cancelling()

    def finished(self, paths: tuple[str, ...], seconds: float) -> None:
        """The job wrote these files (pack first)."""
        self.set_running(False)
        self.made_from = self._following
        self.set_files(paths)
        folder = str(Path(paths[0]).parent) if paths else ""
        self.outcome.show_message(
            f"✓ {len(paths)} PDF{'s' if len(paths) != 1 else ''} written in {seconds:.1f} s "
            f"at {time.strftime('%H:%M')}.",
            "ok",
        )
        self.outcome.setToolTip(folder)
        self._show_staleness()

    def cancelled(self) -> None:
        self.set_running(False)
        self.outcome.show_message("Cancelled. No half-written file was left in the folder.", "info")

    def failed(self, message: str) -> None:
        self.set_running(False)
        self.outcome.show_message(message, "error")

    def set_files(self, paths) -> None:
        """The PDFs written: the pack first, then the owners' in natural order (Person 2 before Person 10)."""
        self.files = self.files_table.set_files(paths)
        if not self.files:
            self.preview.show_pdf(None)
        self._update_enabled()
