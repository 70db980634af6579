"""A filled sample workbook: Northwind Logistics (fictional), May to October 2026, reporting month 2026-10.

It tells the story the method predicts: most seams are healthy, two or three explain most of the misses
(custom deals, security sign-offs, customer escalations), and every seam in trouble has an owner-led
corrective action. The rows are generated with a fixed seed, so the sample is the same on every run, and
built so that the consistency checks find nothing to warn about.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tec_desktop.workbook.sample_logs import (
    SEAMS,
    make_actions,
    make_decisions,
    make_dependencies,
    make_handoffs,
    make_misses,
)
from tec_desktop.workbook.sample_world import HOLIDAYS, ORGANIZATION, PEOPLE, REPORTING_MONTH, SEED
from tec_desktop.workbook.template import build_workbook, save_workbook

# ---------------------------------------------------------------- the workbook


def sample_rows(seed: int = SEED) -> dict[str, list[dict]]:
    """The sample's rows per sheet, keyed by schema column key."""
    handoffs = make_handoffs(seed)
    deps = make_dependencies(seed)
    decisions = make_decisions(seed)
    misses = make_misses(seed, handoffs, deps)
    actions = make_actions(seed, misses)
    return {
        "People": [dict(name=n, email=e, team=t, role=r, active=a) for n, e, t, r, a in PEOPLE],
        "Seams": [
            dict(
                seam_id=s.seam_id,
                seam_name=s.name,
                from_team=s.from_team,
                to_team=s.to_team,
                owner=s.owner,
                decider=s.decider,
                definition_of_ready=s.ready,
                done_means=s.done,
                escalation_path=s.escalation,
                impact_area=s.impact,
                status=s.status,
                contract_version=s.version,
                last_reviewed=s.reviewed,
            )
            for s in SEAMS
        ],
        "SLAs": [
            dict(seam_id=s.seam_id, request_type=t.name, measure=t.measure, target_days=t.target)
            for s in SEAMS
            for t in s.types
        ],
        "Handoffs": [
            dict(
                item_id=h.item_id,
                seam_id=h.seam.seam_id,
                request_type=h.kind.name,
                submitted=h.submitted,
                started=h.started,
                completed=h.completed,
                ready_first=h.ready,
                reworked=h.reworked,
                rework_reason=h.reason,
                escalated=h.escalated,
            )
            for h in handoffs
        ],
        "Misses": [
            dict(
                miss_id=m.miss_id,
                date=m.date,
                seam_id=m.seam.seam_id,
                type=m.type,
                description=m.description,
                impact=m.impact,
                severity=m.severity,
                root_cause=m.cause,
                linked_item=m.item.item_id if m.item else None,
            )
            for m in misses
        ],
        "Dependencies": [
            dict(
                dependency_id=d["dependency_id"],
                seam_id=d["seam"].seam_id,
                description=d["description"],
                owner=d["owner"],
                due=d["due"],
                met=d["met"],
                status=d["status"],
            )
            for d in deps
        ],
        "Decisions": [
            dict(
                decision_id=d["decision_id"],
                seam_id=d["seam"].seam_id,
                decision=d["decision"],
                decider=d["decider"],
                requested=d["requested"],
                decided=d["decided"],
                sla_days=d["sla"],
                status=d["status"],
            )
            for d in decisions
        ],
        "Actions": [
            dict(
                action_id=f"A-{n + 1:03d}",
                seam_id=a.seam.seam_id,
                action=a.text,
                owner=a.owner,
                opened=a.opened,
                due=a.due,
                status=a.status,
                closed=a.closed,
                root_cause=a.cause,
                linked_misses=", ".join(m.miss_id for m in a.misses),
            )
            for n, a in enumerate(actions)
        ]
        + [dict(action_id=f"A-{len(actions) + n + 1:03d}", **row) for n, row in enumerate(LATE_ACTIONS)],
        "Commentary": [dict(seam_id=sid, month=month, comment=text, author=who) for sid, month, who, text in COMMENTS],
        "Holidays": [dict(date=d, name=name) for d, name in HOLIDAYS],
    }


# Actions agreed at the end of October for the root causes no generated action answers, so that every root
# cause of a Red seam has its owner-led action (the sample is built to pass every check).
LATE_ACTIONS = (
    dict(
        seam_id="S-01",
        action="Name a solution engineer on every deal above €100k at intake",
        owner="Zoë Ødegård",
        opened=dt.date(2026, 10, 28),
        due=dt.date(2026, 11, 20),
        status="Open",
        closed=None,
        root_cause="No solution engineer on the deal",
        linked_misses="M-089",
    ),
    dict(
        seam_id="S-05",
        action="Agree an on-call owner for the billing service with Engineering",
        owner="Ана Петрова",
        opened=dt.date(2026, 10, 29),
        due=dt.date(2026, 11, 13),
        status="Open",
        closed=None,
        root_cause="No on-call owner for the billing service",
        linked_misses="M-100",
    ),
)

# The owners' comments: October's for the seams in trouble, and one from September (not printed in October).
COMMENTS = (
    (
        "S-01",
        "2026-09",
        "Zoë Ødegård",
        "Deals keep reaching Product without a written scope. Weekly review with Sales starts in October.",
    ),
    (
        "S-01",
        "2026-10",
        "Zoë Ødegård",
        "Five of seven misses trace back to dates promised before the security review was booked.\n"
        "The security slot on the deal desk checklist (A-022) slipped: Legal's standard SSO clause is the blocker. "
        "We need a decision on the Contoso SSO integration (DEC-052) this week, and a solution engineer on every "
        "deal above €100k.",
    ),
    (
        "S-02",
        "2026-10",
        "王芳",
        "Most requests still arrive without a threat model; the template (A-028) ships with the November intake "
        "form.\nA second pen-test reviewer starts on 2 November.",
    ),
    (
        "S-04",
        "2026-10",
        "Łukasz Nowak",
        "One miss: the sprint was already full when the request arrived. From November 15% of each sprint is "
        "kept for committed requests (A-032).",
    ),
    (
        "S-05",
        "2026-10",
        "Ана Петрова",
        "Escalations without reproduction steps bounce back to Support; coaching (A-030) is under way.\n"
        "The billing service still has no on-call owner: Engineering and Support agree one by 13 November.",
    ),
)

SETTINGS: dict[str, object] = {"organization": ORGANIZATION, "reporting_month": REPORTING_MONTH, "language": "en-GB"}


def write_sample(path: str | Path) -> Path:
    """Write the filled sample workbook to `path`."""
    wb = build_workbook(sample_rows(), SETTINGS, note=f"Sample: {ORGANIZATION} is a fictional company")
    return save_workbook(wb, path)
