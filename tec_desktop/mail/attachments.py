"""Write the month's scorecards for mailing and say which PDF goes to whom."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.findings import Finding
from tec_desktop.metrics.compute import compute_month
from tec_desktop.scorecards.files import owner_files, scorecard_owners
from tec_desktop.scorecards.writing import Prepare, write_scorecards
from tec_desktop.workbook.model import Workbook


@dataclass(frozen=True)
class MailPdfs:
    """The pack, each owner's PDF by owner name (as on the scorecards), and the metrics they show."""

    pack: Path
    owner_pdfs: dict[str, Path]
    metrics: object  # metrics.MonthMetrics


def write_mail_pdfs(
    book: Workbook,
    month: str,
    out_dir: str | Path,
    *,
    findings: list[Finding] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    prepare: Prepare | None = None,
) -> MailPdfs:
    """Write the pack and one PDF per accountable owner into `out_dir` (scorecards.writing.write_scorecards).

    Raises TecError when the workbook has errors, Cancelled when cancelled.
    """
    metrics = compute_month(book, month)
    paths = write_scorecards(
        book,
        month,
        out_dir,
        per_owner=True,
        progress=progress,
        should_cancel=should_cancel,
        findings=findings,
        prepare=prepare,
    )
    return match_pdfs(book, metrics, paths)


def match_pdfs(book: Workbook, metrics, paths: list[Path]) -> MailPdfs:
    """Which of write_scorecards' files (pack first) belongs to which owner.

    For PDFs already written (the desktop app's last run). Owners without a file get none; a file
    that matches no owner is a TecError, since a PDF sent to the wrong owner cannot be called back.
    """
    paths = [Path(p) for p in paths]
    names = owner_files(book, metrics.month, scorecard_owners(metrics))
    by_name = {p.name: p for p in paths[1:]}
    strays = sorted(set(by_name) - set(names.values()))
    if not paths or strays:
        raise TecError("scorecards-unmatched", files=", ".join(strays) or "no files")
    return MailPdfs(paths[0], {o: by_name[n] for o, n in names.items() if n in by_name}, metrics)
