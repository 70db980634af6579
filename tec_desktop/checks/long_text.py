"""Text longer than the scorecards print: said at its cell before the PDF quietly cuts it.

Excel allows 32,767 characters in a cell. A seam name or a description that long cannot lay out on
a page, so the scorecards print the first PRINTED_CHARS characters (a seam's page title the first
TITLE_CHARS) followed by '…'; this check is the data-quality note that says so (issue 16 item 10).
"""

from __future__ import annotations

import numpy as np

from tec_desktop.checks.base import Context, cell_findings
from tec_desktop.findings import Finding
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Table

PRINTED_CHARS = 1000  # any text on a scorecard
TITLE_CHARS = 200  # a seam's name, which is also its page's title
_LIMITS = {"seam_name": TITLE_CHARS}
_KINDS = (schema.TEXT, schema.PERSON, schema.SEAM, schema.ID)


def printed_limit(key: str) -> int:
    """How many characters of a column's text the scorecards print."""
    return _LIMITS.get(key, PRINTED_CHARS)


def _lengths(values) -> np.ndarray:
    return np.fromiter((len(v) if isinstance(v, str) else 0 for v in values), dtype=np.int64, count=len(values))


def check_long_text(ctx: Context):
    """A text cell longer than the scorecards print in full."""
    out = []
    for sheet in schema.SHEETS:
        table = ctx.book.tables.get(sheet.name)
        if table is None or not table.present or len(table.frame) == 0:
            continue
        for col in sheet.columns:
            if col.kind in _KINDS and table.has(col.key):
                out += _long_cells(table, col.key, col.header)
    return out


def _long_cells(table: Table, key: str, header: str) -> list[Finding]:
    limit = printed_limit(key)
    lengths = _lengths(table.frame[key].to_numpy(dtype=object))

    def describe(i: int) -> dict[str, object]:
        return {"column": header, "length": f"{int(lengths[i]):,}", "limit": f"{limit:,}"}

    return cell_findings(table, key, lengths > limit, "text-long", describe)
