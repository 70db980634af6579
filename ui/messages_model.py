"""The Email dialog's table: one planned message per row, what the send log says about it, and what happened to it.

Status is the send log's review (never sent / sent / changed since sent / unconfirmed): Send sends the
first and the third (as a correction), and skips the others. Result and Detail are what the last run
did; they are empty (and hidden by the table) until something ran.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt

from ui import theme
from ui.engine.results import MessageRow, Review, SendOutcome
from ui.table_model import TableModel

COLUMNS = ("Recipient", "Email", "Scorecard", "Subject", "Size", "Status", "Result", "Detail")
RECIPIENT_COLUMN, EMAIL_COLUMN, SCORECARD_COLUMN, SUBJECT_COLUMN, SIZE_COLUMN = 0, 1, 2, 3, 4
STATUS_COLUMN, RESULT_COLUMN, DETAIL_COLUMN = 5, 6, 7
LAST_SENT_COLUMN = STATUS_COLUMN  # what it was called before the review had states
NEVER, UNCHANGED, CHANGED, UNCONFIRMED, NOT_RECORDED = (
    "never sent",
    "sent (unchanged)",
    "changed since sent",
    "unconfirmed",
    "sent (content not recorded)",
)
_REFUSED = re.compile(r" was refused by the server \((?P<reply>[^()]*)\)\.?$")
_TOO_LARGE = re.compile(r" (?P<what>is too large for the server \([^()]*\))\.?$")
_RESULT_ICONS = {
    "sent": "green",
    "drafted": "green",
    "failed": "red",
    "unconfirmed": "amber",
    "not sent": "amber",
    "skipped": None,
}
_RESULT_WORDS = {
    "sent": "Sent",
    "drafted": "Draft made",
    "failed": "Failed",
    "unconfirmed": "Unconfirmed",
    "not sent": "Not sent",
    "skipped": "Skipped",
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


KINDS = {"pack": "Leadership pack", "owner": "Own seams"}


def short_when(when: str, this_year: int | None = None) -> str:
    """'3 Nov 09:12' for a time of this year, '3 Nov 2025 09:12' for another (the send log's '3 Nov 2026 09:12')."""
    import datetime as dt

    year = str(this_year or dt.date.today().year)
    parts = when.split()
    if len(parts) == 4 and parts[2] == year:
        return f"{parts[0]} {parts[1]} {parts[3]}"
    return when


def status_text(review: Review) -> str:
    """The Status column: 'Never sent', 'Sent 3 Nov 09:12', 'Changed since sent 3 Nov 09:12', 'Unconfirmed …'."""
    when = f" {short_when(review.when)}" if review.when else ""
    if review.state == CHANGED:
        return f"Changed since sent{when}"
    if review.state == UNCONFIRMED:
        return f"Unconfirmed{when}"
    if review.state in (UNCHANGED, NOT_RECORDED):
        return f"Sent{when}"
    return "Never sent"


def status_tip(m: MessageRow) -> str:
    """What the status means for this message and what Send does with it."""
    r = m.review
    who = m.to_name or m.to_email
    if r.state == CHANGED:
        return (
            f"The scorecard changed since it was sent on {r.when}. What changed: {r.change}.\n"
            "Send sends it as a correction: '(corrected)' in the subject and this line at the top of the text."
        )
    if r.state == UNCONFIRMED:
        return (
            f"Sent on {r.when}, but the mail service never confirmed it: it may have arrived.\n"
            f"Send does not send it again on its own. Ask {who} or look in your Sent Items: if it arrived, select it "
            "and choose Mark as received; if not, Send again to selected."
        )
    if r.state == NOT_RECORDED:
        return (
            f"Sent on {r.when} by an older TEC Desktop, which did not record what the scorecard said. Send skips "
            "it; use Send again to selected to send the current one."
        )
    if r.state == UNCHANGED:
        return f"Already sent on {r.when}, and it says the same now. Send skips it; Send again to selected sends it."
    return "Never sent: Send sends it."


def size_text(n: int) -> str:
    """'73 KB', '1.2 MB'."""
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
        """The same messages with new facts (the send log's review); outcomes and the selection stay."""
        new = tuple(rows)
        if [m.index for m in new] != [m.index for m in self._rows]:
            with self.resetting():
                self._rows = new
        elif new:
            self._rows = new
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(COLUMNS) - 1))

    def set_reviews(self, reviews: dict[int, tuple[Review, str]]) -> None:
        """The send log's new word on some messages (plan index -> (review, blocking word)); the subject and
        text stay as they went out."""
        self.update_rows(
            dataclasses.replace(m, review=reviews[m.index][0], last_sent=reviews[m.index][1])
            if m.index in reviews
            else m
            for m in self._rows
        )

    def rows(self) -> tuple[MessageRow, ...]:
        """Every message, in plan order."""
        return self._rows

    def set_outcome(self, outcome: SendOutcome) -> None:
        """Show what happened to one message."""
        self._outcomes[outcome.index] = outcome
        for row, m in enumerate(self._rows):
            if m.index == outcome.index:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def clear_outcomes(self) -> None:
        """Forget what happened to the messages (before a new run)."""
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
                KINDS.get(m.kind, m.kind),
                m.subject,
                size_text(m.size),
                status_text(m.review),
                result,
                detail,
            )[col]
        if role == Qt.ItemDataRole.DecorationRole:
            if col == RESULT_COLUMN and outcome is not None:
                return theme.status_icon(_RESULT_ICONS.get(outcome.status))
            if col == STATUS_COLUMN and m.review.state == UNCONFIRMED:
                return theme.status_icon("amber")
            if col == STATUS_COLUMN and m.review.state == CHANGED:
                return theme.severity_icon("info")
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == RESULT_COLUMN and outcome is not None and _RESULT_ICONS.get(outcome.status):
                return theme.status_tint(_RESULT_ICONS[outcome.status])
            if col == SIZE_COLUMN and m.oversize:
                return theme.status_tint("amber")
            if col == STATUS_COLUMN and m.review.state == UNCONFIRMED:
                return theme.status_tint("amber")
            if col == STATUS_COLUMN and m.review.state == CHANGED:
                return theme.severity_tint("info")
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == STATUS_COLUMN
            and m.review.state
            in (
                UNCHANGED,
                NOT_RECORDED,
            )
        ):
            return theme.status_colour(None)  # already received: greyed, Send leaves it alone
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (RESULT_COLUMN, DETAIL_COLUMN) and outcome is not None and outcome.detail:
                return outcome.detail
            if col == SIZE_COLUMN:
                note = " — larger than many mail servers accept" if m.oversize else ""
                return f"PDF {size_text(m.size)}; about {size_text(m.encoded_size)} as an email{note}"
            if col == STATUS_COLUMN:
                return status_tip(m)
            kind = "the leadership pack" if m.kind == "pack" else "their own seams' scorecard"
            return (m.to_name, m.to_email, f"{m.attachment_name}: {kind}", m.subject, None, None, None, None)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == SIZE_COLUMN:
            return theme.ALIGN_NUMBER
        return None
