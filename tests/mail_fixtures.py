"""A month to email, for the mail tests: a real workbook, its real metrics, and small real PDFs.

The mail layer does not look inside the PDFs, so these are blank pypdf pages that differ by title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tec_desktop.mail.plan import MailPlan, plan_messages
from tec_desktop.metrics.compute import MonthMetrics, compute_month
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook

SENDER = "TEC Ops <ops@example.com>"
MONTH = "2026-10"
LEADERS = ("lukasz@example.com", "ana@example.com")
OWNERS = ("zoe@example.com", "wang.fang@example.com")


def mail_rows() -> dict[str, list[dict]]:
    """The builder's workbook with misses, an overdue action, more people and markup in the text."""
    d = dt.datetime
    rows = rows_copy()
    rows["People"] += [
        {"Name": "Ana Díaz", "Email": "Ana@Example.com", "Team": "Finance", "Role": "Leadership", "Active": "Yes"},
        {"Name": "Old Boss", "Email": "old.boss@example.com", "Team": "Finance", "Role": "Leadership", "Active": "No"},
        {"Name": "Sam Helper", "Email": "sam@example.com", "Team": "Sales", "Role": "Contributor"},
    ]
    rows["Seams"][0]["Seam name"] = "Custom deal <intake> & co"
    rows["Misses"] = [
        {
            "Miss ID": "M-1",
            "Date": d(2026, 10, 12),
            "Seam ID": "S-01",
            "Type": "Missed commitment",
            "Description": "Go-live slipped",
            "Impact": "Revenue",
            "Severity": "High",
        },
        {"Miss ID": "M-2", "Date": d(2026, 10, 14), "Seam ID": "S-01", "Type": "Rework", "Description": "Spec gap"},
        {"Miss ID": "M-3", "Date": d(2026, 10, 20), "Seam ID": "S-02", "Type": "Quality", "Description": "Late fix"},
    ]
    rows["Actions"] = [
        {
            "Action ID": "A-1",
            "Seam ID": "S-01",
            "Action": "Book <security> review & intake",
            "Owner": "Zoë Ødegård",
            "Opened": d(2026, 9, 1),
            "Due": d(2026, 10, 10),
            "Status": "In progress",
        },
        {
            "Action ID": "A-2",
            "Seam ID": "S-02",
            "Action": "Pen-test booking",
            "Owner": "王芳",
            "Opened": d(2026, 9, 1),
            "Due": d(2026, 10, 10),
            "Status": "Done",
            "Closed": d(2026, 10, 5),
        },
        {
            "Action ID": "A-3",
            "Seam ID": "S-02",
            "Action": "Sign-off checklist",
            "Owner": "王芳",
            "Opened": d(2026, 10, 1),
            "Due": d(2026, 11, 20),
            "Status": "Open",
        },
    ]
    return rows


def make_pdf(path: Path, title: str, padding: int = 0) -> Path:
    """A one-page blank PDF whose bytes differ by title (and `padding` extra bytes of metadata)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title, **({"/Padding": "x" * padding} if padding else {})})
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


@dataclass
class MailCase:
    """Everything needed to plan the month's mail."""

    folder: Path
    book: Workbook
    metrics: MonthMetrics
    pack: Path
    owner_pdfs: dict[str, Path]

    def plan(self, sender: str = SENDER, **kwargs) -> MailPlan:
        """The month's plan of messages."""
        return plan_messages(self.book, self.metrics, self.pack, self.owner_pdfs, sender, **kwargs)


def build_case(folder: Path, rows: dict | None = None) -> MailCase:
    """Write the workbook and the PDFs into `folder` and read them back."""
    book = read_workbook(write_workbook(folder / "seams.xlsx", rows or mail_rows()))
    metrics = compute_month(book, MONTH)
    pack = make_pdf(folder / f"Seam-scorecards-{MONTH}.pdf", "pack")
    owners = {
        "Zoë Ødegård": make_pdf(folder / f"Seam-scorecards-{MONTH}-Zoë-Ødegård.pdf", "Zoë"),
        "王芳": make_pdf(folder / f"Seam-scorecards-{MONTH}-王芳.pdf", "王芳"),
    }
    return MailCase(folder, book, metrics, pack, owners)
