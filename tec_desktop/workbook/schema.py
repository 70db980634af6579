"""Template version 1: the sheets and columns of the workbook (spec §2).

This is the one place that says what a column is called, whether it is required, what kind of
value it holds and how to explain it to an operations person. The importer, the checks, the
template writer and the README sheet all read it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tec_desktop.findings import SEVERITY_ORDER, Finding

TEMPLATE_VERSION = 1

# Column kinds.
TEXT = "text"  # free text
ID = "id"  # an identifier: text, even when Excel stored a number
DATE = "date"  # a date or a date and time
NUMBER = "number"
YESNO = "yesno"
CHOICE = "choice"  # one of Column.choices
SEAM = "seam"  # a Seam ID from the Seams sheet
PERSON = "person"  # a Name or Email from the People sheet
EMAIL = "email"

YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, key, kind and what it means."""

    header: str
    key: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    example: str = ""
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    """One sheet of the template."""

    name: str
    columns: tuple[Column, ...]
    required: bool = True
    id_key: str | None = None  # the column whose values must be unique
    help: str = ""

    def column(self, key: str) -> Column:
        """The column with this key."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


def normalize_header(text: object) -> str:
    """Header text as compared: NFKC, non-breaking and surrounding spaces removed, casefolded."""
    s = unicodedata.normalize("NFKC", str(text)).replace("\xa0", " ")
    return " ".join(s.split()).casefold()


IMPACT_AREAS = ("Revenue", "Retention", "Cash", "Risk", "Cost")
ROLES = ("Seam owner", "Leadership", "Contributor")
SEAM_STATUSES = ("Pilot", "Active", "Retired")
MEASURES = ("Queue time", "Lead time")
REWORK_REASONS = ("Missing requirements", "Quality", "Scope change", "Other")
MISS_TYPES = ("Missed commitment", "Surprise escalation", "Dependency miss", "Rework", "Quality")
MISS_IMPACTS = ("Revenue", "Customer", "Cost", "Risk")
SEVERITIES = ("Low", "Medium", "High")
DEPENDENCY_STATUSES = ("Open", "Met", "Missed", "Cancelled")
DECISION_STATUSES = ("Pending", "Decided", "Escalated")
ACTION_STATUSES = ("Open", "In progress", "Done", "Dropped")
PAPER_SIZES = ("A4", "Letter")

C = Column

SETTINGS = Sheet(
    "Settings",
    (
        C("Setting", "setting", TEXT, True, help="The name of the setting.", example="Organization", width=24),
        # Optional as a cell: settings.py names the setting whose value is empty, and defaults the rest.
        C("Value", "value", TEXT, False, help="Its value.", example="Northwind Logistics", width=40),
    ),
    help="One row per setting. Organization and Reporting month are required; the others have defaults.",
)


@dataclass(frozen=True)
class SettingDef:
    """One row of the Settings sheet."""

    name: str
    key: str
    kind: str
    required: bool
    default: object
    help: str
    example: str


SETTING_DEFS = (
    SettingDef(
        "Organization",
        "organization",
        TEXT,
        True,
        None,
        "Your organization's name, printed on every page and used as the PDF author.",
        "Northwind Logistics",
    ),
    SettingDef(
        "Reporting month",
        "reporting_month",
        TEXT,
        True,
        None,
        "The month the scorecards are for: 2026-10, or any date in that month.",
        "2026-10",
    ),
    SettingDef(
        "Work week",
        "work_week",
        TEXT,
        False,
        "Mon Tue Wed Thu Fri",
        "The days your teams work; the business-day clock skips the others.",
        "Mon Tue Wed Thu Fri",
    ),
    SettingDef(
        "Adherence target",
        "adherence_target",
        NUMBER,
        False,
        0.90,
        "Share of items that should meet their SLA (0.90 = 90%). Also used for decisions and dependencies.",
        "0.90",
    ),
    SettingDef(
        "Rework target",
        "rework_target",
        NUMBER,
        False,
        0.10,
        "Highest acceptable share of completed items reworked for missing requirements.",
        "0.10",
    ),
    SettingDef(
        "Amber band",
        "amber_band",
        NUMBER,
        False,
        0.10,
        "How far from a target a metric may be before it turns red (0.10 = 10 points).",
        "0.10",
    ),
    SettingDef(
        "Report title",
        "report_title",
        TEXT,
        False,
        "Seam scorecards",
        "The title on the scorecards and in the email subject.",
        "Seam scorecards",
    ),
    SettingDef("Paper size", "paper_size", CHOICE, False, "A4", "A4 or Letter, for the PDF scorecards.", "A4"),
)

PEOPLE = Sheet(
    "People",
    (
        C(
            "Name",
            "name",
            TEXT,
            True,
            help="Full name as it should appear on the scorecards.",
            example="Zoë Ødegård",
            width=24,
        ),
        C(
            "Email",
            "email",
            EMAIL,
            True,
            help="Where their scorecard is sent.",
            example="zoe.odegard@example.com",
            width=32,
        ),
        C("Team", "team", TEXT, True, help="The team they belong to.", example="Customer Success"),
        C(
            "Role",
            "role",
            CHOICE,
            True,
            ROLES,
            help="Seam owner, Leadership (receives the full pack) or Contributor.",
            example="Seam owner",
        ),
        C(
            "Active",
            "active",
            YESNO,
            False,
            help="No for people who have left; blank means Yes.",
            example="Yes",
            width=10,
        ),
    ),
    id_key="name",
    help="Everyone who owns a seam, decides, owns an action or a dependency, or receives the pack.",
)

SEAMS = Sheet(
    "Seams",
    (
        C("Seam ID", "seam_id", ID, True, help="A short unique code for the seam.", example="S-01", width=10),
        C(
            "Seam name",
            "seam_name",
            TEXT,
            True,
            help="What crosses the seam, in a few words.",
            example="Custom deal intake",
            width=30,
        ),
        C("From team", "from_team", TEXT, True, help="The team that hands work over.", example="Sales"),
        C("To team", "to_team", TEXT, True, help="The team that receives it.", example="Product"),
        C(
            "Accountable owner",
            "owner",
            PERSON,
            True,
            help="The one person accountable for the seam (a name from People).",
            example="Zoë Ødegård",
            width=22,
        ),
        C(
            "Decider",
            "decider",
            PERSON,
            False,
            help="Who decides when the teams disagree (a name from People).",
            example="Łukasz Nowak",
            width=22,
        ),
        C(
            "Definition of ready",
            "definition_of_ready",
            TEXT,
            False,
            help="What a request must contain before work starts.",
            example="Signed order form, scope, target date",
            width=36,
        ),
        C(
            "Done means",
            "done_means",
            TEXT,
            False,
            help="When the receiving team's work counts as finished.",
            example="Integration live in production",
            width=30,
        ),
        C(
            "Escalation path",
            "escalation_path",
            TEXT,
            False,
            help="Who to go to when the SLA is at risk.",
            example="Owner, then COO",
            width=24,
        ),
        C(
            "Impact area",
            "impact_area",
            CHOICE,
            False,
            IMPACT_AREAS,
            help="What suffers when the seam fails.",
            example="Revenue",
            width=14,
        ),
        C(
            "Status",
            "status",
            CHOICE,
            True,
            SEAM_STATUSES,
            help="Pilot or Active seams get a scorecard; Retired ones do not.",
            example="Active",
            width=10,
        ),
        C(
            "Contract version",
            "contract_version",
            TEXT,
            False,
            help="The version of the seam's contract.",
            example="v1.2",
            width=12,
        ),
        C(
            "Last reviewed",
            "last_reviewed",
            DATE,
            False,
            help="When the contract was last reviewed (monthly).",
            example="2026-10-02",
            width=14,
        ),
    ),
    id_key="seam_id",
    help="One row per seam: the interface between two teams and its contract.",
)

SLAS = Sheet(
    "SLAs",
    (
        C("Seam ID", "seam_id", SEAM, True, help="The seam (from Seams).", example="S-01", width=10),
        C(
            "Request type",
            "request_type",
            TEXT,
            True,
            help="A kind of request crossing the seam.",
            example="Custom integration",
            width=24,
        ),
        C(
            "Measure",
            "measure",
            CHOICE,
            True,
            MEASURES,
            help="Queue time (submitted to started) or Lead time (submitted to completed).",
            example="Queue time",
            width=14,
        ),
        C(
            "Target (business days)",
            "target_days",
            NUMBER,
            True,
            help="The most business days allowed; more than 0.",
            example="3",
            width=14,
        ),
    ),
    help="The service levels agreed for each seam and request type. One row per seam and request type.",
)

HANDOFFS = Sheet(
    "Handoffs",
    (
        C("Item ID", "item_id", ID, True, help="A unique reference for the request.", example="H-1001", width=12),
        C("Seam ID", "seam_id", SEAM, True, help="The seam it crossed.", example="S-01", width=10),
        C(
            "Request type",
            "request_type",
            TEXT,
            True,
            help="The kind of request (as on SLAs).",
            example="Custom integration",
            width=24,
        ),
        C(
            "Submitted",
            "submitted",
            DATE,
            True,
            help="When the request was handed over.",
            example="2026-10-05 09:30",
            width=17,
        ),
        C(
            "Started",
            "started",
            DATE,
            False,
            help="When the receiving team started work.",
            example="2026-10-07",
            width=17,
        ),
        C("Completed", "completed", DATE, False, help="When the work was done.", example="2026-10-14", width=17),
        C(
            "Ready at first submit",
            "ready_first",
            YESNO,
            False,
            help="Did it meet the definition of ready the first time?",
            example="Yes",
            width=12,
        ),
        C("Reworked", "reworked", YESNO, False, help="Did it have to go back for rework?", example="No", width=11),
        C(
            "Rework reason",
            "rework_reason",
            CHOICE,
            False,
            REWORK_REASONS,
            help="Why it was reworked.",
            example="Missing requirements",
            width=22,
        ),
        C("Escalated", "escalated", YESNO, False, help="Was it escalated?", example="No", width=11),
    ),
    id_key="item_id",
    help="The log of requests that crossed a seam. One row per request.",
)

MISSES = Sheet(
    "Misses",
    (
        C("Miss ID", "miss_id", ID, True, help="A unique reference for the miss.", example="M-201", width=10),
        C("Date", "date", DATE, True, help="When it happened.", example="2026-10-12", width=12),
        C("Seam ID", "seam_id", SEAM, True, help="The seam it is tagged to.", example="S-01", width=10),
        C("Type", "type", CHOICE, True, MISS_TYPES, help="What kind of miss.", example="Missed commitment", width=20),
        C(
            "Description",
            "description",
            TEXT,
            True,
            help="What happened, in one sentence.",
            example="Go-live date promised to Acme slipped two weeks",
            width=40,
        ),
        C("Impact", "impact", CHOICE, False, MISS_IMPACTS, help="What it cost.", example="Revenue", width=11),
        C("Severity", "severity", CHOICE, False, SEVERITIES, help="How bad.", example="High", width=10),
        C(
            "Root cause",
            "root_cause",
            TEXT,
            False,
            help="Why it happened.",
            example="Security review not booked",
            width=28,
        ),
        C(
            "Linked item ID",
            "linked_item",
            ID,
            False,
            help="The handoff it concerns, if any.",
            example="H-1001",
            width=12,
        ),
    ),
    id_key="miss_id",
    help="Missed commitments, surprise escalations and the like, each tagged to a seam.",
)

DEPENDENCIES = Sheet(
    "Dependencies",
    (
        C("Dependency ID", "dependency_id", ID, True, help="A unique reference.", example="D-31", width=12),
        C("Seam ID", "seam_id", SEAM, True, help="The seam that depends on it.", example="S-01", width=10),
        C(
            "Description",
            "description",
            TEXT,
            True,
            help="What must be delivered.",
            example="Test environment for Acme",
            width=36,
        ),
        C("Owner", "owner", PERSON, True, help="Who delivers it (a name from People).", example="王芳", width=20),
        C("Due", "due", DATE, True, help="When it was promised.", example="2026-10-20", width=12),
        C("Met", "met", DATE, False, help="When it was delivered.", example="2026-10-19", width=12),
        C(
            "Status",
            "status",
            CHOICE,
            False,
            DEPENDENCY_STATUSES,
            help="Open, Met, Missed or Cancelled.",
            example="Met",
            width=11,
        ),
    ),
    id_key="dependency_id",
    help="What a seam needs from elsewhere, with the date it was promised.",
)

DECISIONS = Sheet(
    "Decisions",
    (
        C("Decision ID", "decision_id", ID, True, help="A unique reference.", example="DEC-07", width=12),
        C("Seam ID", "seam_id", SEAM, True, help="The seam waiting on it.", example="S-01", width=10),
        C(
            "Decision",
            "decision",
            TEXT,
            True,
            help="The question to decide.",
            example="Approve non-standard SSO for Acme",
            width=36,
        ),
        C(
            "Decider",
            "decider",
            PERSON,
            True,
            help="Who decides (a name from People).",
            example="Łukasz Nowak",
            width=20,
        ),
        C(
            "Requested",
            "requested",
            DATE,
            True,
            help="When the decision was asked for.",
            example="2026-10-03",
            width=12,
        ),
        C("Decided", "decided", DATE, False, help="When it was made.", example="2026-10-08", width=12),
        C(
            "SLA (business days)",
            "sla_days",
            NUMBER,
            True,
            help="Business days allowed to decide; 0 means the same day.",
            example="5",
            width=12,
        ),
        C(
            "Status",
            "status",
            CHOICE,
            False,
            DECISION_STATUSES,
            help="Pending, Decided or Escalated.",
            example="Decided",
            width=11,
        ),
    ),
    id_key="decision_id",
    help="Decisions a seam is waiting on, with the agreed time to decide.",
)

ACTIONS = Sheet(
    "Actions",
    (
        C("Action ID", "action_id", ID, True, help="A unique reference.", example="A-12", width=10),
        C("Seam ID", "seam_id", SEAM, True, help="The seam it corrects.", example="S-01", width=10),
        C(
            "Action",
            "action",
            TEXT,
            True,
            help="The corrective action.",
            example="Book security review at intake",
            width=36,
        ),
        C(
            "Owner",
            "owner",
            PERSON,
            True,
            help="Who is accountable for it (a name from People).",
            example="Zoë Ødegård",
            width=20,
        ),
        C("Opened", "opened", DATE, True, help="When it was agreed.", example="2026-10-15", width=12),
        C("Due", "due", DATE, True, help="When it should be done.", example="2026-11-15", width=12),
        C(
            "Status",
            "status",
            CHOICE,
            True,
            ACTION_STATUSES,
            help="Open, In progress, Done or Dropped.",
            example="In progress",
            width=12,
        ),
        C("Closed", "closed", DATE, False, help="When it was finished or dropped.", example="", width=12),
        C(
            "Root cause",
            "root_cause",
            TEXT,
            False,
            help="The root cause it addresses.",
            example="Security review not booked",
            width=28,
        ),
        C(
            "Linked miss IDs",
            "linked_misses",
            TEXT,
            False,
            help="The misses it answers, separated by commas.",
            example="M-201, M-204",
            width=18,
        ),
    ),
    id_key="action_id",
    help="Owner-led corrective actions for the seams' root causes.",
)

HOLIDAYS = Sheet(
    "Holidays",
    (
        C(
            "Date",
            "date",
            DATE,
            True,
            help="A day off for everyone; the business-day clock skips it.",
            example="2026-12-25",
            width=12,
        ),
        C("Name", "name", TEXT, False, help="What it is.", example="Christmas Day", width=24),
    ),
    required=False,
    help="Public holidays and company days off.",
)

SHEETS: tuple[Sheet, ...] = (
    SETTINGS,
    PEOPLE,
    SEAMS,
    SLAS,
    HANDOFFS,
    MISSES,
    DEPENDENCIES,
    DECISIONS,
    ACTIONS,
    HOLIDAYS,
)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}
_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


def reading_order(f: Finding) -> tuple:
    """Sort key of findings: errors first, then by sheet order in the workbook, then row and column."""
    col = "".join(ch for ch in f.cell if ch.isalpha())
    return (SEVERITY_ORDER.get(f.severity, 3), _SHEET_ORDER.get(f.sheet, 99), f.sheet, f.row, len(col), col, f.code)


README_SHEET = "README"
