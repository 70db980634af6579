"""Write the workbook template (spec §2): every sheet and column of tec_desktop.workbook.schema, ready for Excel.

The same writer makes the blank template and the filled sample, so the two never drift apart.
Everything the user sees — headers, dropdowns, formats, widths, the README — is driven by the schema.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from tec_desktop.files.atomic import atomic_path
from tec_desktop.workbook import schema
from tec_desktop.workbook.readme_sheet import readme_sheet
from tec_desktop.workbook.template_style import (
    FILTER_BUTTON,
    HEADER_ALIGN,
    HEADER_HEIGHT,
    LAST_ROW,
    LOG_TAB_COLOUR,
    OPTIONAL_FILL,
    OPTIONAL_FONT,
    REQUIRED_FILL,
    REQUIRED_FONT,
    SHARE_FORMAT,
    TAB_COLOURS,
    TABLE_STYLE,
    TEXT_FORMAT,
    alignment,
    fit_height,
    lines_of,
    number_format,
    table_name,
)
from tec_desktop.workbook.template_validation import column_validation, setting_validation

FIXED_TIME = dt.datetime(2026, 1, 1)
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_CORE_PART = "docProps/core.xml"


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
        if any(lines_of(text, width) > 1 for text, width in texts):
            fit_height(ws, r, texts)  # LibreOffice does not grow rows to fit wrapped text on opening
    return max(2, len(rows) + 1)


def _table(ws: Worksheet, sheet: schema.Sheet, last_row: int) -> None:
    ref = f"A1:{get_column_letter(len(sheet.columns))}{last_row}"
    style = TableStyleInfo(
        name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False, showFirstColumn=False, showLastColumn=False
    )
    ws.add_table(Table(displayName=table_name(sheet), ref=ref, tableStyleInfo=style))


def _validations(ws: Worksheet, sheet: schema.Sheet) -> None:
    for idx, col in enumerate(sheet.columns, 1):
        dv = column_validation(sheet, col)
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
        ws.add_data_validation(setting_validation(d, cell.coordinate))
    _table(ws, sheet, len(schema.SETTING_DEFS) + 1)
    _print_setup(ws)
    return ws


# ---------------------------------------------------------------- the workbook


def build_workbook(
    data: dict[str, list[dict]] | None = None, settings: dict[str, object] | None = None, note: str | None = None
) -> openpyxl.Workbook:
    """The template as an openpyxl workbook; `data` holds rows per sheet keyed by column key."""
    data = data or {}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    readme_sheet(wb, note)
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
