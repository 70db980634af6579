"""`tec check WORKBOOK [--format text|json] [--annotate OUT.xlsx] [--month YYYY-MM]` (spec §6)."""

from __future__ import annotations

import argparse
import json
import sys
from itertools import groupby

from tec_desktop.cli.exit_codes import EXIT_FINDINGS, EXIT_OK
from tec_desktop.cli.output import write
from tec_desktop.codes import CELL
from tec_desktop.findings import ERROR, INFO, SEVERITY_ORDER, WARNING, Finding, count


def _month(text: str) -> str:
    from tec_desktop.workbook.settings_sheet import parse_month

    month = parse_month(text)
    if month is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month; write it like 2026-10")
    return month


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `tec check`."""
    parser.description = (
        "Check a workbook against the template and list every problem: errors block the "
        "scorecards, warnings are printed on them. Exit code 0: no errors; 1: the workbook "
        "has errors; 2: the file could not be read."
    )
    parser.add_argument("workbook", metavar="WORKBOOK", help="the .xlsx workbook to check (it is only read)")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), or json: one object with workbook, errors, warnings and issues",
    )
    parser.add_argument(
        "--annotate",
        metavar="OUT.xlsx",
        help="also write a copy of the workbook with each problem cell coloured and commented "
        "and an Issues sheet linking to them (never over the workbook itself)",
    )
    parser.add_argument(
        "--month",
        metavar="YYYY-MM",
        type=_month,
        help="judge the month-dependent checks (contract reviews, corrective actions) for this "
        "month instead of the workbook's Reporting month setting, which may then be empty",
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(findings: list[Finding]) -> str:
    parts = [_plural(count(findings, ERROR), "error"), _plural(count(findings, WARNING), "warning")]
    if count(findings, INFO):
        parts.append(_plural(count(findings, INFO), "note"))
    return ", ".join(parts)


def summary(findings: list[Finding], name: str) -> str:
    """'3 errors, 2 warnings in sample.xlsx', or 'No problems found in sample.xlsx'."""
    if not count(findings, ERROR) and not count(findings, WARNING):
        notes = count(findings, INFO)
        return f"No problems found in {name}" + (f" ({_plural(notes, 'note')})" if notes else "")
    return f"{_counts(findings)} in {name}"


def format_text(findings: list[Finding], name: str) -> str:
    """Findings grouped by sheet, in workbook order, each sheet with its counts, then the summary line."""
    lines = []
    for sheet, grouped in groupby(findings_by_sheet(findings), key=lambda f: f.sheet):
        group = sorted(grouped, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.row))
        lines.append(f"{sheet or 'Workbook'}: {_counts(group)}")
        for f in group:
            text = f.text if f.place == CELL else f.message  # the cell is in its own column
            lines.append(f"  {f.severity:<8} {f.cell:<6} {text}")
        lines.append("")
    lines.append(summary(findings, name))
    return "\n".join(lines)


def findings_by_sheet(findings: list[Finding]) -> list[Finding]:
    """Workbook-wide findings first, then sheet by sheet in template order (others after)."""
    from tec_desktop.workbook.schema import SHEETS

    order = {s.name: i for i, s in enumerate(SHEETS)}
    return sorted(findings, key=lambda f: (f.sheet != "", order.get(f.sheet, len(order)), f.sheet))


def format_json(findings: list[Finding], name: str) -> str:
    """The spec §6 object."""
    return json.dumps(
        {
            "workbook": name,
            "errors": count(findings, ERROR),
            "warnings": count(findings, WARNING),
            "issues": [f.as_json() for f in findings],
        },
        indent=2,
    )


def run(args: argparse.Namespace) -> int:
    """Check the workbook, print its problems, optionally write the annotated copy; 1 when it has errors."""
    from tec_desktop.workbook.reader import file_sha256, read_workbook

    book = read_workbook(args.workbook)  # first: pandas is imported while calamine parses (see the reader)
    from tec_desktop.checks.registry import run_checks

    findings = run_checks(book, month=args.month)
    if args.annotate:
        from tec_desktop.errors import TecError
        from tec_desktop.workbook.annotate import write_annotated

        if file_sha256(book.path) != book.sha256:
            raise TecError("workbook-changed", workbook=book.name)
        out = write_annotated(book.path, findings, args.annotate)
        write(f"Annotated copy written to {out}", sys.stderr if args.format == "json" else None)
    if args.format == "json":
        write(format_json(findings, book.name))
    else:
        write(format_text(findings, book.name))
    return EXIT_FINDINGS if count(findings, ERROR) else EXIT_OK
