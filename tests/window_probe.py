"""Start the real window in a process of its own and print, as JSON, what a user would see of it.

The tests run it with settings no in-process test can change once Qt has started: a scale factor
(QT_SCALE_FACTOR=2), a screen of a given size (the offscreen platform's configfile), or a font
configuration without the system's CJK fonts (FONTCONFIG_FILE):

    python tests/window_probe.py [WORKBOOK] [--text TEXT]

prints {"screen": [x, y, w, h], "views": {name: [x, y, w, h] of the window's frame}, "minimum": [w, h],
"missing_glyphs": {widget: count of characters of TEXT drawn as an empty box in that widget's font}}.
"""

from __future__ import annotations

import json
import sys
import time


def _rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def missing_glyphs(text: str, font) -> int:
    """How many characters of `text` have no glyph in `font` or any of its fallbacks (drawn as a box)."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("workbook", nargs="?")
    parser.add_argument("--text", default="")
    args = parser.parse_args(argv[1:])

    from PySide6.QtCore import QEventLoop

    from ui.app import create_application
    from ui.main_window import MainWindow

    app = create_application(["tec-desktop"])

    def wait(predicate, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not predicate() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    window = MainWindow()
    window.show()
    wait(lambda: False, 0.5)
    out: dict = {
        "screen": _rect(window.screen().availableGeometry()),
        "views": {"start": _rect(window.frameGeometry())},
    }
    if args.workbook:
        window.open_path(args.workbook)
        wait(lambda: window.result is not None, 90)
        for index, name in enumerate(("checks", "seams", "scorecards")):
            window.show_view(index)
            wait(lambda: False, 0.3)
            out["views"][name] = _rect(window.frameGeometry())
    hint = window.minimumSizeHint()
    out["minimum"] = [hint.width(), hint.height()]
    if args.text:
        widgets = {
            "window": window.font(),
            "page title": window.seams.title.font(),
            "table": window.seams.table.font(),
            "header": window.header.file_title.font(),
        }
        out["missing_glyphs"] = {name: missing_glyphs(args.text, font) for name, font in widgets.items()}
    window.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":  # the engine process imports this module again: it must not start a window
    sys.exit(main(sys.argv))
