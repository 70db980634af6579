"""The annotated copy: problem cells coloured and commented, an Issues sheet with links, nothing the user
typed lost or changed, and the original file untouched."""

import datetime as dt
import hashlib

import openpyxl
import pytest
from openpyxl.comments import Comment

from tec_desktop.checks.registry import run_checks
from tec_desktop.errors import TecError
from tec_desktop.findings import finding
from tec_desktop.workbook.annotate import write_annotated
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook

TODAY = dt.date(2026, 11, 27)
RED, AMBER = "00FFC7CE", "00FFEB9C"


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def messy_workbook(tmp_path):
    """A workbook with an error, a warning, two findings on one cell, a user comment, text that looks like a
    formula, an extra column (info), a hidden sheet and merged cells on a sheet we do not read."""
    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = dt.datetime(2026, 10, 3)  # error at Handoffs E2
    rows["People"][1]["Email"] = "lukasz(at)example"  # warning at People B3
    rows["People"][2]["Active"] = "No"  # 王芳: Seams E3, and Actions D2 twice (inactive and outside the seam)
    rows["Actions"].append(
        {
            "Action ID": "A-1",
            "Seam ID": "S-01",
            "Action": "Book review",
            "Owner": "王芳",
            "Opened": dt.datetime(2026, 10, 15),
            "Due": dt.datetime(2026, 11, 15),
            "Status": "Open",
        }
    )
    path = write_workbook(tmp_path / "team.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    actions = wb["Actions"]
    actions["D2"].comment = Comment("Ask Wang about this", "Operations")
    for ref, text in (("I2", "=1+2"), ("C2", "-5 days of buffer, +2 reviewers")):
        actions[ref].value = text
        actions[ref].data_type = "s"
    wb["Misses"]["L1"] = "Notes"  # an extra column: an info note, left unmarked
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Merged heading"
    notes.merge_cells("A1:C1")
    notes["A3"] = "@mention"
    notes["A3"].data_type = "s"
    wb["Holidays"].sheet_state = "hidden"  # a whole-sheet warning
    wb.save(path)
    return path


@pytest.fixture
def annotated(tmp_path):
    path = messy_workbook(tmp_path)
    before = sha(path)
    findings = run_checks(read_workbook(path), today=TODAY)
    out = write_annotated(path, findings, tmp_path / "team-issues.xlsx")
    assert sha(path) == before
    return path, findings, openpyxl.load_workbook(out)


def test_findings_of_the_messy_workbook(annotated):
    _, findings, _ = annotated
    assert [(f.severity, f.sheet, f.cell, f.code) for f in findings] == [
        ("error", "Handoffs", "E2", "date-order"),
        ("warning", "People", "B3", "email-invalid"),
        ("warning", "Seams", "E3", "person-inactive"),
        ("warning", "Actions", "D2", "action-owner-outside"),
        ("warning", "Actions", "D2", "person-inactive"),
        ("warning", "Holidays", "", "sheet-hidden"),
        ("info", "Misses", "L1", "column-extra"),
    ]


def test_cells_are_coloured_by_severity_and_commented(annotated):
    _, findings, wb = annotated
    handoffs, people = wb["Handoffs"], wb["People"]
    assert handoffs["E2"].fill.fgColor.rgb == RED
    assert handoffs["E2"].comment.text == f"Error: {findings[0].message}"
    assert handoffs["E2"].comment.author == "TEC Desktop"
    assert people["B3"].fill.fgColor.rgb == AMBER
    assert "is not a valid email address" in people["B3"].comment.text
    assert wb["Misses"]["L1"].comment is None  # info notes are listed, not marked
    assert wb["Misses"]["L1"].fill.fill_type is None
    assert wb["Handoffs"]["D2"].comment is None and wb["Handoffs"]["D2"].fill.fill_type is None
    assert wb["Handoffs"].sheet_properties.tabColor.rgb == "00C00000"


def test_several_findings_on_one_cell_share_one_comment_below_the_users_own(annotated):
    _, _, wb = annotated
    text = wb["Actions"]["D2"].comment.text
    assert text.startswith("Ask Wang about this\n\n— TEC Desktop —\n")
    assert "Warning: Actions D2: Owner 王芳 (Security) is neither" in text
    assert "Warning: Actions D2: Owner 王芳 is marked inactive" in text
    assert wb["Actions"]["D2"].fill.fgColor.rgb == AMBER


def test_issues_sheet_comes_first_with_links_to_every_cell(annotated):
    path, findings, wb = annotated
    assert wb.sheetnames[0] == "Issues" and wb.active.title == "Issues"
    ws = wb["Issues"]
    assert ws["A1"].value.startswith(f"Annotated copy of {path.name}, made by TEC Desktop on ")
    assert ws["A3"].value.startswith("This copy keeps everything of the original (formulas and their saved results")
    assert "1 error, 5 warnings, 1 note." in ws["A3"].value
    assert [c.value for c in ws[5]] == ["Severity", "Sheet", "Cell", "Issue", "Code"]
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == f"A5:E{5 + len(findings)}"
    listed = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=6)]
    assert listed == [(f.severity, f.sheet, f.cell or "A1", f.message, f.code) for f in findings]
    links = [ws.cell(6 + i, 3).hyperlink.location for i in range(len(findings))]
    assert links == [
        "'Handoffs'!E2",
        "'People'!B3",
        "'Seams'!E3",
        "'Actions'!D2",
        "'Actions'!D2",
        "'Holidays'!A1",
        "'Misses'!L1",
    ]
    assert ws["A6"].fill.fgColor.rgb == RED and ws["A7"].fill.fgColor.rgb == AMBER
    assert ws.column_dimensions["D"].width == 90


def test_every_value_the_user_typed_is_kept_with_its_type(annotated):
    path, _, copy = annotated
    original = openpyxl.load_workbook(path)
    assert copy.sheetnames[1:] == original.sheetnames
    for ws in original.worksheets:
        mine = copy[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                other = mine[cell.coordinate]
                assert (other.value, other.data_type) == (cell.value, cell.data_type), (ws.title, cell.coordinate)
    assert copy["Actions"]["I2"].value == "=1+2" and copy["Actions"]["I2"].data_type == "s"
    assert copy["Notes"]["A3"].value == "@mention"
    assert "A1:C1" in {str(r) for r in copy["Notes"].merged_cells.ranges}
    assert copy["Holidays"].sheet_state == "hidden"


def test_what_we_write_is_never_a_formula(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    evil = [  # messages, sheets and cells that begin as formulas do
        finding("workbook-open", "People", "A2", 2, workbook='=HYPERLINK("http://evil","click")', lock="x"),
        finding("workbook-open", "=cmd", "", 0, workbook="+1-2", lock="y"),
        finding("workbook-open", "@SUM", "", 0, workbook="-3", lock="z"),
    ]
    assert [e.message[:2] for e in evil] == ["=H", "+1", "-3"]
    out = write_annotated(path, evil, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)["Issues"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    assert [ws.cell(r, 4).value for r in (6, 7, 8)] == [e.message for e in evil]
    assert ws["C7"].hyperlink is None  # a sheet that is not in the workbook has nothing to link to


def test_clean_workbook_says_no_problems(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    out = write_annotated(path, run_checks(read_workbook(path), today=TODAY), tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)["Issues"]
    assert ws["D6"].value == "No problems found."
    assert "0 errors, 0 warnings." in ws["A3"].value


def test_missing_sheet_is_listed_without_a_link(tmp_path):
    rows = rows_copy()
    del rows["Misses"]
    path = write_workbook(tmp_path / "b.xlsx", rows)
    findings = run_checks(read_workbook(path), today=TODAY)
    ws = openpyxl.load_workbook(write_annotated(path, findings, tmp_path / "out.xlsx"))["Issues"]
    assert ws["B6"].value == "Misses" and ws["C6"].hyperlink is None
    assert "The sheet 'Misses' is missing" in ws["D6"].value


def test_sheet_names_with_quotes_and_other_case_are_linked(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    wb = openpyxl.load_workbook(path)
    wb["People"].title = "tmp"
    wb["tmp"].title = " people"
    wb.create_sheet("O'Brien's")
    wb.save(path)
    findings = [
        finding("value-required", "People", "B2", 2, column="Email"),
        finding("email-invalid", "O'Brien's", "C4", 4, email="q"),
    ]
    copy = openpyxl.load_workbook(write_annotated(path, findings, tmp_path / "out.xlsx"))
    ws = copy["Issues"]
    assert ws["C6"].hyperlink.location == "' people'!B2"
    assert ws["C7"].hyperlink.location == "'O''Brien''s'!C4"
    assert copy[" people"]["B2"].fill.fgColor.rgb == RED
    assert copy["O'Brien's"]["C4"].comment.text == f"Warning: {findings[1].message}"


def test_annotating_an_annotated_copy_replaces_its_issues_sheet(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Issues")["A1"] = "my own list of issues"
    wb.save(path)
    first = write_annotated(path, [finding("value-required", "People", "B2", 2, column="Email")], tmp_path / "one.xlsx")
    second = write_annotated(
        first, [finding("email-invalid", "People", "B2", 2, email="second")], tmp_path / "two.xlsx"
    )
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count("Issues 2") == 1 and "Issues 3" not in wb.sheetnames
    assert wb["Issues"]["A1"].value == "my own list of issues"
    assert wb["People"]["B2"].comment.text == (  # our old comment replaced
        "Warning: People B2: 'second' is not a valid email address, so nothing can be sent to it."
    )
    assert wb["People"]["B2"].fill.fgColor.rgb == AMBER


def test_merged_cell_findings_go_on_the_merge_top_left(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    wb = openpyxl.load_workbook(path)
    wb["Seams"].merge_cells("G2:H2")
    wb.save(path)
    findings = [finding("email-invalid", "Seams", "H2", 2, email="inside a merge")]
    copy = openpyxl.load_workbook(write_annotated(path, findings, tmp_path / "out.xlsx"))
    assert copy["Seams"]["G2"].comment.text == f"Warning: {findings[0].message}"
    assert copy["Issues"]["C6"].hyperlink.location == "'Seams'!H2"


def test_refuses_to_write_over_the_original(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    before = sha(path)
    (tmp_path / "sub").mkdir()
    for target in (path, tmp_path / "sub" / ".." / "b.xlsx"):
        with pytest.raises(TecError, match="is the workbook itself"):
            write_annotated(path, [], target)
    link = tmp_path / "link.xlsx"
    link.symlink_to(path)
    with pytest.raises(TecError, match="is the workbook itself"):
        write_annotated(path, [], link)
    assert sha(path) == before


def test_refuses_other_file_types_and_missing_folders(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", rows_copy())
    with pytest.raises(TecError, match="must be an .xlsx file"):
        write_annotated(path, [], tmp_path / "out.csv")
    with pytest.raises(TecError, match="does not exist"):
        write_annotated(path, [], tmp_path / "nowhere" / "out.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx"]  # no temporary file left behind


def test_unreadable_original_is_a_clear_error(tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(TecError, match="could not be opened"):
        write_annotated(path, [], tmp_path / "out.xlsx")


def test_issues_rows_are_tall_enough_for_their_wrapped_message(tmp_path):
    import openpyxl

    from tec_desktop.checks.registry import run_checks
    from tec_desktop.workbook.annotate import write_annotated
    from tec_desktop.workbook.reader import read_workbook

    from builder import rows_copy, write_workbook

    rows = rows_copy()
    rows["Seams"][0]["Seam name"] = None
    rows["Actions"].append(
        {
            "Action ID": "A-1",
            "Seam ID": "S-01",
            "Action": "x",
            "Owner": "Someone with a very long name that nobody on the People sheet has, to make the message wrap",
            "Opened": "2026-10-01",
            "Due": "2026-10-20",
            "Status": "Open",
        }
    )
    path = write_workbook(tmp_path / "b.xlsx", rows)
    findings = run_checks(read_workbook(path), today=__import__("datetime").date(2026, 11, 27))
    out = write_annotated(path, findings, tmp_path / "annotated.xlsx")
    ws = openpyxl.load_workbook(out)["Issues"]
    heights = {
        ws.cell(r, 4).value: ws.row_dimensions[r].height
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 5).value in ("person-unknown", "value-required")
    }
    assert len(heights) == 2
    for message, height in heights.items():
        assert height >= 15 * (1 + len(message) // 110), message
    assert max(heights.values()) > min(heights.values())
