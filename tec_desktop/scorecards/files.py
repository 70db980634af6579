"""Which scorecard PDFs a month has, and their file names: the pack, then one per accountable owner."""

from __future__ import annotations

from tec_desktop.files.names import fit_name, safe_name, unique_name
from tec_desktop.metrics.compute import MonthMetrics
from tec_desktop.workbook.model import Workbook


def pack_name(book: Workbook, month: str, owner: str | None = None) -> str:
    """'Seam-scorecards-2026-10.pdf', or with '-<owner>' for an owner's PDF."""
    title = safe_name(book.settings.report_title or "Seam scorecards", "Seam-scorecards")
    return fit_name(f"{title}-{month}" if owner is None else f"{title}-{month}-{safe_name(owner)}", ".pdf")


def owner_files(book: Workbook, month: str, owners: list[str]) -> dict[str, str]:
    """Each owner's file name; two owners whose names clash once made safe get -2, -3 …"""
    taken: set[str] = {pack_name(book, month).casefold()}
    out = {}
    for owner in owners:
        out[owner] = unique_name(pack_name(book, month, owner), taken)
    return out


def scorecard_owners(metrics: MonthMetrics) -> list[str]:
    """The accountable owners who get their own PDF, in the order their files are written."""
    return sorted({s.owner for s in metrics.seams if s.owner}, key=lambda o: (o.casefold(), o))
