"""The blank template: sheets, headers, dropdowns, formats, tables, README, round trip and the CLI."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tec_desktop.checks.registry import run_checks
from tec_desktop.cli import main as cli
from tec_desktop.findings import ERROR, WARNING
from tec_desktop.workbook import schema
from tec_desktop.workbook.reader import read_workbook
from tec_desktop.workbook.template import write_template

from builder import base_rows

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "workbook_templates" / "template.xlsx"
REFERENCE_KINDS = {schema.SEAM: "'Seams'!$A$2:$A$", schema.PERSON: "'People'!$A$2:$A$"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "template.xlsx")


@pytest.fixture(scope="module")
def wb(template):
    return openpyxl.load_workbook(template)


def _validation_at(ws, ref: str):
    hits = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert len(hits) <= 1, f"{ws.title} {ref}: {len(hits)} validations"
    return hits[0] if hits else None


def _columns():
    for sheet in schema.SHEETS:
        for idx, col in enumerate(sheet.columns, 1):
            yield sheet, col, get_column_letter(idx)


def test_every_sheet_and_header_in_order(wb):
    assert wb.sheetnames == [schema.README_SHEET] + [s.name for s in schema.SHEETS]
    for sheet in schema.SHEETS:
        row = [c.value for c in wb[sheet.name][1]]
        assert row == [c.header for c in sheet.columns], sheet.name


def test_dropdown_on_every_enumerated_yes_no_seam_and_person_column(wb):
    checked = 0
    for sheet, col, letter in _columns():
        if sheet is schema.SETTINGS:
            continue
        ws = wb[sheet.name]
        dv = _validation_at(ws, f"{letter}2")
        if col.kind == schema.CHOICE:
            assert dv.type == "list" and dv.formula1 == '"' + ",".join(col.choices) + '"'
        elif col.kind == schema.YESNO:
            assert dv.type == "list" and dv.formula1 == '"Yes,No"'
        elif col.kind in REFERENCE_KINDS:
            assert dv.type == "list" and dv.formula1.startswith(REFERENCE_KINDS[col.kind]), dv.formula1
        else:
            assert dv.type in (None, "decimal") and dv.showInputMessage and col.help in dv.prompt
            continue
        checked += 1
        # The whole column below the header, so rows the user adds get the dropdown too.
        assert f"{letter}1048576" in dv.sqref and f"{letter}1" not in dv.sqref
        assert dv.allow_blank and dv.showErrorMessage and dv.error and dv.errorTitle
        assert col.header in dv.error or col.kind in REFERENCE_KINDS
        # Fixed words are enforced; Yes/No, seams and people only warn (Y/N and emails are accepted too).
        assert dv.errorStyle == ("stop" if col.kind == schema.CHOICE else "warning")
        assert dv.showInputMessage and col.help in dv.prompt
    assert checked >= 25


def test_validation_texts_fit_excels_limits(wb):
    """Excel refuses to open a file whose validation titles exceed 32 characters or messages 255."""
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.errorTitle or "") <= 32 and len(dv.promptTitle or "") <= 32, dv.errorTitle
            assert len(dv.error or "") <= 255 and len(dv.prompt or "") <= 255, dv.error


def test_positive_numbers_are_validated(wb):
    dv = _validation_at(wb["SLAs"], "D2")
    assert dv.type == "decimal" and dv.operator == "greaterThan" and dv.formula1 == "0"


def test_decision_sla_of_zero_days_is_allowed_as_the_checks_allow_it(wb):
    dv = _validation_at(wb["Decisions"], "G2")
    assert dv.type == "decimal" and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"


def test_date_formats_on_date_columns(wb):
    for sheet, col, letter in _columns():
        if col.kind != schema.DATE:
            continue
        ws = wb[sheet.name]
        timed = sheet.name == "Handoffs" and col.key in ("submitted", "started", "completed")
        expected = "yyyy-mm-dd hh:mm" if timed else "yyyy-mm-dd"
        assert ws[f"{letter}2"].number_format == expected, (sheet.name, col.header)
        assert ws.column_dimensions[letter].number_format == expected, (sheet.name, col.header)


def test_ids_are_text_so_excel_keeps_every_digit(wb):
    assert wb["Handoffs"]["A2"].number_format == "@"
    assert wb["Misses"].column_dimensions["I"].number_format == "@"


def test_frozen_headers_tables_widths_and_header_style(wb):
    names = set()
    for sheet in schema.SHEETS:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2"
        assert len(ws.tables) == 1
        table = next(iter(ws.tables.values()))
        assert " " not in table.displayName and table.displayName not in names
        names.add(table.displayName)
        last = get_column_letter(len(sheet.columns))
        assert table.ref.startswith("A1:" + last)
        assert table.tableStyleInfo.name.startswith("TableStyle")
        for idx, col in enumerate(sheet.columns, 1):
            cell = ws.cell(1, idx)
            assert isinstance(cell.value, str) and cell.font.b
            assert ws.column_dimensions[get_column_letter(idx)].width >= col.width
        required = [ws.cell(1, i + 1).fill.fgColor.rgb for i, c in enumerate(sheet.columns) if c.required]
        optional = [ws.cell(1, i + 1).fill.fgColor.rgb for i, c in enumerate(sheet.columns) if not c.required]
        assert len(set(required)) <= 1 and len(set(optional)) <= 1 and not set(required) & set(optional)


def test_settings_prefilled_with_defaults_and_paper_size_dropdown(wb):
    ws = wb["Settings"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    assert list(values) == [d.name for d in schema.SETTING_DEFS]
    for d in schema.SETTING_DEFS:
        assert values[d.name].value == d.default, d.name
    assert values["Organization"].value is None and values["Reporting month"].value is None
    assert values["Reporting month"].number_format == "@"  # '2026-10' stays text
    assert values["Adherence target"].number_format == "0%"
    dv = _validation_at(ws, values["Paper size"].coordinate)
    assert dv.type == "list" and dv.formula1 == '"A4,Letter"'


def test_readme_explains_every_sheet_column_and_setting(wb):
    ws = wb[schema.README_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert ws["A1"].value and ws["A1"].font.sz >= 14
    for sheet in schema.SHEETS:
        assert f"{sheet.name} sheet" in text
        assert sheet.help in text
        for col in sheet.columns:
            assert col.header in text and col.help in text
            if col.example:
                assert col.example in text
    for d in schema.SETTING_DEFS:
        assert d.name in text and d.help in text
    for words in ("Required", "Optional", "2026-10-05", "2026-10-05 14:30", "A4", "Letter", "Holidays"):
        assert words in text
    assert ws.column_dimensions["C"].width >= 40
    assert any(c.alignment.wrap_text for row in ws.iter_rows(min_row=5) for c in row if c.value)


def test_blank_template_reads_with_only_the_settings_to_fill(template):
    book = read_workbook(template)
    errors = [f for f in book.load_findings if f.severity == ERROR]
    assert errors and {f.sheet for f in errors} == {"Settings"}
    assert all(len(book[s.name]) == 0 for s in schema.SHEETS if s is not schema.SETTINGS)


def _fill(ws, sheet: schema.Sheet, records: list[dict]) -> None:
    """Type records under the headers, as a user would (values keyed by header)."""
    for r, record in enumerate(records, 2):
        for c, col in enumerate(sheet.columns, 1):
            if col.header in record:
                ws.cell(r, c, record[col.header])


def test_filled_template_round_trips_clean(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    rows = base_rows()
    settings = wb["Settings"]
    settings["B2"], settings["B3"] = "Acme Test Co", "2026-10"
    for name, records in rows.items():
        if name != "Settings":
            _fill(wb[name], schema.SHEETS_BY_NAME[name], records)
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    book = read_workbook(path)
    assert len(book["Handoffs"]) == 2 and book["Handoffs"].frame["submitted"][0] == dt.datetime(2026, 10, 5, 9)
    assert book.settings.organization == "Acme Test Co" and book.settings.reporting_month == "2026-10"
    assert book.settings.paper_size == "A4" and book.settings.adherence_target == pytest.approx(0.9)
    found = run_checks(book, today=dt.date(2026, 11, 27))
    assert [f for f in found if f.severity in (ERROR, WARNING)] == []


def test_same_bytes_every_time(template, tmp_path):
    assert write_template(tmp_path / "again.xlsx").read_bytes() == template.read_bytes()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_committed_template_is_what_the_generator_writes(template):
    """workbook_templates/template.xlsx never goes stale: regenerate with
    `tec template --force workbook_templates/template.xlsx`."""
    assert _parts(COMMITTED) == _parts(template)


def test_cli_writes_refuses_to_overwrite_and_forces(tmp_path, capsys):
    out = tmp_path / "seams.xlsx"
    assert cli.main(["template", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    first = out.read_bytes()
    out.write_bytes(b"someone's work")
    assert cli.main(["template", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert out.read_bytes() == b"someone's work"
    assert cli.main(["template", str(out), "--force"]) == 0
    assert out.read_bytes() == first


@pytest.mark.parametrize("name, words", [("seams.xls", "must end in .xlsx"), ("missing/seams.xlsx", "does not exist")])
def test_cli_says_why_it_cannot_write(tmp_path, capsys, name, words):
    assert cli.main(["template", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_sample(tmp_path, capsys):
    out = tmp_path / "sample.xlsx"
    assert cli.main(["template", str(out), "--sample"]) == 0
    assert read_workbook(out).settings.organization == "Northwind Logistics"
