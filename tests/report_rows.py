"""A workbook for the scorecard tests: tests/builder.py's base plus misses, actions, decisions and
dependencies, people named in Latin, Greek, Cyrillic, Chinese and Korean, and user text holding
markup characters."""

from __future__ import annotations

import datetime as dt

from builder import rows_copy

d = dt.datetime
MARKUP_TEXT = "Customer <Acme & Sons> asked: is x<y? Q&A follows"
SEAM3_NAME = "Budget changes <Q&A> & approvals"


def report_rows() -> dict[str, list[dict]]:
    """Three Active seams and a Retired one, with a month (2026-10) of activity and a month before it."""
    rows = rows_copy()
    rows["People"] += [
        {"Name": "Ελένη Παπαδοπούλου", "Email": "eleni@example.com", "Team": "Finance", "Role": "Seam owner"},
        {"Name": "Дмитрий Иванов", "Email": "dmitry@example.com", "Team": "Operations", "Role": "Seam owner"},
        {"Name": "김민준", "Email": "minjun@example.com", "Team": "Security", "Role": "Contributor"},
    ]
    rows["Seams"] += [
        {
            "Seam ID": "S-03",
            "Seam name": SEAM3_NAME,
            "From team": "Finance",
            "To team": "Operations",
            "Accountable owner": "Ελένη Παπαδοπούλου",
            "Decider": "Łukasz Nowak",
            "Status": "Pilot",
            "Contract version": "v0.9",
            "Last reviewed": d(2026, 10, 20),
        },
        {
            "Seam ID": "S-04",
            "Seam name": "Old vendor onboarding",
            "From team": "Operations",
            "To team": "Finance",
            "Accountable owner": "Дмитрий Иванов",
            "Status": "Retired",
            "Last reviewed": d(2026, 10, 1),
        },
    ]
    rows["SLAs"] += [
        {"Seam ID": "S-03", "Request type": "Budget change", "Measure": "Lead time", "Target (business days)": 4}
    ]
    rows["Handoffs"] += [
        {
            "Item ID": "H-3",
            "Seam ID": "S-01",
            "Request type": "Custom integration",
            "Submitted": d(2026, 9, 7, 9),
            "Started": d(2026, 9, 14, 9),
            "Completed": d(2026, 9, 18, 17),
            "Ready at first submit": "No",
            "Reworked": "Yes",
            "Rework reason": "Missing requirements",
        },
        {
            "Item ID": "H-4",
            "Seam ID": "S-01",
            "Request type": "Custom integration",
            "Submitted": d(2026, 10, 12, 9),
            "Started": d(2026, 10, 19, 9),
            "Completed": d(2026, 10, 23, 17),
            "Ready at first submit": "No",
            "Reworked": "Yes",
            "Rework reason": "Missing requirements",
        },
        {
            "Item ID": "H-5",
            "Seam ID": "S-03",
            "Request type": "Budget change",
            "Submitted": d(2026, 10, 1, 9),
            "Started": d(2026, 10, 2, 9),
            "Completed": d(2026, 10, 5, 12),
            "Ready at first submit": "Yes",
            "Reworked": "No",
        },
    ]
    rows["Misses"] = [
        {
            "Miss ID": "M-1",
            "Date": d(2026, 10, 6),
            "Seam ID": "S-01",
            "Type": "Missed commitment",
            "Description": MARKUP_TEXT,
            "Impact": "Revenue",
            "Severity": "High",
            "Root cause": "Scope not agreed",
        },
        {
            "Miss ID": "M-2",
            "Date": d(2026, 10, 13),
            "Seam ID": "S-01",
            "Type": "Rework",
            "Description": "Integration spec sent back twice",
            "Impact": "Cost",
            "Severity": "Medium",
            "Root cause": "Scope not agreed",
        },
        {
            "Miss ID": "M-3",
            "Date": d(2026, 10, 20),
            "Seam ID": "S-01",
            "Type": "Surprise escalation",
            "Description": "CEO escalation from Acme",
            "Impact": "Customer",
            "Severity": "High",
            "Root cause": "No status updates",
        },
        {
            "Miss ID": "M-4",
            "Date": d(2026, 10, 21),
            "Seam ID": "S-02",
            "Type": "Dependency miss",
            "Description": "Pen-test slot lost",
            "Impact": "Risk",
            "Severity": "Low",
            "Root cause": "Booked late",
        },
    ]
    rows["Dependencies"] += [
        {
            "Dependency ID": "D-2",
            "Seam ID": "S-02",
            "Description": "Threat model for Acme SSO",
            "Owner": "김민준",
            "Due": d(2026, 10, 15),
            "Status": "Open",
        },
    ]
    rows["Decisions"] += [
        {
            "Decision ID": "DEC-2",
            "Seam ID": "S-02",
            "Decision": "Accept residual risk on legacy TLS",
            "Decider": "Łukasz Nowak",
            "Requested": d(2026, 9, 21),
            "SLA (business days)": 5,
            "Status": "Pending",
        },
    ]
    rows["Actions"] = [
        {
            "Action ID": "A-1",
            "Seam ID": "S-01",
            "Action": "Intake checklist signed by Product",
            "Owner": "Zoë Ødegård",
            "Opened": d(2026, 9, 20),
            "Due": d(2026, 10, 10),
            "Status": "In progress",
            "Root cause": "Scope not agreed",
            "Linked miss IDs": "M-1, M-2",
        },
        {
            "Action ID": "A-2",
            "Seam ID": "S-02",
            "Action": "Book pen-test slots a quarter ahead",
            "Owner": "王芳",
            "Opened": d(2026, 10, 22),
            "Due": d(2026, 11, 30),
            "Status": "Open",
            "Linked miss IDs": "M-4",
        },
        {
            "Action ID": "A-3",
            "Seam ID": "S-03",
            "Action": "Weekly budget triage",
            "Owner": "Дмитрий Иванов",
            "Opened": d(2026, 10, 1),
            "Due": d(2026, 10, 15),
            "Status": "Done",
            "Closed": d(2026, 10, 14),
        },
    ]
    return rows
