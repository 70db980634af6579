"""Excel's lock file beside the workbook (the user has it open) does not leak into the scorecards."""

from pypdf import PdfReader

from builder import write_workbook
from reports.pack import write_scorecards
from tec_desktop.checks import run_checks
from tec_desktop.reader import read_workbook


def _pack(book, out):
    return write_scorecards(book, "2026-10", out, per_owner=False, findings=run_checks(book, "2026-10"))[0]


def test_pack_is_the_same_with_the_workbook_open_in_excel(tmp_path):
    path = write_workbook(tmp_path / "book.xlsx")
    closed = _pack(read_workbook(path), tmp_path / "closed").read_bytes()
    path.with_name("~$book.xlsx").write_bytes(b"someone")
    book = read_workbook(path)
    assert [f.code for f in run_checks(book, "2026-10")] == ["workbook-open"]  # the app and tec check still say it
    opened = _pack(book, tmp_path / "open")
    assert opened.read_bytes() == closed
    text = "".join(page.extract_text() for page in PdfReader(opened).pages)
    assert "open in Excel" not in text
