"""The Settings sheet: organization, reporting month, work week, targets."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
import pandas as pd

from tec_desktop.findings import Finding, finding
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Settings, Table

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def parse_month(text: str, epoch: np.datetime64 | None = None) -> str | None:
    """'2026-10', '2026-10-15', '2026-10-15 00:00' or an Excel serial -> '2026-10'; None when not a month.

    A serial number counts days from `epoch` (the workbook's date system; Excel's usual one by default)."""
    text = str(text).strip()
    m = _MONTH.fullmatch(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    from tec_desktop.workbook.values import EXCEL_EPOCH, parse_date

    serial = re.fullmatch(r"\d+(\.\d+)?", text)
    parsed = parse_date([float(text)] if serial else [text], EXCEL_EPOCH if epoch is None else epoch)
    if parsed.bad[0] or parsed.empty[0]:
        return None
    first: np.datetime64 = np.asarray(parsed.values)[0]
    return str(first.astype("datetime64[M]"))


def language_tag(text: str) -> str | None:
    """'EN_gb' -> 'en-GB': a language code as PDFs write it (BCP 47); None when it is not one."""
    text = str(text).strip()
    if not _LANGUAGE.fullmatch(text):
        return None
    first, *rest = text.replace("_", "-").split("-")
    parts = [first.lower()]
    for part in rest:
        parts.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(parts)


def parse_work_week(text: str) -> str | None:
    """'Mon Tue Wed Thu Fri' (any case, commas allowed, full names too) -> numpy weekmask '1111100'."""
    words = [w[:3].casefold() for w in re.split(r"[\s,;/]+", str(text)) if w]
    if not words or any(w not in _DAYS for w in words):
        return None
    return "".join("1" if d in words else "0" for d in _DAYS)


def _number(text: str) -> float | None:
    s = str(text).strip()
    try:
        value = float(s[:-1]) / 100 if s.endswith("%") else float(s)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def read_settings(table: Table, epoch: np.datetime64 | None = None) -> tuple[Settings, list[Finding]]:
    """Typed settings with defaults, and a finding for each missing or bad one (serial months counted
    from `epoch`, the workbook's date system)."""
    if not table.present or not table.has("setting") or not table.has("value"):
        return Settings(), []  # the sheet or column finding already says what to fix
    values: dict[str, str | None] = {}
    cells: dict[str, str] = {}
    rows: dict[str, int] = {}
    by_name = {schema.normalize_header(d.name): d for d in schema.SETTING_DEFS}
    findings: list[Finding] = []
    bad_value = table.bad.get("value", np.zeros(len(table), bool))
    reported: set[str] = set()  # settings whose value cell holds an error value (the reader said so)
    for name, value, row, bad in zip(table.frame["setting"], table.frame["value"], table.frame["row"], bad_value):
        if not isinstance(name, str):  # empty cells are NaN; the reader reports them
            continue
        d = by_name.get(schema.normalize_header(name))
        if d is None:
            findings.append(finding("setting-unknown", "Settings", table.cell("setting", row), int(row), name=name))
            continue
        if d.key in values:
            cell = table.cell("setting", row)
            findings.append(
                finding("setting-duplicate", "Settings", cell, int(row), setting=d.name, first_row=rows[d.key])
            )
            continue
        values[d.key] = value if isinstance(value, str) else None
        cells[d.key] = table.cell("value", row)
        rows[d.key] = int(row)
        if bad:
            reported.add(d.key)
    typed: dict[str, Any] = {}  # setting key -> its value, typed as the Settings field it fills
    # A row whose Setting cell is empty (reported as value-required) may be the "missing" one.
    nameless = any(not isinstance(name, str) for name in table.frame["setting"])
    for d in schema.SETTING_DEFS:
        text = values.get(d.key)
        cell = cells.get(d.key, "")
        if d.key in reported:
            continue
        if text is None and d.required and d.key in rows:
            findings.append(
                finding("setting-missing", "Settings", cell, rows[d.key], setting=d.name, example=d.example)
            )
            continue
        if text is None:
            if d.required and d.key not in rows and not nameless:
                findings.append(
                    finding(
                        "setting-missing",
                        "Settings",
                        cell or table.header_cell_for("setting"),
                        rows.get(d.key, 0),
                        form="no-row",
                        setting=d.name,
                        example=d.example,
                    )
                )
            continue
        value, expected = _typed(d, text, epoch)
        if value is None:
            findings.append(
                finding("setting-bad", "Settings", cell, rows[d.key], setting=d.name, value=text, expected=expected)
            )
            continue
        typed[d.key] = value
    if "work_week" in typed:
        typed["weekmask"] = typed["work_week"]
        typed["work_week"] = values["work_week"]
    return dataclasses.replace(Settings(cells=cells), **typed), findings


def _typed(d: schema.SettingDef, text: str, epoch: np.datetime64 | None) -> tuple[object, str]:
    if d.key == "reporting_month":
        return parse_month(text, epoch), "a month like 2026-10"
    if d.key == "work_week":
        return parse_work_week(text), "a list of days like Mon Tue Wed Thu Fri"
    if d.key == "language":
        return language_tag(text), "a language code like en, en-GB, de or fr"
    if d.key == "paper_size":
        hit = {p.casefold(): p for p in schema.PAPER_SIZES}.get(text.strip().casefold())
        return hit, "A4 or Letter"
    if d.kind == schema.NUMBER:
        value = _number(text)
        ok = value is not None and 0 <= value <= 1
        return (value if ok else None), "a share between 0 and 1 (for example 0.90 or 90%)"
    return text, "text"


def month_bounds(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First moment of the month and first moment of the next one."""
    start = pd.Timestamp(f"{month}-01")
    return start, start + pd.offsets.MonthBegin(1)
