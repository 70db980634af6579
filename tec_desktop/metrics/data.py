"""The workbook's rows as the metrics read them: seam codes, moments and business-day durations.

Everything here is independent of the reporting month, so it is computed once and reused for the
month and the five months before it.

Missing data rules, applied the same way for every metric:
- a cell that held a bad value (already reported by the reader) is unknown: a row is left out of any
  metric that reads that cell;
- a duration whose end is before its start (business days < 0, an error the checks report) is
  unknown too, never counted as a fast item;
- a date that says something happened without saying when (a decision with Status Decided but no
  Decided date, a dependency with Status Met but no Met date) is unknown for the questions that
  need the date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tec_desktop.metrics.clock import Clock, book_clock
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Table, Workbook

ACTIVE_STATUSES = ("Active", "Pilot")
_MOMENT = "datetime64[us]"


# ---------------------------------------------------------------- column helpers


# Copies, never views: the workbook's frames are shared with the rest of the program.
def _moments(table: Table, key: str) -> np.ndarray:
    return np.array(table.frame[key].to_numpy(), dtype=_MOMENT)


def _numbers(table: Table, key: str) -> np.ndarray:
    return np.array(pd.to_numeric(table.frame[key], errors="coerce").to_numpy(dtype=float, na_value=np.nan))


def _texts(table: Table, key: str) -> np.ndarray:
    return table.frame[key].to_numpy(dtype=object, na_value=None)


def _bad(table: Table, *keys: str) -> np.ndarray:
    """Rows where any of these cells held a bad value."""
    out = np.zeros(len(table), bool)
    for key in keys:
        mask = table.bad.get(key)
        if mask is not None and len(mask) == len(out):
            out |= np.asarray(mask, bool)
    return out


def _is(values: np.ndarray, *words: str) -> np.ndarray:
    out = np.zeros(len(values), bool)
    for word in words:  # == on an object array compares element-wise, and None is never equal
        out |= values == word
    return out


def normalized_codes(*columns: np.ndarray) -> tuple[list[np.ndarray], list[str]]:
    """Case- and space-insensitive codes for text columns sharing one vocabulary (-1 for empty).

    Each distinct spelling is normalized once; a code's name is its first spelling, in column order.
    """
    joined = pd.Series(np.concatenate(columns) if columns else np.array([], object), dtype=object)
    raw_codes, uniques = pd.factorize(joined, use_na_sentinel=True)
    norm_codes, _ = pd.factorize(pd.Series([schema.normalize_header(u) for u in uniques], dtype=object))
    names: dict[int, str] = {}
    for raw, code in enumerate(norm_codes):
        names.setdefault(int(code), str(uniques[raw]).strip())
    lookup = np.append(norm_codes, -1).astype(np.int64)  # raw code -1 (empty) -> -1
    codes = lookup[raw_codes]
    split = np.cumsum([len(c) for c in columns])[:-1]
    return list(np.split(codes, split)), [names[k] for k in range(len(names))]


# ---------------------------------------------------------------- seams


@dataclass(frozen=True, eq=False)
class Seams:
    """Every seam with a Seam ID (first row of a duplicated ID), in workbook order."""

    ids: tuple[str, ...]
    rows: tuple[dict, ...]  # seam_name, from_team, to_team, owner, status as text ('' when empty)
    index: pd.Index

    def codes(self, table: Table) -> np.ndarray:
        """The seam code of each row of a sheet with a Seam ID column; -1 when unknown or empty."""
        if len(table) == 0:
            return np.zeros(0, np.int64)
        ids = table.frame["seam_id"].to_numpy(dtype=object, na_value=None)
        return np.asarray(self.index.get_indexer(ids), dtype=np.int64)

    @property
    def listed(self) -> list[int]:
        """Codes of the Active and Pilot seams: those that get a scorecard."""
        return [i for i, r in enumerate(self.rows) if r["status"] in ACTIVE_STATUSES]


def person_names(book: Workbook) -> dict[str, str]:
    """Normalized Name or Email -> the Name as written on People (the first row wins, as in the checks)."""
    people = book["People"].frame
    names = people["name"].to_numpy(dtype=object, na_value=None)
    emails = people["email"].to_numpy(dtype=object, na_value=None)
    out: dict[str, str] = {}
    for column in (names, emails):
        for name, key in zip(names, column):
            if name and key:
                out.setdefault(schema.normalize_header(key), name)
    return out


def read_seams(book: Workbook) -> Seams:
    """The Seams sheet as the metrics see it; an owner given by email (or in another case) is shown by name."""
    table = book["Seams"]
    frame = table.frame.drop_duplicates("seam_id", keep="first")
    frame = frame[frame["seam_id"].notna()]
    by_person = person_names(book)
    rows = []
    for rec in frame[["seam_name", "from_team", "to_team", "owner", "status"]].to_dict("records"):
        rec = {k: (str(v) if isinstance(v, str) else "") for k, v in rec.items()}
        rec["owner"] = by_person.get(schema.normalize_header(rec["owner"]), rec["owner"])
        rows.append(rec)
    ids = tuple(str(s) for s in frame["seam_id"])
    return Seams(ids, tuple(rows), pd.Index(ids, dtype=object))


# ---------------------------------------------------------------- sheets


@dataclass(frozen=True, eq=False)
class Handoffs:
    """Handoffs with their business-day durations and SLA."""

    seam: np.ndarray
    submitted: np.ndarray
    started: np.ndarray
    completed: np.ndarray
    queue_days: np.ndarray  # Submitted -> Started; NaN when unknown
    lead_days: np.ndarray  # Submitted -> Completed; NaN when unknown
    sla_days: np.ndarray  # business days on the SLA's Measure; NaN without an SLA or when unknown
    sla_target: np.ndarray  # NaN when the seam and request type have no SLA
    ready_first: np.ndarray  # 1 Yes, 0 No, NaN empty or unknown
    rework_mr: np.ndarray  # 1 reworked for missing requirements, 0 not, NaN unknown
    type_code: np.ndarray  # request type, case- and space-insensitive; -1 when empty
    type_names: tuple[str, ...]
    sla_pairs: tuple[tuple[int, int], ...]  # (seam code, type code) of each SLA
    has_completed: bool  # the Completed column exists (otherwise nothing can be counted as completed)


def _durations(clock: Clock, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    days = clock.business_days(start, end)
    days[days < 0] = np.nan  # end before start: an error for the checks, unknown for the metrics
    return days


def _sla_lookup(
    book: Workbook, seams: Seams, h_types: np.ndarray, h_seams: np.ndarray, s_types: np.ndarray, n_types: int
) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Per handoff: the SLA target in business days (NaN when none) and whether it measures queue time;
    and the (seam, request type) codes that have an SLA."""
    slas = book["SLAs"]
    n = len(h_seams)
    if len(slas) == 0:
        return np.full(n, np.nan), np.zeros(n, bool), ()
    target = _numbers(slas, "target_days")
    measure = _texts(slas, "measure")
    s_seams = seams.codes(slas)
    valid = (s_seams >= 0) & (s_types >= 0) & _is(measure, *schema.MEASURES) & (target > 0) & np.isfinite(target)
    keys = (s_seams * (n_types + 1) + s_types)[valid]
    # Two SLA rows for one seam and request type are an error; the first one counts meanwhile.
    unique_keys, first = np.unique(keys, return_index=True)
    rows = np.flatnonzero(valid)[first]
    h_keys = np.where((h_seams >= 0) & (h_types >= 0), h_seams * (n_types + 1) + h_types, -1)
    hit = pd.Index(unique_keys).get_indexer(h_keys)
    found = hit >= 0
    out_target = np.full(n, np.nan)
    out_target[found] = target[rows[hit[found]]]
    is_queue = np.zeros(n, bool)
    is_queue[found] = measure[rows[hit[found]]] == "Queue time"
    pairs = tuple((int(k) // (n_types + 1), int(k) % (n_types + 1)) for k in unique_keys)
    return out_target, is_queue, pairs


def read_handoffs(book: Workbook, seams: Seams, clock: Clock) -> Handoffs:
    """Handoffs, durations and SLAs.

    Queue time needs Started: a handoff measured on Queue time with no Started has an unknown queue
    time and is left out of the SLA adherence (it is still counted as completed).
    """
    table, slas = book["Handoffs"], book["SLAs"]
    seam = seams.codes(table)
    submitted, started, completed = (_moments(table, k) for k in ("submitted", "started", "completed"))
    queue = _durations(clock, submitted, started)
    lead = _durations(clock, submitted, completed)
    (h_types, s_types), names = normalized_codes(_texts(table, "request_type"), _texts(slas, "request_type"))
    target, is_queue, sla_pairs = _sla_lookup(book, seams, h_types, seam, s_types, len(names))
    sla_days = np.where(is_queue, queue, lead)
    sla_days[np.isnan(target)] = np.nan
    ready = _numbers(table, "ready_first")
    reworked = _numbers(table, "reworked")
    reason = _texts(table, "rework_reason")
    rework_mr = ((reworked == 1) & _is(reason, "Missing requirements")).astype(float)
    rework_mr[_bad(table, "reworked", "rework_reason")] = np.nan
    return Handoffs(
        seam,
        submitted,
        started,
        completed,
        queue,
        lead,
        sla_days,
        target,
        ready,
        rework_mr,
        h_types,
        tuple(names),
        sla_pairs,
        table.has("completed"),
    )


@dataclass(frozen=True, eq=False)
class Misses:
    """Misses with their seam (the Pareto also needs the Seam ID as written)."""

    seam: np.ndarray
    seam_id: np.ndarray  # text, None when empty
    date: np.ndarray
    type: np.ndarray
    impact: np.ndarray
    known: bool  # the sheet and its Date and Seam ID columns exist


def read_misses(book: Workbook, seams: Seams) -> Misses:
    """Misses dated and tagged to a seam."""
    t = book["Misses"]
    return Misses(
        seams.codes(t),
        _texts(t, "seam_id"),
        _moments(t, "date"),
        _texts(t, "type"),
        _texts(t, "impact"),
        t.has("date") and t.has("seam_id"),
    )


@dataclass(frozen=True, eq=False)
class Dependencies:
    """Dependencies that count for on-time delivery, and whether each was met on time."""

    seam: np.ndarray
    due: np.ndarray
    met: np.ndarray
    counted: np.ndarray  # not Cancelled, and nothing unknown
    on_time: np.ndarray  # Met on or before the Due date (compared as dates)


def read_dependencies(book: Workbook, seams: Seams) -> Dependencies:
    """Dependencies; a blank Status is not Cancelled, a bad one is unknown."""
    t = book["Dependencies"]
    due, met, status = _moments(t, "due"), _moments(t, "met"), _texts(t, "status")
    counted = ~_bad(t, "status", "met") & ~_is(status, "Cancelled") & ~(_is(status, "Met") & np.isnat(met))
    on_time = met.astype("datetime64[D]") <= due.astype("datetime64[D]")  # NaT compares False
    return Dependencies(seams.codes(t), due, met, counted, on_time)


@dataclass(frozen=True, eq=False)
class Decisions:
    """Decisions with their SLA and the business days they took."""

    seam: np.ndarray
    requested: np.ndarray
    decided: np.ndarray
    sla: np.ndarray  # NaN when empty or negative
    days: np.ndarray  # Requested -> Decided; NaN when unknown
    date_known: np.ndarray  # False when Decided is bad, or empty while Status says Decided
    known: bool


def read_decisions(book: Workbook, seams: Seams, clock: Clock) -> Decisions:
    """Decisions and how long each took."""
    t = book["Decisions"]
    requested, decided = _moments(t, "requested"), _moments(t, "decided")
    sla = _numbers(t, "sla_days")
    sla[~(sla >= 0)] = np.nan  # 0 = decide the same day; a negative SLA is an error, unknown here
    date_known = ~_bad(t, "decided") & ~(_is(_texts(t, "status"), "Decided") & np.isnat(decided))
    return Decisions(
        seams.codes(t),
        requested,
        decided,
        sla,
        _durations(clock, requested, decided),
        date_known,
        t.has("requested") and t.has("sla_days") and t.has("seam_id"),
    )


@dataclass(frozen=True, eq=False)
class Actions:
    """Corrective actions and what is known about when they finished."""

    seam: np.ndarray
    opened: np.ndarray
    due: np.ndarray
    closed: np.ndarray  # NaT when empty or unknown
    open_undated: np.ndarray  # no Closed date and Status Open or In progress
    closed_known: np.ndarray  # Closed did not hold a bad value
    known: bool


def read_actions(book: Workbook, seams: Seams) -> Actions:
    """Actions; an empty Closed with a Status other than Open/In progress is finished at an unknown date."""
    t = book["Actions"]
    closed, status = _moments(t, "closed"), _texts(t, "status")
    open_undated = np.isnat(closed) & _is(status, "Open", "In progress")
    return Actions(
        seams.codes(t),
        _moments(t, "opened"),
        _moments(t, "due"),
        closed,
        open_undated,
        ~_bad(t, "closed"),
        all(t.has(k) for k in ("opened", "due", "status", "seam_id")),
    )


@dataclass(frozen=True, eq=False)
class MetricsData:
    """Everything the monthly metrics read, prepared once per workbook."""

    seams: Seams
    handoffs: Handoffs
    misses: Misses
    dependencies: Dependencies
    decisions: Decisions
    actions: Actions
    clock: Clock


def prepare(book: Workbook) -> MetricsData:
    """Read the workbook's rows into arrays for the metrics."""
    clock = book_clock(book)
    seams = read_seams(book)
    return MetricsData(
        seams,
        read_handoffs(book, seams, clock),
        read_misses(book, seams),
        read_dependencies(book, seams),
        read_decisions(book, seams, clock),
        read_actions(book, seams),
        clock,
    )
