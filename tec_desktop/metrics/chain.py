"""Miss → root cause → owner-led corrective action: which action answers each of a seam's misses and
root causes in the month, and which root causes nothing answers.

An action answers a miss when it lists the miss in its Linked miss IDs, or when it names the same root
cause (compared ignoring case and spaces) on the same seam. Only actions in play in the month count:
opened by its end and still open at some time in it; a Dropped action answers nothing. When several
answer, the one still open at month end comes first, then the one due first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tec_desktop.metrics import agenda
from tec_desktop.metrics.contract import contract
from tec_desktop.metrics.per_book import per_book
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook

NO_ROOT_CAUSE = "Root cause not recorded"


@dataclass(frozen=True)
class MissLink:
    """A miss of the month and the action answering it (None: nothing does)."""

    miss: agenda.Miss
    action: agenda.Action | None
    by_link: bool  # the action lists the miss in its Linked miss IDs (else: the same root cause)


@dataclass(frozen=True)
class CauseLink:
    """A root cause of a seam's misses in the month, its misses, and the action answering it."""

    seam_id: str
    seam_name: str
    cause: str  # as first written; NO_ROOT_CAUSE for misses with the cell blank
    recorded: bool  # False for the misses whose Root cause is blank
    miss_ids: tuple[str, ...]
    first_row: int  # the Misses row of its first miss
    action: agenda.Action | None

    @property
    def misses(self) -> int:
        """How many of the month's misses it explains."""
        return len(self.miss_ids)

    @property
    def unanswered(self) -> bool:
        """A recorded root cause that no action in play answers."""
        return self.recorded and self.action is None


@dataclass(frozen=True)
class SeamChain:
    """One seam's month: each miss with its action, the root causes (most misses first), the actions in play."""

    seam_id: str
    misses: tuple[MissLink, ...]
    causes: tuple[CauseLink, ...]
    actions: tuple[agenda.Action, ...]

    @property
    def unanswered(self) -> tuple[CauseLink, ...]:
        """The recorded root causes no action answers."""
        return tuple(c for c in self.causes if c.unanswered)

    @property
    def open_actions(self) -> tuple[agenda.Action, ...]:
        """Actions still open at month end, overdue first, then by due date."""
        return tuple(a for a in self.actions if is_open(a))


def key(text: str) -> str:
    """A root cause or ID as compared: case, accents' forms and spaces ignored."""
    return schema.normalize_header(text) if text else ""


def is_open(action: agenda.Action) -> bool:
    """Still open at the end of the month."""
    return action.status not in ("Done", "Dropped")


def _preference(action: agenda.Action) -> tuple:
    due = action.due if not pd.isna(action.due) else pd.Timestamp.max
    return (not is_open(action), due, action.action_id)


def _best(candidates: Sequence[agenda.Action]) -> agenda.Action | None:
    return min(candidates, key=_preference) if candidates else None


def seam_chain(book: Workbook, seam_id: str, month: str) -> SeamChain:
    """The chain of one seam's month (see the module's rule); worked out once per workbook, seam and month."""
    done = per_book(book, _chains)
    if (seam_id, month) not in done:
        done[(seam_id, month)] = _seam_chain(book, seam_id, month)
    return done[(seam_id, month)]


def _chains(book: Workbook) -> dict[tuple[str, str], SeamChain]:
    return {}


def _seam_chain(book: Workbook, seam_id: str, month: str) -> SeamChain:
    misses = agenda.seam_misses(book, seam_id, month)
    actions = agenda.seam_actions(book, seam_id, month)
    live = [a for a in actions if a.status != "Dropped"]
    linked = {a.action_id: {key(m) for m in a.linked_misses} for a in live}
    by_cause = {a.action_id: key(a.root_cause) for a in live}
    links = []
    for miss in misses:
        explicit = [a for a in live if key(miss.miss_id) in linked[a.action_id]]
        same = [a for a in live if miss.root_cause and by_cause[a.action_id] == key(miss.root_cause)]
        action = _best(explicit) or _best(same)
        links.append(MissLink(miss, action, bool(explicit)))
    groups: dict[str, list[MissLink]] = {}
    for link in links:
        groups.setdefault(key(link.miss.root_cause), []).append(link)
    causes = []
    for cause_key, members in groups.items():
        answering = [m.action for m in members if m.action is not None]
        first = members[0].miss
        name = first.root_cause or NO_ROOT_CAUSE
        causes.append(
            CauseLink(
                seam_id,
                _seam_name(book, seam_id),
                name,
                bool(cause_key),
                tuple(m.miss.miss_id for m in members),
                first.row,
                _best(answering),
            )
        )
    causes.sort(key=lambda c: (-c.misses, not c.recorded, c.cause.casefold()))
    return SeamChain(seam_id, tuple(links), tuple(causes), tuple(actions))


def _seam_name(book: Workbook, seam_id: str) -> str:
    found = contract(book, seam_id)
    return found.seam_name if found else ""


def top_cause(chain: SeamChain) -> CauseLink | None:
    """The month's top root cause: the recorded one with most misses, else the blank ones' bucket."""
    recorded = [c for c in chain.causes if c.recorded]
    return recorded[0] if recorded else (chain.causes[0] if chain.causes else None)
