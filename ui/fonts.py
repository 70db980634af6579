"""The PDFs' bundled fonts, lent to the window: a Korean, Chinese or Greek name shows as in the PDF, never as □□□.

The window draws with the system's font. Where that font (and the system's own fallbacks) has no
glyph for a character — a computer without Korean fonts reading 김민준 — Qt tries the families
after the first in the application font's list: the fonts the PDFs embed (reports/fonts), in the
PDF's order, so a name is drawn in the window as it is printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

FONT_DIR = Path(__file__).resolve().parents[1] / "reports" / "fonts"
BUNDLED = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NanumGothic.ttf", "DroidSansFallbackFull.ttf")


def add_fallbacks(app: QApplication) -> list[str]:
    """Register the bundled fonts and put them behind the application font; the families added."""
    families: list[str] = []
    for file in BUNDLED:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / file))
        for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []:
            if family not in families:
                families.append(family)
    font = app.font()
    first = font.families()[:1] or [font.family()]
    chain = first + [f for f in families if f not in first]
    if font.families() != chain:
        font.setFamilies(chain)
        app.setFont(font)
    return families
