"""Constraints to remove, the second of the meeting's two lists: dependencies past due and not met at
month end, and the root causes of the Red seams' misses, each with the person who can remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from tec_desktop.metrics import agenda, chain
from tec_desktop.metrics.compute import MonthMetrics
from tec_desktop.workbook.model import Workbook

DEPENDENCY = "dependency"
ROOT_CAUSE = "root cause"
CAUSES_PER_SEAM = 3  # a Red seam's top root causes; the rest are on its page


@dataclass(frozen=True)
class Constraint:
    """Something in the seams' way that leadership can remove."""

    kind: str  # DEPENDENCY or ROOT_CAUSE
    text: str  # the dependency's description, or the root cause
    seam_id: str
    seam_name: str
    owner: str  # who delivers the dependency; who owns the answering action, else the seam's owner
    due: pd.Timestamp  # a dependency's Due date; NaT for a root cause
    reference: str  # the Dependency ID, or the misses' IDs
    misses: int = 0  # a root cause: the misses it explains
    action: agenda.Action | None = None  # a root cause: the action answering it


def constraints_to_remove(
    book: Workbook, metrics: MonthMetrics, seam_ids: Iterable[str] | None = None
) -> list[Constraint]:
    """Red seams' root causes that no action answers, then dependencies past due (oldest first), then the
    Red seams' root causes that an action answers."""
    chosen = None if seam_ids is None else set(seam_ids)
    month = metrics.month
    deps = [
        Constraint(DEPENDENCY, d.description, d.seam_id, d.seam_name, d.owner, d.due, d.dependency_id)
        for d in agenda.open_dependencies(book, month, chosen)
        if d.late
    ]
    unanswered: list[Constraint] = []
    answered: list[Constraint] = []
    for seam in metrics.seams:
        if seam.status != "red" or (chosen is not None and seam.seam_id not in chosen):
            continue
        causes = [c for c in chain.seam_chain(book, seam.seam_id, month).causes if c.recorded]
        for c in causes[:CAUSES_PER_SEAM]:
            owner = c.action.owner if c.action else seam.owner
            item = Constraint(
                ROOT_CAUSE,
                c.cause,
                seam.seam_id,
                seam.seam_name,
                owner,
                pd.NaT,
                ", ".join(c.miss_ids),
                c.misses,
                c.action,
            )
            (answered if c.action else unanswered).append(item)
    return unanswered + deps + answered
