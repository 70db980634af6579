"""A filled sample workbook: Northwind Logistics (fictional), May to October 2026, reporting month 2026-10.

It tells the story the method predicts: most seams are healthy, two or three explain most of the misses
(custom deals, security sign-offs, customer escalations), and every seam in trouble has an owner-led
corrective action. The rows are generated with a fixed seed, so the sample is the same on every run, and
built so that the consistency checks find nothing to warn about.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np

from tec_desktop.workbook.template import build_workbook, save_workbook

SEED = 20261031
ORGANIZATION = "Northwind Logistics"
REPORTING_MONTH = "2026-10"
MONTHS = ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")
OCT = len(MONTHS) - 1
LAST_DAY = dt.date(2026, 10, 31)  # nothing in the sample happens after the reporting month

HOLIDAYS = (
    (dt.date(2026, 4, 3), "Good Friday"),
    (dt.date(2026, 4, 6), "Easter Monday"),
    (dt.date(2026, 5, 4), "Early May bank holiday"),
    (dt.date(2026, 5, 25), "Spring bank holiday"),
    (dt.date(2026, 8, 31), "Summer bank holiday"),
    (dt.date(2026, 12, 25), "Christmas Day"),
    (dt.date(2026, 12, 28), "Boxing Day (substitute day)"),
)
_CALENDAR = np.busdaycalendar(weekmask="1111100", holidays=[d for d, _ in HOLIDAYS])

QUEUE, LEAD = "Queue time", "Lead time"

# Name, email, team, role, active.
PEOPLE = (
    ("Zoë Ødegård", "zoe.odegard@example.com", "Sales", "Seam owner", "Yes"),
    ("Łukasz Nowak", "lukasz.nowak@example.com", "Product", "Seam owner", "Yes"),
    ("王芳", "wang.fang@example.com", "Security", "Seam owner", "Yes"),
    ("Ана Петрова", "ana.petrova@example.com", "Support", "Seam owner", "Yes"),
    ("Γιώργος Παπαδόπουλος", "giorgos.papadopoulos@example.com", "Finance", "Seam owner", "Yes"),
    ("José Álvarez", "jose.alvarez@example.com", "Legal", "Seam owner", "Yes"),
    ("Priya Raghunathan", "priya.raghunathan@example.com", "Data", "Seam owner", "Yes"),
    ("Siobhán Ní Bhriain", "siobhan.nibhriain@example.com", "IT", "Seam owner", "Yes"),
    ("Nguyễn Thị Lan", "lan.nguyen@example.com", "HR", "Seam owner", "Yes"),
    ("Matteo Rossi", "matteo.rossi@example.com", "Marketing", "Seam owner", "Yes"),
    ("Margaret Okafor", "margaret.okafor@example.com", "Executive", "Leadership", "Yes"),
    ("田中健", "ken.tanaka@example.com", "Executive", "Leadership", "Yes"),
    ("Ingrid Johansson", "ingrid.johansson@example.com", "Executive", "Leadership", "Yes"),
    ("Ayşe Yılmaz", "ayse.yilmaz@example.com", "Executive", "Leadership", "Yes"),
    ("김민준", "minjun.kim@example.com", "Engineering", "Contributor", "Yes"),
    ("Chloé Dubois", "chloe.dubois@example.com", "Engineering", "Contributor", "Yes"),
    ("Rahul Mehta", "rahul.mehta@example.com", "App teams", "Contributor", "Yes"),
    ("Καλλιόπη Νικολάου", "kalliopi.nikolaou@example.com", "Security", "Contributor", "Yes"),
    ("Amara Nwosu", "amara.nwosu@example.com", "Support", "Contributor", "Yes"),
    ("Óscar Fernández", "oscar.fernandez@example.com", "Operations", "Contributor", "Yes"),
    ("Léa Martin", "lea.martin@example.com", "Web", "Contributor", "Yes"),
    ("Björn Lindqvist", "bjorn.lindqvist@example.com", "Procurement", "Contributor", "Yes"),
    ("Олег Смирнов", "oleg.smirnov@example.com", "Data", "Contributor", "Yes"),
    ("Pieter de Vries", "pieter.devries@example.com", "Operations", "Contributor", "No"),  # left in August
)

CUSTOMERS = (
    "Acme Freight",
    "Blue Harbor Foods",
    "Contoso Retail",
    "Fabrikam Health",
    "Globex Mining",
    "Tailspin Toys",
    "Wide World Importers",
    "Litware Pharma",
    "Adventure Works",
    "Coho Winery",
)
APPS = (
    "driver app",
    "customer portal",
    "billing API",
    "route optimiser",
    "warehouse scanner app",
    "partner API",
    "fleet telematics service",
    "parcel tracking page",
)
SITES = ("Rotterdam depot", "Gdańsk hub", "Lyon cross-dock", "Leeds warehouse", "Valencia depot")
FEATURES = (
    "bulk shipment import",
    "carrier rate API",
    "proof-of-delivery photos",
    "customs document export",
    "delivery window picker",
    "multi-stop routing",
    "invoice layout",
    "driver rating",
)
TEAMS = ("Sales", "Support", "Finance", "Operations", "Engineering", "Marketing")
CAMPAIGNS = ("Peak season", "Cold-chain launch", "Black Friday", "Same-day delivery", "Green fleet", "Partner week")


@dataclass(frozen=True)
class RequestType:
    """A kind of request crossing a seam, with its SLA."""

    name: str
    measure: str
    target: int
    weight: float = 1.0


@dataclass(frozen=True)
class SeamPlan:
    """One seam of the sample: its contract, how busy and how healthy it is, and the words of its story."""

    seam_id: str
    name: str
    from_team: str
    to_team: str
    owner: str
    decider: str
    ready: str
    done: str
    escalation: str
    impact: str
    status: str
    version: str
    reviewed: dt.date
    types: tuple[RequestType, ...]
    volume: int  # handoffs a month
    late: tuple[float, ...]  # chance that a handoff breaks its SLA, May..Oct
    not_ready: float  # chance that a handoff fails the definition of ready
    misses: tuple[int, ...]  # misses tagged to the seam, May..Oct
    subjects: tuple[str, ...]  # customers, apps, sites... the {x} of its texts
    causes: tuple[tuple[str, tuple[str, ...]], ...]  # root cause -> corrective actions, most common first
    miss_texts: dict[str, tuple[str, ...]]  # miss type -> descriptions
    dependencies: tuple[str, ...]
    decisions: tuple[str, ...]
    helpers: tuple[str, ...]  # who delivers its dependencies
    decision_sla: int = 5
    first: int = 0  # first month with data (a Pilot starts late)
    last: int = OCT  # last month with data (a Retired seam stops early)
    clean_from: int = OCT + 1  # from this month on the seam meets every SLA, promise and decision
    track_ready: bool = True  # whether the seam records Ready at first submit
    overdue_action: bool = False  # a September action still in progress after its October due date
    pending_decision: bool = False  # an October decision still waiting, past its SLA, at the month's end


_D = dt.date
SEAMS = (
    SeamPlan(
        "S-01",
        "Custom deal intake",
        "Sales",
        "Product",
        "Zoë Ødegård",
        "Ayşe Yılmaz",
        "Signed order form, written scope, target date, security questionnaire",
        "Integration live in the customer's production",
        "Zoë Ødegård, then the Chief Revenue Officer",
        "Revenue",
        "Active",
        "v2.1",
        _D(2026, 10, 6),
        (RequestType("Custom integration", QUEUE, 3, 2), RequestType("Non-standard SLA terms", LEAD, 5)),
        6,
        (0.25, 0.30, 0.35, 0.40, 0.45, 0.55),
        0.35,
        (3, 4, 4, 5, 6, 7),
        CUSTOMERS,
        (
            (
                "Security review not booked at intake",
                (
                    "Book the security review at deal intake, before a date is promised",
                    "Add a security slot to the deal desk checklist",
                ),
            ),
            (
                "Scope agreed verbally, not written down",
                (
                    "Require a signed scope sheet before Product accepts a custom deal",
                    "Review open custom deals weekly with Sales and Product",
                ),
            ),
            ("No solution engineer on the deal", ("Assign a solution engineer to every deal above €100k",)),
        ),
        {
            "Missed commitment": (
                "Go-live date promised to {x} slipped two weeks",
                "Integration for {x} delivered after the date Sales committed",
                "Custom report for {x} missed the promised date",
            ),
            "Surprise escalation": (
                "{x} escalated an unanswered custom request to the CEO",
                "{x} threatened to pause the renewal over a late integration",
            ),
            "Rework": (
                "Custom request for {x} sent back: integration scope missing",
                "Request for {x} returned: no security questionnaire",
            ),
            "Dependency miss": ("Sandbox for {x} not ready when the build started",),
            "Quality": ("Custom mapping for {x} failed acceptance testing",),
        },
        ("Sandbox environment for {x}", "API credentials from the {x} IT team", "Signed order form for {x}"),
        (
            "Approve custom SSO integration for {x}",
            "Commit a delivery date for {x}'s EDI feed",
            "Accept a non-standard uptime credit for {x}",
        ),
        ("Chloé Dubois", "김민준", "Zoë Ødegård"),
        overdue_action=True,
        pending_decision=True,
    ),
    SeamPlan(
        "S-02",
        "Security sign-off",
        "App teams",
        "Security",
        "王芳",
        "田中健",
        "Threat model, data-flow diagram, release date, named app owner",
        "Sign-off recorded in the release ticket",
        "王芳, then the CTO",
        "Risk",
        "Active",
        "v1.4",
        _D(2026, 10, 2),
        (
            RequestType("Architecture review", LEAD, 10),
            RequestType("Pen-test sign-off", LEAD, 5, 2),
            RequestType("Vendor risk assessment", QUEUE, 2),
        ),
        9,
        (0.50, 0.45, 0.40, 0.35, 0.30, 0.30),
        0.30,
        (6, 7, 5, 4, 4, 5),
        APPS,
        (
            (
                "Threat model missing from the request",
                (
                    "Add a threat-model template to the sign-off request form",
                    "Run a threat-model clinic for the app teams every fortnight",
                ),
            ),
            ("One reviewer for all pen-test sign-offs", ("Train a second pen-test reviewer and share the queue",)),
            ("Pen-test vendor booked too late", ("Book the pen-test vendor a quarter ahead on a retainer",)),
        ),
        {
            "Missed commitment": (
                "Release of the {x} held waiting for security sign-off",
                "Sign-off for the {x} came after the planned release date",
            ),
            "Surprise escalation": ("The {x} team escalated a blocked release to the CTO",),
            "Rework": (
                "Architecture review for the {x} returned: no threat model",
                "Pen-test request for the {x} sent back: scope unclear",
            ),
            "Dependency miss": ("External pen-test report for the {x} arrived late",),
            "Quality": ("The {x} went live with a finding marked fixed that was not",),
        },
        ("External pen-test report for the {x}", "Data-flow diagram for the {x}", "Vendor SOC 2 report for the {x}"),
        (
            "Accept residual risk to release the {x} before the retest",
            "Allow the {x} to store tokens on the device",
            "Approve a new cloud region for the {x}",
        ),
        ("Καλλιόπη Νικολάου", "Rahul Mehta"),
        decision_sla=3,
        pending_decision=True,
    ),
    SeamPlan(
        "S-03",
        "Budget change approval",
        "Finance",
        "Operations",
        "Γιώργος Παπαδόπουλος",
        "Ingrid Johansson",
        "Amount, cost centre, business case, start date",
        "Budget updated in the finance system and confirmed to Operations",
        "Γιώργος Παπαδόπουλος, then the CFO",
        "Cash",
        "Active",
        "v1.2",
        _D(2026, 10, 7),
        (RequestType("Budget reallocation", LEAD, 5, 2), RequestType("Headcount change", LEAD, 10)),
        4,
        (0.03, 0.03, 0.03, 0.03, 0.0, 0.0),
        0.04,
        (0, 1, 0, 0, 0, 0),
        SITES,
        (
            (
                "Approval routed to the wrong cost-centre owner",
                (
                    "Route budget approvals by cost centre automatically",
                    "Publish the list of cost-centre owners on the intranet",
                ),
            ),
        ),
        {"Missed commitment": ("Overtime budget for the {x} approved after peak week had started",)},
        ("Q4 volume forecast for the {x}", "Updated carrier rate card for the {x}"),
        ("Move €40k from the {x} maintenance budget to temporary staff", "Approve a weekend shift premium at the {x}"),
        ("Óscar Fernández", "Ingrid Johansson"),
        decision_sla=10,
        clean_from=4,
    ),
    SeamPlan(
        "S-04",
        "Feature requests",
        "Product",
        "Engineering",
        "Łukasz Nowak",
        "田中健",
        "Problem statement, acceptance criteria, priority, design for anything on screen",
        "Released to production and shown to Product",
        "Łukasz Nowak, then the CTO",
        "Revenue",
        "Active",
        "v1.3",
        _D(2026, 10, 8),
        (RequestType("Feature request", QUEUE, 5, 2), RequestType("Bug fix (P2)", QUEUE, 2)),
        8,
        (0.10, 0.12, 0.10, 0.12, 0.10, 0.12),
        0.12,
        (1, 1, 2, 1, 1, 1),
        FEATURES,
        (
            (
                "Acceptance criteria missing",
                (
                    "Add acceptance criteria to the feature request template",
                    "Hold a weekly refinement session between Product and Engineering",
                ),
            ),
            (
                "Sprint already full when the request arrived",
                (
                    "Reserve 15% of each sprint for committed requests",
                    "Check dates with Engineering before Sales hears them",
                ),
            ),
        ),
        {
            "Missed commitment": ("The {x} feature missed the release it was promised for",),
            "Rework": ("Story for {x} returned: no acceptance criteria",),
            "Surprise escalation": ("Sales escalated the late {x} feature to the CTO",),
        },
        ("Design mock-ups for {x}", "Carrier test account for {x}"),
        ("Descope {x} to make the November release", "Build {x} in-house or buy a plug-in"),
        ("Chloé Dubois", "김민준"),
        clean_from=OCT,
        pending_decision=True,
    ),
    SeamPlan(
        "S-05",
        "Customer escalations",
        "Support",
        "Engineering",
        "Ана Петрова",
        "Margaret Okafor",
        "Customer, severity, reproduction steps, logs attached",
        "Fix deployed and the customer told",
        "Ана Петрова, then the COO",
        "Retention",
        "Active",
        "v1.1",
        _D(2026, 10, 5),
        (RequestType("P1 escalation", QUEUE, 1), RequestType("P2 escalation", QUEUE, 3, 2)),
        10,
        (0.20, 0.20, 0.15, 0.20, 0.15, 0.15),
        0.20,
        (2, 3, 2, 3, 2, 3),
        CUSTOMERS,
        (
            (
                "Reproduction steps missing from the ticket",
                (
                    "Make reproduction steps mandatory on escalation tickets",
                    "Coach Support leads on writing reproduction steps",
                ),
            ),
            (
                "No on-call owner for the billing service",
                (
                    "Name an on-call owner for the billing service",
                    "Add the billing service to the weekend on-call rota",
                ),
            ),
            (
                "Escalations raised by email, not in the queue",
                ("Close the email route: escalations only through the queue",),
            ),
        ),
        {
            "Missed commitment": ("Fix promised to {x} missed the agreed date",),
            "Surprise escalation": (
                "{x} complained to their account director about an open P1",
                "{x} escalated a billing outage directly to the COO",
            ),
            "Rework": ("Escalation for {x} returned: no reproduction steps",),
            "Dependency miss": ("Log access for {x}'s incident not granted in time",),
        },
        ("Production log access for {x}'s incident", "Hotfix release window for {x}"),
        ("Credit {x} for the outage", "Ship a hotfix for {x} outside the release train"),
        ("Amara Nwosu", "김민준"),
        decision_sla=2,
    ),
    SeamPlan(
        "S-06",
        "Contract redlines",
        "Legal",
        "Sales",
        "José Álvarez",
        "Ayşe Yılmaz",
        "Customer paper or our template, deal value, requested changes highlighted",
        "Clean version sent to Sales, ready to sign",
        "José Álvarez, then the General Counsel",
        "Revenue",
        "Active",
        "v1.0",
        _D(2026, 10, 9),
        (RequestType("Standard redline", LEAD, 3, 2), RequestType("Non-standard clause", LEAD, 7)),
        6,
        (0.03, 0.03, 0.05, 0.03, 0.0, 0.0),
        0.04,
        (0, 0, 1, 0, 0, 0),
        CUSTOMERS,
        (
            (
                "Redline sent without the deal context",
                ("Attach the deal summary to every redline request", "Train Sales on the redline request form"),
            ),
        ),
        {"Missed commitment": ("Redlines for {x} returned after the signing date Sales had set",)},
        ("Customer's redlined draft from {x}",),
        ("Accept a higher liability cap for {x}", "Allow {x} to terminate for convenience"),
        ("José Álvarez", "Zoë Ødegård"),
        clean_from=4,
    ),
    SeamPlan(
        "S-07",
        "Month-end close data",
        "Data",
        "Finance",
        "Priya Raghunathan",
        "Ingrid Johansson",
        "Extract reconciled to the ledger, cut-off confirmed",
        "Numbers loaded into the close workbook",
        "Priya Raghunathan, then the CFO",
        "Cash",
        "Active",
        "v1.1",
        _D(2026, 10, 1),
        (RequestType("Revenue extract", LEAD, 2), RequestType("Accrual report", LEAD, 3)),
        3,
        (0.05, 0.03, 0.03, 0.03, 0.0, 0.0),
        0.04,
        (1, 0, 0, 0, 1, 0),
        SITES,
        (
            (
                "Late journal entries from the depots",
                (
                    "Send a cut-off reminder to the depots two days before month end",
                    "Add a second reviewer for the accrual report",
                ),
            ),
        ),
        {
            "Missed commitment": ("Revenue extract for the close arrived a day late",),
            "Quality": ("Accrual report double-counted the {x} fuel invoices",),
        },
        ("Journal entries from the {x} for the close",),
        ("Move the close calendar to working day 4", "Accept estimated accruals for the {x} this month"),
        ("Олег Смирнов", "Priya Raghunathan"),
        clean_from=4,
    ),
    SeamPlan(
        "S-08",
        "Laptop provisioning",
        "Procurement",
        "IT",
        "Siobhán Ní Bhriain",
        "Margaret Okafor",
        "Cost centre, start date, role profile, approved purchase order",
        "Laptop imaged, handed over and signed for",
        "Siobhán Ní Bhriain, then the COO",
        "Cost",
        "Active",
        "v1.0",
        _D(2026, 10, 6),
        (RequestType("New laptop", LEAD, 8, 2), RequestType("Replacement laptop", LEAD, 4)),
        5,
        (0.10, 0.05, 0.10, 0.10, 0.05, 0.0),
        0.10,
        (1, 0, 1, 1, 1, 1),
        TEAMS,
        (
            (
                "Supplier stock-outs on the standard model",
                (
                    "Agree a second standard laptop model with the supplier",
                    "Keep a buffer of five standard laptops in stock",
                ),
            ),
            (
                "Order placed after the start date was known",
                ("Order laptops when the offer is signed, not in the first week",),
            ),
        ),
        {
            "Missed commitment": ("New starter in {x} started without a laptop",),
            "Dependency miss": ("Supplier delivery of laptops for {x} arrived late",),
        },
        ("Laptop delivery from the supplier for {x}", "Software licence keys for {x}"),
        ("Switch the standard laptop model for {x}",),
        ("Björn Lindqvist",),
        clean_from=OCT,
        overdue_action=True,
    ),
    SeamPlan(
        "S-09",
        "New-hire onboarding",
        "HR",
        "IT",
        "Nguyễn Thị Lan",
        "Margaret Okafor",
        "Signed contract, start date, manager, role profile",
        "Accounts, laptop and badge ready on day one",
        "Nguyễn Thị Lan, then the COO",
        "Retention",
        "Pilot",
        "v0.3",
        _D(2026, 10, 2),
        (RequestType("New starter setup", LEAD, 5),),
        6,
        (0.0, 0.0, 0.0, 0.20, 0.10, 0.0),
        0.15,
        (0, 0, 0, 1, 1, 0),
        TEAMS,
        (
            (
                "Start date changed without telling IT",
                (
                    "Send start-date changes to IT automatically from the HR system",
                    "Freeze start dates two weeks before day one",
                ),
            ),
        ),
        {"Missed commitment": ("New starter in {x} had no accounts on day one",)},
        ("Signed contract for the new starter in {x}",),
        ("Give new starters in {x} warehouse system access on day one",),
        ("Nguyễn Thị Lan", "Siobhán Ní Bhriain"),
        first=3,
        clean_from=5,
    ),
    SeamPlan(
        "S-10",
        "Campaign landing pages",
        "Marketing",
        "Web",
        "Matteo Rossi",
        "Ayşe Yılmaz",
        "Final copy, images, go-live date, tracking codes",
        "Page live and tracked",
        "Matteo Rossi, then the Chief Revenue Officer",
        "Revenue",
        "Active",
        "v1.2",
        _D(2026, 9, 30),
        (RequestType("Landing page", LEAD, 5), RequestType("Page update", QUEUE, 2, 2)),
        4,
        (0.05, 0.05, 0.03, 0.03, 0.0, 0.0),
        0.05,
        (0, 1, 0, 0, 1, 0),
        CAMPAIGNS,
        (
            (
                "Copy approved after the build started",
                (
                    "Freeze copy before the web team starts building",
                    "Share the campaign calendar with Web a month ahead",
                ),
            ),
        ),
        {
            "Missed commitment": ("{x} landing page went live a day after the campaign email",),
            "Surprise escalation": ("Sales escalated a broken {x} sign-up form",),
        },
        ("Final copy for the {x} page", "Images for the {x} page"),
        ("Run the {x} page on the main site or a microsite",),
        ("Léa Martin", "Matteo Rossi"),
        clean_from=4,
    ),
    SeamPlan(
        "S-11",
        "Price list updates",
        "Finance",
        "Sales",
        "Γιώργος Παπαδόπουλος",
        "Ingrid Johansson",
        "New prices, effective date, customers affected",
        "Price list published in the CRM",
        "Γιώργος Παπαδόπουλος, then the CFO",
        "Revenue",
        "Retired",
        "v1.4",
        _D(2026, 10, 2),
        (RequestType("Price list change", LEAD, 3),),
        3,
        (0.20, 0.15, 0.15, 0.10, 0.10, 0.0),
        0.10,
        (2, 1, 1, 0, 0, 0),
        CUSTOMERS,
        (("Price changes not announced to Sales", ("Publish price changes in the weekly Sales bulletin",)),),
        {"Missed commitment": ("Quote to {x} used last month's prices",)},
        ("Fuel surcharge table for {x}",),
        (
            "Merge price list updates into the contract redline seam",
            "Hold the fuel surcharge for {x} for one more month",
        ),
        ("Γιώργος Παπαδόπουλος",),
        last=4,
    ),
    SeamPlan(
        "S-12",
        "Warehouse system changes",
        "Operations",
        "IT",
        "Siobhán Ní Bhriain",
        "田中健",
        "Site, change window, rollback plan, site lead sign-off",
        "Change live on the site floor and confirmed by the site lead",
        "Siobhán Ní Bhriain, then the CTO",
        "Cost",
        "Active",
        "v1.0",
        _D(2026, 10, 5),
        (RequestType("WMS configuration change", LEAD, 10), RequestType("Scanner provisioning", LEAD, 3)),
        3,
        (0.05, 0.03, 0.03, 0.05, 0.0, 0.0),
        0.05,
        (0, 0, 0, 1, 0, 0),
        SITES,
        (
            (
                "Change window not agreed with the site",
                ("Agree a monthly change window with each site", "Publish the change calendar to the site leads"),
            ),
        ),
        {"Missed commitment": ("WMS change for the {x} slipped past the agreed window",)},
        ("Test slot on the {x} floor",),
        ("Move the {x} to the new pick-path configuration",),
        ("Óscar Fernández", "Siobhán Ní Bhriain"),
        clean_from=4,
        track_ready=False,
    ),
)


# ---------------------------------------------------------------- the business-day clock


def bday(day: dt.date, n: int) -> dt.date:
    """The business day `n` business days after `day` (rolled forward to a business day first)."""
    return cast(dt.date, np.busday_offset(np.datetime64(day, "D"), n, roll="forward", busdaycal=_CALENDAR).item())


def bdays_between(a: dt.date, b: dt.date) -> int:
    """Business days from a to b, as the metrics count them."""
    return int(np.busday_count(np.datetime64(a, "D"), np.datetime64(b, "D"), busdaycal=_CALENDAR))


def month_days(index: int) -> list[dt.date]:
    """The business days of MONTHS[index], up to LAST_DAY."""
    start = np.datetime64(MONTHS[index], "D")
    end = np.datetime64(MONTHS[index], "M") + np.timedelta64(1, "M")
    days = np.arange(start, end.astype("datetime64[D]"), dtype="datetime64[D]")
    return [d.item() for d in days[np.is_busday(days, busdaycal=_CALENDAR)] if d.item() <= LAST_DAY]


def at(day: dt.date, rng: random.Random, first: int = 9, last: int = 17) -> dt.datetime:
    """A moment in the working hours of a day, to five minutes."""
    return dt.datetime.combine(day, dt.time(rng.randint(first, last - 1), rng.randrange(0, 60, 5)))


# ---------------------------------------------------------------- generated records


@dataclass
class _Handoff:
    seam: SeamPlan
    kind: RequestType
    month: int
    submitted: dt.datetime
    started: dt.datetime | None
    completed: dt.datetime | None
    ready: str | None
    reworked: str
    reason: str | None
    escalated: str
    late: bool
    item_id: str = ""


@dataclass
class _Miss:
    seam: SeamPlan
    month: int
    date: dt.date
    type: str
    description: str
    impact: str
    severity: str
    cause: str
    item: _Handoff | None = None
    miss_id: str = ""


@dataclass
class _Action:
    seam: SeamPlan
    text: str
    owner: str
    opened: dt.date
    due: dt.date
    status: str
    closed: dt.date | None
    cause: str
    misses: list[_Miss] = field(default_factory=list)


def _fresh(rng: random.Random, texts: tuple[str, ...], subjects: tuple[str, ...], used: set) -> str:
    """A text with a subject filled in, different from the ones already used when possible."""
    for _ in range(30):
        text = rng.choice(texts).format(x=rng.choice(subjects))
        if text not in used:
            break
    used.add(text)
    return text


def _clean(seam: SeamPlan, month: int) -> bool:
    return month >= seam.clean_from


def _durations(kind: RequestType, late: bool, rng: random.Random) -> tuple[int, int]:
    """Business days waiting (queue) and working, on or beyond the SLA target."""
    t = kind.target
    if kind.measure == QUEUE:
        queue = rng.randint(t + 1, t + 3) if late else rng.choice([0, 0] + list(range(0, t + 1)))
        return queue, rng.randint(1, max(2, t * 2))
    lead = rng.randint(t + 1, t + 2 + t // 2) if late else rng.randint(max(1, t // 3), t)
    queue = rng.randint(0, min(2, lead - 1))
    return queue, lead - queue


def _handoff(seam: SeamPlan, month: int, day: dt.date, rng: random.Random) -> _Handoff:
    kind = rng.choices(seam.types, [t.weight for t in seam.types])[0]
    clean = _clean(seam, month)
    late = not clean and rng.random() < seam.late[month]
    not_ready = not clean and rng.random() < seam.not_ready
    queue, work = _durations(kind, late, rng)
    reworked = not_ready and rng.random() < 0.75
    if reworked and not late and kind.measure == LEAD:
        work = max(1, work - 1)  # rework eats into the same lead time; it does not silently breach the SLA
    quality = not not_ready and not clean and rng.random() < 0.04
    submitted = at(day, rng, 8, 17)
    start_day = bday(day, queue)
    started: dt.datetime | None
    completed: dt.datetime | None
    started = submitted + dt.timedelta(minutes=rng.randrange(20, 121, 5)) if queue == 0 else at(start_day, rng)
    completed = at(bday(start_day, work), rng, 10, 18)
    if started.date() > LAST_DAY:
        started = completed = None
    elif completed.date() > LAST_DAY:
        completed = None
    return _Handoff(
        seam,
        kind,
        month,
        submitted,
        started,
        completed,
        ("No" if not_ready else "Yes") if seam.track_ready else None,
        "Yes" if reworked or quality else "No",
        "Missing requirements" if reworked else (rng.choice(("Quality", "Scope change")) if quality else None),
        "Yes" if late and rng.random() < 0.35 else "No",
        late,
    )


def _measured_late(h: _Handoff) -> bool:
    """The handoff broke its SLA, by the numbers the metrics use."""
    end = h.started if h.kind.measure == QUEUE else h.completed
    return end is not None and bdays_between(h.submitted.date(), end.date()) > h.kind.target


def _rng(seed: int, seam: SeamPlan, what: str) -> random.Random:
    """One random stream per seam and sheet, so that tuning one seam leaves the others as they were."""
    return random.Random(f"{seed}:{seam.seam_id}:{what}")


def make_handoffs(seed: int) -> list[_Handoff]:
    """Every seam's handoffs, month by month."""
    out = []
    for seam in SEAMS:
        rng = _rng(seed, seam, "handoffs")
        for month in range(seam.first, seam.last + 1):
            days = month_days(month)
            for _ in range(max(1, seam.volume + rng.randint(-2, 2))):
                out.append(_handoff(seam, month, rng.choice(days), rng))
    for h in out:
        h.late = _measured_late(h)
    out.sort(key=lambda h: (h.submitted, h.seam.seam_id))
    for n, h in enumerate(out):
        h.item_id = f"H-{1001 + n}"
    return out


# ---------------------------------------------------------------- dependencies and decisions


def _dependency(seam: SeamPlan, month: int, rng: random.Random, due: dt.date, used: set) -> dict:
    description = _fresh(rng, seam.dependencies, seam.subjects, used)
    owner = rng.choice(seam.helpers)
    strain = 0.1 if seam.misses[month] >= 3 else 0.0
    missed = not _clean(seam, month) and due <= LAST_DAY and rng.random() < seam.late[month] + strain
    if rng.random() < 0.05 and not missed:
        return dict(seam=seam, description=description, owner=owner, due=due, met=None, status="Cancelled")
    if missed:
        # Older misses were delivered late in the end; only recent ones may still be outstanding.
        met = bday(due, rng.randint(2, 6)) if month < OCT - 1 or rng.random() < 0.6 else None
        met = met if met is not None and met <= LAST_DAY else None
        return dict(seam=seam, description=description, owner=owner, due=due, met=met, status="Missed")
    met = bday(due, -rng.randint(0, 3))
    if met > LAST_DAY:
        return dict(seam=seam, description=description, owner=owner, due=due, met=None, status="Open")
    return dict(seam=seam, description=description, owner=owner, due=due, met=met, status="Met")


def make_dependencies(seed: int) -> list[dict]:
    """What each seam waited for, with due dates; some still open, due in November."""
    out = []
    november = [bday(dt.date(2026, 11, 2), n) for n in range(0, 20)]
    for seam in SEAMS:
        rng = _rng(seed, seam, "dependencies")
        used: set = set()
        for month in range(seam.first, seam.last + 1):
            count = 2 if seam.misses[month] >= 3 else int(rng.random() < 0.6)
            for _ in range(count):
                out.append(_dependency(seam, month, rng, rng.choice(month_days(month)), used))
        if seam.last == OCT and seam.status != "Retired":
            out.append(_dependency(seam, OCT, rng, rng.choice(november), used))
    out.sort(key=lambda d: (d["due"], d["seam"].seam_id))
    for n, d in enumerate(out):
        d["dependency_id"] = f"D-{n + 1:03d}"
    return out


def _decision(seam: SeamPlan, month: int, rng: random.Random, used: set) -> dict:
    requested = rng.choice(month_days(month))
    sla = seam.decision_sla
    late = not _clean(seam, month) and rng.random() < (0.4 if seam.misses[month] >= 3 else 0.05)
    wait = rng.randint(sla + 1, sla + 6) if late else rng.randint(0, sla)
    decided = bday(requested, wait)
    row = dict(
        seam=seam,
        decision=_fresh(rng, seam.decisions, seam.subjects, used),
        decider=seam.decider,
        requested=requested,
        sla=sla,
    )
    if decided <= LAST_DAY:
        return {**row, "decided": decided, "status": "Decided"}
    overdue = bdays_between(requested, LAST_DAY + dt.timedelta(days=1)) > sla
    return {**row, "decided": None, "status": "Escalated" if overdue else "Pending"}


def _waiting_decision(seam: SeamPlan, rng: random.Random, used: set) -> dict:
    """A decision asked for early in October and still not made at its end: one for the leadership meeting."""
    requested = bday(dt.date(2026, 10, 1), rng.randint(2, 8))
    status = "Escalated" if seam.misses[OCT] >= 3 else "Pending"
    return dict(
        seam=seam,
        decision=_fresh(rng, seam.decisions[:1], seam.subjects, used),
        decider=seam.decider,
        requested=requested,
        sla=seam.decision_sla,
        decided=None,
        status=status,
    )


def make_decisions(seed: int) -> list[dict]:
    """Decisions the seams waited on: most within their SLA, some late, a few still pending."""
    out = []
    for seam in SEAMS:
        rng = _rng(seed, seam, "decisions")
        used: set = set()
        for month in range(seam.first, seam.last + 1):
            count = 2 if seam.misses[month] >= 3 else int(rng.random() < 0.5)
            out += [_decision(seam, month, rng, used) for _ in range(count)]
        if seam.pending_decision:
            out.append(_waiting_decision(seam, rng, used))
    out.sort(key=lambda d: (d["requested"], d["seam"].seam_id))
    for n, d in enumerate(out):
        d["decision_id"] = f"DEC-{n + 1:03d}"
    return out


# ---------------------------------------------------------------- misses and corrective actions

_IMPACT = {"Revenue": "Revenue", "Retention": "Customer", "Cash": "Cost", "Risk": "Risk", "Cost": "Cost"}
_REWORK_TYPES = {"Missing requirements": "Rework", "Quality": "Quality"}


def _candidates(seam: SeamPlan, month: int, handoffs: list[_Handoff], deps: list[dict]) -> list[tuple]:
    """(type, date, handoff or None) events of the month that could be logged as misses."""
    out: list[tuple[str, dt.date, _Handoff | None]] = []
    for h in (h for h in handoffs if h.seam is seam):
        end = h.started if h.kind.measure == QUEUE else h.completed
        if h.late and end is not None and end.date().isoformat()[:7] == MONTHS[month]:
            kind = "Surprise escalation" if h.escalated == "Yes" else "Missed commitment"
            out.append((kind, end.date(), h))
        elif (
            h.reason in _REWORK_TYPES
            and h.completed is not None
            and h.completed.date().isoformat()[:7] == MONTHS[month]
        ):
            out.append((_REWORK_TYPES[h.reason], h.completed.date(), h))
    for d in deps:
        if d["seam"] is seam and d["status"] == "Missed" and d["due"].isoformat()[:7] == MONTHS[month]:
            out.append(("Dependency miss", d["due"], None))
    return [c for c in out if c[0] in seam.miss_texts]


def _miss(
    seam: SeamPlan, month: int, kind: str, day: dt.date, item: _Handoff | None, rng: random.Random, used: set
) -> _Miss:
    weights = [0.6, 0.3, 0.1][: len(seam.causes)]
    cause = rng.choices([c for c, _ in seam.causes], weights)[0]
    impact = _IMPACT[seam.impact] if rng.random() < 0.75 else rng.choice(("Revenue", "Customer", "Cost", "Risk"))
    heavy = seam.misses[month] >= 3
    severity = rng.choices(("Low", "Medium", "High"), (1, 3, 3) if heavy else (3, 3, 1))[0]
    text = _fresh(rng, seam.miss_texts[kind], seam.subjects, used)
    return _Miss(seam, month, day, kind, text, impact, severity, cause, item)


def make_misses(seed: int, handoffs: list[_Handoff], deps: list[dict]) -> list[_Miss]:
    """Each seam's misses, month by month: real late or reworked handoffs first, then other incidents."""
    out = []
    for seam in SEAMS:
        rng = _rng(seed, seam, "misses")
        used: set = set()
        for month in range(seam.first, seam.last + 1):
            wanted = seam.misses[month]
            events = _candidates(seam, month, handoffs, deps)
            rng.shuffle(events)
            for kind, day, item in events[:wanted]:
                out.append(_miss(seam, month, kind, day, item, rng, used))
            free = [k for k in ("Surprise escalation", "Missed commitment", "Quality") if k in seam.miss_texts]
            for _ in range(max(0, wanted - len(events))):
                out.append(_miss(seam, month, rng.choice(free), rng.choice(month_days(month)), None, rng, used))
    out.sort(key=lambda m: (m.date, m.seam.seam_id))
    for n, m in enumerate(out):
        m.miss_id = f"M-{n + 1:03d}"
    return out


def _action_owner(seam: SeamPlan, month: int, rng: random.Random) -> str:
    """The accountable owner; for older actions sometimes someone on one of the seam's two teams."""
    crew = [p[0] for p in PEOPLE if p[2] in (seam.from_team, seam.to_team) and p[4] == "Yes" and p[0] != seam.owner]
    if month < OCT and crew and rng.random() < 0.3:
        return rng.choice(crew)
    return seam.owner


def _close(action: _Action, month: int, rng: random.Random) -> None:
    """Set Status and Closed: October's actions are still open, older ones mostly done."""
    seam = action.seam
    if month == OCT:
        action.status = rng.choice(("Open", "In progress"))
        return
    if seam.overdue_action and month == OCT - 1:
        action.status, action.due = "In progress", bday(dt.date(2026, 10, 14), 0)
        return
    if rng.random() < 0.12:
        action.status, action.closed = "Dropped", min(bday(action.opened, rng.randint(3, 10)), LAST_DAY)
        return
    closed = bday(action.due, rng.randint(-6, 3))
    action.status, action.closed = "Done", min(max(closed, bday(action.opened, 1)), bday(LAST_DAY, -1))


def make_actions(seed: int, misses: list[_Miss]) -> list[_Action]:
    """Owner-led corrective actions: one for a seam's bad months, and always for October's misses."""
    out = []
    used: Counter = Counter()
    for seam in SEAMS:
        rng = _rng(seed, seam, "actions")
        for month in range(seam.first, seam.last + 1):
            mine = [m for m in misses if m.seam is seam and m.month == month]
            needed = month == OCT or (seam.overdue_action and month == OCT - 1)
            if not mine or (len(mine) < 2 and not needed and rng.random() < 0.5):
                continue
            opened = min(bday(mine[0].date, rng.randint(1, 3)), month_days(month)[-1])
            linked = [m for m in mine if m.date <= opened]
            cause = Counter(m.cause for m in linked).most_common(1)[0][0]
            texts = dict(seam.causes)[cause]
            text = texts[used[(seam.seam_id, cause)] % len(texts)]
            if used[(seam.seam_id, cause)] >= len(texts):
                text = f"Follow-up: {text[0].lower()}{text[1:]}"
            used[(seam.seam_id, cause)] += 1
            due = bday(opened, rng.randint(10, 25))
            if month == OCT:  # this month's actions are due after it, not overdue already
                due = max(due, bday(dt.date(2026, 11, 2), rng.randint(0, 10)))
            action = _Action(seam, text, _action_owner(seam, month, rng), opened, due, "", None, cause, linked)
            _close(action, month, rng)
            out.append(action)
    out.sort(key=lambda a: (a.opened, a.seam.seam_id))
    return out


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
        ],
        "Holidays": [dict(date=d, name=name) for d, name in HOLIDAYS],
    }


SETTINGS: dict[str, object] = {"organization": ORGANIZATION, "reporting_month": REPORTING_MONTH}


def write_sample(path: str | Path) -> Path:
    """Write the filled sample workbook to `path`."""
    wb = build_workbook(sample_rows(), SETTINGS, note=f"Sample: {ORGANIZATION} is a fictional company")
    return save_workbook(wb, path)
