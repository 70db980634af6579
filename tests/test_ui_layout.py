"""The window on small, scaled and foreign screens: it stays on the screen, names elide, columns fit, Korean
shows, the preview turns whole pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor

from tec_desktop.metrics import formats
from tec_desktop.metrics.compute import compute_month
from tec_desktop.workbook.reader import read_workbook
from ui.main_window import SCORECARDS, SEAMS
from ui.metrics_model import CHANGE_COLUMN

from builder import rows_copy, write_workbook
from ui_helpers import JOB, open_and_wait

TESTS = Path(__file__).resolve().parent
LONG_NAME = (
    "Customer onboarding handoff between regional sales engineering and the central platform provisioning "
    "team for enterprise accounts with custom SSO"
)[:150].ljust(150, "x")


def long_named(path: Path) -> Path:
    rows = rows_copy()
    rows["Seams"][0]["Seam name"] = LONG_NAME
    return write_workbook(path, rows)


def korean(path: Path) -> Path:
    rows = rows_copy()
    for sheet in rows.values():
        for row in sheet:
            for key, value in list(row.items()):
                if value == "Zoë Ødegård":
                    row[key] = "김민준"
    return write_workbook(path, rows)


def inside(rect: QRect | list[int], area: QRect | list[int]) -> bool:
    r = rect if isinstance(rect, QRect) else QRect(*rect)
    a = area if isinstance(area, QRect) else QRect(*area)
    return a.contains(r)


def probe(tmp_path: Path, *args: str, **env: str) -> dict:
    """tests/window_probe.py in a process of its own, with these environment variables."""
    run = subprocess.run(
        [sys.executable, str(TESTS / "window_probe.py"), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def screen_config(tmp_path: Path, width: int, height: int) -> str:
    """The offscreen platform with one screen of this size (in device pixels)."""
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    return f"offscreen:configfile={config}"


def test_a_150_character_seam_name_elides_and_the_window_stays_on_the_screen(qtbot, window, tmp_path):
    area = window.screen().availableGeometry()
    open_and_wait(qtbot, window, long_named(tmp_path / "long.xlsx"))
    window.show_view(SEAMS)
    assert window.seams.select_seam("S-01")
    qtbot.wait(50)
    assert inside(window.frameGeometry(), area), (window.frameGeometry(), area)
    assert window.minimumSizeHint().width() <= area.width()
    title = window.seams.detail_title
    assert title.text().endswith("…") and title.toolTip() == f"S-01  ·  {LONG_NAME}"
    assert title.full_text() == title.toolTip()
    # the next workbook does not make it grow either
    open_and_wait(qtbot, window, long_named(tmp_path / "long again.xlsx"))
    window.show_view(SEAMS)
    qtbot.wait(50)
    assert inside(window.frameGeometry(), area)


def test_the_first_window_fits_a_small_screen_at_twice_the_scale(tmp_path):
    """QT_SCALE_FACTOR=2 on a 1600×1000 screen: 800×500 to lay the window out in, every view included."""
    seen = probe(
        tmp_path,
        str(long_named(tmp_path / "long.xlsx")),
        QT_SCALE_FACTOR="2",
        QT_QPA_PLATFORM=screen_config(tmp_path, 1600, 1000),
    )
    assert seen["screen"] == [0, 0, 800, 500]
    for view, frame in seen["views"].items():
        assert inside(frame, seen["screen"]), (view, frame)
    assert seen["minimum"][0] <= 800 and seen["minimum"][1] <= 500


def test_a_saved_size_larger_than_the_screen_is_brought_back_onto_it(qtbot, qapp, tmp_path):
    from ui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.store.set_geometry(first.saveGeometry())  # a valid record, then made too large for this screen
    first.setGeometry(-300, -200, 2600, 1700)
    first.store.set_geometry(first.saveGeometry())
    first.store.sync()
    first.engine.shutdown()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    qtbot.wait(50)
    assert inside(second.frameGeometry(), second.screen().availableGeometry())
    second.close()


def test_seams_columns_show_their_headers_and_values_whole(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)
    window.resize(1400, 800)
    window.show_view(SEAMS)
    table, header = window.seams.table, window.seams.table.horizontalHeader()
    heads = header.fontMetrics()
    for col in range(4, window.seams.model.columnCount()):
        label = window.seams.model.headerData(col, Qt.Horizontal)
        text_width = max(heads.horizontalAdvance(line) for line in label.split("\n"))
        assert header.sectionSize(col) >= text_width + 6, label  # the section's padding is 3 pixels a side
        assert header.sectionSize(col) >= table.sizeHintForColumn(col), label  # every value whole, icon included


def test_changes_since_last_month_are_coloured_better_or_worse(qtbot, window, sample_copy):
    result = open_and_wait(qtbot, window, sample_copy)
    book = read_workbook(sample_copy)
    metrics = compute_month(book, result.month)
    window.show_view(SEAMS)
    seen = set()
    for seam in metrics.seams:
        assert window.seams.select_seam(seam.seam_id)
        model = window.seams.metrics_model
        for row in range(model.rowCount()):
            key = window.seams.selected_seam().metrics[row].key
            history = metrics.trend[seam.seam_id][key]
            text, sense = formats.change(key, history[-1], history[-2])
            colour = model.index(row, CHANGE_COLUMN).data(Qt.ForegroundRole)
            if sense:
                assert QColor(colour) == QColor("#1E6B3A" if sense > 0 else "#9B1C1C"), (seam.seam_id, key, text)
                assert ("better" if sense > 0 else "worse") in model.index(row, CHANGE_COLUMN).data(Qt.ToolTipRole)
                seen.add(sense)
            else:
                assert colour is None, (seam.seam_id, key, text)
    assert seen == {1, -1}  # the sample has both


def test_korean_names_show_without_korean_fonts_installed(tmp_path):
    """A font configuration with DejaVu only (no CJK font on the computer): the PDFs' fonts fill in."""
    dejavu = next((d for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu") if Path(d).is_dir()), "")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{dejavu or TESTS}</dir>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    seen = probe(tmp_path, str(korean(tmp_path / "korean.xlsx")), "--text", "김민준 王芳", FONTCONFIG_FILE=str(conf))
    assert seen["missing_glyphs"] == {"window": 0, "page title": 0, "table": 0, "header": 0}


def test_whole_page_turns_one_page_at_a_time_and_counts_the_page_shown(qtbot, window, sample_copy):
    open_and_wait(qtbot, window, sample_copy)
    with qtbot.waitSignal(window.scorecards_finished, timeout=JOB) as blocker:
        window.outputs.generate_scorecards()
    pages = len(PdfReader(blocker.args[0][0]).pages)
    assert window.views.currentIndex() == SCORECARDS and pages >= 5
    preview = window.scorecards.preview
    preview.zoom.setCurrentIndex(preview.zoom.findData("page"))
    view = preview.pdf_view
    view.setFocus()
    for n in range(2, 6):
        qtbot.keyClick(view, Qt.Key_PageDown)
        assert preview.page() == n - 1 and preview.page_text() == f"Page {n} of {pages}"
        assert view.verticalScrollBar().maximum() == 0 or not view.verticalScrollBar().isVisible()  # one page
    qtbot.keyClick(view, Qt.Key_PageUp)
    assert preview.page_text() == f"Page 4 of {pages}"
    qtbot.keyClick(view, Qt.Key_End)
    assert preview.page_text() == f"Page {pages} of {pages}"
    # back to Fit width: the same page, now scrolled to
    preview.zoom.setCurrentIndex(preview.zoom.findData("width"))
    assert preview.page() == pages - 1
