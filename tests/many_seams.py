"""A workbook with many seams for the scorecard tests: most Red or Amber, with misses, root causes, actions,
decisions waiting and dependencies past due, so that every list of the brief is longer than it can show."""

from __future__ import annotations

import datetime as dt

from builder import rows_copy

d = dt.datetime
CAUSES = ("Scope changed after intake", "Decider unavailable", "Definition of ready not met")


def many_seam_rows(seams: int = 200) -> dict[str, list[dict]]:
    """`seams` Active seams owned by ten people; seam i is Red when i % 3 == 0, Amber when i % 3 == 1."""
    rows = rows_copy()
    owners = [f"Owner {k} Långnamn-Øster" for k in range(10)]
    rows["People"] += [
        {"Name": o, "Email": f"owner{k}@example.com", "Team": "Ops", "Role": "Seam owner"} for k, o in enumerate(owners)
    ]
    for sheet in ("Seams", "SLAs", "Handoffs", "Misses", "Dependencies", "Decisions", "Actions"):
        rows[sheet] = []
    for i in range(seams):
        sid = f"S-{i + 1:03d}"
        rows["Seams"].append(
            {
                "Seam ID": sid,
                "Seam name": f"Handoff number {i + 1} between operations and finance",
                "From team": "Operations",
                "To team": "Finance",
                "Accountable owner": owners[i % 10],
                "Decider": "Łukasz Nowak",
                "Definition of ready": f"Request form {i + 1} complete",
                "Escalation path": "Owner, then COO",
                "Status": "Active",
                "Contract version": "v1",
                "Last reviewed": d(2026, 10, 2),
            }
        )
        rows["SLAs"].append(
            {"Seam ID": sid, "Request type": "Approval", "Measure": "Queue time", "Target (business days)": 2}
        )
        late = i % 3 == 0
        for k in range(2):
            rows["Handoffs"].append(
                {
                    "Item ID": f"H-{i}-{k}",
                    "Seam ID": sid,
                    "Request type": "Approval",
                    "Submitted": d(2026, 10, 5 + k, 9),
                    "Started": d(2026, 10, 13 + k, 9) if late and k == 0 else d(2026, 10, 6 + k, 9),
                    "Completed": d(2026, 10, 20 + k, 9),
                }
            )
        if i % 3 == 0:
            rows["Misses"].append(
                {
                    "Miss ID": f"M-{i}",
                    "Date": d(2026, 10, 14),
                    "Seam ID": sid,
                    "Type": "Missed commitment",
                    "Description": "Approval came after the promised date",
                    "Root cause": CAUSES[i % len(CAUSES)],
                }
            )
            rows["Actions"].append(
                {
                    "Action ID": f"A-{i}",
                    "Seam ID": sid,
                    "Action": "Add the approval to the weekly triage",
                    "Owner": owners[i % 10],
                    "Opened": d(2026, 9, 1),
                    "Due": d(2026, 10, 1),
                    "Status": "In progress",
                    "Root cause": "Something else",
                }
            )
        if i % 3 == 1:
            rows["Decisions"].append(
                {
                    "Decision ID": f"DEC-{i}",
                    "Seam ID": sid,
                    "Decision": f"Approve exception {i} for the quarter",
                    "Decider": "Łukasz Nowak",
                    "Requested": d(2026, 10, 1),
                    "SLA (business days)": 5,
                    "Status": "Escalated" if i % 2 else "Pending",
                }
            )
            rows["Dependencies"].append(
                {
                    "Dependency ID": f"D-{i}",
                    "Seam ID": sid,
                    "Description": "Cost centre list from Finance",
                    "Owner": owners[i % 10],
                    "Due": d(2026, 10, 9),
                    "Status": "Open",
                }
            )
    return rows
