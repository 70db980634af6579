"""`tec metrics WORKBOOK [--month YYYY-MM] [--format text|json]`: the month's seam metrics (spec §6)."""

from __future__ import annotations

import argparse
import json
import textwrap
import unicodedata

from tec_desktop.cli.exit_codes import EXIT_FINDINGS, EXIT_OK
from tec_desktop.cli.output import checked_workbook, write
from tec_desktop.metrics.clock import Month
from tec_desktop.metrics.compute import METRIC_KEYS, METRIC_LABELS, MonthMetrics, compute_month
from tec_desktop.metrics.status import target_for
from tec_desktop.workbook.model import Workbook

# Short column headers of the text table, in METRIC_KEYS order; the legend under the table spells them out.
HEADERS = {
    "items_completed": "Done",
    "sla_adherence": "SLA",
    "queue_time_median": "Queue",
    "queue_time_p85": "Q p85",
    "lead_time_median": "Lead",
    "rework_rate": "Rework",
    "first_pass_ready": "Ready",
    "misses": "Misses",
    "dependency_on_time": "Deps",
    "decision_sla_adherence": "Dec SLA",
    "decisions_overdue": "Dec late",
    "actions_overdue": "Act late",
}
MARKS = {"amber": "A", "red": "R"}  # after a value that missed its target; green values carry no mark
NAME_WIDTH = 28


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments."""
    parser.add_argument("workbook", help="the .xlsx workbook")
    parser.add_argument("--month", help="the month to report, YYYY-MM (default: the Reporting month on Settings)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text table (default) or JSON")


def run(args: argparse.Namespace) -> int:
    """Print the month's metrics; exit 1 listing the errors when the workbook has any."""
    checked = checked_workbook(args.workbook, args.month, "to get the metrics")
    if checked is None:
        return EXIT_FINDINGS
    book, _findings, month = checked
    result = compute_month(book, month)
    write(as_json(result) if args.format == "json" else as_text(book, result))
    return EXIT_OK


# ---------------------------------------------------------------- JSON


def as_json(result: MonthMetrics) -> str:
    """The spec §6 object: month, seams with every metric's value, target and status, and the Pareto."""
    seams = [
        {
            "seam_id": s.seam_id,
            "seam_name": s.seam_name,
            "owner": s.owner,
            "status": s.status,
            "metrics": {k: {"value": v.value, "target": v.target, "status": v.status} for k, v in s.metrics.items()},
        }
        for s in result.seams
    ]
    pareto = [{"seam_id": p.seam_id, "misses": p.misses, "cumulative_share": p.cumulative_share} for p in result.pareto]
    return json.dumps({"month": result.month, "seams": seams, "pareto": pareto}, indent=2, allow_nan=False)


# ---------------------------------------------------------------- text


def width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    while text and width(text) + 1 > limit:
        text = text[:-1]
    return text + "…"


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * (size - width(text))
    return gap + text if right else text + gap


def table(rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows of cells as aligned lines; columns in `right` are right-aligned."""
    sizes = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(c, sizes[i], i in right) for i, c in enumerate(r)).rstrip() for r in rows]


def _value(key: str, value, target, status) -> str:
    from tec_desktop.metrics import formats  # the scorecards' number formats (pure Python, no ReportLab)

    shown = formats.metric(key, value, target)
    # A metric with a target keeps a place for its mark, so that its numbers line up when right-aligned.
    return shown if target is None else f"{shown} {MARKS.get(status, ' ')}"


def _target(key: str, target) -> str:
    from tec_desktop.metrics import formats

    return "" if target is None else f"{formats.target(key, target)}  "


def _metric_table(book: Workbook, result: MonthMetrics) -> list[str]:
    head = ["Seam", "Name", "Status"] + [HEADERS[k] for k in METRIC_KEYS]
    targets = ["Target", "", ""] + [_target(k, target_for(k, book.settings)) for k in METRIC_KEYS]
    rows = [head, targets]
    for s in result.seams:
        rows.append(
            [s.seam_id, _clip(s.seam_name, NAME_WIDTH), s.status or "—"]
            + [_value(k, v.value, v.target, v.status) for k, v in s.metrics.items()]
        )
    return table(rows, right=set(range(3, len(head))))


def _pareto(result: MonthMetrics) -> list[str]:
    from tec_desktop.metrics import formats

    if not result.pareto:
        return ["No misses in the month."]
    rows = [["Seam", "Name", "Misses", "Share", "Cumulative"]]
    rows += [
        [
            p.seam_id,
            _clip(p.seam_name, NAME_WIDTH),
            str(p.misses),
            formats.pct(p.share),
            formats.pct(p.cumulative_share),
        ]
        for p in result.pareto
    ]
    return ["Misses by seam (Pareto):"] + ["  " + line for line in table(rows, right={2, 3, 4})]


def _breakdown(title: str, counts: dict[str, int]) -> str:
    shown = [f"{k} {v}" for k, v in counts.items() if v]
    return f"{title}: {', '.join(shown) if shown else 'none'}"


def as_text(book: Workbook, result: MonthMetrics) -> str:
    """A readable report: header, one row per seam with its status and metrics, the Pareto and a legend."""
    org = book.settings.organization or book.name
    misses = f"{result.total_misses} miss{'' if result.total_misses == 1 else 'es'} in the month"
    lines = [
        f"{org} — seam metrics for {Month(result.month).label}",
        f"{result.pareto_sentence} ({misses})." if result.pareto_sentence else "No misses in the month.",
        "",
    ]
    lines += _metric_table(book, result) if result.seams else ["No Active or Pilot seams on the Seams sheet."]
    lines += ["", *_pareto(result)] if result.pareto else []
    if result.total_misses:
        lines += [
            _breakdown("Misses by type", result.misses_by_type),
            _breakdown("Misses by impact", result.misses_by_impact),
        ]
    legend = "; ".join(f"{HEADERS[k]} = {METRIC_LABELS[k]}" for k in METRIC_KEYS)
    lines += [
        "",
        textwrap.fill(
            f"— no data. A after a value: amber, R: red, against the Target row. {legend}.",
            width=100,
            break_on_hyphens=False,
        ),
    ]
    return "\n".join(lines)
