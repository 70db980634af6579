"""Keep the window on its screen: never larger than the screen's free area, never partly off it.

A size saved on a large monitor, a first size worked out before Qt knew the window's frame, or a
scale factor of 2 on a small laptop could each give a window taller or wider than the screen, with
the month picker and the status bar out of reach. Every view can shrink to a small screen (their
pages scroll, see ui/scroll_page.py), so the window can always be made to fit.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

FIRST_SIZE = (1440, 900)  # the first window's size on a large screen
FIRST_SHARE = (0.92, 0.9)  # of the screen's free area, on a smaller one
GUESSED_FRAME = (16, 40)  # title bar and borders, before the window system has told us


def available(window: QWidget) -> QRect:
    """The free area of the window's screen (without task bars and docks)."""
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, *FIRST_SIZE)


def first_geometry(window: QWidget) -> QRect:
    """The first window's place: up to 1440×900, centred in the screen's free area."""
    area = available(window)
    fw, fh = _frame(window)
    width = min(FIRST_SIZE[0], int(area.width() * FIRST_SHARE[0]), area.width() - fw)
    height = min(FIRST_SIZE[1], int(area.height() * FIRST_SHARE[1]), area.height() - fh)
    width, height = max(width, window.minimumWidth()), max(height, window.minimumHeight())
    return QRect(area.center().x() - width // 2, area.center().y() - height // 2, width, height)


def fit_to_screen(window: QWidget) -> bool:
    """Shrink and move `window` so that all of it, frame included, is in its screen's free area; True if moved."""
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return False
    area = available(window)
    fw, fh = _frame(window)
    geometry = window.geometry()
    width = max(min(geometry.width(), area.width() - fw), 1)
    height = max(min(geometry.height(), area.height() - fh), 1)
    changed = False
    if (width, height) != (geometry.width(), geometry.height()):
        window.resize(width, height)
        changed = True
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.x() + max(area.width() - frame.width(), 0))
    y = min(max(frame.y(), area.y()), area.y() + max(area.height() - frame.height(), 0))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
        changed = True
    return changed


def _frame(window: QWidget) -> tuple[int, int]:
    """How much wider and taller the frame makes the window (a guess until it is shown)."""
    frame, geometry = window.frameGeometry(), window.geometry()
    extra = (frame.width() - geometry.width(), frame.height() - geometry.height())
    return extra if window.isVisible() and extra != (0, 0) else GUESSED_FRAME
