"""The owners' commentary: the optional Commentary sheet's comment on a seam's month."""

from __future__ import annotations

from dataclasses import dataclass

from tec_desktop.metrics.data import person_names
from tec_desktop.metrics.per_book import per_book
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.settings_sheet import parse_month


@dataclass(frozen=True)
class Comment:
    """What a seam's owner wrote about a month."""

    seam_id: str
    month: str  # 'YYYY-MM'
    text: str  # as typed, line breaks kept
    author: str  # a People name ('' when blank)
    row: int

    @property
    def first_line(self) -> str:
        """The comment's first non-empty line: what the brief prints."""
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")


def _read(book: Workbook) -> dict[tuple[str, str], Comment]:
    table = book.tables.get("Commentary")
    if table is None or not table.present or not len(table.frame):
        return {}
    names = person_names(book)
    out: dict[tuple[str, str], Comment] = {}
    for rec in table.frame.to_dict("records"):
        sid, text, when = rec.get("seam_id"), rec.get("comment"), rec.get("month")
        month = parse_month(when) if isinstance(when, str) else None
        if not isinstance(sid, str) or not isinstance(text, str) or month is None:
            continue  # the checks name the cell to fix
        author = rec.get("author")
        author = names.get(schema.normalize_header(author), author.strip()) if isinstance(author, str) else ""
        out.setdefault((sid, month), Comment(sid, month, text.strip(), author, int(rec["row"])))
    return out


def month_comments(book: Workbook, month: str) -> dict[str, Comment]:
    """The month's comment per Seam ID (the first row, when a seam's month has two: an error the checks report)."""
    return {sid: c for (sid, m), c in per_book(book, _read).items() if m == month}
