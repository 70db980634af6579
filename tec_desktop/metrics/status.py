"""Targets and status colours (RAG) of the metrics, as spec §4 sets them."""

from __future__ import annotations

from tec_desktop.workbook.model import Settings

GREEN, AMBER, RED = "green", "amber", "red"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}

HIGHER_IS_BETTER = ("sla_adherence", "decision_sla_adherence", "dependency_on_time")  # against Adherence target
LOWER_IS_BETTER = ("rework_rate",)  # against Rework target
OVERDUE_COUNTS = ("decisions_overdue", "actions_overdue")  # 0 green, 1 amber, more red

# Shares are ratios of counts, so 0.9 may arrive as 0.8999999999999999: compare with a margin far
# below any real difference (one item in a billion) so that float noise never flips a colour.
EPSILON = 1e-9


def target_for(key: str, settings: Settings) -> float | None:
    """The number a metric's status is judged against; None for metrics without a colour."""
    if key in HIGHER_IS_BETTER:
        return settings.adherence_target
    if key in LOWER_IS_BETTER:
        return settings.rework_target
    if key in OVERDUE_COUNTS:
        return 0
    return None


def status_for(key: str, value: float | None, settings: Settings) -> str | None:
    """'green', 'amber' or 'red' for a metric's value; None when it has no value or no colour."""
    if value is None:
        return None
    band = settings.amber_band
    if key in HIGHER_IS_BETTER:
        target = settings.adherence_target
        return GREEN if value >= target - EPSILON else AMBER if value >= target - band - EPSILON else RED
    if key in LOWER_IS_BETTER:
        target = settings.rework_target
        return GREEN if value <= target + EPSILON else AMBER if value <= target + band + EPSILON else RED
    if key in OVERDUE_COUNTS:
        return GREEN if value == 0 else AMBER if value == 1 else RED
    return None


def worst(statuses) -> str | None:
    """The worst of some statuses, ignoring None; None when none has a colour."""
    coloured = [s for s in statuses if s is not None]
    return max(coloured, key=_RANK.__getitem__) if coloured else None
