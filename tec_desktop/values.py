"""Turn the raw cells of one column into typed values, a column at a time.

Each parser takes the column's raw values as calamine returned them (str, float, bool, datetime,
date, time, timedelta; '' for an empty cell) and returns the typed values with two masks: which
cells were empty and which held a value of the wrong kind. Unicode text is kept as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import schema

EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "us")
# Serial numbers outside 1910..2199 are almost surely not dates typed on purpose.
MIN_SERIAL, MAX_SERIAL = 3653, 109574
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")


@dataclass(frozen=True)
class Parsed:
    """A typed column: values, and masks of empty and of unreadable cells."""

    values: object  # np.ndarray or list, one entry per row
    empty: np.ndarray
    bad: np.ndarray
    expected: str = ""  # what a bad cell should have held, for the message


def _empty_mask(raw: list, distinct: set | None = None) -> np.ndarray:
    distinct = set(raw) if distinct is None else distinct
    blanks = {None} & distinct
    if str in set(map(type, distinct)):
        blanks |= {v for v in distinct if v.__class__ is str and not v.strip()}
    if not blanks:
        return np.zeros(len(raw), bool)
    if blanks == {""}:
        return np.array(raw, dtype=object) == ""
    return np.fromiter((v in blanks for v in raw), bool, len(raw))


def as_text(v: object) -> str:
    """A raw cell as the user sees it: 1001.0 -> '1001', dates in ISO form."""
    if v is None:
        return ""
    if type(v) is float:
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if type(v) is bool:
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


def _by_unique(raw: list, classify) -> list:
    """classify() each distinct value once: columns repeat few values (Yes/No, seam IDs, types)."""
    distinct = set(raw)
    if not any(v.__class__ is bool for v in distinct):
        table = {v: classify(v) for v in distinct}
        return [table[v] for v in raw]
    # True == 1.0 and both hash alike, yet 'TRUE' and '1' are different cells: key by type too.
    keys = [(v.__class__, v) for v in raw]
    table = {key: classify(key[1]) for key in set(keys)}
    return [table[key] for key in keys]


def parse_text(raw: list) -> Parsed:
    """Free text and identifiers: stripped strings; numbers as Excel shows them."""
    empty = _empty_mask(raw)
    values = [(v.strip() or None) if v.__class__ is str else (None if v is None else as_text(v) or None) for v in raw]
    return Parsed(values, empty, np.zeros(len(raw), bool))


def parse_date(raw: list) -> Parsed:
    """Real dates, ISO text dates and Excel serial numbers -> datetime64[us] (NaT when empty/bad)."""
    n = len(raw)
    distinct = set(raw)
    empty = _empty_mask(raw, distinct)
    bad = np.zeros(n, bool)
    if set(map(type, distinct)) <= {dt.datetime, str} and not any(
            v.strip() for v in distinct if v.__class__ is str):
        # The usual column: real dates and empty cells, converted in one call.
        values = np.array(raw, dtype=object)
        values[empty] = None
        return Parsed(pd.DatetimeIndex(values).as_unit("us").to_numpy(), empty, bad, "a date like 2026-10-05")
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    kinds = [type(v) for v in raw]
    real = [i for i, k in enumerate(kinds) if k is dt.datetime]
    if real:
        out[real] = pd.DatetimeIndex([raw[i] for i in real]).as_unit("us").to_numpy()
    days = [i for i, k in enumerate(kinds) if k is dt.date]
    if days:
        out[days] = np.array([raw[i] for i in days], dtype="datetime64[us]")
    serial = [i for i, k in enumerate(kinds) if k is float or k is int]
    if serial:
        nums = np.array([raw[i] for i in serial], dtype=float)
        ok = (nums >= MIN_SERIAL) & (nums <= MAX_SERIAL)
        idx = np.array(serial)
        # Serials carry float noise: round to the second, as Excel displays them.
        micros = np.round(nums[ok] * 86_400).astype("int64") * 1_000_000
        out[idx[ok]] = EXCEL_EPOCH + micros.astype("timedelta64[us]")
        bad[idx[~ok]] = True
    text = [i for i, k in enumerate(kinds) if k is str and not empty[i]]
    if text:
        strs = pd.Series([raw[i].strip() for i in text], dtype=object)
        iso = strs.str.fullmatch(_ISO).to_numpy(dtype=bool)
        parsed = pd.to_datetime(strs.where(iso), format="ISO8601", errors="coerce")
        good = iso & parsed.notna().to_numpy()
        idx = np.array(text)
        out[idx[good]] = parsed.to_numpy(dtype="datetime64[us]")[good]
        bad[idx[~good]] = True
    other = [i for i, k in enumerate(kinds) if k not in (dt.datetime, dt.date, float, int, str) and not empty[i]]
    bad[other] = True
    return Parsed(out, empty, bad, "a date like 2026-10-05")


def _number(v: object) -> float | None:
    k = type(v)
    if k is float or k is int:
        return float(v) if np.isfinite(v) else None
    if k is not str:
        return None
    s = v.strip()
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        value = float(s[:-1]) / 100 if s.endswith("%") else float(s)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def parse_number(raw: list) -> Parsed:
    """Numbers, also when typed as text ('3', '0.9', '90%', '0,9')."""
    empty = _empty_mask(raw)
    values = _by_unique(raw, _number)
    out = np.array([np.nan if v is None else v for v in values], dtype=float)
    bad = np.isnan(out) & ~empty
    return Parsed(out, empty, bad, "a number")


def _yesno(v: object) -> float | None:
    word = as_text(v).casefold()
    if word in schema.YES_WORDS:
        return 1.0
    if word in schema.NO_WORDS:
        return 0.0
    return None


def parse_yesno(raw: list) -> Parsed:
    """Yes/No/Y/N/True/False/1/0 in any case -> 1.0 / 0.0 (NaN when empty or bad)."""
    empty = _empty_mask(raw)
    values = _by_unique(raw, _yesno)
    out = np.array([np.nan if v is None else v for v in values], dtype=float)
    bad = np.isnan(out) & ~empty
    return Parsed(out, empty, bad, "Yes or No")


def parse_choice(raw: list, choices: tuple[str, ...]) -> Parsed:
    """One of the allowed words, in any case -> the word as the template spells it."""
    lookup = {schema.normalize_header(c): c for c in choices}
    empty = _empty_mask(raw)
    values = _by_unique(raw, lambda v: lookup.get(schema.normalize_header(as_text(v))))
    bad = np.array([v is None for v in values], dtype=bool) & ~empty
    expected = ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]
    return Parsed(values, empty, bad, expected)


_EMAIL = re.compile(r"[^@\s,;<>()]+@[^@\s,;<>()]+\.[^@\s,;<>()]{2,}")


def valid_email(s: str) -> bool:
    """A plausible single email address."""
    return bool(_EMAIL.fullmatch(s))


def parse_column(raw: list, column: schema.Column) -> Parsed:
    """Parse a column by its kind."""
    if column.kind == schema.DATE:
        return parse_date(raw)
    if column.kind == schema.NUMBER:
        return parse_number(raw)
    if column.kind == schema.YESNO:
        return parse_yesno(raw)
    if column.kind == schema.CHOICE:
        return parse_choice(raw, column.choices)
    return parse_text(raw)


def show_date(value) -> str:
    """A date as it appears in messages: '3 Oct 2026', with the time when there is one."""
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return "—"
    # Month names spelled here, not by strftime('%b'): that follows the process locale, which Qt sets.
    text = f"{ts.day} {_MONTHS[ts.month - 1]} {ts.year}"
    if ts.hour or ts.minute:
        text += f" {ts.hour:02d}:{ts.minute:02d}"
    return text


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
