"""The files the window writes: the scorecards, an annotated copy, a new workbook (blank or the sample).

Each asks for a name where one is needed, starts its request in the engine (one job of each kind at
a time, followed by the window's JobTracker) and says how it ended: the Scorecards view shows the
PDFs, an annotated copy gets a note with Open the copy, a new workbook is opened; a failure is one
plain dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui import theme
from ui.desktop_open import open_file, open_folder
from ui.engine.requests import WriteAnnotatedCopy, WriteScorecards, WriteTemplate
from ui.engine.results import Failure, Files, LoadResult
from ui.error_dialog import Action, show_bug, show_error
from ui.job_tracker import ANNOTATE_JOB, SCORECARDS_JOB, TEMPLATE_JOB, RunningJob
from ui.paths import shown
from ui.scorecards_folder import claim, destination
from ui.window_commands import SCORECARDS


def free_name(path: Path) -> Path:
    """`path`, or 'Seam workbook 2.xlsx', '… 3.xlsx' when it is taken: a proposal that replaces nothing."""
    candidate, n = path, 2
    while candidate.exists() and n < 1000:
        candidate, n = path.with_name(f"{path.stem} {n}{path.suffix}"), n + 1
    return candidate


def plain(rich: str) -> str:
    """A banner's rich text as a status bar line."""
    return rich.replace("<b>", "").replace("</b>", "")


if TYPE_CHECKING:
    from ui.main_window import MainWindow

XLSX_FILTER = "Excel workbook (*.xlsx)"
CHECK_OUT_OF_DATE = "check-out-of-date"
TITLES = {
    SCORECARDS_JOB: "Cannot write the scorecards",
    ANNOTATE_JOB: "Cannot save the annotated copy",
    TEMPLATE_JOB: "Cannot create the workbook",
}


class OutputJobs(QObject):
    """Starts the window's writing jobs and shows how they end."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.generated: tuple[str, str | None] | None = None  # (workbook sha256, month) the PDFs shown were made from
        window.jobs.changed.connect(self.update_commands)
        window.jobs.finished.connect(self._finished)
        window.jobs.failed.connect(self._failed)
        window.loads.failed.connect(lambda *_: self._stop_waiting())  # what waited for that check is not done

    # ------------------------------------------------------------------ scorecards
    def generate_scorecards(self) -> bool:
        """Write the pack and the per-owner PDFs; progress shows in the Scorecards view. False: not now."""
        w = self._window
        if w.result is not None and not w.loads.current() and not w.jobs.running(SCORECARDS_JOB):
            # The workbook is being checked (it was saved, or the engine was restarted): write from that check.
            w.show_view(SCORECARDS)
            w.scorecards.wait_for_check(w.result.name)
            w.statusBar().showMessage(f"The scorecards will be written as soon as {w.result.name} is checked…")
            w.loads.when_checked(self.generate_scorecards)
            self.update_commands()
            return True
        r, blocked = w.result, w.scorecards.blocking_reason()
        if r is None or r.month is None or blocked or w.jobs.running(SCORECARDS_JOB):
            if r is not None and blocked:
                w.show_view(SCORECARDS)  # where the reason is said, in full
                errors = r.count("error")
                why = f"{theme.plural(errors, 'error')} must be fixed first (see Checks)" if errors else plain(blocked)
                w.statusBar().showMessage(f"The scorecards cannot be made yet: {why}.", 10000)
            return False
        w.show_view(SCORECARDS)
        folder, paper, per_owner = self.destination(r), w.store.paper_size(), w.store.per_owner()
        w.scorecards.set_options(folder, paper, per_owner)
        claim(w.store, folder, r.path)
        reply = w.engine.request(WriteScorecards(r.book_id, r.month, str(folder), paper, per_owner))
        w.jobs.start(SCORECARDS_JOB, reply, made_from=(r.sha256, r.month))
        w.scorecards.follow(reply, (r.sha256, r.month))
        w.statusBar().showMessage("Writing the scorecards…")
        return True

    def cancel_scorecards(self) -> None:
        """Esc / Cancel: stop the generation after the file it is writing (or before it starts)."""
        w = self._window
        if w.loads.forget_waiting():
            self._stop_waiting()
            w.statusBar().showMessage("Generation cancelled.", 8000)
        if w.jobs.cancel(SCORECARDS_JOB):
            w.scorecards.cancelling()

    def _stop_waiting(self) -> None:
        self._window.scorecards.stop_waiting()
        self.update_commands()

    def destination(self, result: LoadResult | None = None) -> Path:
        """The folder the scorecards of the check shown go to (the output folder itself without one)."""
        w = self._window
        r, root = result or w.result, w.store.output_folder()
        if r is None or r.month is None:
            return root
        return destination(w.store, root, r.organization, r.path, r.month)

    def made_from(self, result: LoadResult) -> bool:
        """The PDFs shown were written from this very check (same file contents, same month)."""
        return self.generated == (result.sha256, result.month)

    def choose_output_folder(self) -> None:
        """Change… in the Scorecards view."""
        w = self._window
        folder = QFileDialog.getExistingDirectory(w, "Output folder for the scorecards", str(w.store.output_folder()))
        if folder:
            w.store.set_output_folder(folder)
            w.scorecards.set_options(self.destination(), w.store.paper_size(), w.store.per_owner())

    def open_output_folder(self) -> None:
        """The folder of the PDFs shown (or the output folder) in the file manager."""
        w = self._window
        folder = Path(w.scorecards.files[0]).parent if w.scorecards.files else self.destination()
        if not folder.is_dir() and w.store.output_folder().is_dir():
            folder = w.store.output_folder()  # this month's folder is made when its PDFs are
        if not folder.is_dir():
            show_error(
                w,
                "No scorecards yet",
                f"{folder} does not exist yet. Generate the scorecards first (Ctrl+G); the folder is created then.",
                warning=True,
            )
            return
        open_folder(w, folder)

    # ------------------------------------------------------------------ annotated copy
    def save_annotated_copy(self) -> None:
        """File > Save annotated copy…"""
        r = self._window.result
        if r is None:
            return
        src = Path(r.path)
        start = str(src.with_name(f"{src.stem} (annotated).xlsx"))
        path, _ = QFileDialog.getSaveFileName(self._window, "Save annotated copy", start, XLSX_FILTER)
        if path:
            self.write_annotated_copy(path)

    def write_annotated_copy(self, path: str | Path) -> bool:
        """Write the annotated copy to `path` (never over the workbook itself)."""
        w = self._window
        if w.result is None or w.jobs.running(ANNOTATE_JOB):
            return False
        if not w.loads.current():
            w.loads.when_checked(lambda: self.write_annotated_copy(path))
            w.statusBar().showMessage(f"The annotated copy will be saved as soon as {w.result.name} is checked…")
            return True
        p = Path(path)
        if p.suffix.lower() != ".xlsx":
            p = p.with_name(p.name + ".xlsx")
        if p.resolve() == Path(w.result.path).resolve():
            show_error(
                w,
                "Choose another name",
                "The annotated copy cannot replace the workbook itself: your "
                "workbook is never changed. Choose another file name.",
            )
            return False
        w.jobs.start(ANNOTATE_JOB, w.engine.request(WriteAnnotatedCopy(w.result.book_id, w.loads.month, str(p))))
        w.statusBar().showMessage(f"Saving {p.name}…")
        return True

    # ------------------------------------------------------------------ new workbooks
    def new_from_template(self) -> None:
        """File > New workbook from template…"""
        w = self._window
        start = str(free_name(Path(w.store.last_folder()) / "Seam workbook.xlsx"))
        path, _ = QFileDialog.getSaveFileName(w, "New workbook from template", start, XLSX_FILTER)
        if path:
            self.create_from_template(path)

    def create_from_template(self, path: str | Path) -> None:
        """Write the template to `path`, then open it."""
        w = self._window
        p = Path(path)
        if p.suffix.lower() != ".xlsx":
            p = p.with_name(p.name + ".xlsx")
        if w.loads.path is not None and p.resolve() == w.loads.path:
            show_error(w, "Choose another name", "That is the workbook open now; the template would replace it.")
        elif not w.jobs.running(TEMPLATE_JOB):
            w.jobs.start(TEMPLATE_JOB, w.engine.request(WriteTemplate(str(p))))

    def open_sample(self) -> None:
        """A copy of the sample in the data folder (so edits never touch the installed file), opened."""
        from tec_desktop.folders import data_dir

        w = self._window
        target = data_dir() / "Sample seam workbook.xlsx"
        if target.exists():
            w.open_path(target)
        elif not w.jobs.running(TEMPLATE_JOB):
            w.jobs.start(TEMPLATE_JOB, w.engine.request(WriteTemplate(str(target), sample=True)))

    # ------------------------------------------------------------------ how they end
    def update_commands(self) -> None:
        """Generate and Cancel generation follow the job and the check shown."""
        w = self._window
        writing = w.jobs.running(SCORECARDS_JOB)
        w.commands.cancel.setEnabled(writing or w.scorecards.waiting)
        # Enabled while errors block it, so that Ctrl+G says why rather than doing nothing.
        w.commands.generate.setEnabled(w.result is not None and not writing)

    def _finished(self, job: RunningJob, files: Files) -> None:
        w = self._window
        if job.kind == SCORECARDS_JOB:
            self.generated = job.made_from
            w.commands.email.setEnabled(bool(files.paths))
            folder = shown(Path(files.paths[0]).parent) if files.paths else ""
            w.statusBar().showMessage(f"{len(files.paths)} PDFs written to {folder}.", 10000)
            w.scorecards_finished.emit(files.paths)
        elif job.kind == ANNOTATE_JOB:
            self._annotated(Path(files.paths[0]))
        elif job.kind == TEMPLATE_JOB:
            w.open_path(files.paths[0])

    def _failed(self, job: RunningJob, failure: Failure) -> None:
        w = self._window
        if failure.kind != "crashed":  # a crash's status line says the workbook is being checked again: keep it
            w.statusBar().clearMessage()
        again = self._again(job)
        if failure.code == CHECK_OUT_OF_DATE and again is not None:
            # The engine no longer holds the workbook that was checked: check it again, then do the job.
            w.loads.set_stale()
            w.loads.when_checked(again)
            return
        if job.kind == SCORECARDS_JOB:
            if failure.kind == "cancelled":
                w.statusBar().showMessage("Generation cancelled.", 8000)
            w.scorecards_finished.emit(failure)
            if failure.kind == "crashed":
                return  # the Scorecards view says so, with what to do
        if failure.kind == "bug":
            show_bug(w, failure.message, failure.details, failure.log_path)
        elif failure.kind == "crashed" and again is not None:
            show_error(w, TITLES[job.kind], failure.message, warning=True, actions=(Action("Try again", again),))
        elif failure.kind != "cancelled":
            show_error(w, TITLES[job.kind], failure.message)

    def _again(self, job: RunningJob) -> Callable[[], object] | None:
        """The same job once more (after a crash, or once the workbook is checked again)."""
        request = job.reply.request
        if isinstance(request, WriteScorecards):
            return self.generate_scorecards
        if isinstance(request, WriteAnnotatedCopy):
            return lambda: self.write_annotated_copy(request.out_path)
        if isinstance(request, WriteTemplate) and not request.sample:
            return lambda: self.create_from_template(request.path)
        return None

    def _annotated(self, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Annotated copy saved",
            f"{path.name} was saved in {path.parent}.\n\nEvery problem cell is coloured and carries "
            "the message as a comment; the Issues sheet lists them all with links. Your workbook "
            "was not changed: fix the problems there.",
            QMessageBox.StandardButton.Close,
            self._window,
        )
        open_button = box.addButton("Open the copy", QMessageBox.ButtonRole.AcceptRole)
        open_button.clicked.connect(lambda: open_file(self._window, path))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self._window.statusBar().showMessage(f"Annotated copy saved: {path}", 10000)
