"""`tec-desktop [WORKBOOK]`: start the application.

The window is shown before anything heavy is imported or read: pandas, calamine and ReportLab live
in the engine process (ui/engine/process.py), which starts in the background. Any exception that
escapes a slot or a thread is written to the crash log and shown with Copy details; the app keeps
running.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui.engine.requests import DescribeEngine
from ui.engine.results import EngineFacts, LoadResult

if TYPE_CHECKING:
    from ui.main_window import MainWindow

APP_NAME = "TEC Desktop"
ORG_NAME = "TEC"
QT_PACKAGES = ("PySide6", "shiboken6")  # what the engine process must never import


class CrashReporter(QObject):
    """Receives unexpected exceptions from any thread and shows them in the GUI thread, one at a time."""

    report = Signal(str, str, str)  # summary, details, log path

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.dialog = None
        self.count = 0

    def handle(self, exc_type, exc, tb) -> None:
        """sys.excepthook: log, then ask the GUI thread to show it."""
        import traceback

        from tec_desktop.crashlog import write_crash_log

        if exc is None:
            exc = exc_type()
        if tb is not None and exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        try:
            log = str(write_crash_log(exc))
        except OSError:
            log = ""
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.count += 1
        self.report.emit(f"{exc_type.__name__}: {exc}", details, log)

    def _show(self, summary: str, details: str, log: str) -> None:
        from ui.error_dialog import show_bug

        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; every occurrence is in the log
        parent = QApplication.activeWindow()
        self.dialog = show_bug(parent, summary, details, log)


def install_exception_hooks(app: QApplication) -> CrashReporter:
    """Route uncaught exceptions (GUI thread and other threads) to the crash log and a dialog."""
    reporter = CrashReporter(app)

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        try:
            reporter.handle(exc_type, exc, tb)
        except Exception:  # the hook itself must never take the app down
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value, args.exc_traceback)
    app.setProperty("crashReporter", reporter)
    return reporter


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line: an optional workbook to open."""
    from tec_desktop import __version__

    parser = argparse.ArgumentParser(prog="tec-desktop", description="TEC Desktop: monthly seam scorecards.")
    parser.add_argument("workbook", nargs="?", help="the workbook (.xlsx) to open")
    parser.add_argument("--version", action="version", version=f"tec-desktop {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the workbook (default: the bundled sample), wait for its check, print the "
        "counts and that the engine process runs without Qt, and quit: 0 when it checked clean, "
        "1 with errors, 2 when it could not (or the engine loaded Qt)",
    )
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with our names, look and exception hooks (reused if one exists)."""
    from tec_desktop import __version__
    from ui import theme

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName("tec-desktop")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    theme.apply(app)
    app.setWindowIcon(theme.icon("app"))
    install_exception_hooks(app)
    return app


def build(argv: list[str]) -> tuple[QApplication, MainWindow]:
    """Create the application and show the main window; the workbook opens once the window is up."""
    args = parse_args(argv)
    app = create_application(argv)
    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if args.workbook:
        QTimer.singleShot(0, lambda: window.open_path(args.workbook))
    else:
        QTimer.singleShot(0, window.show_start)
    return app, window


def _arm_self_test(app: QApplication, window: MainWindow, argv: list[str]) -> None:
    """--self-test: once the workbook is checked (or after a minute), print what was seen and quit.

    It also asks the engine process what it has imported: an engine that loaded Qt (a launcher that
    imports the window at its top, see ui/launcher.py) fails the self-test.
    """
    args = parse_args(argv)
    if not args.self_test:
        return
    if not args.workbook:
        import workbook_templates

        sample = Path(workbook_templates.__file__).resolve().parent / "sample.xlsx"
        QTimer.singleShot(0, lambda: window.open_path(sample))

    def done(result: LoadResult) -> None:
        seams = len(result.month_view.seams) if result.month_view is not None else 0
        errors = result.count("error")
        print(
            f"tec-desktop self-test: {result.name} checked, {errors} errors, "
            f"{result.count('warning')} warnings, {seams} seams for {result.month}",
            flush=True,
        )
        reply = window.engine.request(DescribeEngine())
        reply.finished.connect(lambda facts: engine_seen(facts, 1 if errors else 0))
        reply.failed.connect(lambda failure: say(f"the engine did not answer: {failure.message}", 2))

    def engine_seen(facts: EngineFacts, code: int) -> None:
        qt = [p for p in facts.packages if p in QT_PACKAGES]
        if qt:
            say(f"the engine process {facts.pid} loaded {', '.join(qt)}; it must not", 2)
        else:
            say(f"the engine process {facts.pid} runs without Qt", code)

    def say(text: str, code: int) -> None:
        print(f"tec-desktop self-test: {text}", flush=True)
        app.exit(code)

    window.result_shown.connect(done)
    QTimer.singleShot(60_000, lambda: (print("tec-desktop self-test: no result within 60 s", flush=True), app.exit(2)))


def main(argv: list[str] | None = None) -> int:
    """Run the application until its window closes (started by ui.launcher, which keeps Qt out of the engine)."""
    argv = list(sys.argv if argv is None else argv)
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in a terminal closes the app
    app, window = build(argv)
    _arm_self_test(app, window, argv)
    code = app.exec()
    window.engine.shutdown()
    return code
