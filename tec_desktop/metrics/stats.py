"""Per-seam counts, shares, medians and percentiles over whole columns at once.

Rows carry a seam code (0..n-1, or -1 for a seam not on the Seams sheet); every function returns one
value per seam. Medians and percentiles match `numpy.median` and `numpy.percentile(..., 85)`
(linear) bit for bit, which the tests compare.
"""

from __future__ import annotations

import numpy as np


def group_count(codes: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """How many rows of each seam are in `mask`."""
    picked = codes[mask & (codes >= 0)]
    return np.bincount(picked, minlength=n)


def group_share(codes: np.ndarray, counted: np.ndarray, hit: np.ndarray, n: int) -> np.ndarray:
    """Per seam: rows in `counted & hit` over rows in `counted`; NaN where nothing is counted."""
    den = group_count(codes, counted, n)
    num = group_count(codes, counted & hit, n)
    out = np.full(n, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _sorted_groups(codes: np.ndarray, values: np.ndarray, mask: np.ndarray, n: int):
    keep = mask & (codes >= 0) & ~np.isnan(values)
    c, v = codes[keep], values[keep]
    order = np.lexsort((v, c))
    counts = np.bincount(c, minlength=n)
    starts = (np.cumsum(counts) - counts).astype(np.intp)
    return v[order], counts, starts


def group_median(codes: np.ndarray, values: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    """Per seam, the median of `values` on rows in `mask` (NaN values ignored); NaN where none."""
    v, counts, starts = _sorted_groups(codes, values, mask, n)
    out = np.full(n, np.nan)
    has = counts > 0
    low = starts[has] + (counts[has] - 1) // 2
    high = starts[has] + counts[has] // 2
    out[has] = (v[low] + v[high]) / 2.0  # numpy.median: the mean of the middle one or two
    return out


def group_percentile(codes: np.ndarray, values: np.ndarray, mask: np.ndarray, n: int, q: float) -> np.ndarray:
    """Per seam, `numpy.percentile(values, q)` (linear) on rows in `mask`; NaN where none."""
    v, counts, starts = _sorted_groups(codes, values, mask, n)
    out = np.full(n, np.nan)
    has = counts > 0
    size = counts[has]
    virtual = (size - 1) * np.true_divide(q, 100)
    below = np.floor(virtual)
    gamma = virtual - below
    last = virtual >= size - 1
    lo = np.where(last, size - 1, below).astype(np.intp) + starts[has]
    hi = np.where(last, size - 1, below + 1).astype(np.intp) + starts[has]
    a, b = v[lo], v[hi]
    diff = b - a
    # numpy's _lerp: interpolate from the nearer end so that the result is exact at both ends.
    out[has] = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
    return out
