"""The sample's logs, generated month by month from each seam's plan with a fixed seed: handoffs,
dependencies, decisions, misses and the owner-led corrective actions answering them."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from tec_desktop.workbook.sample_other_seams import OTHER_SEAMS
from tec_desktop.workbook.sample_story_seams import STORY_SEAMS
from tec_desktop.workbook.sample_world import (
    LAST_DAY,
    LEAD,
    MONTHS,
    OCT,
    PEOPLE,
    QUEUE,
    RequestType,
    SeamPlan,
    at,
    bday,
    bdays_between,
    month_days,
)

SEAMS = STORY_SEAMS + OTHER_SEAMS

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
    started: dt.datetime | None = (
        submitted + dt.timedelta(minutes=rng.randrange(20, 121, 5)) if queue == 0 else at(start_day, rng)
    )
    completed: dt.datetime | None = at(bday(start_day, work), rng, 10, 18)
    assert started is not None and completed is not None
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
