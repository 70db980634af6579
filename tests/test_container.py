"""Hostile and damaged files: one clear message each, never a crash (shared/RISKS.md)."""

import subprocess
import sys
import zipfile

import pytest

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.workbook.container import used_range
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook
from zipedit import rewrite, sheet_part


@pytest.fixture
def good(tmp_path):
    return write_workbook(tmp_path / "good.xlsx")


def _read_in_child(path):
    """Read in a separate process: if a guard fails, calamine aborts that process, not pytest."""
    code = (
        "import sys; from tec_desktop.workbook.reader import read_workbook; from tec_desktop.errors import TecError\n"
        "try:\n read_workbook(sys.argv[1]); print('OK')\n"
        "except TecError as e:\n print('REFUSED', e)\n"
    )
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)


def test_a_cell_at_xfd1048576_is_refused_without_crashing(good, tmp_path):
    part = sheet_part(good, "Handoffs")
    bad = rewrite(
        good,
        tmp_path / "far.xlsx",
        {
            part: lambda d: d.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            )
        },
    )
    result = _read_in_child(bad)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("REFUSED") and "XFD1048576" in result.stdout


def test_cells_without_references_in_one_wide_row_are_refused(good, tmp_path):
    part = sheet_part(good, "Handoffs")
    wide = b"<row>" + b"<c><v>1</v></c>" * 5000 + b"</row>"
    bad = rewrite(
        good, tmp_path / "wide.xlsx", {part: lambda d: d.replace(b"</sheetData>", wide * 3000 + b"</sheetData>")}
    )
    result = _read_in_child(bad)
    assert result.stdout.startswith("REFUSED"), result.stdout + result.stderr


def test_used_range_counts_cells_not_the_declared_dimension():
    xml = (
        b'<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c>'
        b'<c r="C1"><v>2</v></c></row><row r="7"><c r="B7"><v>3</v></c></row></sheetData></worksheet>'
    )
    rows, cols = used_range(xml)
    assert rows == 7 and 3 <= cols <= 26


def test_duplicate_part_names_are_refused(good, tmp_path):
    part = sheet_part(good, "Handoffs")
    with zipfile.ZipFile(good) as z:
        data = z.read(part)
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate name as it writes it
        bad = rewrite(good, tmp_path / "dup.xlsx", extra=[(part.upper(), data), (part, data)])
    with pytest.raises(UnreadableWorkbook, match="two copies"):
        read_workbook(bad)


def test_a_changed_byte_inside_a_part_is_damage(good, tmp_path):
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo(sheet_part(good, "Seams"))
    # Flip a byte in the middle of the compressed data of the Seams part.
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    raw[offset] ^= 0xFF
    bad = tmp_path / "flip.xlsx"
    bad.write_bytes(bytes(raw))
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        read_workbook(bad)


def test_entity_declarations_are_refused(good, tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    part = sheet_part(good, "People")
    bad = rewrite(good, tmp_path / "xxe.xlsx", {part: lambda d: bomb + d})
    with pytest.raises(UnreadableWorkbook, match="XML declarations"):
        read_workbook(bad)


def test_zip_bomb_is_refused_before_decompressing(good, tmp_path):
    bad = rewrite(good, tmp_path / "bomb.xlsx", extra=[("xl/media/huge.bin", b"\0" * (60 * 1024 * 1024))])
    with pytest.raises(UnreadableWorkbook, match="not safe"):
        read_workbook(bad)


def test_ods_and_xlsb_say_what_they_are(good, tmp_path):
    ods = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(UnreadableWorkbook, match="OpenDocument"):
        read_workbook(ods)
    xlsb = rewrite(good, tmp_path / "b.xlsx", extra=[("xl/workbook.bin", b"\0")], drop={"xl/workbook.xml"})
    with pytest.raises(UnreadableWorkbook, match="xlsb"):
        read_workbook(xlsb)


def test_formula_without_saved_value_is_reported(tmp_path):
    rows = rows_copy()
    rows["SLAs"][0]["Target (business days)"] = "=1+2"
    path = write_workbook(tmp_path / "f.xlsx", rows)  # openpyxl saves formulas without results
    codes = {(f.code, f.sheet, f.cell) for f in read_workbook(path).load_findings}
    assert ("formula-no-value", "SLAs", "D2") in codes


def test_merged_cells_in_data_are_an_error(tmp_path):
    import openpyxl

    path = write_workbook(tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Handoffs"].merge_cells("B2:B3")
    wb.save(path)
    found = [f for f in read_workbook(path).load_findings if f.code == "cells-merged"]
    assert [(f.sheet, f.cell, f.severity) for f in found] == [("Handoffs", "B2", "error")]


def test_hidden_sheet_is_read_with_a_warning(tmp_path):
    import openpyxl

    path = write_workbook(tmp_path / "h.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Holidays"].sheet_state = "hidden"
    wb.save(path)
    book = read_workbook(path)
    assert [(f.code, f.severity) for f in book.load_findings] == [("sheet-hidden", "warning")]


def test_open_in_excel_lock_file_warns_and_reads(good):
    lock = good.with_name("~$" + good.name)
    lock.write_bytes(b"someone")
    book = read_workbook(good)
    assert [f.code for f in book.load_findings] == ["workbook-open"]
    assert len(book["Seams"]) == 2


def test_reading_never_changes_the_file(good):
    before = good.read_bytes()
    read_workbook(good)
    assert good.read_bytes() == before


def test_a_folder_is_not_a_workbook(tmp_path):
    with pytest.raises(UnreadableWorkbook, match="folder"):
        read_workbook(tmp_path)


def test_zip_needing_a_future_version_is_damaged(good, tmp_path):
    # Found by tools/fuzz_reader.py: zipfile raised NotImplementedError("zip file version 23.6").
    raw = bytearray(good.read_bytes())
    central = raw.index(b"PK\x01\x02")
    raw[central + 6] = 236
    bad = tmp_path / "future.xlsx"
    bad.write_bytes(bytes(raw))
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        read_workbook(bad)


def test_formulas_without_results_are_one_error_not_also_empty_cells(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0]["Item ID"] = '=A5&"x"'
    rows["Handoffs"][1]["Submitted"] = "=TODAY()"
    book = read_workbook(write_workbook(tmp_path / "f.xlsx", rows))
    found = [(f.code, f.sheet, f.cell) for f in book.load_findings]
    assert found == [("formula-no-value", "Handoffs", "A2")]
    assert "and 1 more cell" in book.load_findings[0].message


def test_a_sheet_larger_than_the_read_limit_is_refused_before_it_is_read(good, monkeypatch):
    from tec_desktop.workbook import reader

    monkeypatch.setattr(reader, "MAX_READ_CELLS", 12)  # People (4 rows x 5 columns) is the first sheet over it
    with pytest.raises(
        UnreadableWorkbook,
        match=r"the sheet People has 4 rows x 5 columns \(20 cells, up to E4\); "
        r"TEC Desktop reads at most 200 columns and 12 cells per sheet",
    ):
        read_workbook(good)
