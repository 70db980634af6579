"""The look of TEC Desktop: one palette, status colours, icons and a small style sheet.

Status is never shown by colour alone: every status has a shape (icon) and a word, so the views
read the same for colour-blind users and on a grey-scale printout of a screenshot.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ICON_DIR = Path(__file__).resolve().parent / "icons"
ICON_URL = ICON_DIR.as_posix()  # for url(...) in the style sheet

INK = "#1F2933"
INK_SOFT = "#52606D"
INK_FAINT = "#7B8794"
LINE = "#D5DBE3"
WINDOW = "#F4F6F8"
SURFACE = "#FFFFFF"
SURFACE_ALT = "#F8F9FB"
SIDEBAR = "#E9EDF2"
ACCENT = "#1F5FA8"
ACCENT_DARK = "#174A84"
FOCUS = "#1F5FA8"  # the ring around the control that has the keyboard focus
FOCUS_ON_ACCENT = "#0B1F3A"  # the same on a blue (primary) button

# name -> (strong colour for text and icons, pale tint for cell backgrounds)
STATUS_COLOURS = {
    "red": ("#B3261E", "#FBE3E1"),
    "amber": ("#8A5300", "#FDF0D2"),
    "green": ("#23672A", "#E3F1E4"),
    None: (INK_FAINT, SURFACE),
}
SEVERITY_COLOURS = {
    "error": ("#B3261E", "#FBE3E1"),
    "warning": ("#8A5300", "#FDF0D2"),
    "info": ("#1E5BA0", "#E4EEF9"),
}
CHANGE_COLOURS = {1: "#1E6B3A", -1: "#9B1C1C"}  # better / worse than last month: the PDF's colours
CHANGE_WORDS = {1: "better", -1: "worse"}
STATUS_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", None: "No data"}
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}
SEVERITY_PLURALS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}
STATUS_RANK = {"red": 0, "amber": 1, "green": 2, None: 3}  # worst first when sorted ascending

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolBar#sidebar {{ background: {SIDEBAR}; border: none; border-right: 1px solid {LINE}; padding: 10px 6px;
    spacing: 4px; }}
QToolBar#sidebar QToolButton {{ color: {INK}; padding: 10px 6px; border-radius: 6px; min-width: 84px; }}
QToolBar#sidebar QToolButton:hover {{ background: #DCE2EA; }}
QToolBar#sidebar QToolButton:checked {{ background: {SURFACE}; color: {ACCENT_DARK}; font-weight: 600;
    border-left: 3px solid {ACCENT}; }}
QToolBar#sidebar QToolButton:disabled {{ color: {INK_FAINT}; }}
QFrame#header {{ background: {SURFACE}; border-bottom: 1px solid {LINE}; }}
QLabel#fileTitle {{ font-size: 15pt; font-weight: 600; color: {INK}; }}
QLabel#subtle, QLabel#fileMeta {{ color: {INK_SOFT}; }}
QLabel#pageTitle {{ font-size: 13pt; font-weight: 600; color: {INK}; }}
QLabel#welcomeTitle {{ font-size: 20pt; font-weight: 600; color: {INK}; }}
QLabel#welcomeText {{ font-size: 11pt; color: {INK_SOFT}; }}
QLabel#emptyState {{ color: {INK_SOFT}; font-size: 11pt; padding: 24px; }}
QFrame#card {{ background: {SURFACE}; border: 1px solid {LINE}; border-radius: 8px; }}
QFrame#banner {{ background: #FDF0D2; border: 1px solid #E8C77A; border-radius: 6px; }}
QFrame#banner[kind="error"] {{ background: #FBE3E1; border-color: #E6A7A2; }}
QFrame#banner[kind="ok"] {{ background: #E3F1E4; border-color: #A9CFAC; }}
QFrame#banner[kind="info"] {{ background: #E4EEF9; border-color: #A8C4E6; }}
QPushButton {{ padding: 4px 13px; min-height: 22px; border: 1px solid #B3BECB; border-radius: 5px;
    background: #FBFCFD; color: {INK}; }}
QPushButton:hover {{ background: #EEF2F7; }}
QPushButton:pressed, QPushButton:checked {{ background: #DFE6EF; }}
QPushButton:disabled {{ color: {INK_FAINT}; background: #F1F3F6; border-color: #D5DBE3; }}
QPushButton:focus {{ border: 2px solid {FOCUS}; padding: 3px 12px; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK}; border-radius: 5px;
    font-weight: 600; padding: 8px 18px; }}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#primary:focus {{ border: 3px solid {FOCUS_ON_ACCENT}; padding: 6px 16px; }}
QPushButton#primary:disabled {{ background: #A7B6C8; border-color: #A7B6C8; color: #F4F6F8; }}
QPushButton#link {{ border: none; color: {ACCENT}; text-align: left; padding: 3px 2px; background: transparent; }}
QPushButton#link:hover, QPushButton#link:focus {{ text-decoration: underline; }}
QToolButton#chip {{ padding: 4px 10px; border: 1px solid {LINE}; border-radius: 13px; background: {SURFACE}; }}
QToolButton#chip:checked {{ background: #DCE8F6; border-color: #8DB0DA; }}
QToolButton#chip:focus {{ border: 2px solid {FOCUS}; padding: 3px 9px; }}
QToolButton:focus {{ border: 2px solid {FOCUS}; border-radius: 4px; }}
QComboBox {{ border: 1px solid #B3BECB; border-radius: 4px; padding: 3px 24px 3px 8px; background: {SURFACE};
    min-height: 20px; }}
QComboBox:hover {{ border-color: #8D9AAA; }}
QComboBox:focus {{ border: 2px solid {FOCUS}; padding: 2px 23px 2px 7px; }}
QComboBox:disabled {{ color: {INK_FAINT}; background: #F1F3F6; border-color: #D5DBE3; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 20px; border: none; }}
QComboBox::down-arrow {{ image: url({ICON_URL}/chevron-down.svg); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{ border: 1px solid #B3BECB; selection-background-color: #CFE0F5;
    selection-color: {INK}; background: {SURFACE}; }}
QTableView {{ background: {SURFACE}; alternate-background-color: {SURFACE_ALT}; gridline-color: #E6EAF0;
    selection-background-color: #CFE0F5; selection-color: {INK}; border: 1px solid {LINE}; }}
QTableView:focus, QListView:focus, QTextBrowser:focus, QPdfView:focus {{ border: 2px solid {FOCUS}; }}
QTableView:focus {{ selection-background-color: #B5D0F0; }}
QCheckBox:focus {{ background: #DCE8F6; border-radius: 4px; }}
QHeaderView::section {{ background: #EEF1F5; color: {INK}; padding: 5px 6px; border: none;
    border-right: 1px solid {LINE}; border-bottom: 1px solid {LINE}; font-weight: 600; }}
QTableView#seamsTable QHeaderView::section {{ font-weight: normal; padding: 4px 3px; }}
QTabWidget::pane {{ border: 1px solid {LINE}; background: {SURFACE}; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {LINE}; }}
QStatusBar QLabel {{ padding: 0 8px; color: {INK_SOFT}; }}
"""


def apply(app: QApplication) -> None:
    """Fusion with a calm light palette, whatever the desktop's theme, so every screen looks the same."""
    app.setStyle(QStyleFactory.create("Fusion"))
    pal = QPalette()
    colours = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: INK,
        QPalette.ColorRole.Base: SURFACE,
        QPalette.ColorRole.AlternateBase: SURFACE_ALT,
        QPalette.ColorRole.ToolTipBase: "#FFFFF4",
        QPalette.ColorRole.ToolTipText: INK,
        QPalette.ColorRole.PlaceholderText: INK_FAINT,
        QPalette.ColorRole.Text: INK,
        QPalette.ColorRole.Button: "#F9FAFB",
        QPalette.ColorRole.ButtonText: INK,
        QPalette.ColorRole.BrightText: "#FFFFFF",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Light: "#FFFFFF",
        QPalette.ColorRole.Midlight: "#E4E7EB",
        QPalette.ColorRole.Mid: "#C3CAD3",
        QPalette.ColorRole.Dark: "#9AA5B1",
        QPalette.ColorRole.Shadow: "#7B8794",
    }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(INK_FAINT))
    app.setPalette(pal)
    font = app.font()
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    app.setFont(font)
    from ui.fonts import add_fallbacks

    add_fallbacks(app)
    app.setStyleSheet(STYLE_SHEET)


@functools.cache
def icon(name: str) -> QIcon:
    """An icon from ui/icons by name (SVG, so it stays sharp at any scale)."""
    return QIcon(str(ICON_DIR / f"{name}.svg"))


def status_icon(status: str | None) -> QIcon:
    """Check mark, triangle or stop sign: the shape says the status as much as the colour."""
    return icon(f"status-{status or 'none'}")


def severity_icon(severity: str) -> QIcon:
    """The icon of an error, warning or note."""
    return icon(f"sev-{severity}")


def status_colour(status: str | None) -> QColor:
    """The strong colour of a status (for text)."""
    return QColor(STATUS_COLOURS.get(status, STATUS_COLOURS[None])[0])


def status_tint(status: str | None) -> QColor:
    """The pale background of a status (for cells)."""
    return QColor(STATUS_COLOURS.get(status, STATUS_COLOURS[None])[1])


def change_colour(sense: int) -> QColor | None:
    """Green for a change for the better, red for the worse, None for neither."""
    colour = CHANGE_COLOURS.get(sense)
    return QColor(colour) if colour else None


def severity_tint(severity: str) -> QColor:
    """The pale background of a severity."""
    return QColor(SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"])[1])


def plural(n: int, severity: str) -> str:
    """'1 error', '3 warnings', '0 notes'."""
    one, many = SEVERITY_PLURALS[severity]
    return f"{n} {one if n == 1 else many}"


def bold(font: QFont) -> QFont:
    """A bold copy of a font."""
    f = QFont(font)
    f.setBold(True)
    return f


ALIGN_NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
