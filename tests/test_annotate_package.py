"""The annotated copy keeps what the user has (issue 16, items 14 and 21): saved formula results, CR
characters, images and every part it does not change, byte for byte; sheets that already have comments,
an earlier annotated copy, prefixed XML; and a sheet of many rows in seconds (bench/bench_annotate.py)."""

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
from big_sheet import with_long_sheet
from defusedxml import ElementTree
from sheet_xml import with_cells
from test_reader_real_files import make_strict

from tec_desktop.checks.registry import run_checks
from tec_desktop.errors import TecError
from tec_desktop.findings import finding
from tec_desktop.workbook.annotate import write_annotated
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook
from zipedit import rewrite, sheet_part

TODAY = dt.date(2026, 11, 27)
RED, AMBER = "00FFC7CE", "00FFEB9C"


def calamine_rows(path, sheet):
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


def members(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in z.infolist()}


def well_formed(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))


@pytest.fixture
def good(tmp_path):
    return write_workbook(tmp_path / "good.xlsx")


def test_saved_formula_results_and_cr_characters_are_kept(good, tmp_path):
    """openpyxl's load and save dropped every saved result (a re-check then found formula errors) and
    turned CR into LF."""
    cells = [
        b'<c r="K1" t="inlineStr"><is><t>Check</t></is></c>',
        b'<c r="K2"><f>ROW()*2</f><v>4</v></c>',
        b'<c r="K3" t="str"><f>A3&amp;"!"</f><v>H-2!</v></c>',
        b'<c r="C3" t="inlineStr"><is><t>Sign_x000D_off</t></is></c>',  # Excel's CR
        b'<c r="D2" s="1"><f>DATE(2026,10,5)+0.375</f><v>46300.375</v></c>',  # a required date from a formula
    ]
    seams = {sheet_part(good, "Seams"): lambda d: d.replace(b"<t>Custom deal intake</t>", b"<t>Custom&#13;deal</t>")}
    path = with_cells(good, tmp_path / "f.xlsx", "Handoffs", *cells, edits=seams)
    before = run_checks(read_workbook(path), today=TODAY)
    findings = [*before, finding("email-invalid", "Handoffs", "K2", 2, email="x")]
    out = write_annotated(path, findings, tmp_path / "copy.xlsx")
    assert calamine_rows(out, "Handoffs") == calamine_rows(path, "Handoffs")
    assert calamine_rows(out, "Handoffs")[2][2] == "Sign\roff"
    assert calamine_rows(out, "Seams")[1][1] == "Custom\rdeal"
    again = run_checks(read_workbook(out), today=TODAY)
    assert [(f.code, f.sheet, f.cell) for f in again] == [(f.code, f.sheet, f.cell) for f in before]
    with zipfile.ZipFile(out) as z:
        assert b"<f>ROW()*2</f><v>4</v>" in z.read("xl/worksheets/sheet5.xml")


def test_parts_the_copy_does_not_change_are_copied_byte_for_byte(good, tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    selected = {"xl/worksheets/sheet1.xml": lambda d: d.replace(b"<sheetView ", b'<sheetView tabSelected="1" ')}
    path = rewrite(good, tmp_path / "img.xlsx", selected, extra=[("xl/media/image1.png", png)])
    out = write_annotated(path, [finding("email-invalid", "People", "B3", 3, email="x")], tmp_path / "copy.xlsx")
    source, copy = members(path), members(out)
    changed = {n for n in source if source[n] != copy.get(n)}
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "[Content_Types].xml",
                       "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}  # fmt: skip
    # sheet1 (Settings) was selected: it no longer is, so Excel does not open two sheets grouped.
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/media/image1.png") == png
        assert b"tabSelected" not in z.read("xl/worksheets/sheet1.xml")
    well_formed(out)


def test_a_finding_on_a_cell_the_sheet_does_not_have_adds_it(good, tmp_path):
    findings = [
        finding("column-missing", "Handoffs", "K1", 1, column="Escalated"),  # past the last cell of row 1
        finding("value-required", "Handoffs", "E9", 9, column="Started"),  # a row that does not exist
        finding("value-required", "Handoffs", "A4", 4, column="Item ID"),
    ]
    out = write_annotated(good, findings, tmp_path / "copy.xlsx")
    ws = openpyxl.load_workbook(out)["Handoffs"]
    assert [ws[ref].fill.fgColor.rgb for ref in ("K1", "E9", "A4")] == [RED, RED, RED]
    assert ws["E9"].comment.text.startswith("Error: Handoffs E9: Started is empty")
    assert ws["J1"].value == "Escalated" and ws["D2"].number_format == "yyyy-mm-dd h:mm:ss"
    well_formed(out)


def test_a_problem_cell_keeps_its_number_format(good, tmp_path):
    out = write_annotated(good, [finding("date-in-future", "Handoffs", "D2", 2, column="Submitted", date="x",
                                         today="y")], tmp_path / "copy.xlsx")  # fmt: skip
    cell = openpyxl.load_workbook(out)["Handoffs"]["D2"]
    assert cell.fill.fgColor.rgb == AMBER and cell.is_date and cell.value == dt.datetime(2026, 10, 5, 9)


def _with_user_comments(good, tmp_path):
    """Comments the user made in the workbook (openpyxl writes the same parts as Excel: comments, VML)."""
    wb = openpyxl.load_workbook(good)
    from openpyxl.comments import Comment

    wb["People"]["A2"].comment = Comment("Zoë leads Sales", "Ops")
    wb["People"]["B3"].comment = Comment("Check this address", "Ops")
    path = tmp_path / "commented.xlsx"
    wb.save(path)
    return path


def test_a_sheet_with_comments_keeps_them_and_gets_ours(good, tmp_path):
    path = _with_user_comments(good, tmp_path)
    findings = [finding("email-invalid", "People", "B3", 3, email="x"), finding("email-invalid", "People", "C4", 4,
                                                                                email="y")]  # fmt: skip
    out = write_annotated(path, findings, tmp_path / "copy.xlsx")
    ws = openpyxl.load_workbook(out)["People"]
    assert ws["A2"].comment.text == "Zoë leads Sales" and ws["A2"].comment.author == "Ops"
    assert ws["B3"].comment.text == f"Check this address\n\n— TEC Desktop —\nWarning: {findings[0].message}"
    assert ws["C4"].comment.text == f"Warning: {findings[1].message}"
    with zipfile.ZipFile(out) as z:
        vml = next(z.read(n) for n in z.namelist() if n.endswith(".vml"))
        assert len(re.findall(rb"<ns1:shape ", vml)) == 3  # the user's two and our one
        assert len(set(re.findall(rb'id="_x0000_s(\d+)"', vml))) == 3
        ElementTree.fromstring(vml)
    # Annotating the copy again keeps the user's words once and replaces ours.
    again = write_annotated(out, findings[:1], tmp_path / "again.xlsx")
    ws = openpyxl.load_workbook(again)["People"]
    assert ws["B3"].comment.text == f"Check this address\n\n— TEC Desktop —\nWarning: {findings[0].message}"
    assert ws["C4"].comment is None  # our comment of the first copy, on a cell without a finding now
    assert openpyxl.load_workbook(again).sheetnames.count("Issues") == 1
    well_formed(again)


PREFIXED = re.compile(rb"<(/?)(?!\?)([A-Za-z]+)([\s/>])")


def _prefixed(data: bytes) -> bytes:
    """SpreadsheetML with an x: prefix on every element, as some .NET writers save it."""
    data = PREFIXED.sub(lambda m: b"<" + m.group(1) + b"x:" + m.group(2) + m.group(3), data)
    return data.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')  # fmt: skip


def test_prefixed_spreadsheetml_is_annotated(good, tmp_path):
    with zipfile.ZipFile(good) as z:
        parts = [n for n in z.namelist() if n.startswith("xl/worksheets/") or n in ("xl/workbook.xml", "xl/styles.xml")]
    path = rewrite(good, tmp_path / "x.xlsx", {n: _prefixed for n in parts})
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/workbook.xml").startswith(b"<x:workbook")
    findings = [finding("email-invalid", "People", "B3", 3, email="x"), finding("value-required", "People", "B9", 9,
                                                                                column="Email")]  # fmt: skip
    out = write_annotated(path, findings, tmp_path / "copy.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Issues", "Settings"]
    assert wb["People"]["B3"].fill.fgColor.rgb == AMBER and wb["People"]["B9"].fill.fgColor.rgb == RED
    assert wb["People"]["B3"].comment is not None
    assert calamine_rows(out, "People")[1:3] == calamine_rows(path, "People")[1:3]
    well_formed(out)


def test_a_strict_workbook_is_refused_in_one_line(good, tmp_path):
    strict = make_strict(good, tmp_path / "strict.xlsx")
    with pytest.raises(TecError, match=r"strict\.xlsx is saved as Strict Open XML.*save it as Excel Workbook"):
        write_annotated(strict, [], tmp_path / "copy.xlsx")
    assert not (tmp_path / "copy.xlsx").exists()


def test_a_macro_enabled_workbooks_copy_is_an_ordinary_workbook(good, tmp_path):
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    edits = {
        "[Content_Types].xml": lambda d: re.sub(rb"application/vnd.openxmlformats-officedocument.spreadsheetml."
                                                rb"sheet.main\+xml", macro.encode(), d),
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type='
            b'"http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
            b"</Relationships>"),
    }  # fmt: skip
    path = rewrite(good, tmp_path / "m.xlsm", edits, extra=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macros")])
    out = write_annotated(path, [], tmp_path / "copy.xlsx")
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" not in z.namelist()
        assert macro.encode() not in z.read("[Content_Types].xml")
        assert b"vbaProject" not in z.read("xl/_rels/workbook.xml.rels")
    assert openpyxl.load_workbook(out).sheetnames[0] == "Issues"


def test_a_long_sheet_is_marked_far_down(tmp_path):
    small = write_workbook(tmp_path / "small.xlsx")
    header = b"".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'.encode() for c, h in zip("AB", "xy"))
    path = with_long_sheet(small, tmp_path / "long.xlsx", "Handoffs", 60_000, 2, header=header)
    findings = [finding("email-invalid", "Handoffs", f"B{r}", r, email="x") for r in (2, 30_000, 60_001)]
    findings.append(finding("email-invalid", "Handoffs", "C60005", 60_005, email="x"))
    out = write_annotated(path, findings, tmp_path / "copy.xlsx")
    ws = openpyxl.load_workbook(out, read_only=False)["Handoffs"]
    assert [ws[f"B{r}"].fill.fgColor.rgb for r in (2, 30_000, 60_001)] == [AMBER] * 3
    assert ws["C60005"].fill.fgColor.rgb == AMBER and ws["B3"].fill.fill_type is None
    assert ws.max_row == 60_005 and ws["B30000"].value == 1
