"""Checks on service levels: sane targets, one SLA per seam and request type, SLAs where work flows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tec_desktop.checks.base import (
    Context,
    cell_findings,
    filled,
    live_seams,
    normalized,
    seam_label,
    usable,
)
from tec_desktop.findings import finding
from tec_desktop.workbook.values import as_text


def check_sla_targets(ctx: Context):
    """SLA targets are more than 0 business days; a decision's SLA is not negative (0 = same day)."""
    out = []
    slas = ctx.book["SLAs"]
    if usable(slas, "target_days"):
        target = slas.frame["target_days"].to_numpy()
        out += cell_findings(
            slas, "target_days", target <= 0, "sla-target", lambda i: {"target": as_text(float(target[i]))}
        )
    decisions = ctx.book["Decisions"]
    if usable(decisions, "sla_days"):
        days = decisions.frame["sla_days"].to_numpy()
        out += cell_findings(
            decisions, "sla_days", days < 0, "sla-target", lambda i: {"target": as_text(float(days[i]))}, "decision"
        )
    return out


def _sla_keys(slas) -> np.ndarray:
    """'S-01\\x1fcustom integration' per SLA row (None where seam or request type is empty)."""
    seam = slas.frame["seam_id"].to_numpy(dtype=object, na_value=None)
    kind = normalized(slas.frame["request_type"])
    ok = np.array([s is not None and k is not None for s, k in zip(seam, kind)], bool)
    keys = np.full(len(seam), None, dtype=object)
    if ok.any():
        keys[ok] = seam[ok] + "\x1f" + kind[ok]
    return keys


def _sla_pairs(slas) -> set[tuple[str, str]]:
    """(Seam ID, normalized request type) of every complete SLA row."""
    seam = slas.frame["seam_id"].to_numpy(dtype=object, na_value=None)
    kind = normalized(slas.frame["request_type"])
    return {(s, k) for s, k in zip(seam, kind) if s is not None and k is not None}


def check_sla_duplicates(ctx: Context):
    """One SLA row per seam and request type (request types compared ignoring case)."""
    slas = ctx.book["SLAs"]
    if not usable(slas, "seam_id", "request_type"):
        return []
    keys = pd.Series(_sla_keys(slas))
    dup = keys.notna().to_numpy() & keys.duplicated(keep="first").to_numpy()
    first = pd.Series(slas.frame["row"].to_numpy()).groupby(keys, sort=False).transform("first").to_numpy()
    seam, kind = slas.frame["seam_id"], slas.frame["request_type"]
    return cell_findings(
        slas,
        "request_type",
        dup,
        "sla-duplicate",
        lambda i: {"seam": seam.iat[i], "request_type": kind.iat[i], "first_row": int(first[i])},
    )


def slas_complete(ctx: Context) -> bool:
    """Every SLA row names a known seam and a request type. Otherwise the incomplete row (reported on
    its own) may be the very SLA that looks missing, so the missing-SLA warnings wait until it is fixed."""
    seams, slas = ctx.book["Seams"], ctx.book["SLAs"]
    if not usable(seams, "seam_id") or not usable(slas, "seam_id", "request_type"):
        return False
    known = slas.frame["seam_id"].isin(seams.frame["seam_id"].dropna().unique()).to_numpy()
    return bool(known.all() and filled(slas, "request_type").all())


def active_seams_without_sla(ctx: Context) -> np.ndarray:
    """Mask over Seams: Active seams with no SLA row at all (none when the SLAs cannot be judged)."""
    seams, slas = ctx.book["Seams"], ctx.book["SLAs"]
    if not usable(seams, "status") or not ctx.shared(slas_complete):
        return np.zeros(len(seams), bool)
    active = (
        (seams.frame["status"].to_numpy(dtype=object, na_value=None) == "Active")
        & filled(seams, "seam_id")
        & live_seams(seams)
    )
    covered = seams.frame["seam_id"].isin(slas.frame["seam_id"].dropna().unique()).to_numpy()
    return active & ~covered


def check_seams_without_sla(ctx: Context):
    """Every Active seam has at least one SLA row."""
    seams = ctx.book["Seams"]
    mask = ctx.shared(active_seams_without_sla)
    return cell_findings(
        seams,
        "seam_id",
        mask,
        "sla-missing-for-seam",
        lambda i: {"seam": seam_label(seams, i)},
    )


def check_handoffs_without_sla(ctx: Context):
    """Handoffs whose seam and request type have no SLA: one warning per pair, at its first handoff."""
    seams, slas, handoffs = ctx.book["Seams"], ctx.book["SLAs"], ctx.book["Handoffs"]
    if not ctx.shared(slas_complete) or not usable(handoffs, "seam_id", "request_type"):
        return []
    ids = seams.frame["seam_id"]
    # Unknown seams are errors already; Retired seams need no SLA; Active seams with no SLA at all are
    # reported once on Seams rather than once per request type.
    quiet = ~live_seams(seams) | ctx.shared(active_seams_without_sla)
    watched = set(ids[~quiet & ids.notna().to_numpy()].unique())
    # Pairs compared as integers: each handoff's seam and (normalized) request type is a code.
    seam, seams_seen = ctx.codes(handoffs, "seam_id")
    kind, kinds_seen = ctx.normalized_codes(handoffs, "request_type")
    pair = seam * len(kinds_seen) + kind
    candidate = np.array([s in watched for s in seams_seen] + [False], dtype=bool)[seam] & (kind >= 0)
    seam_at, kind_at = {s: i for i, s in enumerate(seams_seen)}, {k: i for i, k in enumerate(kinds_seen)}
    known = [seam_at[s] * len(kinds_seen) + kind_at[k] for s, k in _sla_pairs(slas) if s in seam_at and k in kind_at]
    missing = candidate & ~np.isin(pair, known)
    if not missing.any():
        return []
    h_seam = handoffs.frame["seam_id"]
    rows = handoffs.frame["row"].to_numpy()
    groups = pd.Series(np.flatnonzero(missing)).groupby(pair[missing], sort=False)
    out = []
    for _, positions in groups:
        first = int(positions.iloc[0])
        out.append(
            finding(
                "sla-missing-for-handoff",
                "Handoffs",
                handoffs.cell("request_type", int(rows[first])),
                int(rows[first]),
                seam=h_seam.iat[first],
                request_type=handoffs.frame["request_type"].iat[first],
                count=len(positions),
                rows=tuple(int(rows[p]) for p in positions),
            )
        )
    return out
