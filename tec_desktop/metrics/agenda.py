"""The monthly meeting's lists: decisions to make, constraints to remove, overdue actions, and each
seam's misses, actions, pending decisions and open dependencies.

The scorecards, the email and the desktop app all show these lists. They use the same rules as the
metrics (metrics.data and metrics.month), so that 'Actions overdue: 3' on a seam's metric table is
the same three rows listed under it. Which action answers which miss is metrics.chain's; which
warning belongs to which seam, metrics.seam_warnings'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tec_desktop.metrics.clock import Month
from tec_desktop.metrics.data import MetricsData, prepare
from tec_desktop.metrics.per_book import per_book
from tec_desktop.workbook.model import Workbook


@dataclass(frozen=True)
class Decision:
    """A decision still waiting at month end."""

    decision_id: str
    seam_id: str
    seam_name: str
    decision: str
    decider: str
    requested: pd.Timestamp
    waited: float | None  # business days from Requested to the month's last day
    sla: float | None
    overdue: bool  # waited longer than its SLA
    escalated: bool
    row: int
    decide_by: pd.Timestamp = pd.NaT  # Requested + SLA business days; NaT without an SLA


@dataclass(frozen=True)
class Action:
    """A corrective action, as it stood at month end."""

    action_id: str
    seam_id: str
    seam_name: str
    action: str
    owner: str
    opened: pd.Timestamp
    due: pd.Timestamp
    status: str
    closed: pd.Timestamp  # NaT when not closed (or closed after month end: then it was open at month end)
    overdue: bool
    root_cause: str
    row: int
    linked_misses: tuple[str, ...] = ()  # the Miss IDs in its Linked miss IDs, as typed


@dataclass(frozen=True)
class Dependency:
    """A dependency not met at month end."""

    dependency_id: str
    seam_id: str
    seam_name: str
    description: str
    owner: str
    due: pd.Timestamp
    status: str  # as of the month's end: 'Missed' when due by then, else 'Open' (not the Status typed today)
    late: bool  # its Due date was on or before the month's last day
    row: int


@dataclass(frozen=True)
class Miss:
    """A miss dated in the month."""

    miss_id: str
    date: pd.Timestamp
    seam_id: str
    type: str
    description: str
    impact: str
    severity: str
    root_cause: str
    row: int


# ---------------------------------------------------------------- shared helpers


def _data(book: Workbook) -> MetricsData:
    """The metrics' prepared rows, once per workbook object (every list reuses them)."""
    return per_book(book, prepare)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _names(book: Workbook) -> dict[str, str]:
    """People by email (casefolded) -> name, so a person given by email is shown by name."""
    people = book["People"].frame
    return {
        e.casefold(): n for n, e in zip(people["name"], people["email"]) if isinstance(n, str) and isinstance(e, str)
    }


def _person(value, names: dict[str, str]) -> str:
    text = _text(value)
    return names.get(text.casefold(), text)


def _seam(d: MetricsData, code: int) -> tuple[str, str]:
    if code < 0:
        return "", ""
    return d.seams.ids[code], d.seams.rows[code]["seam_name"]


def _wanted(d: MetricsData, codes: np.ndarray, seam_ids: Iterable[str] | None) -> np.ndarray:
    """Rows of a seam we list: a listed (Active/Pilot) seam, and one of `seam_ids` when given."""
    listed = set(d.seams.listed)
    if seam_ids is not None:
        chosen = {d.seams.ids.index(s) for s in seam_ids if s in d.seams.ids}
        listed &= chosen
    return np.isin(codes, sorted(listed))


def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value) if not pd.isna(value) else pd.NaT


def _num(value) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def linked_ids(text) -> tuple[str, ...]:
    """'M-1, M-2; M-3' -> ('M-1', 'M-2', 'M-3'): the IDs of a Linked miss IDs cell."""
    if not isinstance(text, str):
        return ()
    return tuple(p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",") if p.strip())


# ---------------------------------------------------------------- decisions


def decisions_to_make(book: Workbook, month: str, seam_ids: Iterable[str] | None = None) -> list[Decision]:
    """Decisions requested by month end and not decided by then: overdue first, longest waiting first."""
    d, m = _data(book), Month(month)
    dec = d.decisions
    frame = book["Decisions"].frame
    if not dec.known or len(frame) == 0:
        return []
    pending = (dec.requested < m.next_start) & dec.date_known & ~(dec.decided < m.next_start)
    pending &= _wanted(d, dec.seam, seam_ids)
    waited = d.clock.business_days(dec.requested, m.last_day)
    decide_by = d.clock.add_business_days(dec.requested, dec.sla)
    names = _names(book)
    out = []
    for i in np.flatnonzero(pending):
        rec = frame.iloc[i]
        sid, sname = _seam(d, dec.seam[i])
        sla = _num(dec.sla[i])
        wait = _num(waited[i])
        out.append(
            Decision(
                _text(rec["decision_id"]),
                sid,
                sname,
                _text(rec["decision"]),
                _person(rec["decider"], names),
                _ts(dec.requested[i]),
                wait,
                sla,
                bool(wait is not None and sla is not None and wait > sla),
                _text(rec["status"]) == "Escalated",
                int(rec["row"]),
                _ts(decide_by[i]),
            )
        )
    return sorted(out, key=lambda x: (not x.overdue, -(x.waited or 0), x.requested, x.decision_id))


# ---------------------------------------------------------------- actions


def _actions(book: Workbook, month: str, pick) -> list[Action]:
    d, m = _data(book), Month(month)
    a = d.actions
    frame = book["Actions"].frame
    if not a.known or len(frame) == 0:
        return []
    unfinished = a.closed_known & ((a.closed >= m.next_start) | a.open_undated)
    overdue = (a.opened < m.next_start) & (a.due < m.next_start) & unfinished
    names = _names(book)
    out = []
    for i in np.flatnonzero(pick(d, m, a, unfinished, overdue)):
        rec = frame.iloc[i]
        sid, sname = _seam(d, a.seam[i])
        open_at_end = bool(unfinished[i])
        # An action closed after month end was still open at month end: show it as it stood then.
        status = _text(rec["status"]) if not (open_at_end and not a.open_undated[i]) else "Open at month end"
        out.append(
            Action(
                _text(rec["action_id"]),
                sid,
                sname,
                _text(rec["action"]),
                _person(rec["owner"], names),
                _ts(a.opened[i]),
                _ts(a.due[i]),
                status,
                pd.NaT if open_at_end else _ts(a.closed[i]),
                bool(overdue[i]),
                _text(rec["root_cause"]),
                int(rec["row"]),
                linked_ids(rec["linked_misses"]),
            )
        )
    return sorted(out, key=lambda x: (not x.overdue, x.due if not pd.isna(x.due) else pd.Timestamp.max, x.action_id))


def overdue_actions(book: Workbook, month: str, seam_ids: Iterable[str] | None = None) -> list[Action]:
    """Actions opened by month end, due by its last day and not finished by its end (the metric's rule)."""
    return _actions(book, month, lambda d, m, a, unfinished, overdue: overdue & _wanted(d, a.seam, seam_ids))


def seam_actions(book: Workbook, seam_id: str, month: str) -> list[Action]:
    """A seam's corrective actions that were open at some time in the month: overdue first, then by due date."""

    def pick(d, m, a, unfinished, overdue):
        in_play = (a.opened < m.next_start) & (unfinished | (a.closed >= m.start))
        return in_play & _wanted(d, a.seam, [seam_id])

    return _actions(book, month, pick)


# ---------------------------------------------------------------- dependencies


def open_dependencies(book: Workbook, month: str, seam_ids: Iterable[str] | None = None) -> list[Dependency]:
    """Dependencies not met by month end and not Cancelled: late ones first, then by due date."""
    d, m = _data(book), Month(month)
    dep = d.dependencies
    table = book["Dependencies"]
    frame = table.frame
    if len(frame) == 0 or not table.has("due"):
        return []
    status = frame["status"].to_numpy(dtype=object, na_value=None)
    met_status = np.array([s == "Met" for s in status], bool)
    cancelled = np.array([s == "Cancelled" for s in status], bool)
    not_met = np.isnat(dep.met) | (dep.met >= m.next_start)
    pick = ~cancelled & not_met & ~(met_status & np.isnat(dep.met)) & ~np.isnat(dep.due)
    pick &= _wanted(d, dep.seam, seam_ids)
    names = _names(book)
    out = []
    for i in np.flatnonzero(pick):
        rec = frame.iloc[i]
        sid, sname = _seam(d, dep.seam[i])
        out.append(
            Dependency(
                _text(rec["dependency_id"]),
                sid,
                sname,
                _text(rec["description"]),
                _person(rec["owner"], names),
                _ts(dep.due[i]),
                "Missed" if dep.due[i] < m.next_start else "Open",
                bool(dep.due[i] < m.next_start),
                int(rec["row"]),
            )
        )
    return sorted(out, key=lambda x: (not x.late, x.due, x.dependency_id))


# ---------------------------------------------------------------- misses and root causes


def month_misses(book: Workbook, month: str, seam_ids: Iterable[str] | None = None) -> list[Miss]:
    """Misses dated in the month on listed seams, by date."""
    d, m = _data(book), Month(month)
    frame = book["Misses"].frame
    if not d.misses.known or len(frame) == 0:
        return []
    pick = m.contains(d.misses.date) & _wanted(d, d.misses.seam, seam_ids)
    out = []
    for i in np.flatnonzero(pick):
        rec = frame.iloc[i]
        out.append(
            Miss(
                _text(rec["miss_id"]),
                _ts(d.misses.date[i]),
                _seam(d, d.misses.seam[i])[0],
                _text(rec["type"]),
                _text(rec["description"]),
                _text(rec["impact"]),
                _text(rec["severity"]),
                _text(rec["root_cause"]),
                int(rec["row"]),
            )
        )
    return sorted(out, key=lambda x: (x.date, x.miss_id))


def seam_misses(book: Workbook, seam_id: str, month: str) -> list[Miss]:
    """One seam's misses in the month, by date."""
    return month_misses(book, month, [seam_id])
