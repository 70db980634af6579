"""The annotated copy (spec §3): the workbook with each problem cell coloured and commented, and an
Issues sheet (placed first, opened first) listing every finding with a link to its cell.

The user's workbook is only read. What the user typed is kept exactly (openpyxl keeps values and
their types on load and save); what we add is always plain text, never a formula, however the
user's text begins.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.files.atomic import atomic_path
from tec_desktop.findings import ERROR, INFO, WARNING, Finding, count
from tec_desktop.months import month_abbr
from tec_desktop.workbook.schema import normalize_header, reading_order

AUTHOR = "TEC Desktop"
MARKER = "Annotated copy of "  # how the Issues sheet of an earlier annotated copy is recognised
FILLS = {ERROR: "FFC7CE", WARNING: "FFEB9C"}  # Excel's own light red and light amber
TABS = {ERROR: "C00000", WARNING: "FFC000"}
HEADER_ROW = 5
COLUMNS = (("Severity", 10), ("Sheet", 16), ("Cell", 8), ("Issue", 90), ("Code", 26))


def write_annotated(book_path: str | Path, findings: list[Finding], out_path: str | Path) -> Path:
    """Write a copy of the workbook with every error and warning marked on its cell and an Issues sheet."""
    src, out = Path(book_path), Path(out_path)
    _refuse_unsafe_target(src, out)
    wb = _load(src)
    titles = {normalize_header(ws.title): ws.title for ws in wb.worksheets}
    _drop_earlier_issues_sheet(wb)
    findings = sorted(findings, key=reading_order)
    _mark_cells(wb, titles, findings)
    _add_issues_sheet(wb, src.name, titles, findings)
    with atomic_path(out) as tmp:
        try:
            wb.save(tmp)
        except OSError as exc:
            raise TecError("write-failed", path=str(out), reason=exc.strerror or str(exc)) from None
    return out


def _refuse_unsafe_target(src: Path, out: Path) -> None:
    if out.suffix.casefold() != ".xlsx":
        raise TecError("annotated-not-xlsx", name=out.name)
    same = out.resolve() == src.resolve()
    if not same and out.exists():
        try:
            same = os.path.samefile(out, src)
        except OSError:
            same = False
    if same:
        raise TecError("annotated-is-workbook", name=out.name, stem=src.stem)


def _load(src: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(src, rich_text=True)
    except FileNotFoundError:
        raise TecError("file-not-found", path=str(src)) from None
    except Exception:  # openpyxl's many parse errors: one message, never a traceback
        raise TecError("annotated-cannot-open", file=src.name) from None


def _drop_earlier_issues_sheet(wb) -> None:
    """Annotating an annotated copy replaces its Issues sheet instead of adding a second one."""
    for ws in list(wb.worksheets):
        first = ws.cell(1, 1).value
        if normalize_header(ws.title).startswith("issues") and isinstance(first, str) and first.startswith(MARKER):
            wb.remove(ws)


def _target(ws, ref: str) -> str:
    """The cell that can carry a comment: the top-left one when `ref` lies inside merged cells."""
    for merged in ws.merged_cells.ranges:
        if ref in merged:
            return merged.start_cell.coordinate
    return ref


def _mark_cells(wb, titles: dict[str, str], findings: list[Finding]) -> None:
    from openpyxl.styles import PatternFill

    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    worst_on_sheet: dict[str, str] = {}
    for f in findings:
        title = titles.get(normalize_header(f.sheet)) if f.sheet else None
        if f.severity == INFO or title is None:
            continue
        if worst_on_sheet.get(title) != ERROR:
            worst_on_sheet[title] = f.severity
        if f.cell:
            by_cell[(title, _target(wb[title], f.cell))].append(f)
    for (title, ref), group in by_cell.items():
        cell = wb[title][ref]
        severity = ERROR if any(f.severity == ERROR for f in group) else WARNING
        cell.fill = PatternFill("solid", start_color=FILLS[severity], end_color=FILLS[severity])
        cell.comment = _comment(cell.comment, group)
    for title, severity in worst_on_sheet.items():
        wb[title].sheet_properties.tabColor = TABS[severity]


def _comment(existing, group: list[Finding]):
    """Our messages as one comment; a comment the user wrote is kept above them."""
    from openpyxl.comments import Comment

    lines = [f"{f.severity.capitalize()}: {f.message}" for f in group]
    text = "\n\n".join(lines)
    if existing is not None and existing.author != AUTHOR and existing.text:
        text = f"{existing.text}\n\n— {AUTHOR} —\n{text}"
    length = sum(len(line) // 55 + 1 for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(600, 20 + 15 * length), width=360)


def _text(ws, row: int, column: int, value: str):
    """Write plain text: a message that begins with '=' stays text, never a formula."""
    cell = ws.cell(row, column)
    cell.value = value
    cell.data_type = "s"
    return cell


def _link(title: str, ref: str) -> str:
    return "'" + title.replace("'", "''") + "'!" + (ref or "A1")


def _unique_title(wb, wanted: str) -> str:
    taken = {normalize_header(t) for t in wb.sheetnames}
    title, n = wanted, 2
    while normalize_header(title) in taken:
        title, n = f"{wanted} {n}", n + 1
    return title


def _wrapped_lines(text: str, width: float) -> int:
    """About how many lines a message takes in a wrapped column `width` characters wide."""
    per_line = max(int(width * 1.2), 10)
    return max(1, -(-len(text) // per_line))


def _summary(findings: list[Finding]) -> str:
    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    text = f"{n(count(findings, ERROR), 'error')}, {n(count(findings, WARNING), 'warning')}"
    notes = count(findings, INFO)
    return text + (f", {n(notes, 'note')}." if notes else ".")


def _add_issues_sheet(wb, name: str, titles: dict[str, str], findings: list[Finding]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(_unique_title(wb, "Issues"), 0)
    now = dt.datetime.now()
    made = f"{now.day} {month_abbr(now.month)} {now.year} {now.hour:02d}:{now.minute:02d}"
    _text(ws, 1, 1, f"{MARKER}{name}, made by TEC Desktop on {made}.").font = Font(bold=True, size=13)
    _text(
        ws,
        2,
        1,
        "Cells with an error are red and cells with a warning amber; hover over one to read its comment, "
        "or click a cell reference below to jump to it.",
    )
    _text(
        ws,
        3,
        1,
        "Images and charts of the original are not in this copy: if your workbook has them, make "
        "your fixes in the original. " + _summary(findings),
    )
    for col, (head, width) in enumerate(COLUMNS, start=1):
        _text(ws, HEADER_ROW, col, head).font = Font(bold=True)
        ws.column_dimensions[chr(64 + col)].width = width
    row = HEADER_ROW
    for row, f in enumerate(findings, start=HEADER_ROW + 1):
        severity = _text(ws, row, 1, f.severity)
        if f.severity in FILLS:
            severity.fill = PatternFill("solid", start_color=FILLS[f.severity], end_color=FILLS[f.severity])
        _text(ws, row, 2, f.sheet)
        where = _text(ws, row, 3, f.cell)
        title = titles.get(normalize_header(f.sheet)) if f.sheet else None
        if title is not None:
            where.hyperlink = Hyperlink(
                ref=where.coordinate, location=_link(title, f.cell), tooltip=f"Go to {f.sheet} {f.cell or 'A1'}"
            )
            where.style = "Hyperlink"
            if not f.cell:
                where.value = "A1"
        _text(ws, row, 4, f.message).alignment = Alignment(wrap_text=True, vertical="top")
        _text(ws, row, 5, f.code)
        # Excel grows a wrapped row when it recalculates; LibreOffice and printing take the stored height.
        ws.row_dimensions[row].height = 15 * _wrapped_lines(f.message, COLUMNS[3][1])
        for cell in ws[row]:
            cell.alignment = Alignment(wrap_text=cell.column == 4, vertical="top")
    if not findings:
        _text(ws, HEADER_ROW + 1, 4, "No problems found.")
        row = HEADER_ROW + 1
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # printed: all columns on the page width
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.auto_filter.ref = f"A{HEADER_ROW}:E{max(row, HEADER_ROW + 1)}"
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = 0
