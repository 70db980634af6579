"""The look of the scorecards: palette, type scale, paragraph and table styles, status chips.

A calm palette (navy headings, grey rules) with status shown three ways at once, colour, a shape
and a word, so that it survives black-and-white printing and colour-blind readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle

from reports import fonts

NAVY = colors.HexColor("#1F2A44")
INK = colors.HexColor("#23272F")
MUTED = colors.HexColor("#667085")
RULE = colors.HexColor("#C9CED6")
HAIRLINE = colors.HexColor("#E3E6EB")
BAND = colors.HexColor("#F4F6F9")  # table header and zebra fill
BAR = colors.HexColor("#3D5A80")
LINE = colors.HexColor("#C8102E")
BETTER = colors.HexColor("#1E6B3A")
WORSE = colors.HexColor("#9B1C1C")

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN_X = 40
MARGIN_TOP = 46
MARGIN_BOTTOM = 46


def frame_size(paper: str) -> tuple[float, float]:
    """The text column's width and height on a page of this paper ('A4' or 'Letter')."""
    w, h = PAGE_SIZES.get(paper, PAGE_SIZES["A4"])
    return w - 2 * MARGIN_X, h - MARGIN_TOP - MARGIN_BOTTOM


@dataclass(frozen=True)
class Status:
    """How one RAG status is printed."""

    word: str
    shape: str
    fill: colors.Color
    ink: colors.Color
    strong: colors.Color  # solid colour for chart marks


STATUSES = {
    "green": Status("GREEN", "●", colors.HexColor("#DCEFE2"), colors.HexColor("#17603A"), colors.HexColor("#2E8B57")),
    "amber": Status("AMBER", "▲", colors.HexColor("#FCEBC0"), colors.HexColor("#7A4E00"), colors.HexColor("#D99A1E")),
    "red": Status("RED", "■", colors.HexColor("#F6D5D2"), colors.HexColor("#9B1C1C"), colors.HexColor("#C0392B")),
    None: Status("no data", "—", colors.HexColor("#EEF0F3"), colors.HexColor("#667085"), colors.HexColor("#98A2B3")),
}


def hexcolor(color: colors.Color) -> str:
    """'#667085', for colours inside Paragraph markup."""
    return "#" + color.hexval()[2:].upper()


def status(key: str | None) -> Status:
    """The print style of a status ('green', 'amber', 'red' or None for no data)."""
    return STATUSES.get(key, STATUSES[None])


def _style(name: str, size: float, leading: float | None = None, bold: bool = False, color=INK, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        leading=leading or size * 1.3,
        textColor=color,
        splitLongWords=1,
        **kw,
    )


class Styles:
    """Paragraph styles, created after the fonts are registered."""

    def __init__(self) -> None:
        fonts.register()
        self.title = _style("title", 20, 24, bold=True, color=NAVY)
        self.subtitle = _style("subtitle", 10, 13, color=MUTED)
        self.seam_title = _style("seam_title", 15, 18, bold=True, color=NAVY)
        self.h2 = _style("h2", 11.5, 14, bold=True, color=NAVY, spaceBefore=12, spaceAfter=5)
        self.body = _style("body", 9, 12)
        self.small = _style("small", 7.5, 9.6, color=MUTED)
        self.note = _style("note", 8, 10.5, color=MUTED)
        self.lead = _style("lead", 10.5, 14, bold=True, color=NAVY)
        self.cell = _style("cell", 8, 10.2)
        self.cell_bold = _style("cell_bold", 8, 10.2, bold=True)
        self.cell_right = _style("cell_right", 8, 10.2, alignment=TA_RIGHT)
        self.cell_bold_right = _style("cell_bold_right", 8, 10.2, bold=True, alignment=TA_RIGHT)
        self.cell_muted = _style("cell_muted", 7, 8.8, color=MUTED)
        self.cell_muted_right = _style("cell_muted_right", 7, 8.8, color=MUTED, alignment=TA_RIGHT)
        self.head = _style("head", 6.6, 8.4, bold=True, color=MUTED)
        self.head_right = _style("head_right", 6.6, 8.4, bold=True, color=MUTED, alignment=TA_RIGHT)
        self.kpi_value = _style("kpi_value", 17, 20, bold=True, color=NAVY, alignment=TA_LEFT)
        self.kpi_label = _style("kpi_label", 7, 9, color=MUTED)
        self.empty = _style("empty", 8.5, 11, color=MUTED)
        self.cell_link = _style("cell_link", 8, 10.2, bold=True, color=NAVY)
        self.more = _style("more", 7.5, 9.6, color=NAVY)
        self.quote = _style("quote", 8.5, 11.5, color=INK)
        self.h2_brief = _style("h2_brief", 11.5, 14, bold=True, color=NAVY, spaceBefore=8, spaceAfter=4)
        self.title_brief = _style("title_brief", 18, 21, bold=True, color=NAVY)
        self.kpi_value_small = _style("kpi_value_small", 15, 17.5, bold=True, color=NAVY, alignment=TA_LEFT)
        self.lead_small = _style("lead_small", 9.5, 12.5, color=NAVY)
        self.cell_note = _style("cell_note", 7.5, 9.4, color=MUTED)
        self.note_alert = _style("note_alert", 7.5, 9.6, bold=True, color=WORSE, spaceBefore=2)
        self.h3 = _style("h3", 9.5, 11.5, bold=True, color=NAVY, spaceBefore=4.5, spaceAfter=2)

        self._chips: dict[tuple, ParagraphStyle] = {}

    def chip(self, key: str | None, size: float = 7) -> ParagraphStyle:
        """A bold style in the status's ink colour."""
        if (key, size) not in self._chips:
            self._chips[(key, size)] = _style(f"chip-{key}-{size}", size, size * 1.25, bold=True, color=status(key).ink)
        return self._chips[(key, size)]
