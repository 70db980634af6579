"""The annotated copy (spec §3): the workbook with each problem cell coloured and commented, and an
Issues sheet (placed first, opened first) listing every finding with a link to its cell.

The copy is made by editing the package, not by loading and saving the workbook: every part we do not
change is copied as its stored bytes (images, charts, pivot tables, untouched sheets), and a sheet with
findings is streamed with only its problem cells' style changed. So saved formula results, CR
characters and everything else the user had stay as they were, and a sheet of 400,000 rows takes
seconds. What we add is always plain text, never a formula, however the user's text begins.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections import defaultdict
from pathlib import Path

from tec_desktop.errors import TecError, UnreadableWorkbook
from tec_desktop.files.atomic import atomic_path, explain
from tec_desktop.files.targets import refuse_overwriting
from tec_desktop.findings import ERROR, INFO, WARNING, Finding
from tec_desktop.workbook import container
from tec_desktop.workbook.issues_sheet import (
    FILLS,
    HEADER_ROW,
    MARKER,
    IssuesFormats,
    WorkbookPart,
    issues_sheet_xml,
    unique_title,
)
from tec_desktop.workbook.ooxml import (
    CT_COMMENTS,
    CT_VML,
    CT_WORKSHEET,
    REL_COMMENTS,
    REL_THREADED,
    REL_VML,
    REL_WORKSHEET,
    Relationships,
    free_name,
    rels_path,
    resolve,
    unescape,
)
from tec_desktop.workbook.schema import normalize_header, reading_order
from tec_desktop.workbook.sheet_comments import AUTHOR, Notes
from tec_desktop.workbook.sheet_marks import Marks, read_facts, split_ref, write_marked
from tec_desktop.workbook.styles_part import Styles
from tec_desktop.workbook.vml_drawing import VmlDrawing, used_blocks
from tec_desktop.workbook.zip_copy import copy_member

__all__ = ["AUTHOR", "MARKER", "write_annotated"]

TABS = {ERROR: "C00000", WARNING: "FFC000"}
_REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_PLAIN_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_SELECTED = re.compile(rb"""<(?:[\w.-]+:)?sheetView\b[^>]*\stabSelected\s*=\s*["'](?:1|true)["']""")


def write_annotated(book_path: str | Path, findings: list[Finding], out_path: str | Path) -> Path:
    """Write a copy of the workbook with every error and warning marked on its cell and an Issues sheet."""
    src, out = Path(book_path), Path(out_path)
    if out.suffix.casefold() != ".xlsx":
        raise TecError("annotated-not-xlsx", name=out.name)
    refuse_overwriting(out, src, TecError("annotated-is-workbook", name=out.name, stem=src.stem))
    strict = _preflight(src)
    if strict:
        raise TecError("annotated-strict", file=src.name)
    try:
        with zipfile.ZipFile(src) as zin, open(src, "rb") as raw:
            copy = _Copy(zin, raw, src)
            with atomic_path(out) as tmp:
                try:
                    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
                        copy.write(zout, sorted(findings, key=reading_order))
                except OSError as exc:
                    raise explain(out, exc) from None
    except (TecError, KeyboardInterrupt):
        raise
    except FileNotFoundError:
        raise TecError("file-not-found", path=str(src)) from None
    except Exception:  # a part we cannot make sense of: one message, never a traceback
        raise TecError("annotated-cannot-open", file=src.name) from None
    return out


def _preflight(src: Path) -> bool:
    """The reader's safety checks (zip bombs, DTDs, sizes) on the file and its Issues-like sheets; Strict?"""
    try:
        info = container.inspect(src, set())
        issues = {normalize_header(s.name) for s in info.sheets if normalize_header(s.name).startswith("issues")}
        return container.inspect(src, issues).strict if issues else info.strict
    except UnreadableWorkbook as exc:
        if exc.code == "file-not-found":
            raise
        raise TecError("annotated-cannot-open", file=src.name) from None


def _first_cell(path: Path, sheet: str) -> object:
    """A1 of a sheet (already bounded by the pre-flight), as calamine reads it."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return rows[0][0] if rows and rows[0] else None
    finally:
        book.close()


class _Copy:
    """The source package, and what the copy changes in it."""

    def __init__(self, zin: zipfile.ZipFile, raw, src: Path):
        self.zin, self.raw, self.src = zin, raw, src
        self.names = {n.lower(): n for n in zin.namelist()}
        self.taken = set(self.names)
        self.wb_part = self._name("xl/workbook.xml")
        self.workbook = WorkbookPart(zin.read(self.wb_part))
        self.wb_rels = Relationships(self._read(rels_path(self.wb_part)), self.wb_part)
        self.types = zin.read(self._name("[Content_Types].xml"))
        self.worksheets = {self._name(p) for p in self.wb_rels.targets(REL_WORKSHEET).values()}
        self.written: set[str] = set()  # parts written anew (not copied)
        self.dropped: set[str] = set()  # parts left out of the copy

    def _name(self, part: str) -> str:
        return self.names.get(part.lower(), part)

    def _read(self, part: str) -> bytes | None:
        name = self.names.get(part.lower())
        return self.zin.read(name) if name else None

    def _sheets(self) -> list[tuple[str, str, str]]:
        """(name, part, relationship Id) of every sheet, in workbook order."""
        targets = {  # worksheets, chart sheets and dialog sheets
            rel.get(b"Id", b"").decode(): _target(self.wb_part, rel)
            for rel in self.wb_rels.all()
            if rel.get(b"TargetMode") != b"External"
        }
        out = []
        for a in self.workbook.sheets():
            rid = next((v.decode() for k, v in a.items() if k.endswith(b":id")), "")
            out.append((unescape(a.get(b"name", b"")), self._name(targets.get(rid, "")), rid))
        return out

    def write(self, zout: zipfile.ZipFile, findings: list[Finding]) -> None:
        """Write the whole copy into zout."""
        self._drop_macros()
        sheets = self._drop_earlier_issues(self._sheets())
        titles = {normalize_header(name): name for name, _, _ in sheets}
        styles_part = next(iter(self.wb_rels.targets(_REL_STYLES).values()), None)
        styles = Styles(self._read(styles_part) if styles_part else None)
        if styles_part is None:
            styles_part = free_name(self.taken, "xl/styles{}.xml")
            self.wb_rels.add(_REL_STYLES, styles_part)
            self._override(styles_part, _CT_STYLES)
        marked = self._mark_sheets(zout, sheets, titles, findings, styles)
        for _, part, _ in sheets:
            if part not in marked:
                self._unselect(zout, part, styles)
        issues_part = free_name(self.taken, "xl/worksheets/sheet{}.xml")
        title = unique_title([name for name, _, _ in sheets])
        self._put(zout, issues_part, issues_sheet_xml(self.src.name, titles, findings, IssuesFormats.add_to(styles)))
        self._override(issues_part, CT_WORKSHEET)
        self.workbook.insert_first(title, self.wb_rels.add(REL_WORKSHEET, issues_part), HEADER_ROW + len(findings))
        self._put(zout, self.wb_part, self.workbook.data)
        self._put(zout, rels_path(self.wb_part), self.wb_rels.data)
        self._put(zout, styles_part, styles.data)
        self._put(zout, self._name("[Content_Types].xml"), self.types)
        for info in self.zin.infolist():
            if info.filename not in self.written and info.filename not in self.dropped:
                copy_member(self.raw, info, zout)

    def _put(self, zout: zipfile.ZipFile, part: str, data: bytes) -> None:
        zout.writestr(part, data)
        self.written.add(part)

    def _override(self, part: str, content_type: str) -> None:
        new = f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode()
        self.types = self.types.replace(b"</Types>", new + b"</Types>", 1)

    def _drop_part(self, part: str) -> None:
        self.dropped.add(part)
        pattern = rb"""<Override\b[^>]*PartName\s*=\s*["']/?""" + re.escape(part.encode()) + rb"""["'][^>]*/>"""
        self.types = re.sub(pattern, b"", self.types, flags=re.I)

    def _drop_macros(self) -> None:
        """A macro-enabled workbook's copy is an .xlsx: its macros stay in the original."""
        if _MACRO_MAIN not in self.types:
            return
        self.types = self.types.replace(_MACRO_MAIN, _PLAIN_MAIN)
        for rel in self.wb_rels.all():
            if rel.get(b"Type", b"").endswith(b"/vbaProject"):
                self._drop_part(self._name(_target(self.wb_part, rel)))
                self.wb_rels.drop(rel.get(b"Id", b"").decode())

    def _drop_earlier_issues(self, sheets: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """Annotating an annotated copy replaces its Issues sheet instead of adding a second one."""
        for index in reversed(range(len(sheets))):
            name, part, rid = sheets[index]
            if not normalize_header(name).startswith("issues"):
                continue
            first = _first_cell(self.src, name)
            if isinstance(first, str) and first.startswith(MARKER):
                self.workbook.drop_sheet(index)
                self.wb_rels.drop(rid)
                self._drop_part(part)
                if rels_path(part).lower() in self.names:
                    self._drop_part(self._name(rels_path(part)))
                del sheets[index]
        return sheets

    def _mark_sheets(self, zout, sheets, titles, findings: list[Finding], styles: Styles) -> set[str]:
        """Colour, comment and tab-colour every sheet with a finding; the parts of the sheets marked."""
        part_of = {name: part for name, part, _ in sheets}
        by_cell: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        worst: dict[str, str] = {}
        for f in findings:
            title = titles.get(normalize_header(f.sheet)) if f.sheet else None
            if f.severity == INFO or title is None or part_of[title] not in self.worksheets:
                continue
            if worst.get(title) != ERROR:
                worst[title] = f.severity
            if f.cell:
                by_cell[title][f.cell].append(f)
        blocks = set().union(
            *[used_blocks(self.zin.read(n)) for n in self.names.values() if n.lower().endswith(".vml")]
        )
        free_blocks = (b for b in itertools.count(1) if b not in blocks)
        for title, severity in worst.items():
            self._mark_sheet(zout, part_of[title], by_cell[title], TABS[severity], styles, free_blocks)
        return {part_of[title] for title in worst}

    def _mark_sheet(self, zout, part: str, cells: dict[str, list[Finding]], tab: str, styles: Styles, free_blocks):
        facts = read_facts(self.zin, part)
        fills: dict[int, dict[int, str]] = defaultdict(dict)
        texts: dict[str, list[str]] = defaultdict(list)
        for ref, group in cells.items():
            try:
                target = facts.target(ref)
                row, col = split_ref(target)
            except ValueError:
                continue  # not a single cell: listed on the Issues sheet only
            if fills[row].get(col) != FILLS[ERROR]:
                fills[row][col] = FILLS[ERROR] if any(f.severity == ERROR for f in group) else FILLS[WARNING]
            texts[target] += [f"{f.severity.capitalize()}: {f.message}" for f in group]
        rels = Relationships(self._read(rels_path(part)), part)
        for threads in rels.targets(REL_THREADED).values():  # Excel shows those; ours would be hidden
            for ref in re.findall(rb"""\sref\s*=\s*["']([A-Za-z]+\d+)""", self._read(threads) or b""):
                texts.pop(ref.decode().upper(), None)
        marks = Marks(dict(fills), tab)
        if texts:
            self._comments(
                zout,
                part,
                rels,
                facts.legacy_drawing,
                {r: "\n\n".join(t) for r, t in texts.items()},
                marks,
                free_blocks,
            )
        if rels.changed:
            self._put(zout, self._name(rels_path(part)), rels.data)
            if rels_path(part).lower() not in self.names:
                self.taken.add(rels_path(part).lower())
        write_marked(self.zin, part, zout, marks, styles)
        self.written.add(part)

    def _comments(self, zout, part, rels: Relationships, legacy: str | None, texts, marks: Marks, free_blocks):
        notes = Notes(texts)
        comments = next(iter(rels.targets(REL_COMMENTS).values()), None)
        if comments is None:
            comments = free_name(self.taken, "xl/comments/comment{}.xml")
            rels.add(REL_COMMENTS, comments)
            self._override(comments, CT_COMMENTS)
        self._put(zout, self._name(comments), notes.comments_part(self._read(comments)))
        vml = rels.targets(REL_VML).get(legacy or "")
        if vml is None:
            vml = free_name(self.taken, "xl/drawings/vmlDrawing{}.vml")
            marks.legacy_drawing = rels.add(REL_VML, vml)
            if not re.search(rb"""<Default\b[^>]*Extension\s*=\s*["']vml["']""", self.types, re.I):
                default = f'<Default Extension="vml" ContentType="{CT_VML}"/>'.encode()
                self.types = self.types.replace(b"</Types>", default + b"</Types>", 1)
        drawing = VmlDrawing(self._read(vml))
        drawing.drop_notes({split_ref(ref) for ref in notes.stale})
        drawing.add_notes(texts, free_blocks)
        self._put(zout, self._name(vml), drawing.data)

    def _unselect(self, zout, part: str, styles: Styles) -> None:
        """The sheet that was selected is no longer (else Excel opens it grouped with the Issues sheet)."""
        if part.lower() not in self.names or part in self.dropped:
            return
        with self.zin.open(part) as fh:
            head = fh.read(1 << 16)
        if not _SELECTED.search(head.split(b"sheetData", 1)[0]):
            return
        if part in self.worksheets:
            write_marked(self.zin, part, zout, Marks({}), styles)
            self.written.add(part)
        else:  # a chart sheet: small, edited whole
            data = self.zin.read(part)
            self._put(zout, part, re.sub(rb"""\stabSelected\s*=\s*["'](?:1|true)["']""", b"", data))


def _target(base: str, rel: dict[bytes, bytes]) -> str:
    return resolve(base, unescape(rel.get(b"Target", b"")))
