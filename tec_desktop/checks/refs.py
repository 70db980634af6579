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
from tec_desktop.checks.invisible import describe_invisible, visible
from tec_desktop.findings import Finding
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Table
from tec_desktop.workbook.values import valid_email


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
    """Every Seam ID on SLAs, Handoffs, Misses, Dependencies, Decisions and Actions is on Seams.

    IDs are compared as typed (the reader has put them in Unicode's composed form, NFC, so 'Zoë' typed
    with a combining diaeresis is 'Zoë'); a near miss is named, and so is an invisible character."""
    seams = ctx.book["Seams"]
    if not usable(seams, "seam_id") or blank(seams, "seam_id").any():
        return []  # a seam row without its ID (reported) may be the one these rows mean
    known = seams.frame["seam_id"].dropna().unique()
    by_value = set(known)
    by_norm = {schema.normalize_header(visible(s)): s for s in known}
    out = []
    for table in ctx.book.tables.values():
        for col in table.sheet.columns:
            if col.kind != schema.SEAM or not usable(table, col.key):
                continue
            values = table.frame[col.key]
            codes, uniques = ctx.codes(table, col.key)
            unknown = np.array([u not in by_value for u in uniques] + [False], dtype=bool)[codes]

            def describe(i: int, values=values, head=col.header) -> tuple[str, Params]:
                value = values.iat[i]
                near = by_norm.get(schema.normalize_header(visible(value)))
                params = {"column": head, "value": value}
                hidden = describe_invisible(value)
                if near and hidden:
                    return "invisible", {**params, "near": near, "invisible": hidden}
                return ("near", {**params, "near": near}) if near else ("", params)

            out += grouped_findings(table, col.key, unknown, codes, "seam-unknown", describe)
    return out


UNKNOWN, AMBIGUOUS, NOT_THEIR_EMAIL = -1, -2, -3  # what resolve_people gives when it finds no one person


class People:
    """Who a typed Name or Email means on People, compared ignoring case and spacing."""

    def __init__(self, names: np.ndarray, emails: np.ndarray):
        self.names, self.emails = names, emails
        self.by_name: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        for column, index in ((names, self.by_name), (emails, self.by_email)):
            for i, key in enumerate(column):  # the first row wins for duplicates (reported)
                if key is not None:
                    index.setdefault(key, i)

    def find(self, key: str | None) -> int:
        """The position on People of the person `key` means, or UNKNOWN, AMBIGUOUS, NOT_THEIR_EMAIL.

        A text that is one person's Name and another's Email means no one: choosing would send one
        person's scorecards to the other. An email address typed means the person with that Email,
        never someone whose Name it merely is."""
        if key is None:
            return UNKNOWN
        by_name, by_email = self.by_name.get(key), self.by_email.get(key)
        if by_name is not None and by_email is not None and by_name != by_email:
            return AMBIGUOUS
        if by_email is not None:
            return by_email
        if by_name is None:
            return UNKNOWN
        return NOT_THEIR_EMAIL if valid_email(key) and self.emails[by_name] != key else by_name


def people_index(ctx: Context) -> People | None:
    """Normalized Name and Email of everyone on People; None when People cannot be used."""
    people = ctx.book["People"]
    if not usable(people, "name", "email"):
        return None
    return People(ctx.normalized(people, "name"), ctx.normalized(people, "email"))


def resolve_people(ctx: Context, table: Table, key: str) -> np.ndarray:
    """Position on People of each row's person (negative when empty, unknown or ambiguous)."""
    index = ctx.shared(people_index)
    keys = ctx.normalized(table, key)
    if not isinstance(index, People):
        return np.full(len(keys), UNKNOWN, np.int64)
    found = {k: index.find(k) for k in set(keys) if k is not None}
    return np.fromiter((found[k] if k is not None else UNKNOWN for k in keys), np.int64, len(keys))


def check_people(ctx: Context):
    """Every person column names one person on People, by Name or Email, ignoring case."""
    index = ctx.shared(people_index)
    if not isinstance(index, People) or blank(ctx.book["People"], "name").any():
        return []  # a person row without a name (reported) may be the one these cells mean
    people = ctx.book["People"].frame
    out = []
    for table in ctx.book.tables.values():
        for col in table.sheet.columns:
            if col.kind != schema.PERSON or not usable(table, col.key):
                continue
            values = table.frame[col.key]
            who = resolve_people(ctx, table, col.key)
            groups = ctx.normalized(table, col.key)

            def person(i: int, values=values, head=col.header) -> tuple[str, Params]:
                value = values.iat[i]
                params: Params = {"column": head, "value": value}
                hidden = describe_invisible(value)
                near = index.find(schema.normalize_header(visible(value))) if hidden else UNKNOWN
                if near >= 0:
                    return "invisible", {**params, "near": people["name"].iat[near], "invisible": hidden}
                return "", params

            def ambiguous(i: int, values=values, head=col.header, who=who) -> tuple[str, Params]:
                key = schema.normalize_header(values.iat[i])
                params: Params = {"column": head, "value": values.iat[i]}
                named = index.by_name[key]
                params |= {"name_row": int(people["row"].iat[named]), "email": people["email"].iat[named]}
                if who[i] == NOT_THEIR_EMAIL:
                    return "not-their-email", params
                other = index.by_email[key]
                return "", {**params, "other": people["name"].iat[other], "email_row": int(people["row"].iat[other])}

            present = filled(table, col.key)
            out += grouped_findings(table, col.key, present & (who == UNKNOWN), groups, "person-unknown", person)
            mixed = present & ((who == AMBIGUOUS) | (who == NOT_THEIR_EMAIL))
            out += grouped_findings(table, col.key, mixed, groups, "person-ambiguous", ambiguous)
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
