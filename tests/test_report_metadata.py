"""The pack's bytes and metadata: an open Excel window does not leak in; the version comes from pyproject."""

from pypdf import PdfReader

from tec_desktop.checks.registry import run_checks
from tec_desktop.scorecards.writing import write_scorecards
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook


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


def test_pdf_metadata_names_the_version_from_pyproject(tmp_path):
    import tomllib

    from tec_desktop import __version__

    version = tomllib.loads((__import__("pathlib").Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())[
        "project"
    ]["version"]
    assert __version__ == version
    book = read_workbook(write_workbook(tmp_path / "book.xlsx"))
    meta = PdfReader(_pack(book, tmp_path / "out")).metadata
    assert meta["/Creator"] == f"TEC Desktop {version}" and version in meta["/Producer"]
