"""The sample's world: Northwind Logistics (fictional), its people, the things its seams deal with, the
shape of a seam's plan, and the business-day clock the sample is generated on."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import cast

import numpy as np

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


# ---------------------------------------------------------------- the business-day clock


def bday(day: dt.date, n: int) -> dt.date:
    """The business day `n` business days after `day` (rolled forward to a business day first)."""
    found = np.busday_offset(np.datetime64(day, "D"), n, roll="forward", busdaycal=_CALENDAR).item()
    return cast(dt.date, found)


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
