"""Checks within one row: rework reasons, start and close dates, emails, and who owns what."""

from __future__ import annotations

import numpy as np

from tec_desktop.checks.base import Context, Params, blank, cell_findings, filled, live_seams, normalized, usable
from tec_desktop.checks.refs import resolve_people
from tec_desktop.findings import finding
from tec_desktop.workbook.values import show_date, valid_email

FINISHED_ACTION = ("Done", "Dropped")
FINISHED_DEPENDENCY = ("Met", "Missed", "Cancelled")


def _status_in(table, key: str, words: tuple[str, ...]) -> np.ndarray:
    if not table.has(key):
        return np.zeros(len(table), bool)
    return np.isin(table.frame[key].to_numpy(dtype=object, na_value=None), words)


def check_rework_reason(ctx: Context):
    """Reworked = Yes has a Rework reason (the rework rate counts missing requirements only)."""
    handoffs = ctx.book["Handoffs"]
    if not usable(handoffs, "reworked"):
        return []
    reworked = handoffs.frame["reworked"].to_numpy() == 1.0
    if not handoffs.has("rework_reason"):
        count = int(reworked.sum())
        if not count:
            return []
        cell = handoffs.header_cell_for("rework_reason")
        return [finding("rework-reason-missing", "Handoffs", cell, 1, form="no-column", count=count)]
    return cell_findings(
        handoffs, "rework_reason", reworked & blank(handoffs, "rework_reason"), "rework-reason-missing", lambda i: {}
    )


def check_completed_without_start(ctx: Context):
    """A completed handoff has a Started date (without it, its queue time is unknown)."""
    handoffs = ctx.book["Handoffs"]
    if not usable(handoffs, "completed", "started"):
        return []  # no Started column: the sheet does not track starts at all
    completed = handoffs.frame["completed"].to_numpy()
    return cell_findings(
        handoffs,
        "started",
        filled(handoffs, "completed") & blank(handoffs, "started"),
        "completed-without-start",
        lambda i: {"completed": show_date(completed[i])},
    )


def check_closed_date(ctx: Context):
    """An action that is Done or Dropped has a Closed date."""
    actions = ctx.book["Actions"]
    if not usable(actions, "status", "closed"):
        return []
    status = actions.frame["status"]
    unclosed = blank(actions, "closed")
    return cell_findings(
        actions,
        "closed",
        _status_in(actions, "status", ("Done",)) & unclosed,
        "closed-date-missing",
        lambda i: {"status": status.iat[i]},
    ) + cell_findings(
        actions,
        "closed",
        _status_in(actions, "status", ("Dropped",)) & unclosed,
        "closed-date-missing",
        lambda i: {"status": status.iat[i]},
        form="dropped",
    )


def check_emails(ctx: Context):
    """Every email on People looks like one address."""
    people = ctx.book["People"]
    if not usable(people, "email"):
        return []
    emails = people.frame["email"]
    bad = np.array(
        [isinstance(e, str) and not valid_email(e) for e in emails.to_numpy(dtype=object, na_value=None)], bool
    )
    return cell_findings(
        people,
        "email",
        bad,
        "email-invalid",
        lambda i: {"email": emails.iat[i]},
    )


def _inactive(ctx: Context) -> np.ndarray:
    people = ctx.book["People"]
    if not people.has("active"):
        return np.zeros(len(people), bool)
    return people.frame["active"].to_numpy() == 0.0


def _open_dependency(table) -> np.ndarray:
    still = ~_status_in(table, "status", FINISHED_DEPENDENCY)
    return still & ~filled(table, "met") if table.has("met") else still


def check_inactive_owners(ctx: Context):
    """Nobody marked inactive owns a live seam, an unfinished action or an open dependency."""
    people = ctx.book["People"]
    inactive = _inactive(ctx)
    if not inactive.any():
        return []
    names, rows = people.frame["name"], people.frame["row"].to_numpy()
    out = []
    for sheet, live, what in (
        ("Seams", live_seams, "seam"),
        ("Actions", lambda t: ~_status_in(t, "status", FINISHED_ACTION), "action"),
        ("Dependencies", _open_dependency, "dependency"),
    ):
        table = ctx.book[sheet]
        if not usable(table, "owner"):
            continue
        who = resolve_people(ctx, table, "owner")
        hit = (who >= 0) & live(table)
        hit[hit] = inactive[who[hit]]
        head = table.sheet.column("owner").header

        def describe(i: int, who=who, head=head, what=what) -> Params:
            return {"column": head, "name": names.iat[who[i]], "person_row": int(rows[who[i]]), "what": what}

        out += cell_findings(table, "owner", hit, "person-inactive", describe)
    return out


def check_action_owners(ctx: Context):
    """An unfinished action's owner is the seam's accountable owner or belongs to one of its two teams."""
    people, seams, actions = ctx.book["People"], ctx.book["Seams"], ctx.book["Actions"]
    if (
        not usable(people, "team")
        or not usable(seams, "seam_id", "owner", "from_team", "to_team")
        or not usable(actions, "seam_id", "owner")
    ):
        return []
    position = {sid: i for i, sid in reversed(list(enumerate(seams.frame["seam_id"]))) if isinstance(sid, str)}
    owner = resolve_people(ctx, actions, "owner")
    seam = np.array([position.get(s, -1) if isinstance(s, str) else -1 for s in actions.frame["seam_id"]], np.int64)
    check = (owner >= 0) & (seam >= 0) & ~_status_in(actions, "status", FINISHED_ACTION)
    if not check.any():
        return []
    seam_owner = resolve_people(ctx, seams, "owner")
    team = normalized(people.frame["team"])
    from_team, to_team = normalized(seams.frame["from_team"]), normalized(seams.frame["to_team"])
    outside = np.zeros(len(actions), bool)
    for i in np.flatnonzero(check):
        p, s = owner[i], seam[i]
        teams_known = team[p] is not None and from_team[s] is not None and to_team[s] is not None
        outside[i] = teams_known and p != seam_owner[s] and team[p] not in (from_team[s], to_team[s])
    names, teams = people.frame["name"], people.frame["team"]
    sf = seams.frame

    def describe(i):
        p, s = owner[i], seam[i]
        accountable = names.iat[seam_owner[s]] if seam_owner[s] >= 0 else sf["owner"].iat[s]
        return {
            "owner": names.iat[p],
            "team": teams.iat[p],
            "seam": sf["seam_id"].iat[s],
            "accountable": accountable,
            "from_team": sf["from_team"].iat[s],
            "to_team": sf["to_team"].iat[s],
        }

    return cell_findings(actions, "owner", outside, "action-owner-outside", describe)
