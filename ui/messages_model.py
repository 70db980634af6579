"""The Email dialog's table: one planned message per row, and what happened to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt

from ui import theme
from ui.engine.results import MessageRow, SendOutcome
from ui.table_model import TableModel

COLUMNS = ("Recipient", "Email", "Scorecard", "Subject", "Size", "Last sent", "Result", "Detail")
LAST_SENT_COLUMN, RESULT_COLUMN, DETAIL_COLUMN = 5, 6, 7
_REFUSED = re.compile(r" was refused by the server \((?P<reply>[^()]*)\)\.?$")
_TOO_LARGE = re.compile(r" (?P<what>is too large for the server \([^()]*\))\.?$")
_RESULT_ICONS = {"sent": "green", "drafted": "green", "failed": "red", "not sent": "amber", "skipped": None}
_RESULT_WORDS = {
    "sent": "Sent",
    "drafted": "Draft saved",
    "failed": "Failed",
    "not sent": "Not sent",
    "skipped": "Skipped (already sent)",
}


def reason(detail: str) -> str:
    """Why a message failed, without the recipient the row already names: the server's reply when it gave one.

    'ana@example.com was refused by the server (550 5.1.1 No such user).' -> '550 5.1.1 No such user'
    """
    if m := _REFUSED.search(detail):
        return m.group("reply")
    if m := _TOO_LARGE.search(detail):
        return m.group("what")[:1].upper() + m.group("what")[1:]
    return detail


def last_sent_text(last_sent: str) -> str:
    """The send log's word as the Last sent column shows it: '3 Nov 2026 09:12' for 'already sent on …'."""
    return last_sent.removeprefix("already sent on ") if last_sent else "never"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


class MessagesModel(TableModel):
    """Rows of MessageRow, each with its latest SendOutcome."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: tuple[MessageRow, ...] = ()
        self._outcomes: dict[int, SendOutcome] = {}

    def set_rows(self, rows: Iterable[MessageRow]) -> None:
        """The messages of a new preview, without outcomes."""
        with self.resetting():
            self._rows = tuple(rows)
            self._outcomes = {}

    def update_rows(self, rows: Iterable[MessageRow]) -> None:
        """The same messages with new facts (Last sent); outcomes and the selection stay."""
        new = tuple(rows)
        if [m.index for m in new] != [m.index for m in self._rows]:
            with self.resetting():
                self._rows = new
        elif new:
            self._rows = new
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(COLUMNS) - 1))

    def set_outcome(self, outcome: SendOutcome) -> None:
        """Show what happened to one message."""
        self._outcomes[outcome.index] = outcome
        for row, m in enumerate(self._rows):
            if m.index == outcome.index:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def clear_outcomes(self) -> None:
        """Forget what happened to the messages (before a new send)."""
        with self.resetting():
            self._outcomes = {}

    def outcomes(self) -> dict[int, SendOutcome]:
        """Plan index -> latest outcome."""
        return dict(self._outcomes)

    def message(self, row: int) -> MessageRow:
        return self._rows[row]

    def outcome(self, row: int) -> SendOutcome | None:
        return self._outcomes.get(self._rows[row].index)

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return COLUMNS

    def cell(self, row: int, col: int, role: int) -> Any:
        m = self._rows[row]
        outcome = self._outcomes.get(m.index)
        if role == Qt.ItemDataRole.DisplayRole:
            result = _RESULT_WORDS.get(outcome.status, outcome.status) if outcome else ""
            detail = reason(outcome.detail) if outcome else ""
            return (
                m.to_name,
                m.to_email,
                m.attachment_name,
                m.subject,
                _mb(m.size),
                last_sent_text(m.last_sent),
                result,
                detail,
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == RESULT_COLUMN and outcome is not None:
            return theme.status_icon(_RESULT_ICONS.get(outcome.status))
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == RESULT_COLUMN and outcome is not None and _RESULT_ICONS.get(outcome.status):
                return theme.status_tint(_RESULT_ICONS[outcome.status])
            if col == 4 and m.oversize:
                return theme.status_tint("amber")
            if col == LAST_SENT_COLUMN and m.last_sent:
                return theme.status_tint("amber")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (RESULT_COLUMN, DETAIL_COLUMN) and outcome is not None and outcome.detail:
                return outcome.detail
            if col == 4:
                note = " — larger than many mail servers accept" if m.oversize else ""
                return f"PDF {_mb(m.size)}; about {_mb(m.encoded_size)} as an email{note}"
            if col == LAST_SENT_COLUMN and m.last_sent:
                said = m.last_sent[:1].upper() + m.last_sent[1:]
                return f"{said}. Send does not send it again; use Send again to selected."
            kind = "the leadership pack" if m.kind == "pack" else "their own seams' scorecard"
            return (m.to_name, m.to_email, f"{m.attachment_name}: {kind}", m.subject, None, None, None, None)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return theme.ALIGN_NUMBER
        return None
