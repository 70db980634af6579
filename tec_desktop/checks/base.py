"""What every consistency check shares: the run's context and small column helpers.

Checks work on whole columns (numpy masks) and build a Finding only for the rows that fail, so a
workbook with 100k handoffs checks in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat

import numpy as np
import pandas as pd

from tec_desktop.errors import TecError
from tec_desktop.findings import ERROR, Finding
from tec_desktop.metrics.compute import compute_month
from tec_desktop.months import month_label
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Table, Workbook
from tec_desktop.workbook.settings_sheet import month_bounds


@dataclass(frozen=True, eq=False)
class Context:
    """One check run: the workbook, the month it is judged for ('YYYY-MM' or None) and today's date."""

    book: Workbook
    month: str | None
    today: dt.date
    found: list[Finding] = field(default_factory=list, repr=False)  # the findings so far, growing as checks run
    _memo: dict = field(default_factory=dict, repr=False)

    def shared(self, fn: Callable[[Context], object]):
        """fn(self), computed once per run: for facts that several checks need."""
        if fn not in self._memo:
            self._memo[fn] = fn(self)
        return self._memo[fn]

    def _once(self, memo: tuple, make: Callable[[], object]):
        if memo not in self._memo:
            self._memo[memo] = make()
        return self._memo[memo]

    def codes(self, table: Table, key: str) -> tuple[np.ndarray, list]:
        """The column as integer codes (-1 where empty) into its distinct values; once per run.

        Columns of 100k rows are compared through these (hashing each cell once), not cell by cell."""

        def make():
            codes, uniques = pd.factorize(table.frame[key].to_numpy(dtype=object, na_value=None), use_na_sentinel=True)
            return codes, uniques.tolist()

        return self._once(("codes", table.name, key), make)

    def distinct_keys(self, table: Table, key: str) -> tuple[int, set[str]]:
        """How many cells of the column are filled, and their distinct values as compared; once per run.

        Cheaper than codes() for a column of unique IDs: no hashing of the raw values first."""

        def make():
            keys = _normalize_all(table.frame[key].dropna().tolist())
            return len(keys), set(keys)

        return self._once(("distinct", table.name, key), make)

    def normalized_keys(self, table: Table, key: str) -> list[str]:
        """The column's distinct values (as in codes()) as compared case- and space-insensitively."""
        return self._once(("keys", table.name, key), lambda: _normalize_all(self.codes(table, key)[1]))

    def normalized(self, table: Table, key: str) -> np.ndarray:
        """normalized(column), computed once per run (ID columns are compared by several checks)."""

        def make():
            codes, uniques = self.codes(table, key)
            keys = self.normalized_keys(table, key)
            return np.fromiter(keys + [None], dtype=object, count=len(keys) + 1)[codes]

        return self._once(("normalized", table.name, key), make)

    def normalized_codes(self, table: Table, key: str) -> tuple[np.ndarray, list[str]]:
        """Like codes(), but values equal once normalized share a code."""

        def make():
            codes, _ = self.codes(table, key)
            keys = self.normalized_keys(table, key)
            if len(set(keys)) == len(keys):  # no two values differ only in case or spaces
                return codes, keys
            index: dict[str, int] = {}
            remap = [index.setdefault(k, len(index)) for k in keys]
            return np.array(remap + [-1], dtype=np.intp)[codes], list(index)

        return self._once(("normalized codes", table.name, key), make)

    def data_is_sound(self) -> bool:
        """No error and no date later than today so far: the month's metrics can be trusted.

        Only meaningful inside a check marked with after_other_checks."""
        return not any(f.severity == ERROR or f.code == "date-in-future" for f in self.found)

    @property
    def month_range(self) -> tuple[np.datetime64, np.datetime64] | None:
        """First moment of the month and of the next one, or None when there is no month."""
        if self.month is None:
            return None
        start, nxt = month_bounds(self.month)
        return np.datetime64(start, "us"), np.datetime64(nxt, "us")

    @property
    def month_label(self) -> str:
        """'October 2026'."""
        return month_label(self.month) if self.month else ""

    @cached_property
    def metrics(self):
        """The month's metrics, or None without a month or without data."""
        if self.month is None:
            return None
        try:
            return compute_month(self.book, self.month)
        except TecError:  # e.g. a month with no data at all: nothing is Red
            return None


Check = Callable[[Context], Iterable[Finding]]


_LAST: set[Check] = set()  # the checks marked with after_other_checks


def after_other_checks(check: Check) -> Check:
    """Mark a check that runs once every other check has, so it can ask ctx.data_is_sound()."""
    _LAST.add(check)
    return check


def runs_last(check: Check) -> bool:
    """The check was marked with after_other_checks."""
    return check in _LAST


def usable(table: Table, *keys: str) -> bool:
    """The sheet exists and has all these columns (otherwise the reader already said so)."""
    return table.present and all(table.has(k) for k in keys)


def filled(table: Table, key: str) -> np.ndarray:
    """Cells holding a valid value."""
    return table.frame[key].notna().to_numpy()


def blank(table: Table, key: str) -> np.ndarray:
    """Cells left empty (not the ones holding a bad value: the reader reported those)."""
    isna = table.frame[key].isna().to_numpy()
    bad = table.bad.get(key)
    return isna & ~bad if bad is not None else isna


def _normalize_all(texts: list[str]) -> list[str]:
    """Each text as compared (schema.normalize_header), with C-level calls: plain ASCII without doubled or
    surrounding spaces (nearly every ID) needs only casefold, and 100k distinct Item IDs are one joined
    string to test for that."""
    folded = list(map(str.casefold, texts))
    joined = "|".join(texts)
    if (
        joined.isascii()
        and joined.isprintable()
        and joined == joined.strip()
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
    ):
        return folded  # all plain ('|' only separates here: a text holding it just takes the slow path)
    n = len(texts)
    plain = np.fromiter(map(str.isascii, texts), bool, n) & np.fromiter(map(str.isprintable, texts), bool, n)
    plain &= np.fromiter(map(str.strip, texts), object, n) == np.fromiter(texts, object, n)
    plain &= ~np.fromiter(map(str.__contains__, texts, repeat("  ")), bool, n)
    for i in np.flatnonzero(~plain):
        folded[i] = schema.normalize_header(texts[i])
    return folded


def normalized(series: pd.Series) -> np.ndarray:
    """Values as compared case- and space-insensitively (None for empty); each distinct value normalized once."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object, na_value=None), use_na_sentinel=True)
    keys = _normalize_all(uniques.tolist())
    return np.fromiter(keys + [None], dtype=object, count=len(keys) + 1)[codes]


Params = dict[str, object]


def cell_findings(
    table: Table, key: str, mask: np.ndarray, code: str, describe: Callable[[int], Params], form: str = ""
) -> list[Finding]:
    """One finding per True row of `mask`, at the column's cell; describe(i) gives the parameters of row i."""
    rows = table.frame["row"].to_numpy()
    sheet = table.name
    out = []
    for i in np.flatnonzero(mask):
        row = int(rows[i])
        params = tuple(describe(int(i)).items())
        out.append(Finding(code, sheet, table.cell(key, row), row, params, form))
    return out


def grouped_findings(
    table: Table,
    key: str,
    mask: np.ndarray,
    groups: np.ndarray,
    code: str,
    describe: Callable[[int], tuple[str, Params]],
) -> list[Finding]:
    """Like cell_findings, but one finding per distinct value of `groups` among the True rows, at its first
    row, naming the others (parameter `also`): a seam renamed on Seams is one problem, not one per handoff
    that mentions it. describe(i) gives the form and the parameters of row i."""
    positions = np.flatnonzero(mask)
    if not len(positions):
        return []
    rows = table.frame["row"].to_numpy()
    out = []
    for _, members in pd.Series(positions).groupby(groups[positions], sort=False):
        first, row = int(members.iloc[0]), int(rows[members.iloc[0]])
        form, params = describe(first)
        also = tuple(int(rows[p]) for p in members.iloc[1:])
        out.append(Finding(code, table.name, table.cell(key, row), row, (*params.items(), ("also", also)), form))
    return out


def header(table: Table, key: str) -> str:
    """The column's header as the template spells it."""
    return table.sheet.column(key).header


def seam_label(seams: Table, i: int) -> str:
    """'S-01 (Custom deal intake)'."""
    sid = seams.frame["seam_id"].iat[i]
    name = seams.frame["seam_name"].iat[i] if seams.has("seam_name") else None
    return f"{sid} ({name})" if isinstance(name, str) and name else str(sid)


def live_seams(seams: Table) -> np.ndarray:
    """Seams the checks look after: not Retired (no scorecard, no reminders), and only the first row of a
    Seam ID used twice (the duplicate is reported once, not again for each of its cells)."""
    live = (
        ~seams.frame["seam_id"].duplicated(keep="first").to_numpy()
        if seams.has("seam_id")
        else np.ones(len(seams), bool)
    )
    if seams.has("status"):
        live &= seams.frame["status"].to_numpy(dtype=object, na_value=None) != "Retired"
    return live
