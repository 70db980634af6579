"""Write the month's scorecards for mailing and say which PDF goes to whom.

The reports package (ReportLab) is imported only inside the function, as `tec report` does, so that
the mail core itself never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import TecError
from .findings import Finding
from .model import Workbook


@dataclass(frozen=True)
class MailPdfs:
    """The pack, each owner's PDF by owner name (as on the scorecards), and the metrics they show."""

    pack: Path
    owner_pdfs: dict[str, Path]
    metrics: object  # metrics.MonthMetrics


def write_mail_pdfs(book: Workbook, month: str, out_dir: str | Path, *, findings: list[Finding] | None = None,
                    progress: Callable[[int, int, str], None] | None = None,
                    should_cancel: Callable[[], bool] | None = None) -> MailPdfs:
    """Write the pack and one PDF per accountable owner into `out_dir` (reports.pack.write_scorecards).

    Raises TecError when the workbook has errors, Cancelled when cancelled.
    """
    from reports.pack import owner_files, write_scorecards

    from .metrics import compute_month

    metrics = compute_month(book, month)
    paths = write_scorecards(book, month, out_dir, per_owner=True, progress=progress,
                             should_cancel=should_cancel, findings=findings)
    # The same owners, in the same order, as write_scorecards names their files.
    owners = sorted({s.owner for s in metrics.seams if s.owner}, key=lambda o: (o.casefold(), o))
    names = owner_files(book, month, owners)
    by_name = {p.name: p for p in paths[1:]}
    if sorted(by_name) != sorted(names.values()):
        # Never guess: a PDF sent to the wrong owner cannot be called back.
        raise TecError("Internal error: cannot tell which scorecard belongs to which owner "
                       f"({', '.join(sorted(by_name))}). Nothing was sent.")
    return MailPdfs(paths[0], {owner: by_name[name] for owner, name in names.items()}, metrics)
