"""Which scorecard PDFs a month has, and their file names: the pack, then one per accountable owner."""

from __future__ import annotations

from tec_desktop.files.names import safe_name
from tec_desktop.metrics.compute import MonthMetrics
from tec_desktop.workbook.model import Workbook


def pack_name(book: Workbook, month: str, owner: str | None = None) -> str:
    """'Seam-scorecards-2026-10.pdf', or with '-<owner>' for an owner's PDF."""
    title = safe_name(book.settings.report_title or "Seam scorecards", "Seam-scorecards")
    return f"{title}-{month}.pdf" if owner is None else f"{title}-{month}-{safe_name(owner)}.pdf"


def owner_files(book: Workbook, month: str, owners: list[str]) -> dict[str, str]:
    """Each owner's file name; two owners whose names clash once made safe get -2, -3 …"""
    taken: set[str] = {pack_name(book, month).casefold()}
    out = {}
    for owner in owners:
        name = pack_name(book, month, owner)
        stem, n = name[:-4], 2
        while name.casefold() in taken:
            name, n = f"{stem}-{n}.pdf", n + 1
        taken.add(name.casefold())
        out[owner] = name
    return out


def scorecard_owners(metrics: MonthMetrics) -> list[str]:
    """The accountable owners who get their own PDF, in the order their files are written."""
    return sorted({s.owner for s in metrics.seams if s.owner}, key=lambda o: (o.casefold(), o))
