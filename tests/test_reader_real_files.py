"""Files as real writers save them (issue 16, items 4-7): no false blocks and no silently wrong numbers.

Each file is built with openpyxl, then the XML another program writes is put in by hand: LibreOffice's
empty formula result, Excel's error values, the 1904 date system, Strict Open XML.
"""

import datetime as dt
import re
import zipfile

import numpy as np
import pytest
from sheet_xml import with_cells

from tec_desktop.checks.registry import run_checks
from tec_desktop.workbook import values
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook
from zipedit import rewrite

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def good(tmp_path):
    return write_workbook(tmp_path / "good.xlsx")


def codes(book, code=None):
    return [(f.code, f.sheet, f.cell) for f in book.load_findings if code is None or f.code == code]


# ---------------------------------------------------------------- item 4: empty text results of formulas

LIBREOFFICE_EMPTY = b'<c r="{ref}" s="0" t="str"><f aca="false">IF(G2="High","check","")</f><v></v></c>'
EXCEL_EMPTY_SELF_CLOSING = b'<c r="{ref}" t="str"><f>IF(G2="High","check","")</f><v/></c>'
EXCEL_EMPTY = b'<c r="{ref}" t="str"><f>IF(G2="High","check","")</f><v></v></c>'


def _cell(template: bytes, ref: str) -> bytes:
    return template.replace(b"{ref}", ref.encode())


@pytest.mark.parametrize("xml", [LIBREOFFICE_EMPTY, EXCEL_EMPTY_SELF_CLOSING, EXCEL_EMPTY])
def test_a_formula_whose_saved_result_is_empty_text_is_an_empty_cell(good, tmp_path, xml):
    header = b'<c r="K1" t="inlineStr"><is><t>Flag</t></is></c>'
    path = with_cells(
        good, tmp_path / "lo.xlsx", "Handoffs", header, _cell(xml, "K2"), _cell(xml, "K3"), _cell(xml, "I2")
    )
    book = read_workbook(path)
    assert codes(book) == [("column-extra", "Handoffs", "K1")]
    assert book["Handoffs"].frame["rework_reason"].isna().all()  # I2's '' is an empty optional cell


@pytest.mark.parametrize(
    "xml",
    [
        b'<c r="I2"><f>IF(G2="High","check","")</f></c>',  # a script's formula: no <v> at all
        b'<c r="I2"><f>IF(G2="High","check","")</f><v /></c>',  # openpyxl's own: empty <v> and no text type
        b'<c r="I2" t="n"><f>1+1</f><v></v></c>',  # an empty number is no result
        b'<c r="I2"><f t="shared" si="0"/></c>',  # a shared formula's child without a value
    ],
)
def test_a_formula_with_no_saved_result_in_a_template_column_is_still_reported(good, tmp_path, xml):
    book = read_workbook(with_cells(good, tmp_path / "f.xlsx", "Handoffs", xml))
    assert codes(book) == [("formula-no-value", "Handoffs", "I2")]


def test_formulas_without_results_in_an_extra_column_are_ignored_like_the_column(good, tmp_path):
    header = b'<c r="K1" t="inlineStr"><is><t>Notes</t></is></c>'
    formulas = [f'<c r="K{r}"><f>A{r}&amp;"?"</f></c>'.encode() for r in (2, 3)]
    book = read_workbook(with_cells(good, tmp_path / "f.xlsx", "Handoffs", header, *formulas))
    assert codes(book) == [("column-extra", "Handoffs", "K1")]


def test_the_count_of_formulas_without_results_counts_only_template_columns(good, tmp_path):
    cells = [b'<c r="K1" t="inlineStr"><is><t>Notes</t></is></c>', b'<c r="K2"><f>1</f></c>']
    cells += [f'<c r="{c}3"><f>1</f></c>'.encode() for c in "GH"]
    book = read_workbook(with_cells(good, tmp_path / "f.xlsx", "Handoffs", *cells))
    [found] = [f for f in book.load_findings if f.code == "formula-no-value"]
    assert found.cell == "G3" and "(and 1 more cell of this sheet)" in found.message


# ---------------------------------------------------------------- item 5: the 1904 date system

# 2026-10-12 as a serial number of the 1904 date system (46307 in the usual one), in a General cell
SERIAL_CELL = b'<c r="B2"><v>44845</v></c>'


def _miss_row(date_cell: bytes) -> list[bytes]:
    texts = {"A": "M-1", "C": "S-01", "D": "Missed commitment", "E": "Late review"}
    cells = [f'<c r="{c}2" t="inlineStr"><is><t>{t}</t></is></c>'.encode() for c, t in texts.items()]
    return cells + [date_cell]


def _date1904(path, dst, *cells, sheet="Misses"):
    flag = {"xl/workbook.xml": lambda d: d.replace(b"<workbookPr />", b'<workbookPr date1904="1"/>')}
    return with_cells(path, dst, sheet, *cells, edits=flag)


def test_serial_numbers_in_a_1904_workbook_count_from_1904(good, tmp_path):
    path = _date1904(good, tmp_path / "mac.xlsx", *_miss_row(SERIAL_CELL))
    book = read_workbook(path)
    assert book["Misses"].frame["date"].tolist() == [np.datetime64("2026-10-12")]
    assert not [f for f in run_checks(book, today=TODAY) if f.severity == "error"]


def test_the_same_serial_without_the_1904_flag_is_a_1900_date(good, tmp_path):
    book = read_workbook(with_cells(good, tmp_path / "pc.xlsx", "Misses", *_miss_row(SERIAL_CELL)))
    assert book["Misses"].frame["date"].tolist() == [np.datetime64("2022-10-11")]


def test_dates_formatted_as_dates_in_a_1904_workbook_are_not_shifted_twice(tmp_path):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    path = write_workbook(tmp_path / "mac.xlsx", rows_copy())
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904  # openpyxl then saves every date as a 1904 serial, date1904="1"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert b'date1904="1"' in z.read("xl/workbook.xml")
    book = read_workbook(path)
    assert book["Handoffs"].frame["submitted"].tolist()[0] == np.datetime64("2026-10-05T09:00")


def test_a_reporting_month_typed_as_a_serial_follows_the_1904_system(good, tmp_path):
    path = _date1904(good, tmp_path / "mac.xlsx", b'<c r="B3"><v>44845</v></c>', sheet="Settings")
    assert read_workbook(path).settings.reporting_month == "2026-10"


def test_1904_serials_of_early_dates_are_in_range():
    first = values.parse_date([2192.0], values.EXCEL_EPOCH_1904)  # 1910-01-01 in the 1904 system
    assert not first.bad[0] and first.values[0] == np.datetime64("1910-01-01")
    assert values.parse_date([2192.0]).bad[0]  # in the 1900 system the same number is 1905


# ---------------------------------------------------------------- item 6: saved error values


def test_error_values_are_bad_values_naming_the_error(good, tmp_path):
    path = with_cells(
        good,
        tmp_path / "err.xlsx",
        "Handoffs",
        b'<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',  # optional: was silently "not completed"
        b'<c r="D3" t="e"><f>VLOOKUP(A3,X!A:B,2,0)</f><v>#N/A</v></c>',  # required: was "is empty"
    )
    book = read_workbook(path)
    found = {f.cell: f.message for f in book.load_findings}
    assert set(found) == {"F2", "D3"}
    assert found["F2"] == (
        "Handoffs F2: Completed holds the error value #DIV/0! (a formula that failed). "
        "Correct the formula in Excel, or type the value, and save."
    )
    assert "Submitted holds the error value #N/A" in found["D3"]
    assert book["Handoffs"].bad["completed"].tolist() == [True, False]


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#BLOCKED!", "#n/a"])
def test_newer_error_values_are_read_too(good, tmp_path, error):
    """calamine 0.9.1 refuses the whole sheet for these ('Unsupported cell error value')."""
    cell = f'<c r="E2" t="e"><f>SORT(A2:A9)</f><v>{error}</v></c>'.encode()
    extra = [b'<c r="K1" t="inlineStr"><is><t>Spill</t></is></c>', f'<c r="K3" t="e"><v>{error}</v></c>'.encode()]
    book = read_workbook(with_cells(good, tmp_path / "spill.xlsx", "Handoffs", cell, *extra))
    assert codes(book) == [("column-extra", "Handoffs", "K1"), ("value-error", "Handoffs", "E2")]
    assert f"holds the error value {error} " in book.load_findings[1].message
    assert book["Handoffs"].frame["item_id"].tolist() == ["H-1", "H-2"]


def test_an_error_value_in_an_ignored_column_is_ignored(good, tmp_path):
    extra = [b'<c r="K1" t="inlineStr"><is><t>Check</t></is></c>', b'<c r="K2" t="e"><v>#REF!</v></c>']
    book = read_workbook(with_cells(good, tmp_path / "err.xlsx", "Handoffs", *extra))
    assert codes(book) == [("column-extra", "Handoffs", "K1")]


def test_an_error_value_as_the_reporting_month_is_one_finding(good, tmp_path):
    book = read_workbook(with_cells(good, tmp_path / "err.xlsx", "Settings", b'<c r="B3" t="e"><v>#NAME?</v></c>'))
    assert codes(book) == [("value-error", "Settings", "B3")]


# ---------------------------------------------------------------- item 7: Strict Open XML

_TRANSITIONAL, _STRICT = "http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/"
STRICT_NAMESPACES = [  # as Excel's "Strict Open XML Spreadsheet" writes them; package namespaces stay
    (_TRANSITIONAL + "officeDocument/2006/relationships/extended-properties",
     _STRICT + "officeDocument/relationships/extendedProperties"),
    (_TRANSITIONAL + "officeDocument/2006/relationships", _STRICT + "officeDocument/relationships"),
    (_TRANSITIONAL + "spreadsheetml/2006/main", _STRICT + "spreadsheetml/main"),
    (_TRANSITIONAL + "drawingml/2006/main", _STRICT + "drawingml/main"),
    (_TRANSITIONAL + "officeDocument/2006/extended-properties", _STRICT + "officeDocument/extendedProperties"),
    (_TRANSITIONAL + "officeDocument/2006/docPropsVTypes", _STRICT + "officeDocument/docPropsVTypes"),
]  # fmt: skip


def _strict_part(name: str, data: bytes) -> bytes:
    if not name.endswith((".xml", ".rels")):
        return data
    text = data.decode()
    for old, new in STRICT_NAMESPACES:
        text = text.replace(old, new)
    if name == "xl/workbook.xml":
        text = text.replace("<workbook ", '<workbook conformance="strict" ', 1)
    if name.startswith("xl/worksheets/"):  # Strict saves dates as ISO 8601 text of type d
        text = re.sub(
            r'<c r="([A-Z]+\d+)" s="1" t="n"><v>([\d.]+)</v></c>',
            lambda m: f'<c r="{m.group(1)}" s="1" t="d"><v>{_iso(float(m.group(2)))}</v></c>',
            text,
        )
    return text.encode()


def _iso(serial: float) -> str:
    return (dt.datetime(1899, 12, 30) + dt.timedelta(seconds=round(serial * 86400))).isoformat()


def make_strict(src, dst):
    with zipfile.ZipFile(src) as z:
        names = z.namelist()
    return rewrite(src, dst, {n: (lambda d, n=n: _strict_part(n, d)) for n in names})


def test_a_strict_open_xml_workbook_is_read_like_the_usual_one(good, tmp_path):
    strict = make_strict(good, tmp_path / "strict.xlsx")
    with zipfile.ZipFile(strict) as z:
        assert b"purl.oclc.org/ooxml/spreadsheetml/main" in z.read("xl/workbook.xml")
        assert b't="d"><v>2026-10-05T09:00:00</v>' in z.read("xl/worksheets/sheet5.xml")
    book, usual = read_workbook(strict), read_workbook(good)
    assert codes(book) == []
    for name, table in usual.tables.items():
        assert book[name].frame.equals(table.frame), name
    assert run_checks(book, today=TODAY) == run_checks(usual, today=TODAY)
