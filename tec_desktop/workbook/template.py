"""Write the workbook template (spec §2): every sheet and column of tec_desktop.workbook.schema, ready for Excel.

The same writer makes the blank template and the filled sample, so the two never drift apart.
Everything the user sees — headers, dropdowns, formats, widths, the README — is driven by the schema.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from tec_desktop.files.atomic import atomic_path
from tec_desktop.workbook import schema

# A fixed moment for docProps and zip entries, so the same input gives the same bytes.
FIXED_TIME = dt.datetime(2026, 1, 1)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_CORE_PART = "docProps/core.xml"

TABLE_STYLE = "TableStyleMedium2"
LIST_ROWS = 5000  # how far down Seams and People the dropdown lists look
LAST_ROW = 1_048_576  # validations and formats cover the whole column, so new rows get them too
HEADER_HEIGHT = 32  # two lines: long headers wrap rather than widen the column
FILTER_BUTTON = 2  # extra width so the table's filter button does not hide the header text

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"  # IDs stay text: Excel keeps only 15 digits of a number
SHARE_FORMAT = "0%"
# Handoffs are measured to the hour; everything else is a calendar date.
DATETIME_COLUMNS = {("Handoffs", "submitted"), ("Handoffs", "started"), ("Handoffs", "completed")}

_DARK = "1F4E78"
_LIGHT = "DDEBF7"
_GREY = "595959"
REQUIRED_FILL = PatternFill("solid", fgColor=_DARK)
OPTIONAL_FILL = PatternFill("solid", fgColor=_LIGHT)
REQUIRED_FONT = Font(bold=True, color="FFFFFF")
OPTIONAL_FONT = Font(bold=True, color=_DARK)
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

TAB_COLOURS = {
    "README": "7F7F7F",
    "Settings": "1F4E78",
    "People": "1F4E78",
    "Seams": "1F4E78",
    "SLAs": "1F4E78",
    "Holidays": "A5A5A5",
}
LOG_TAB_COLOUR = "2E75B6"  # the sheets kept up to date during the month


def number_format(sheet: schema.Sheet, col: schema.Column) -> str | None:
    """The Excel number format of a column, or None for General."""
    if col.kind == schema.DATE:
        return DATETIME_FORMAT if (sheet.name, col.key) in DATETIME_COLUMNS else DATE_FORMAT
    if col.kind in (schema.ID, schema.SEAM):
        return TEXT_FORMAT
    return None


WRAP_WIDTH = 24  # free-text columns at least this wide wrap, so long entries stay readable


def alignment(col: schema.Column) -> Alignment:
    """How a column's data cells are aligned: short codes centred, long text wrapped, all at the top."""
    if col.kind in (schema.SEAM, schema.YESNO) or (col.kind == schema.CHOICE and col.width <= 14):
        return Alignment(horizontal="center", vertical="top")
    if col.kind == schema.TEXT and col.width >= WRAP_WIDTH:
        return Alignment(wrap_text=True, vertical="top")
    return Alignment(vertical="top")


def table_name(sheet: schema.Sheet) -> str:
    """The Excel table's name on a sheet: no spaces, unique in the workbook."""
    return f"{sheet.name}Table"


# ---------------------------------------------------------------- what each column accepts


def _letter_of(sheet: schema.Sheet, key: str) -> str:
    return get_column_letter([c.key for c in sheet.columns].index(key) + 1)


def _list_range(sheet: schema.Sheet, key: str) -> str:
    letter = _letter_of(sheet, key)
    return f"{quote_sheetname(sheet.name)}!${letter}$2:${letter}${LIST_ROWS}"


def allowed_values(sheet: schema.Sheet, col: schema.Column) -> str:
    """What a column accepts, in plain words, for the README."""
    if col.kind == schema.CHOICE:
        return ", ".join(col.choices)
    if col.kind == schema.YESNO:
        return "Yes or No (Y, N, True, False, 1, 0 also work)"
    if col.kind == schema.SEAM:
        return "A Seam ID from the Seams sheet (pick from the list)"
    if col.kind == schema.PERSON:
        return "A Name from the People sheet (pick from the list), or their Email"
    if col.kind == schema.DATE:
        if (sheet.name, col.key) in DATETIME_COLUMNS:
            return "A date, with the time if you know it: 2026-10-05 14:30"
        return "A date: 2026-10-05"
    if col.kind == schema.EMAIL:
        return "An email address"
    if col.kind == schema.NUMBER:
        if col.key in _POSITIVE:
            return "A number greater than 0"
        return "A number, 0 or more (0 = the same day)" if col.key in _NON_NEGATIVE else "A number"
    if col.kind == schema.ID:
        return "Text, unique on this sheet" if sheet.id_key == col.key else "Text"
    return "Text"


_POSITIVE = {"target_days"}  # an SLA target of 0 or less is an error (spec §3)
_NON_NEGATIVE = {"sla_days"}  # a decision SLA of 0 means "decide the same day", as the checks and metrics read it


def _validation(sheet: schema.Sheet, col: schema.Column) -> DataValidation:
    """A column's dropdown or number rule, with a message that says how to fix a wrong entry, and a prompt
    that explains the column when one of its cells is selected."""
    if col.kind == schema.CHOICE:
        listed = ", ".join(col.choices[:-1]) + " or " + col.choices[-1]
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(col.choices) + '"',
            allow_blank=True,
            errorStyle="stop",
            errorTitle="Not one of the choices",
            error=f"{col.header} must be {listed}. Pick one from the list.",
        )
    elif col.kind == schema.YESNO:
        # A warning, not a stop: Y, N, True, False, 1 and 0 are read as Yes and No too.
        dv = DataValidation(
            type="list",
            formula1='"Yes,No"',
            allow_blank=True,
            errorStyle="warning",
            errorTitle="Yes or No",
            error=f"{col.header} takes Yes or No (Y, N, True, False, 1 and 0 are understood too). "
            "Keep this value anyway?",
        )
    elif col.kind == schema.SEAM:
        dv = DataValidation(
            type="list",
            formula1=_list_range(schema.SEAMS, "seam_id"),
            allow_blank=True,
            errorStyle="warning",
            errorTitle="Not a Seam ID from Seams",
            error="Pick a Seam ID from the list. Seam IDs come from column A of the Seams "
            "sheet: add the seam there first. Keep this value anyway?",
        )
    elif col.kind == schema.PERSON:
        dv = DataValidation(
            type="list",
            formula1=_list_range(schema.PEOPLE, "name"),
            allow_blank=True,
            errorStyle="warning",
            errorTitle="Not a name from People",
            error="Pick a name from the list. Names come from column A of the People sheet "
            "(their Email works too): add the person there first. Keep this value anyway?",
        )
    elif col.key in _POSITIVE:
        dv = DataValidation(
            type="decimal",
            operator="greaterThan",
            formula1="0",
            allow_blank=True,
            errorStyle="stop",
            errorTitle="A number above 0",
            error=f"{col.header} is a number of business days greater than 0, for example {col.example}.",
        )
    elif col.key in _NON_NEGATIVE:
        dv = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            errorStyle="stop",
            errorTitle="A number, 0 or more",
            error=f"{col.header} is a number of business days, 0 or more (0 = the same day), "
            f"for example {col.example}.",
        )
    else:
        dv = DataValidation(allow_blank=True)  # no rule: only the prompt
    dv.showErrorMessage = dv.type is not None
    dv.showInputMessage = True
    dv.promptTitle = col.header[:32]
    dv.prompt = (col.help + (f" Example: {col.example}" if col.example else ""))[:255]
    return dv


# ---------------------------------------------------------------- the data sheets


def _header(ws: Worksheet, sheet: schema.Sheet) -> None:
    for idx, col in enumerate(sheet.columns, 1):
        cell = ws.cell(1, idx, col.header)
        cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
        cell.font = REQUIRED_FONT if col.required else OPTIONAL_FONT
        cell.alignment = HEADER_ALIGN
        dim = ws.column_dimensions[get_column_letter(idx)]
        dim.width = col.width + FILTER_BUTTON
        dim.alignment = alignment(col)  # new rows typed below the table get the same look
        fmt = number_format(sheet, col)
        if fmt:
            dim.number_format = fmt
    ws.row_dimensions[1].height = HEADER_HEIGHT
    ws.freeze_panes = "A2"


def _body(ws: Worksheet, sheet: schema.Sheet, rows: list[dict]) -> int:
    """Write the rows (keyed by column key); return the last row of the table."""
    formats = [number_format(sheet, col) for col in sheet.columns]
    aligns = [alignment(col) for col in sheet.columns]
    # A blank template still gets one formatted row, so the table has a body to grow from.
    wrapped = [(col.key, col.width + FILTER_BUTTON) for col, a in zip(sheet.columns, aligns) if a.wrap_text]
    for r, row in enumerate(rows or [{}], 2):
        for idx, (col, fmt, align) in enumerate(zip(sheet.columns, formats, aligns), 1):
            cell = ws.cell(r, idx, row.get(col.key))
            cell.alignment = align
            if fmt:
                cell.number_format = fmt
        texts = [(row[key], width) for key, width in wrapped if isinstance(row.get(key), str)]
        if any(_lines(text, width) > 1 for text, width in texts):
            _fit_height(ws, r, texts)  # LibreOffice does not grow rows to fit wrapped text on opening
    return max(2, len(rows) + 1)


def _table(ws: Worksheet, sheet: schema.Sheet, last_row: int) -> None:
    ref = f"A1:{get_column_letter(len(sheet.columns))}{last_row}"
    style = TableStyleInfo(
        name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False, showFirstColumn=False, showLastColumn=False
    )
    ws.add_table(Table(displayName=table_name(sheet), ref=ref, tableStyleInfo=style))


def _validations(ws: Worksheet, sheet: schema.Sheet) -> None:
    for idx, col in enumerate(sheet.columns, 1):
        dv = _validation(sheet, col)
        letter = get_column_letter(idx)
        dv.add(f"{letter}2:{letter}{LAST_ROW}")
        ws.add_data_validation(dv)


def _print_setup(ws: Worksheet, title_rows: str | None = "1:1") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _data_sheet(wb: openpyxl.Workbook, sheet: schema.Sheet, rows: list[dict]) -> Worksheet:
    ws = wb.create_sheet(sheet.name)
    ws.sheet_properties.tabColor = TAB_COLOURS.get(sheet.name, LOG_TAB_COLOUR)
    _header(ws, sheet)
    _table(ws, sheet, _body(ws, sheet, rows))
    _validations(ws, sheet)
    _print_setup(ws)
    return ws


# ---------------------------------------------------------------- Settings


def default_settings() -> dict[str, object]:
    """Every setting with its default; Organization and Reporting month left for the user."""
    return {d.key: d.default for d in schema.SETTING_DEFS}


def _settings_sheet(wb: openpyxl.Workbook, values: dict[str, object]) -> Worksheet:
    sheet = schema.SETTINGS
    ws = wb.create_sheet(sheet.name)
    ws.sheet_properties.tabColor = TAB_COLOURS[sheet.name]
    _header(ws, sheet)
    for r, d in enumerate(schema.SETTING_DEFS, 2):
        ws.cell(r, 1, d.name).font = Font(bold=True)
        cell = ws.cell(r, 2, values.get(d.key))
        cell.alignment = Alignment(horizontal="left")
        if d.kind == schema.NUMBER:
            cell.number_format = SHARE_FORMAT
        else:
            cell.number_format = TEXT_FORMAT  # '2026-10' must stay text, not become 1 Oct
        ws.add_data_validation(_setting_validation(d, cell.coordinate))
    _table(ws, sheet, len(schema.SETTING_DEFS) + 1)
    _print_setup(ws)
    return ws


def _setting_validation(d: schema.SettingDef, ref: str) -> DataValidation:
    """A prompt that explains the setting when its cell is selected; a list for Paper size."""
    if d.key == "paper_size":
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(schema.PAPER_SIZES) + '"',
            allow_blank=True,
            errorStyle="stop",
            errorTitle="Paper size: A4 or Letter",
            error="Paper size must be A4 or Letter. Pick one from the list.",
            showErrorMessage=True,
        )
    else:
        dv = DataValidation(allow_blank=True)  # no rule: only the prompt
    dv.showInputMessage = True
    dv.promptTitle = d.name[:32]
    dv.prompt = f"{d.help} Example: {d.example}."[:255]
    dv.add(ref)
    return dv


# ---------------------------------------------------------------- README

_README_WIDTHS = (24, 11, 62, 30, 38)
_README_SPAN = len(_README_WIDTHS)
_README_CHARS = sum(_README_WIDTHS)
_LINE_HEIGHT = 15

INTRO = (
    "This workbook is where you keep your seams: the points where work crosses from one team to another "
    "(Sales to Product for custom deals, App teams to Security for sign-offs, Finance to Operations for budget "
    "changes). Each seam has a short contract: one accountable owner, a definition of ready, who decides, SLAs "
    "and an escalation path. TEC Desktop reads this workbook, checks it, and makes the monthly seam scorecards.",
    "Each sheet is a table. Row 1 holds the headers and every row below it is one record. Keep the sheet names and "
    "the header texts as they are. You may sort, filter, add rows, and add columns or sheets of your own: extra "
    "columns and sheets are ignored.",
    "Dark blue headers are required: every row needs a value there. Light blue headers are optional: leave them "
    "blank when you do not know.",
    "Cells with a small arrow offer a list: Seam IDs come from the Seams sheet, names from the People sheet, and "
    "fixed words (Status, Type, Yes/No and so on) from the template. Select a cell to see what it is for.",
    "Every sheet except README and Holidays must stay in the workbook, even when it is empty: a deleted Misses "
    "sheet would otherwise look like a month without misses.",
)

MONTHLY = (
    "1. Settings: set the Reporting month (for example 2026-10).",
    "2. Keep the logs up to date during the month: Handoffs, Misses, Dependencies, Decisions and Actions.",
    "3. Tag every miss to a seam. Usually 2 or 3 seams explain most of the misses.",
    "4. Review each seam's contract with its owner and update Last reviewed (contracts are revisited monthly).",
    "5. Give every red seam, and every seam with misses this month, an owner-led corrective action on Actions.",
    "6. Open the workbook in TEC Desktop: it lists anything to fix, then makes and emails the scorecards.",
)

DATES = (
    "Type dates as 2026-10-05, or with a time as 2026-10-05 14:30. Excel turns them into real dates, shown in the "
    "same form. Submitted, Started and Completed on Handoffs keep the time of day; other dates are whole days.",
    "Real Excel dates and Excel date serial numbers also work. If a date you typed stays left-aligned, Excel kept "
    "it as text it could not read as a date: retype it as 2026-10-05.",
    "Business days skip the days that are not in the Work week setting and the dates on the Holidays sheet.",
)

METRICS = (
    ("SLA adherence", "Share of handoffs completed this month that met their SLA (Queue time or Lead time)."),
    ("Queue time", "Business days from Submitted to Started: the time a request waits before anyone works on it."),
    ("Lead time", "Business days from Submitted to Completed."),
    ("Rework rate", "Share of handoffs completed this month that were reworked because of missing requirements."),
    ("First-pass ready", "Share of handoffs submitted this month that met the definition of ready first time."),
    ("Misses", "Misses dated this month, by seam, type and impact (the Pareto of misses)."),
    ("Dependencies on time", "Share of dependencies due this month (not cancelled) that were met by their due date."),
    ("Decisions", "Share of decisions made within their SLA, and decisions pending past their SLA."),
    ("Actions overdue", "Corrective actions past their due date and not done by the end of the month."),
)


_CHARS_PER_UNIT = 1.1  # a width unit is one '0'; ordinary text is a little narrower


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a cell `width` units wide (an estimate, on the safe side)."""
    per_line = max(int(width * _CHARS_PER_UNIT) - 3, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _fit_height(ws: Worksheet, row: int, texts: list[tuple[str, int]]) -> None:
    """Set a row tall enough for its wrapped texts: Excel does not grow rows with merged or wrapped text."""
    lines = max((_lines(t, w) for t, w in texts if t), default=1)
    ws.row_dimensions[row].height = max(1, lines) * _LINE_HEIGHT + 3


class _Readme:
    """Writes the README sheet top to bottom."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1

    def title(self, text: str, subtitle: str) -> None:
        self.ws.cell(self.row, 1, text).font = Font(bold=True, size=18, color=_DARK)
        self.ws.row_dimensions[self.row].height = 30
        self.row += 1
        self.ws.cell(self.row, 1, subtitle).font = Font(italic=True, color=_GREY)
        self.row += 2

    def heading(self, text: str) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(bold=True, size=13, color=_DARK)
        cell.border = Border(bottom=Side(style="medium", color=_DARK))
        for c in range(2, _README_SPAN + 1):
            self.ws.cell(self.row, c).border = Border(bottom=Side(style="medium", color=_DARK))
        self.ws.row_dimensions[self.row].height = 22
        self.row += 1

    def paragraph(self, text: str, bold: bool = False) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.alignment = WRAP_TOP
        if bold:
            cell.font = Font(bold=True)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=_README_SPAN)
        _fit_height(self.ws, self.row, [(text, _README_CHARS)])
        self.row += 1

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        for c, text in enumerate(header, 1):
            cell = self.ws.cell(self.row, c, text)
            cell.fill, cell.font, cell.border, cell.alignment = OPTIONAL_FILL, OPTIONAL_FONT, GRID, WRAP_TOP
        self.row += 1
        for values in rows:
            widths = _README_WIDTHS[: len(values) - 1] + (sum(_README_WIDTHS[len(values) - 1 :]),)
            for c, text in enumerate(values, 1):
                cell = self.ws.cell(self.row, c, text)
                cell.alignment, cell.border = WRAP_TOP, GRID
                if c == 1:
                    cell.font = Font(bold=True)
            if len(values) < _README_SPAN:  # the last value spans the remaining columns
                self.ws.merge_cells(
                    start_row=self.row, start_column=len(values), end_row=self.row, end_column=_README_SPAN
                )
            _fit_height(self.ws, self.row, list(zip(values, widths)))
            self.row += 1

    def gap(self) -> None:
        self.row += 1


def _column_rows(sheet: schema.Sheet) -> list[tuple[str, ...]]:
    return [
        (
            col.header,
            "Required" if col.required else "Optional",
            col.help,
            col.example or "—",
            allowed_values(sheet, col),
        )
        for col in sheet.columns
    ]


def _readme_sheet(wb: openpyxl.Workbook, note: str | None) -> Worksheet:
    ws = wb.create_sheet(schema.README_SHEET, 0)
    ws.sheet_properties.tabColor = TAB_COLOURS["README"]
    ws.sheet_view.showGridLines = False
    for idx, width in enumerate(_README_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    doc = _Readme(ws)
    doc.title(
        "Team Execution Contract workbook",
        f"Template version {schema.TEMPLATE_VERSION} · read by TEC Desktop to make the monthly seam scorecards"
        + (f" · {note}" if note else ""),
    )
    doc.heading("How this workbook works")
    for text in INTRO:
        doc.paragraph(text)
    doc.gap()
    doc.heading("Every month")
    for text in MONTHLY:
        doc.paragraph(text)
    doc.gap()
    doc.heading("Typing dates, Yes/No and people")
    for text in DATES:
        doc.paragraph(text)
    doc.paragraph(
        "Yes/No columns take Yes or No; Y, N, True, False, 1 and 0 are understood too. A person can be "
        "named by their Name or their Email exactly as on the People sheet."
    )
    doc.gap()
    doc.heading("Settings: what each one means")
    doc.paragraph(schema.SETTINGS.help)
    doc.table(
        ("Setting", "Required", "What it means", "Example", "Default"),
        [
            (
                d.name,
                "Required" if d.required else "Optional",
                d.help,
                d.example,
                "—" if d.default is None else _show_default(d),
            )
            for d in schema.SETTING_DEFS
        ],
    )
    doc.gap()
    for sheet in schema.SHEETS:
        doc.heading(f"{sheet.name} sheet" + ("" if sheet.required else " (optional)"))
        doc.paragraph(sheet.help)
        doc.table(("Column", "Required", "What to type", "Example", "Allowed values"), _column_rows(sheet))
        doc.gap()
    doc.heading("What the scorecards show")
    doc.table(("Metric", "How it is worked out"), [(name, text) for name, text in METRICS])
    doc.paragraph(
        "Green, amber and red compare each metric with its target from Settings; a metric with no data "
        "this month shows — and has no colour. A seam's colour is its worst metric."
    )
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _show_default(d: schema.SettingDef) -> str:
    if isinstance(d.default, float):
        return f"{d.default:.2f} ({d.default:.0%})"
    return str(d.default)


# ---------------------------------------------------------------- the workbook


def build_workbook(
    data: dict[str, list[dict]] | None = None, settings: dict[str, object] | None = None, note: str | None = None
) -> openpyxl.Workbook:
    """The template as an openpyxl workbook; `data` holds rows per sheet keyed by column key."""
    data = data or {}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _readme_sheet(wb, note)
    for sheet in schema.SHEETS:
        if sheet is schema.SETTINGS:
            _settings_sheet(wb, {**default_settings(), **(settings or {})})
        else:
            _data_sheet(wb, sheet, data.get(sheet.name, []))
    wb.active = 0
    props = wb.properties
    props.title = "Team Execution Contract workbook"
    props.subject = f"Template version {schema.TEMPLATE_VERSION}"
    props.creator = props.lastModifiedBy = "TEC Desktop"
    props.created = props.modified = FIXED_TIME
    return wb


def save_workbook(wb: openpyxl.Workbook, path: str | Path) -> Path:
    """Save atomically, with fixed zip timestamps so that the same workbook gives the same bytes."""
    path = Path(path)
    stamp = wb.properties.modified
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps 'modified' with the current time here; put ours back
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as src, atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                dst.writestr(entry, core if info.filename == _CORE_PART else src.read(info.filename))
    return path


def write_template(path: str | Path) -> Path:
    """Write the blank template to `path`."""
    return save_workbook(build_workbook(), path)
