"""Take the README's screenshots: `xvfb-run -a .venv/bin/python -m ui.screenshots docs/`.

Opens the real window on the bundled sample and saves QWidget.grab() PNGs of every view, plus the
Checks view on a copy of the sample with a few typical mistakes typed in. Settings, logs and PDFs go
to a temporary folder; nothing of the user's is touched. The engine uses a keyring in its own memory
(tec_desktop.mail.passwords.MemoryKeyring), so the Email window looks as on a computer with a system keyring, whatever
this one has, and no real keyring is read.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook_templates" / "sample.xlsx"
SIZE = (1440, 900)


def wait(app, predicate, timeout: float = 90.0) -> None:
    """Run the event loop until predicate() is true."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout
    while not predicate():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")


def settle(app, seconds: float = 0.4) -> None:
    """Let layouts, icons and the PDF preview finish painting."""
    end = time.monotonic() + seconds
    wait(app, lambda: time.monotonic() > end)


def with_mistakes(src: Path, dst: Path) -> Path:
    """A copy of the sample with mistakes an operations person really makes."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.load_workbook(src)

    def col(ws, header):
        for cell in ws[1]:
            if str(cell.value).strip().casefold() == header.casefold():
                return cell.column_letter
        raise KeyError(header)

    ho = wb["Handoffs"]
    ho[f"{col(ho, 'Started')}6"] = ho[f"{col(ho, 'Submitted')}6"].value - dt.timedelta(days=2)
    ho[f"{col(ho, 'Completed')}9"] = "next Tuesday"
    ho[f"{col(ho, 'Seam ID')}12"] = "S-99"
    mi = wb["Misses"]
    mi[f"{col(mi, 'Type')}4"] = "Late"
    ac = wb["Actions"]
    ac[f"{col(ac, 'Owner')}3"] = "Jon Smith"
    wb.save(dst)
    return dst


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "docs").resolve()
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="tec-shots-"))
    os.environ["TEC_DATA_DIR"] = str(scratch / "data")
    os.environ["HOME"] = str(scratch / "home")  # the header then shows ~/Documents/…, as on a user's machine
    os.environ["PYTHON_KEYRING_BACKEND"] = "tec_desktop.mail.passwords.MemoryKeyring"  # the engine process imports it
    os.environ.pop("TEC_SMTP_PASSWORD", None)
    from PySide6.QtCore import QItemSelectionModel

    from ui.app import create_application
    from ui.engine.results import LoadResult
    from ui.main_window import CHECKS, SEAMS, MainWindow

    app = create_application(["tec-desktop"])
    window = MainWindow()
    window.store.set_output_folder(scratch / "home" / "Documents" / "TEC Scorecards")
    window.resize(*SIZE)
    window.show()
    shown: list[LoadResult] = []
    window.result_shown.connect(shown.append)

    def snap(name: str) -> None:
        settle(app)
        path = out / f"screenshot-{name}.png"
        window.grab().save(str(path))
        print(path)

    settle(app, 1.0)
    snap("start")
    work = scratch / "home" / "Documents" / "Seam reviews"
    work.mkdir(parents=True)
    sample = work / "sample.xlsx"
    shutil.copy(SAMPLE, sample)
    window.open_path(sample)
    wait(app, lambda: shown)
    window.show_view(CHECKS)
    snap("checks")
    window.show_view(SEAMS)
    snap("seams")
    done: list[object] = []
    window.scorecards_finished.connect(done.append)
    window.outputs.generate_scorecards()
    wait(app, lambda: done)
    settle(app, 1.0)
    snap("scorecards")

    window.store.set_smtp(
        host="smtp.northwind.example",
        port=587,
        security="starttls",
        user="ops@northwind.example",
        sender="Operations <ops@northwind.example>",
    )
    window.email_scorecards()
    dialog = window.email_dialog
    assert dialog is not None
    wait(app, lambda: dialog.preview is not None and dialog.password_line.edit.isVisible())
    dialog.resize(1440, 860)  # its own size on a screen 1530 pixels wide or more
    dialog.password_line.edit.setText("not-a-real-password")  # typed: Send is ready
    owner = next(r for r in range(dialog.model.rowCount()) if dialog.model.message(r).kind == "owner")
    dialog.table.selectRow(owner)  # the preview pane shows an owner's message
    settle(app, 0.6)
    dialog.grab().save(str(out / "screenshot-email.png"))
    print(out / "screenshot-email.png")
    dialog.reject()

    broken = with_mistakes(SAMPLE, work / "October seams.xlsx")
    shown.clear()
    window.open_path(broken)
    wait(app, lambda: shown)
    window.show_view(CHECKS)
    table = window.checks.table
    for row in range(table.model().rowCount()):
        if "before" in table.model().index(row, 3).data():
            table.selectionModel().setCurrentIndex(
                table.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            break
    wait(app, lambda: window.checks.row_model.rowCount() > 0)
    snap("checks-errors")
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
