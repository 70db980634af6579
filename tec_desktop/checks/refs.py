"""Checks that one row points at another: unique IDs, Seam IDs, people and linked IDs."""

from __future__ import annotations

import numpy as np

from tec_desktop.checks.base import (
    Context,
    Params,
    blank,
    cell_findings,
    filled,
    grouped_findings,
    header,
    usable,
)
from tec_desktop.findings import Finding
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Table


def _duplicates(ctx: Context, table: Table, key: str, code: str) -> list[Finding]:
    if not usable(table, key):
        return []
    filled_cells, distinct = ctx.distinct_keys(table, key)
    if filled_cells == len(distinct):
        return []  # as many distinct values as filled cells: nothing repeats
    codes, _ = ctx.normalized_codes(table, key)
    present = codes >= 0
    found, first_at = np.unique(codes, return_index=True)
    first = first_at[found >= 0][np.maximum(codes, 0)]  # each row's first row with its value
    dup = present & (first != np.arange(len(codes)))
    rows = table.frame["row"].to_numpy()
    values = table.frame[key]
    head = header(table, key)
    return cell_findings(
        table, key, dup, code, lambda i: {"column": head, "value": values.iat[i], "first_row": int(rows[first[i]])}
    )


def check_duplicate_ids(ctx: Context):
    """Each sheet's ID column (People: Name) holds every value once, compared ignoring case."""
    out = []
    for table in ctx.book.tables.values():
        key = table.sheet.id_key
        if key:
            out += _duplicates(ctx, table, key, "id-duplicate")
    return out


def check_duplicate_emails(ctx: Context):
    """Two people never share an email address: their scorecards would go to one inbox."""
    return _duplicates(ctx, ctx.book["People"], "email", "email-duplicate")


def check_seam_ids(ctx: Context):
    """Every Seam ID on SLAs, Handoffs, Misses, Dependencies, Decisions and Actions is on Seams."""
    seams = ctx.book["Seams"]
    if not usable(seams, "seam_id") or blank(seams, "seam_id").any():
        return []  # a seam row without its ID (reported) may be the one these rows mean
    known = seams.frame["seam_id"].dropna().unique()
    by_value = set(known)
    by_norm = {schema.normalize_header(s): s for s in known}
    out = []
    for table in ctx.book.tables.values():
        for col in table.sheet.columns:
            if col.kind != schema.SEAM or not usable(table, col.key):
                continue
            values = table.frame[col.key]
            codes, uniques = ctx.codes(table, col.key)
            unknown = np.array([u not in by_value for u in uniques] + [False], dtype=bool)[codes]

            def describe(i: int, values=values, head=col.header) -> tuple[str, Params]:
                near = by_norm.get(schema.normalize_header(values.iat[i]))
                params = {"column": head, "value": values.iat[i]}
                return ("near", {**params, "near": near}) if near else ("", params)

            out += grouped_findings(table, col.key, unknown, codes, "seam-unknown", describe)
    return out


def people_index(ctx: Context) -> dict[str, int] | None:
    """Normalized Name and Email -> position on People; None when People cannot be used."""
    people = ctx.book["People"]
    if not usable(people, "name", "email"):
        return None
    index: dict[str, int] = {}
    for column in ("name", "email"):  # first row wins for duplicates (reported), names before emails
        for i, key in enumerate(ctx.normalized(people, column)):
            if key is not None:
                index.setdefault(key, i)
    return index


def resolve_people(ctx: Context, table: Table, key: str) -> np.ndarray:
    """Position on People of each row's person (-1 when empty or not found)."""
    index = ctx.shared(people_index) or {}
    keys = ctx.normalized(table, key)
    return np.fromiter((index.get(k, -1) if k is not None else -1 for k in keys), np.int64, len(keys))


def check_people(ctx: Context):
    """Every person column names someone on People, by Name or Email, ignoring case."""
    if ctx.shared(people_index) is None or blank(ctx.book["People"], "name").any():
        return []  # a person row without a name (reported) may be the one these cells mean
    out = []
    for table in ctx.book.tables.values():
        for col in table.sheet.columns:
            if col.kind != schema.PERSON or not usable(table, col.key):
                continue
            values = table.frame[col.key]
            unknown = filled(table, col.key) & (resolve_people(ctx, table, col.key) < 0)

            def person(i: int, values=values, head=col.header) -> tuple[str, Params]:
                return "", {"column": head, "value": values.iat[i]}

            out += grouped_findings(table, col.key, unknown, ctx.normalized(table, col.key), "person-unknown", person)
    return out


def _id_set(ctx: Context, table: Table, key: str) -> set[str] | None:
    if not usable(table, key):
        return None
    return ctx.distinct_keys(table, key)[1]


def check_linked_item(ctx: Context):
    """A miss's Linked item ID is on Handoffs."""
    misses = ctx.book["Misses"]
    known = _id_set(ctx, ctx.book["Handoffs"], "item_id")
    if known is None or not usable(misses, "linked_item"):
        return []
    keys = ctx.normalized(misses, "linked_item")
    unknown = np.fromiter((k is not None and k not in known for k in keys), bool, len(keys))
    values = misses.frame["linked_item"]
    return cell_findings(misses, "linked_item", unknown, "link-unknown", lambda i: {"value": values.iat[i]})


def split_ids(text: str) -> list[str]:
    """'M-1, M-2; M-3' -> ['M-1', 'M-2', 'M-3']."""
    return [p.strip() for p in str(text).replace(";", ",").replace("\n", ",").split(",") if p.strip()]


def check_linked_misses(ctx: Context):
    """Every ID in an action's Linked miss IDs is on Misses."""
    actions = ctx.book["Actions"]
    known = _id_set(ctx, ctx.book["Misses"], "miss_id")
    if known is None or not usable(actions, "linked_misses"):
        return []
    values = actions.frame["linked_misses"]
    missing: dict[int, list[str]] = {}
    for i in np.flatnonzero(filled(actions, "linked_misses")):
        gone = [p for p in split_ids(values.iat[i]) if schema.normalize_header(p) not in known]
        if gone:
            missing[int(i)] = gone
    mask = np.zeros(len(actions), bool)
    mask[list(missing)] = True

    return cell_findings(
        actions, "linked_misses", mask, "link-unknown", lambda i: {"ids": tuple(missing[i])}, form="misses"
    )
