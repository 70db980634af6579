"""What a recipient's scorecard says, as data: its fingerprint, and one line on what changed since an earlier one.

The send log keys a delivery by what the PDF says, not by its bytes: the PDF's footer carries the
workbook's SHA-256 and its title line the workbook's file name, so re-saving, renaming or copying the
workbook would otherwise make every scorecard look new (and be sent again). The content is gathered
from the same core data the renderer draws (the month's metrics and trends; each seam's contract, its
owner's comment for the month, its SLAs by request type, its misses, corrective actions, decisions and
dependencies; the warnings shown and the Settings it prints), in canonical JSON; the fingerprint is its
SHA-256. Provenance (the workbook's name, path and hash, row numbers behind the lists) is left out on
purpose. What the PDF works out from these (the chain miss -> root cause -> action and its NO ACTION
flags, the brief's lines, constraints to remove, overdue actions, decide-by dates' order) follows from
them, so it changes the fingerprint whenever it changes.

A new section drawn on the scorecards from other data must add that data here, or a change to it
would not count as a correction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from tec_desktop.findings import Finding
from tec_desktop.metrics import agenda, formats, seam_warnings
from tec_desktop.metrics.commentary import month_comments
from tec_desktop.metrics.compute import METRIC_LABELS, MonthMetrics
from tec_desktop.metrics.contract import Contract, contracts
from tec_desktop.metrics.request_types import seam_request_types
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook

# 2: the seam's contract, the owner's comment, SLAs by request type, actions' linked misses, decide-by dates.
CONTENT_VERSION = 2
# Not drawn on the PDF (row numbers behind a list), or provenance rather than content.
_SKIPPED_FIELDS = frozenset({"row", "cells", "reporting_month", "weekmask"})
_LISTS = (
    ("misses", "miss", "misses"),
    ("actions", "corrective action", "corrective actions"),
    ("decisions", "decision", "decisions"),
    ("dependencies", "dependency", "dependencies"),
)
_HEADER = (("seam_name", "name"), ("from_team", "from team"), ("to_team", "to team"), ("owner", "owner"))
# The contract strip of a seam's page (the header's fields above are not repeated): short fields are
# named with their old and new values in the line on what changed, long ones only named.
_CONTRACT_SHORT = (
    ("decider", "decider"),
    ("impact_area", "impact area"),
    ("version", "contract version"),
    ("last_reviewed", "last reviewed"),
)
_CONTRACT_LONG = (
    ("definition_of_ready", "definition of ready"),
    ("done_means", "done means"),
    ("escalation_path", "escalation path"),
)
# A metric that only counts a list: when the list changed, its count says nothing more.
_COUNTED_BY = {"misses": "misses", "actions_overdue": "actions", "decisions_overdue": "decisions"}
_MAX_SEAMS_IN_LINE = 3
_MAX_METRICS_PER_SEAM = 2


@dataclass(frozen=True)
class Content:
    """What one scorecard PDF says: canonical JSON (`body`) and its SHA-256 (`fingerprint`)."""

    fingerprint: str
    body: str

    def data(self) -> dict:
        """The content as Python data."""
        return json.loads(self.body)


def plain(value: Any) -> Any:
    """`value` as JSON-able data that compares equal whenever it would be drawn the same."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if f.name not in _SKIPPED_FIELDS}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):  # pandas Timestamps too; NaT is neither a date nor a value
        try:
            return value.isoformat()[:10] if not _is_nat(value) else None
        except ValueError:
            return None
    if hasattr(value, "item") and not isinstance(value, (int, float)):  # numpy scalars
        return plain(value.item())
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return float(f"{value:.9g}")  # float noise below what any scorecard shows
    if _is_nat(value):
        return None
    return str(value)


def _is_nat(value: Any) -> bool:
    try:
        return bool(value != value)  # NaT and NaN are the values unequal to themselves
    except (TypeError, ValueError):
        return False


def _content(data: dict) -> Content:
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Content(hashlib.sha256(body.encode()).hexdigest(), body)


def _warning(f: Finding) -> list[str]:
    return [f.where, f.message]


def _contract(terms: Contract | None) -> dict:
    """The contract strip as drawn (an unknown seam's is all blank)."""
    return {key: plain(getattr(terms, key)) if terms else None for key, _ in _CONTRACT_SHORT + _CONTRACT_LONG}


class ContentMaker:
    """The content of each of a month's scorecards, with the lists shared by all of them worked out once."""

    def __init__(self, book: Workbook, metrics: MonthMetrics, findings: Sequence[Finding]):
        month = metrics.month
        self.metrics = metrics
        self.common = {
            "v": CONTENT_VERSION,
            "month": month,
            "settings": plain(book.settings),
        }
        by_seam: dict[str, dict[str, list]] = {s.seam_id: {name: [] for name, *_ in _LISTS} for s in metrics.seams}

        def put(list_name: str, items) -> None:
            for item in items:
                if item.seam_id in by_seam:
                    by_seam[item.seam_id][list_name].append(plain(item))

        put("misses", agenda.month_misses(book, month))
        put("decisions", agenda.decisions_to_make(book, month))
        put("dependencies", agenda.open_dependencies(book, month))
        for s in metrics.seams:
            put("actions", agenda.seam_actions(book, s.seam_id, month))
        warned = seam_warnings.warnings_by_seam(book, findings)
        terms = contracts(book)
        comments = month_comments(book, month)
        self.seams = {
            s.seam_id: {
                **plain(s),
                "contract": _contract(terms.get(s.seam_id)),
                "comment": plain(comments.get(s.seam_id)),
                "request_types": plain(seam_request_types(book, month, s.seam_id)),
                "trend": plain(metrics.trend.get(s.seam_id, {})),
                **by_seam[s.seam_id],
                "warnings": [_warning(f) for f in warned.get(schema.normalize_header(s.seam_id), [])],
            }
            for s in metrics.seams
        }
        self.pack_only = {
            "pareto": plain(metrics.pareto),
            "pareto_sentence": metrics.pareto_sentence,
            "misses_by_type": plain(metrics.misses_by_type),
            "misses_by_impact": plain(metrics.misses_by_impact),
            "total_misses": metrics.total_misses,
            "warnings": [_warning(f) for f in seam_warnings.warnings(findings)],
        }

    def pack(self) -> Content:
        """The leadership pack: every Active and Pilot seam, the Pareto and every warning about the data."""
        return _content({**self.common, "for": "pack", "seams": list(self.seams.values()), **self.pack_only})

    def owner(self, owner: str) -> Content:
        """One accountable owner's scorecard (`owner` as written on the Seams sheet): only their seams."""
        mine = [self.seams[s.seam_id] for s in self.metrics.seams if s.owner == owner]
        return _content({**self.common, "for": owner, "seams": mine})


# ---------------------------------------------------------------- what changed


def describe_changes(before: str | None, after: str) -> str:
    """One line on what changed between two contents' bodies: 'S-04: 2 misses added; S-02: status amber → red'."""
    try:
        old, new = json.loads(before or ""), json.loads(after)
    except ValueError:
        return "the scorecard changed"
    if not isinstance(old, dict) or old.get("v") != new.get("v"):
        return "the scorecard changed"
    parts: list[str] = []
    if old.get("settings") != new.get("settings"):
        parts.append("the report settings changed")
    old_seams = {s["seam_id"]: s for s in old.get("seams", [])}
    new_seams = {s["seam_id"]: s for s in new.get("seams", [])}
    seam_lines = []
    for sid, seam in new_seams.items():
        if sid not in old_seams:
            seam_lines.append(f"{sid} added")
        elif (line := _seam_changes(old_seams[sid], seam)) is not None:
            seam_lines.append(f"{sid}: {line}")
    seam_lines += [f"{sid} no longer listed" for sid in old_seams if sid not in new_seams]
    if len(seam_lines) > _MAX_SEAMS_IN_LINE:
        more = len(seam_lines) - _MAX_SEAMS_IN_LINE
        seam_lines = seam_lines[:_MAX_SEAMS_IN_LINE] + [f"{more} more seam{'s' if more != 1 else ''} changed"]
    parts += seam_lines
    if old.get("warnings") != new.get("warnings") and not any("warnings" in p for p in parts):
        parts.append("data-quality warnings changed")
    if not parts and old != new:
        parts.append("the summary changed")
    return "; ".join(parts) if parts else "nothing it shows changed"


def _seam_changes(old: dict, new: dict) -> str | None:
    """What changed on one seam's page, or None when nothing did."""
    if old == new:
        return None
    out: list[str] = []
    for key, label in _HEADER:
        if old.get(key) != new.get(key):
            out.append(f"{label} '{old.get(key) or ''}' → '{new.get(key) or ''}'")
    out += _contract_changes(old.get("contract") or {}, new.get("contract") or {})
    out += _comment_changes(old.get("comment"), new.get("comment"))
    changed_lists = set()
    for name, one, many in _LISTS:
        before = {_item_id(x): _without_seam_name(x) for x in old.get(name, [])}
        after = {_item_id(x): _without_seam_name(x) for x in new.get(name, [])}
        added = len(set(after) - set(before))
        removed = len(set(before) - set(after))
        edited = sum(1 for k in set(after) & set(before) if after[k] != before[k])
        for n, verb in ((added, "added"), (removed, "removed"), (edited, "changed")):
            if n:
                out.append(f"{n} {one if n == 1 else many} {verb}")
                changed_lists.add(name)
    if old.get("status") != new.get("status"):
        out.append(f"status {old.get('status') or 'none'} → {new.get('status') or 'none'}")
    metric_lines = []
    old_metrics, new_metrics = old.get("metrics", {}), new.get("metrics", {})
    for key, value in new_metrics.items():
        was = old_metrics.get(key)
        if _COUNTED_BY.get(key) in changed_lists or was == value:
            continue
        before_text = formats.metric(key, (was or {}).get("value"))
        after_text = formats.metric(key, (value or {}).get("value"))
        if before_text != after_text:
            metric_lines.append(f"{METRIC_LABELS.get(key, key)} {before_text} → {after_text}")
    if len(metric_lines) > _MAX_METRICS_PER_SEAM:
        metric_lines = metric_lines[:_MAX_METRICS_PER_SEAM] + [
            f"{len(metric_lines) - _MAX_METRICS_PER_SEAM} more figures changed"
        ]
    out += metric_lines
    if old.get("request_types") != new.get("request_types") and not metric_lines:
        out.append("SLAs by request type changed")
    if old.get("warnings") != new.get("warnings"):
        out.append("warnings changed")
    if old.get("trend") != new.get("trend") and not out:
        out.append("earlier months' figures changed")
    if not out:
        out.append("details changed")
    return ", ".join(out)


def _contract_changes(old: dict, new: dict) -> list[str]:
    out = [
        f"{label} '{old.get(key) or ''}' → '{new.get(key) or ''}'"
        for key, label in _CONTRACT_SHORT
        if old.get(key) != new.get(key)
    ]
    return out + [f"{label} changed" for key, label in _CONTRACT_LONG if old.get(key) != new.get(key)]


def _comment_changes(old: dict | None, new: dict | None) -> list[str]:
    if old == new:
        return []
    if not old:
        return ["owner's comment added"]
    return ["owner's comment removed"] if not new else ["owner's comment changed"]


def _without_seam_name(item: dict) -> dict:
    """A list item as compared: the seam's name it repeats is reported once, on the seam."""
    return {k: v for k, v in item.items() if k != "seam_name"}


def _item_id(item: dict) -> str:
    for key in ("miss_id", "action_id", "decision_id", "dependency_id"):
        if item.get(key):
            return str(item[key])
    return json.dumps(item, sort_keys=True)
