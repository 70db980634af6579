"""Each seam's contract as the Seams sheet states it: the one-page handoff spec its scorecard carries."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tec_desktop.metrics.data import person_names
from tec_desktop.metrics.per_book import per_book
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook


@dataclass(frozen=True)
class Contract:
    """A seam's contract: who owns and decides, what ready and done mean, where to escalate ('' when blank)."""

    seam_id: str
    seam_name: str
    from_team: str
    to_team: str
    owner: str
    decider: str
    definition_of_ready: str
    done_means: str
    escalation_path: str
    impact_area: str
    status: str
    version: str
    last_reviewed: pd.Timestamp  # NaT when blank


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _read(book: Workbook) -> dict[str, Contract]:
    frame = book["Seams"].frame
    frame = frame[frame["seam_id"].notna()].drop_duplicates("seam_id", keep="first")
    names = person_names(book)

    def person(value) -> str:
        text = _text(value)
        return names.get(schema.normalize_header(text), text) if text else ""

    out = {}
    for rec in frame.to_dict("records"):
        sid = str(rec["seam_id"])
        reviewed = rec.get("last_reviewed")
        out[sid] = Contract(
            sid,
            _text(rec.get("seam_name")),
            _text(rec.get("from_team")),
            _text(rec.get("to_team")),
            person(rec.get("owner")),
            person(rec.get("decider")),
            _text(rec.get("definition_of_ready")),
            _text(rec.get("done_means")),
            _text(rec.get("escalation_path")),
            _text(rec.get("impact_area")),
            _text(rec.get("status")),
            _text(rec.get("contract_version")),
            pd.Timestamp(reviewed) if reviewed is not None and not pd.isna(reviewed) else pd.NaT,
        )
    return out


def contracts(book: Workbook) -> dict[str, Contract]:
    """Every seam's contract by Seam ID (the first row of a Seam ID used twice)."""
    return per_book(book, _read)


def contract(book: Workbook, seam_id: str) -> Contract | None:
    """One seam's contract; None when the Seam ID is not on Seams."""
    return contracts(book).get(seam_id)
