"""Which of the workbook's warnings belong to which seam, for the seam pages and the owners' PDFs."""

from __future__ import annotations

from collections.abc import Sequence

from tec_desktop.findings import WARNING, Finding
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook

# Warnings about the file rather than its data: true when it was read, not a fact about the month.
# An open Excel window (its lock file) must not print into the leadership pack nor change its bytes.
FILE_STATE_CODES = frozenset({"workbook-open"})


def warnings(findings: Sequence[Finding]) -> list[Finding]:
    """The warnings about the workbook's data among the findings, in their order."""
    return [f for f in findings if f.severity == WARNING and f.code not in FILE_STATE_CODES]


def warnings_by_seam(book: Workbook, findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Warnings grouped by the seam of the record they are about, keyed by the normalized Seam ID.

    The rule: a warning belongs to a seam when its sheet has a Seam ID column and the warning's row
    carries that Seam ID (compared ignoring case and spaces); a Seams row belongs to its own seam.
    Warnings about People, Settings or Holidays rows belong to no seam (they are on the pack's appendix).
    Only the rows that have a warning are looked up: a 100k-row Handoffs sheet is not walked.
    """
    found = warnings(findings)
    wanted: dict[str, set[int]] = {}
    for f in found:
        wanted.setdefault(f.sheet, set()).add(f.row)
    lookup: dict[tuple[str, int], str] = {}
    for name, rows in wanted.items():
        table = book.tables.get(name)
        if table is None or "seam_id" not in table.frame.columns or not len(table.frame):
            continue
        frame = table.frame
        hit = frame[frame["row"].isin(rows)]
        for row, sid in zip(hit["row"], hit["seam_id"]):
            if isinstance(sid, str):
                lookup.setdefault((name, int(row)), schema.normalize_header(sid))
    out: dict[str, list[Finding]] = {}
    for f in found:
        sid = lookup.get((f.sheet, f.row))
        if sid is not None:
            out.setdefault(sid, []).append(f)
    return out


def seam_warnings(book: Workbook, findings: Sequence[Finding], seam_id: str) -> list[Finding]:
    """The warnings about one seam (see warnings_by_seam for the rule)."""
    return warnings_by_seam(book, findings).get(schema.normalize_header(seam_id), [])
