"""The Issues sheet of the annotated copy (spec §3): every finding, a link to its cell, first in the workbook.

Its cells are inline strings, never formulas, whatever the message begins with. Its place in the
workbook is made by editing workbook.xml as text: the sheet goes first in <sheets>, the other sheets'
local defined names move one place, the workbook opens on it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tec_desktop.findings import ERROR, INFO, WARNING, Finding, count
from tec_desktop.months import month_abbr
from tec_desktop.workbook.cells import column_letter
from tec_desktop.workbook.ooxml import MAIN, REL, XML_HEAD, attr, attrs, insert_before_first, prefix_of, text
from tec_desktop.workbook.schema import normalize_header
from tec_desktop.workbook.styles_part import Styles

MARKER = "Annotated copy of "  # how the Issues sheet of an earlier annotated copy is recognised
FILLS = {ERROR: "FFC7CE", WARNING: "FFEB9C"}  # Excel's own light red and light amber
HEADER_ROW = 5
COLUMNS = (("Severity", 10), ("Sheet", 16), ("Cell", 8), ("Issue", 90), ("Code", 26))
# CT_Workbook children after definedNames, in schema order: where new definedNames go before.
_AFTER_DEFINED_NAMES = [
    "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst",
]  # fmt: skip


def _summary(findings: list[Finding]) -> str:
    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    summary = f"{n(count(findings, ERROR), 'error')}, {n(count(findings, WARNING), 'warning')}"
    notes = count(findings, INFO)
    return summary + (f", {n(notes, 'note')}." if notes else ".")


def wrapped_lines(message: str, width: float) -> int:
    """About how many lines a message takes in a wrapped column `width` characters wide."""
    per_line = max(int(width * 1.2), 10)
    return max(1, -(-len(message) // per_line))


def link_location(title: str, ref: str) -> str:
    """ "'O''Brien''s'!C4": where a link to a cell of that sheet goes."""
    return "'" + title.replace("'", "''") + "'!" + (ref or "A1")


@dataclass(frozen=True)
class IssuesFormats:
    """The cell formats the Issues sheet uses (indexes into cellXfs)."""

    title: int
    bold: int
    top: int
    wrap: int
    link: int
    severity: dict[str, int]

    @classmethod
    def add_to(cls, styles: Styles) -> IssuesFormats:
        """Append what the Issues sheet needs to the workbook's styles."""
        return cls(
            title=styles.cell_format(font=styles.font(bold=True, size=13)),
            bold=styles.cell_format(font=styles.font(bold=True)),
            top=styles.cell_format(),
            wrap=styles.cell_format(wrap=True),
            link=styles.cell_format(font=styles.font(link=True)),
            severity={s: styles.cell_format(fill=styles.solid_fill(rgb)) for s, rgb in FILLS.items()},
        )


def issues_sheet_xml(name: str, titles: dict[str, str], findings: list[Finding], st: IssuesFormats) -> bytes:
    """The Issues sheet's XML. `titles` maps normalized sheet names to the workbook's own spelling."""
    now = dt.datetime.now()
    made = f"{now.day} {month_abbr(now.month)} {now.year} {now.hour:02d}:{now.minute:02d}"

    def cell(ref: str, value: str, style: int) -> str:
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>'

    rows = [
        f'<row r="1">{cell("A1", f"{MARKER}{name}, made by TEC Desktop on {made}.", st.title)}</row>',
        '<row r="2">'
        + cell(
            "A2",
            "Cells with an error are red and cells with a warning amber; hover over one to read its comment, "
            "or click a cell reference below to jump to it.",
            st.top,
        )
        + "</row>",
        '<row r="3">'
        + cell(
            "A3",
            "This copy keeps everything of the original (formulas and their saved results, images, charts); "
            "only the colours, the comments and this sheet were added. " + _summary(findings),
            st.top,
        )
        + "</row>",
        f'<row r="{HEADER_ROW}">'
        + "".join(cell(f"{column_letter(i)}{HEADER_ROW}", head, st.bold) for i, (head, _) in enumerate(COLUMNS))
        + "</row>",
    ]
    links = []
    last = HEADER_ROW
    for last, f in enumerate(findings, start=HEADER_ROW + 1):
        title = titles.get(normalize_header(f.sheet)) if f.sheet else None
        where = (f.cell or "A1") if title else f.cell
        height = 15 * wrapped_lines(f.message, COLUMNS[3][1])
        rows.append(
            f'<row r="{last}" ht="{height}" customHeight="1">'
            + cell(f"A{last}", f.severity, st.severity.get(f.severity, st.top))
            + cell(f"B{last}", f.sheet, st.top)
            + cell(f"C{last}", where, st.link if title else st.top)
            + cell(f"D{last}", f.message, st.wrap)
            + cell(f"E{last}", f.code, st.top)
            + "</row>"
        )
        if title is not None:
            tip = f"Go to {f.sheet} {f.cell or 'A1'}"
            links.append(
                f'<hyperlink ref="C{last}" location={attr(link_location(title, f.cell))} '
                f"display={attr(where)} tooltip={attr(tip)}/>"
            )
    if not findings:
        last = HEADER_ROW + 1
        rows.append(f'<row r="{last}">{cell(f"D{last}", "No problems found.", st.top)}</row>')
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, (_, w) in enumerate(COLUMNS, start=1)
    )
    xml = (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:E{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        f'<pane ySplit="{HEADER_ROW}" topLeftCell="A{HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{HEADER_ROW + 1}" sqref="A{HEADER_ROW + 1}"/></sheetView>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(rows)}'
        f'</sheetData><autoFilter ref="A{HEADER_ROW}:E{max(last, HEADER_ROW + 1)}"/>'
        + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
        + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
    )
    return XML_HEAD + xml.encode("utf-8")


def unique_title(taken: list[str], wanted: str = "Issues") -> str:
    """'Issues', or 'Issues 2', 'Issues 3'... when the workbook has a sheet of that name."""
    names = {normalize_header(t) for t in taken}
    title, n = wanted, 2
    while normalize_header(title) in names:
        title, n = f"{wanted} {n}", n + 1
    return title


class WorkbookPart:
    """xl/workbook.xml as text: its sheets, and the edits that put the Issues sheet first."""

    def __init__(self, data: bytes):
        self.data = data
        self.p = prefix_of(data, "workbook")
        e = re.escape(self.p)
        self._sheet = re.compile(rb"<" + e + rb"sheet\b([^>]*?)/?>(?:\s*</" + e + rb"sheet>)?")

    def sheets(self) -> list[dict[bytes, bytes]]:
        """The attributes of each <sheet>, in workbook order."""
        return [attrs(m.group(1)) for m in self._sheet.finditer(self.data)]

    def drop_sheet(self, index: int) -> None:
        """Remove the sheet at this position, its local defined names, and move the later ones back."""
        found = list(self._sheet.finditer(self.data))[index]
        self.data = self.data[: found.start()] + self.data[found.end() :]
        self._local_names(lambda n: None if n == index else (n - 1 if n > index else n))

    def insert_first(self, title: str, rid: str, last_row: int) -> None:
        """Add the Issues sheet at position 0 with its print titles and filter; the workbook opens on it."""
        p = self.p.decode()
        ids = [int(a.get(b"sheetId", b"0")) for a in self.sheets() if a.get(b"sheetId", b"").isdigit()]
        sheet = f'<{p}sheet name={attr(title)} sheetId="{max(ids, default=0) + 1}" xmlns:r="{REL}" r:id="{rid}"/>'
        self._local_names(lambda n: n + 1)
        self.data = re.sub(
            rb"<" + re.escape(self.p) + rb"sheets\b[^>]*>", lambda m: m.group(0) + sheet.encode(), self.data, count=1
        )
        where = "'" + title.replace("'", "''") + "'!"
        names = (
            f'<{p}definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{text(where)}$A${HEADER_ROW}:$E${max(last_row, HEADER_ROW + 1)}</{p}definedName>"
            f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="0">{text(where)}${HEADER_ROW}:${HEADER_ROW}'
            f"</{p}definedName>"
        ).encode()
        e = re.escape(self.p)
        opened = b"<" + self.p + b"definedNames>"
        if re.search(rb"<" + e + rb"definedNames\s*/>", self.data):
            self.data = re.sub(
                rb"<" + e + rb"definedNames\s*/>",
                lambda m: opened + b"</" + self.p + b"definedNames>",
                self.data,
                count=1,
            )
        if re.search(rb"<" + e + rb"definedNames\b", self.data):
            self.data = re.sub(rb"(<" + e + rb"definedNames\b[^>]*>)", lambda m: m.group(1) + names, self.data, count=1)
        else:
            block = opened + names + b"</" + self.p + b"definedNames>"
            self.data = insert_before_first(
                self.data, self.p, _AFTER_DEFINED_NAMES, block, b"</" + self.p + b"workbook>"
            )
        self.data = re.sub(
            rb"<" + e + rb"workbookView\b[^>]*>",
            lambda m: re.sub(rb"""\s(?:activeTab|firstSheet)\s*=\s*["'][^"']*["']""", b"", m.group(0)),
            self.data,
        )

    def _local_names(self, move) -> None:
        """Renumber (or drop, when move gives None) every defined name local to a sheet."""
        e = re.escape(self.p)
        pattern = re.compile(rb"<" + e + rb"definedName\b([^>]*)>.*?</" + e + rb"definedName>", re.S)

        def renumber(m: re.Match) -> bytes:
            local = re.search(rb"""\slocalSheetId\s*=\s*["'](\d+)["']""", m.group(1))
            if local is None:
                return m.group(0)
            moved = move(int(local.group(1)))
            if moved is None:
                return b""
            at = m.start(1) - m.start() + local.start(1)  # the number's place in the whole element
            whole = m.group(0)
            return whole[:at] + str(moved).encode() + whole[at + len(local.group(1)) :]

        self.data = pattern.sub(renumber, self.data)
