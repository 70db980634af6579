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

from tec_desktop.months import month_abbr
from tec_desktop.workbook import schema

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


def _objects(items) -> np.ndarray:
    # fromiter never looks inside the items (np.array would probe each for being a sequence or a date).
    return np.fromiter(items, dtype=object, count=len(items))


def _is_blank(v: object) -> bool:
    return v is None or (v.__class__ is str and not v.strip())


def _codes(raw, classify) -> tuple[np.ndarray, list, np.ndarray]:
    """classify() each distinct value once: columns repeat few values (Yes/No, seam IDs, types).

    Returns each cell's index into the distinct values (one C-level dict lookup per cell), the
    distinct values' classify() results, and which distinct values are blank (None or spaces)."""
    distinct = set(raw)
    if any(v.__class__ is bool for v in distinct):
        # True == 1.0 and both hash alike, yet 'TRUE' and '1' are different cells: key by type too.
        raw = list(zip(map(type, raw), raw))
        index = {key: i for i, key in enumerate(set(raw))}
        values = [key[1] for key in index]
    else:
        index = {v: i for i, v in enumerate(distinct)}
        values = list(index)
    codes = np.fromiter(map(index.__getitem__, raw), np.intp, len(raw))
    return codes, [classify(v) for v in values], np.array([_is_blank(v) for v in values], dtype=bool)


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


def _text(v: object) -> str | None:
    if v.__class__ is str:
        return v.strip() or None
    return None if v is None else as_text(v) or None


def parse_text(raw) -> Parsed:
    """Free text and identifiers: stripped strings; numbers as Excel shows them."""
    n = len(raw)
    try:
        # The usual column, text only: C-level calls whether it holds 3 distinct values or 100k
        # unique IDs (str.strip returns an already stripped string itself).
        values = _objects(list(map(str.strip, raw)))
    except TypeError:  # a number, date or empty cell (None) among the text
        pass
    else:
        empty = values == ""
        values[empty] = None
        return Parsed(values, empty, np.zeros(n, bool))
    codes, texts, blank = _codes(raw, _text)
    return Parsed(_objects(texts)[codes], blank[codes], np.zeros(n, bool))


def parse_date(raw) -> Parsed:
    """Real dates, ISO text dates and Excel serial numbers -> datetime64[us] (NaT when empty/bad)."""
    n = len(raw)
    bad = np.zeros(n, bool)
    if set(map(type, raw)) <= {dt.datetime, str}:
        values = _objects(raw)
        empty = values == ""
        if str not in set(map(type, values[~empty])):
            # The usual column: real dates and empty cells, converted in one call.
            values[empty] = None
            return Parsed(pd.to_datetime(values).as_unit("us").to_numpy(), empty, bad, "a date like 2026-10-05")
    kinds = list(map(type, raw))
    blanks = {v for v in set(raw) if _is_blank(v)}
    empty = np.fromiter(map(blanks.__contains__, raw), bool, n) if blanks else np.zeros(n, bool)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
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
        number = float(v)  # type: ignore[arg-type]  # checked: exactly float or int
        return number if np.isfinite(number) else None
    if not isinstance(v, str):
        return None
    s = v.strip()
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        value = float(s[:-1]) / 100 if s.endswith("%") else float(s)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def _floats(raw, classify) -> tuple[np.ndarray, np.ndarray]:
    """The column as floats (NaN where classify() gives None) and its blank cells."""
    codes, results, blank = _codes(raw, classify)
    table = np.array([np.nan if r is None else r for r in results], dtype=float)
    return table[codes], blank[codes]


def parse_number(raw) -> Parsed:
    """Numbers, also when typed as text ('3', '0.9', '90%', '0,9')."""
    out, empty = _floats(raw, _number)
    return Parsed(out, empty, np.isnan(out) & ~empty, "a number")


def _yesno(v: object) -> float | None:
    word = as_text(v).casefold()
    if word in schema.YES_WORDS:
        return 1.0
    if word in schema.NO_WORDS:
        return 0.0
    return None


def parse_yesno(raw) -> Parsed:
    """Yes/No/Y/N/True/False/1/0 in any case -> 1.0 / 0.0 (NaN when empty or bad)."""
    out, empty = _floats(raw, _yesno)
    return Parsed(out, empty, np.isnan(out) & ~empty, "Yes or No")


def parse_choice(raw, choices: tuple[str, ...]) -> Parsed:
    """One of the allowed words, in any case -> the word as the template spells it."""
    lookup = {schema.normalize_header(c): c for c in choices}
    codes, words, blank = _codes(raw, lambda v: lookup.get(schema.normalize_header(as_text(v))))
    empty = blank[codes]
    bad = np.array([w is None for w in words], dtype=bool)[codes] & ~empty
    expected = ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]
    return Parsed(_objects(words)[codes], empty, bad, expected)


_EMAIL = re.compile(r"[^@\s,;<>()]+@[^@\s,;<>()]+\.[^@\s,;<>()]{2,}")


def valid_email(s: str) -> bool:
    """A plausible single email address."""
    return bool(_EMAIL.fullmatch(s))


def parse_column(raw, column: schema.Column) -> Parsed:
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
    text = f"{ts.day} {month_abbr(ts.month)} {ts.year}"
    if ts.hour or ts.minute:
        text += f" {ts.hour:02d}:{ts.minute:02d}"
    return text
