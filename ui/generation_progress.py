"""The Scorecards view's progress: a bar with 'n of m', what is being written, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.engine.results import Progress


class GenerationProgress(QWidget):
    """Shown while the PDFs are written, or while a generation waits for the workbook's check."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.setTextVisible(True)
        self.label = QLabel()
        self.label.setObjectName("subtle")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel generation")
        self.cancel_button.setToolTip(
            "Stop writing the PDFs (Esc). Files already finished are kept; no half-written file is left."
        )
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.label)
        self.hide()

    def start(self, text: str = "Starting…") -> None:
        """A job begins (or waits): a moving bar, Cancel available."""
        self.bar.setRange(0, 0)
        self.label.setText(text)
        self.cancel_button.setEnabled(True)
        self.show()

    def stop(self) -> None:
        """The job is over."""
        self.cancel_button.setEnabled(False)
        self.hide()

    def step(self, p: Progress) -> None:
        """A file done: '3 of 12', and what is written now."""
        self.bar.setRange(0, max(p.total, 1))
        self.bar.setValue(p.done)
        self.bar.setFormat(f"{p.done} of {p.total}")
        self.label.setText("Finishing…" if p.label == "Done" else f"Writing: {p.label}")

    def cancelling(self) -> None:
        """Cancel was asked: it stops after the file being written."""
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
