"""Render the application icon (ui/icons/app.svg) to PNG, ICO and ICNS for the bundle and the .desktop entry."""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]


def render(size: int) -> QImage:
    """The icon at size x size pixels."""
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "ui" / "icons" / "app.svg")).render(painter)
    painter.end()
    return image


def main(out: Path) -> None:
    """Write tec-desktop.png (256 px), .ico and .icns into `out`."""
    app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])  # noqa: F841
    out.mkdir(parents=True, exist_ok=True)
    image = render(256)
    for suffix in ("png", "ico", "icns"):
        if not image.save(str(out / f"tec-desktop.{suffix}")):
            raise SystemExit(f"could not write tec-desktop.{suffix}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons")
