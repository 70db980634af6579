"""The PDF document: page frame, running header and footer, 'Page X of Y', outline, links, metadata.

The viewer opens with the bookmarks shown; the catalog carries the document's language (/Lang, the
Language setting) for screen readers. Deterministic by construction: ReportLab's invariant mode, with
the creation date and document ID replaced by values derived from the inputs (workbook SHA-256,
month, which pack), so the same workbook and month give byte-identical files.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from io import BytesIO

from reportlab.pdfbase.pdfdoc import PDFText
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from reports import fonts, shaping, styles
from reports.text import plain
from tec_desktop import __version__
from tec_desktop.errors import Cancelled


@dataclass(frozen=True)
class PageInfo:
    """What every page says about the document it belongs to."""

    title: str  # 'Seam scorecards'
    doc_title: str  # the PDF's Title: 'Seam scorecards — October 2026' (and the owner, on an owner's PDF)
    organization: str
    month_label: str  # 'October 2026'
    month: str  # '2026-10'
    workbook_sha256: str
    identity: str  # distinguishes the pack from each owner's PDF, for the document ID
    lang: str = "en"  # the PDF's /Lang: the Language setting


class _Stamp:
    """The fixed moment written as CreationDate and ModDate: the end of the reporting month, UTC."""

    def __init__(self, month: str):
        year, mon = (int(p) for p in month.split("-"))
        last = calendar.monthrange(year, mon)[1]
        self.YMDhms = (year, mon, last, 23, 59, 59)
        self.dhh = self.dmm = 0
        self.t = calendar.timegm((year, mon, last, 23, 59, 59, 0, 0, 0))


def document_id(info: PageInfo) -> bytes:
    """The PDF /ID, derived from the inputs instead of the clock."""
    seed = "\n".join(("tec-scorecards/1", info.workbook_sha256, info.month, info.identity))
    return hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).digest()


class ScorecardCanvas(Canvas):
    """A canvas that holds pages back until the end, so each footer can say 'Page X of Y'."""

    page_info: PageInfo

    def __init__(self, *args, page_info: PageInfo, **kwargs):
        kwargs["invariant"] = 1
        super().__init__(*args, **kwargs)
        self.page_info = page_info
        doc = self._doc
        doc._timeStamp = _Stamp(page_info.month)
        doc._ID = b"\n[" + (PDFText(document_id(page_info), enc="raw").format(doc) * 2) + b"]\n"
        self.setCreator("TEC Desktop")
        self.setProducer("TEC Desktop (ReportLab)")
        self.showOutline()  # open with the bookmarks panel: Brief, Seams, Appendix
        self._held: list[dict] = []
        self._bookmarks: list[str] = []

    def bookmarkPage(self, key, **kwargs):  # the page is not real yet: note it, set it when the page is
        self._bookmarks.append(key)

    def showPage(self):
        self._held.append(dict(self.__dict__, _bookmarks=self._bookmarks))
        self._bookmarks = []
        self._startPage()

    def save(self):
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            for key in state["_bookmarks"]:
                Canvas.bookmarkPage(self, key, fit="XYZ", top=self._pagesize[1])
            self._draw_page_number(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_page_number(self, total: int) -> None:
        width = self._pagesize[0]
        draw_text(
            self,
            width - styles.MARGIN_X,
            styles.MARGIN_BOTTOM - 24,
            f"Page {self._pageNumber} of {total}",
            7,
            styles.MUTED,
            anchor="end",
        )


def draw_text(
    canv: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    color=styles.INK,
    bold: bool = False,
    anchor: str = "start",
) -> float:
    """Draw one line of user text on the canvas, switching fonts per script; return its width."""
    width = fonts.string_width(text, size, bold)
    x0 = x - width if anchor == "end" else x
    canv.setFillColor(color)
    shaping.draw_line(canv, x0, y, fonts.runs(text, bold), size)
    return width


def seam_key(seam_id: str) -> str:
    """The destination name of a seam's page: its outline entry and every link to it use this."""
    return f"seam-{seam_id.encode().hex()}"


class Bookmark(Flowable):
    """Invisible: an outline entry (and link destination) for the page it lands on, and the running
    header's section name. Level 0 entries are the parts (Brief, Seams, Appendix), level 1 their pages."""

    def __init__(self, key: str, title: str, level: int = 0, closed: bool = True, section: bool = True):
        super().__init__()
        self.key, self.title, self.level, self.closed, self.section = key, plain(title, 200), level, closed, section
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        canv = self.canv
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.closed)
        if self.section:
            canv._tec_section = self.title


def _header_footer(canv: Canvas, doc) -> None:
    if doc.cancel():
        raise Cancelled("scorecards-cancelled")
    info: PageInfo = canv.page_info
    width, height = canv._pagesize
    left, right = styles.MARGIN_X, width - styles.MARGIN_X
    canv.saveState()
    top = height - styles.MARGIN_TOP + 16
    draw_text(canv, left, top, f"{info.title} · {info.month_label}", 7, styles.MUTED, bold=True)
    section = getattr(canv, "_tec_section", "")
    if section:
        room = (right - left) * 0.6
        from reports.charts import fit

        draw_text(canv, right, top, fit(section, 7, room), 7, styles.MUTED, anchor="end")
    canv.setStrokeColor(styles.RULE)
    canv.setLineWidth(0.5)
    canv.line(left, top - 5, right, top - 5)
    bottom = styles.MARGIN_BOTTOM - 14
    canv.line(left, bottom, right, bottom)
    footer = " · ".join(p for p in (info.organization, info.month_label, f"workbook {info.workbook_sha256[:12]}") if p)
    from reports.charts import fit

    draw_text(canv, left, bottom - 10, fit(plain(footer), 7, (right - left) * 0.75), 7, styles.MUTED)
    canv.restoreState()


class ScorecardDoc(BaseDocTemplate):
    """A single-frame page with the running header and footer."""

    def __init__(self, out, info: PageInfo, paper: str = "A4", cancel=None):
        pagesize = styles.PAGE_SIZES.get(paper, styles.PAGE_SIZES["A4"])
        super().__init__(
            out,
            pagesize=pagesize,
            leftMargin=styles.MARGIN_X,
            rightMargin=styles.MARGIN_X,
            topMargin=styles.MARGIN_TOP,
            bottomMargin=styles.MARGIN_BOTTOM,
            title=info.doc_title,
            author=info.organization,
            subject=info.month,
            creator=f"TEC Desktop {__version__}",
            producer=f"TEC Desktop {__version__} (ReportLab)",
            invariant=1,
            lang=info.lang or "en",
            initialFontName=fonts.REGULAR,
            initialFontSize=8,
            initialLeading=10,
        )
        self.info = info
        self.cancel = cancel or (lambda: False)
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_header_footer)])

    def build_story(self, story: list) -> None:
        """Lay out the story and write the PDF."""
        info = self.info

        def maker(*args, **kwargs):
            return ScorecardCanvas(*args, page_info=info, **kwargs)

        self.build(story, canvasmaker=maker)


def render(story: list, info: PageInfo, paper: str = "A4", cancel=None) -> bytes:
    """The PDF bytes of a story; `cancel()` is asked at every page and raises Cancelled when true."""
    out = BytesIO()
    doc = ScorecardDoc(out, info, paper, cancel)
    doc.build_story(story)
    return out.getvalue()
