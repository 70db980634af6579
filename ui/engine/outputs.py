"""The files the window asks for: the scorecard PDFs, the annotated copy, a new workbook from the template.

Each writes through the core (temporary name, then renamed into place) and answers the paths it wrote.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ui.engine.protocol import Job
from ui.engine.requests import WriteAnnotatedCopy, WriteScorecards, WriteTemplate
from ui.engine.results import Files
from ui.engine.state import EngineState


def write_scorecards(state: EngineState, request: WriteScorecards, job: Job) -> Files:
    """The pack and the per-owner PDFs, with progress; a cancel stops between files and leaves no half file."""
    from reports.pack import prepare
    from tec_desktop.errors import TecError
    from tec_desktop.scorecards.writing import write_scorecards as write

    book = state.book(request.book_id)
    if request.paper in ("A4", "Letter") and request.paper != book.settings.paper_size:
        book = dataclasses.replace(book, settings=dataclasses.replace(book.settings, paper_size=request.paper))
    out = Path(request.out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TecError("folder-not-created", form="output", folder=str(out), reason=exc.strerror or str(exc)) from None
    findings = state.findings(request.book_id, request.month)
    if findings is None and request.month == book.settings.reporting_month:
        findings = state.findings(request.book_id, None)
    paths = write(
        book,
        request.month,
        out,
        per_owner=request.per_owner,
        progress=job.progress,
        should_cancel=job.cancelled,
        findings=findings,
        prepare=prepare,
    )
    return Files(tuple(str(p) for p in paths))


def write_annotated_copy(state: EngineState, request: WriteAnnotatedCopy, job: Job) -> Files:
    """A copy with every problem cell coloured and commented, never over the workbook itself."""
    from tec_desktop.errors import TecError
    from tec_desktop.workbook.annotate import write_annotated
    from tec_desktop.workbook.reader import file_sha256

    book = state.book(request.book_id)
    if Path(request.out_path).resolve() == Path(book.path).resolve():
        raise TecError("annotated-is-workbook", name=Path(request.out_path).name, stem=Path(book.path).stem)
    if file_sha256(book.path) != book.sha256:
        raise TecError("workbook-changed", workbook=book.name)
    findings = state.findings(request.book_id, request.month)
    if findings is None:
        from tec_desktop.checks.registry import run_checks

        findings = run_checks(book, request.month)
    job.progress(0, 1, f"Writing {Path(request.out_path).name}…")
    written = write_annotated(book.path, findings, request.out_path)
    return Files((str(written or request.out_path),))


def write_template(state: EngineState, request: WriteTemplate, job: Job) -> Files:
    """The shipped template (or sample) copied to `path`; built afresh when the shipped file is missing."""
    import workbook_templates
    from tec_desktop.files import atomic

    name = "sample.xlsx" if request.sample else "template.xlsx"
    shipped = Path(workbook_templates.__file__).resolve().parent / name
    if shipped.is_file():
        atomic.write_bytes(request.path, shipped.read_bytes())
    elif request.sample:
        from tec_desktop.workbook.sample import write_sample

        write_sample(request.path)
    else:
        from tec_desktop.workbook.template import write_template as write

        write(request.path)
    return Files((str(request.path),))
