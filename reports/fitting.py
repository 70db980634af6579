"""Fitting lists to a page: how tall a story is, how tall each listed item is, and how many items of each
list fit (the brief's caps)."""

from __future__ import annotations

from reportlab.platypus import Flowable


def fit_caps(heights: list[list[float]], totals: list[int], fixed: float, more: float, room: float) -> list[int]:
    """How many items of each list fit: shorten whichever list is longest (the seam lines counting half,
    so they keep about twice as many), never below one item, until the page holds them."""
    caps = [len(h) for h in heights]

    def size(c: list[int]) -> float:
        return fixed + sum(sum(h[:n]) for h, n in zip(heights, c)) + more * sum(n < t for n, t in zip(c, totals))

    while size(caps) > room and any(n > 1 for n in caps):
        weights = [caps[0] / 2, caps[1], caps[2]]
        k = max((i for i in (1, 2, 0) if caps[i] > 1), key=lambda i: weights[i])
        caps[k] -= 1
    return caps


def item_heights(table, rows_per_item: list[int]) -> list[float]:
    """The height of each listed item in a wrapped table (an item may take two rows: a seam and its comment)."""
    if table is None:
        return []
    table.wrap(table.width, 1e6)
    row_heights = table.row_heights
    out, i = [], 0
    for n in rows_per_item:
        out.append(sum(row_heights[i : i + n]))
        i += n
    return out


def story_height(story: list[Flowable], width: float) -> float:
    total = 0.0
    for i, f in enumerate(story):
        total += f.wrap(width, 100_000)[1]
        if i:
            total += f.getSpaceBefore()
        total += f.getSpaceAfter()
    return total
