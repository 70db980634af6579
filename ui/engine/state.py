"""What the engine's requests share: the workbooks read so far, their findings, and the mail plans shown.

A Load keeps its workbook under its own request id (the LoadResult's book_id), so that rows,
scorecards and annotated copies of a result are made from exactly the file that was checked, even
when the file has been saved again since. Only the few most recent are kept: a workbook of 100k
rows holds a few hundred MB of frames.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from tec_desktop.errors import TecError

if TYPE_CHECKING:  # pandas behind it: the engine imports it on its first request, not on start
    from tec_desktop.findings import Finding
    from tec_desktop.mail.plan import MailPlan
    from tec_desktop.workbook.model import Workbook

KEEP = 3  # workbooks (and mail plans) kept for the recent results


class EngineState:
    """Workbooks by book_id, findings by (book_id, month), the last sheet read as typed, mail plans by plan_id."""

    def __init__(self) -> None:
        self._books: OrderedDict[int, Workbook] = OrderedDict()
        self._findings: dict[tuple[int, str | None], list[Finding]] = {}
        # Each plan with the workbook it was made from (drafts never replace it).
        self._plans: OrderedDict[int, tuple[MailPlan, Path | None]] = OrderedDict()
        self.raw_rows: tuple[tuple[int, str], list] | None = None  # ((book_id, sheet), calamine rows)

    def add_book(self, book_id: int, book: Workbook) -> None:
        """Keep a workbook just read; the oldest beyond KEEP go, with their findings."""
        self.raw_rows = None  # the cells of an older version of the file are of no more use
        self._books[book_id] = book
        while len(self._books) > KEEP:
            old, _ = self._books.popitem(last=False)
            for key in [k for k in self._findings if k[0] == old]:
                del self._findings[key]

    def book(self, book_id: int) -> Workbook:
        """The workbook a result was made from; TecError when it is no longer kept."""
        book = self._books.get(book_id)
        if book is None:
            raise TecError("check-out-of-date")
        return book

    def keep_findings(self, book_id: int, month: str | None, findings: list[Finding]) -> None:
        self._findings[(book_id, month)] = findings

    def findings(self, book_id: int, month: str | None) -> list[Finding] | None:
        """The findings of a check already made, or None."""
        return self._findings.get((book_id, month))

    def add_plan(self, plan_id: int, plan: MailPlan, workbook: Path | None = None) -> None:
        """Keep a mail plan the Email window shows (and the workbook it came from); the oldest beyond KEEP go."""
        self._plans[plan_id] = (plan, workbook)
        while len(self._plans) > KEEP:
            self._plans.popitem(last=False)

    def plan_workbook(self, plan_id: int) -> Path | None:
        """The workbook a kept plan was made from, if known."""
        kept = self._plans.get(plan_id)
        return kept[1] if kept is not None else None

    def plan(self, plan_id: int) -> MailPlan:
        """A plan shown earlier; TecError when it is no longer kept."""
        kept = self._plans.get(plan_id)
        if kept is None:
            raise TecError("plan-out-of-date")
        return kept[0]
