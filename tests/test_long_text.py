"""Excel's longest cell (32,767 characters) in every free-text field: the scorecards still lay out,
print the start of each text with '…', and the check says at each cell what was cut (issue 16 item 10)."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from tec_desktop.checks.long_text import PRINTED_CHARS, TITLE_CHARS
from tec_desktop.checks.registry import run_checks
from tec_desktop.cli.main import main
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook
from report_rows import report_rows

EXCEL_MAX = 32_767
WORDS = "Handoff contract detail agreed with the receiving team "


def _long(n: int = EXCEL_MAX, spaces: bool = True) -> str:
    return (WORDS * (n // len(WORDS) + 1))[:n] if spaces else "x" * n


def _rows():
    rows = report_rows()
    for i, seam in enumerate(rows["Seams"]):
        seam["Seam name"] = _long(spaces=i % 2 == 0)
        for key in ("Definition of ready", "Done means", "Escalation path"):
            seam[key] = _long()
    for sheet, key in (
        ("Misses", "Description"),
        ("Misses", "Root cause"),
        ("Actions", "Action"),
        ("Actions", "Root cause"),
        ("Decisions", "Decision"),
        ("Dependencies", "Description"),
    ):
        for i, rec in enumerate(rows[sheet]):
            rec[key] = _long(spaces=i % 2 == 0)
    return rows


def test_longest_cells_print_cut_and_are_named_at_their_cells(tmp_path, capsys):
    book_path = write_workbook(tmp_path / "long.xlsx", _rows())

    findings = [f for f in run_checks(read_workbook(book_path), "2026-10", today=dt.date(2026, 11, 5))]
    long = [f for f in findings if f.code == "text-long"]
    assert not [f for f in findings if f.severity == "error"]
    name = next(f for f in long if f.sheet == "Seams" and f.cell == "B2")
    assert name.text == (
        f"Seam name is {EXCEL_MAX:,} characters long; the scorecards print its first {TITLE_CHARS} and '…'. "
        "Shorten it, or keep the detail elsewhere and link to it."
    )
    assert {(f.sheet, f.args["column"]) for f in long} >= {
        ("Seams", "Definition of ready"),
        ("Misses", "Description"),
        ("Actions", "Action"),
        ("Decisions", "Decision"),
    }
    assert all(f.args["limit"] in (f"{PRINTED_CHARS:,}", str(TITLE_CHARS)) for f in long)

    out = tmp_path / "out"
    assert main(["report", str(book_path), "--month", "2026-10", "--out", str(out)]) == 0, capsys.readouterr()
    pack = next(out.glob("Seam-scorecards-2026-10.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(pack).pages)
    assert "more characters in the workbook" in text and "Handoff contract detail" in text
    assert f"{len(long)} warnings" in " ".join(text.split())  # the data-quality notes count them


def test_short_text_raises_no_warning(tmp_path):
    rows = report_rows()
    rows["Misses"][0]["Description"] = _long(PRINTED_CHARS)
    rows["Seams"][0]["Seam name"] = _long(TITLE_CHARS)
    findings = run_checks(read_workbook(write_workbook(tmp_path / "ok.xlsx", rows)), "2026-10")
    assert not [f for f in findings if f.code == "text-long"]
