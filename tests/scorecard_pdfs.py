"""The scorecard tests' shared steps: a workbook through the real pipeline to its PDFs, and their outline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from tec_desktop.checks.registry import run_checks
from tec_desktop.scorecards.writing import write_scorecards
from tec_desktop.workbook.reader import read_workbook

MONTH = "2026-10"
TODAY = dt.date(2026, 11, 5)


def scorecards_from(workbook: Path, out: Path, per_owner: bool = True, paper: str | None = None, **kw) -> list[Path]:
    """Read the workbook, check it (no errors allowed) and write the month's scorecards into `out`."""
    book = read_workbook(workbook)
    if paper:
        book = dataclasses.replace(book, settings=dataclasses.replace(book.settings, paper_size=paper))
    findings = run_checks(book, MONTH, today=TODAY)
    assert not [f for f in findings if f.severity == "error"], findings
    return write_scorecards(book, MONTH, out, per_owner=per_owner, findings=findings, **kw)


def entries(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry, in order: Brief, Seams › each seam, Appendix › each list."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out
