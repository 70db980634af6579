"""The Pareto of the month's misses by seam, and the sentence that sums it up."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# "N seams explain X% of misses": the fewest seams reaching this share.
PARETO_SHARE = (4, 5)  # 80%, as a fraction of integers so that the test is exact


@dataclass(frozen=True)
class ParetoRow:
    """One seam's misses in the month and its place in the Pareto."""

    seam_id: str
    seam_name: str
    misses: int
    share: float  # of all misses in the month
    cumulative_share: float  # this seam and those above it


def pareto_rows(seam_ids: np.ndarray, names: dict[str, str]) -> tuple[ParetoRow, ...]:
    """Seams by misses, most first, ties by Seam ID; `seam_ids` holds the Seam ID of each miss in the month.

    Every seam with misses is listed, also a Retired one or one missing from Seams (an error the
    checks report), so that the shares are of all the month's misses and the last cumulative share is 1.
    """
    ids = pd.Series(seam_ids, dtype=object).dropna()
    if ids.empty:
        return ()
    counts = ids.value_counts()
    order = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    total = int(counts.sum())
    running = np.cumsum([c for _, c in order])
    return tuple(
        ParetoRow(sid, names.get(sid, ""), int(c), int(c) / total, int(run) / total)
        for (sid, c), run in zip(order, running)
    )


def pareto_sentence(rows: tuple[ParetoRow, ...]) -> str:
    """'2 seams explain 83% of misses': the fewest seams covering at least 80% of misses; '' without misses.

    N is chosen on exact counts; the share is rounded half up to a whole percent, but never up to
    100% unless those seams explain every miss.
    """
    if not rows:
        return ""
    total = sum(r.misses for r in rows)
    running = n = 0
    for row in rows:  # the fewest seams, most first, that hold the Pareto share of misses
        running += row.misses
        n += 1
        if running * PARETO_SHARE[1] >= total * PARETO_SHARE[0]:
            break
    percent = (200 * running + total) // (2 * total)
    if running < total:
        percent = min(percent, 99)
    return f"1 seam explains {percent}% of misses" if n == 1 else f"{n} seams explain {percent}% of misses"
