"""The template's README sheet: what the workbook is for, the monthly routine, how to type dates, and
every sheet's columns explained to an operations person, all from the schema."""

from __future__ import annotations

import openpyxl
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tec_desktop.workbook import schema
from tec_desktop.workbook.template_style import (
    DARK,
    GREY,
    GRID,
    OPTIONAL_FILL,
    OPTIONAL_FONT,
    TAB_COLOURS,
    WRAP_TOP,
    fit_height,
)
from tec_desktop.workbook.template_validation import allowed_values

_README_WIDTHS = (24, 11, 62, 30, 38)
_README_SPAN = len(_README_WIDTHS)
_README_CHARS = sum(_README_WIDTHS)

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
    "Every sheet except README, Commentary and Holidays must stay in the workbook, even when it is empty: a deleted "
    "Misses sheet would otherwise look like a month without misses.",
)

MONTHLY = (
    "1. Settings: set the Reporting month (for example 2026-10).",
    "2. Keep the logs up to date during the month: Handoffs, Misses, Dependencies, Decisions and Actions.",
    "3. Tag every miss to a seam. Usually 2 or 3 seams explain most of the misses.",
    "4. Review each seam's contract with its owner and update Last reviewed (contracts are revisited monthly).",
    "5. Give every red seam, and every seam with misses this month, an owner-led corrective action on Actions: "
    "name the Root cause it answers and list the misses in Linked miss IDs.",
    "6. Optionally, each seam's owner writes a comment on the month on Commentary: its first line is printed on the "
    "brief, the whole comment on the seam's page.",
    "7. Open the workbook in TEC Desktop: it lists anything to fix, then makes and emails the scorecards.",
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


class _Readme:
    """Writes the README sheet top to bottom."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1

    def title(self, text: str, subtitle: str) -> None:
        self.ws.cell(self.row, 1, text).font = Font(bold=True, size=18, color=DARK)
        self.ws.row_dimensions[self.row].height = 30
        self.row += 1
        self.ws.cell(self.row, 1, subtitle).font = Font(italic=True, color=GREY)
        self.row += 2

    def heading(self, text: str) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(bold=True, size=13, color=DARK)
        cell.border = Border(bottom=Side(style="medium", color=DARK))
        for c in range(2, _README_SPAN + 1):
            self.ws.cell(self.row, c).border = Border(bottom=Side(style="medium", color=DARK))
        self.ws.row_dimensions[self.row].height = 22
        self.row += 1

    def paragraph(self, text: str, bold: bool = False) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.alignment = WRAP_TOP
        if bold:
            cell.font = Font(bold=True)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=_README_SPAN)
        fit_height(self.ws, self.row, [(text, _README_CHARS)])
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
            fit_height(self.ws, self.row, list(zip(values, widths)))
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


def readme_sheet(wb: openpyxl.Workbook, note: str | None) -> Worksheet:
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
    doc.paragraph(
        "The leadership pack runs the monthly seam review: page 1 is a brief with every Red and Amber seam, its "
        "worst metric, the month's top root cause and the corrective action answering it (or NO ACTION), then the "
        "two lists of the meeting, decisions to make and constraints to remove. Then one page per seam with its "
        "contract (from this workbook's Seams sheet), metrics, SLAs by request type, and each miss with its root "
        "cause and action; the full status matrix and lists are in the appendix."
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
