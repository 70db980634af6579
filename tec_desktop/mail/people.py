"""The People sheet as the mail sees it: who a name or an email on the workbook is, and their overdue actions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address

from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.values import valid_email

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Person:
    """One row of the People sheet."""

    name: str
    email: str
    role: str
    active: bool
    row: int


def clean_line(text: object) -> str:
    """Text safe for one line of a header or a list: no control characters, no line breaks."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def read_people(book: Workbook) -> list[Person]:
    """The People sheet's rows with a name or an email; blank Active counts as Yes."""
    frame = book["People"].frame
    out = []
    for rec in frame.to_dict("records"):
        name, email = _text(rec.get("name")), _text(rec.get("email"))
        if not name and not email:
            continue
        active = rec.get("active")
        out.append(Person(name, email, _text(rec.get("role")), not (active == 0.0), int(rec["row"])))
    return out


def usable_address(address: str) -> bool:
    """An address we can put in a To or From header (stricter than values.valid_email: no 'a..b@x.com')."""
    if not valid_email(address):
        return False
    try:
        Address("", addr_spec=address)
    except (ValueError, IndexError, TypeError):  # the email package's header defects are ValueErrors
        return False
    return True


def _text(value: object) -> str:
    return clean_line(value) if isinstance(value, str) else ""


class Directory:
    """People found by Name or Email, compared as headers are (case and spacing ignored)."""

    def __init__(self, people: list[Person]):
        self.people = people
        self._index: dict[str, Person] = {}
        refs = [p.name for p in people] + [p.email for p in people]  # names first: a name wins over an email
        for ref, p in zip(refs, people + people):
            if ref:
                self._index.setdefault(schema.normalize_header(ref), p)

    def find(self, ref: object) -> Person | None:
        if not isinstance(ref, str) or not ref.strip():
            return None
        return self._index.get(schema.normalize_header(ref))


def overdue_by_person(book: Workbook, month: str) -> dict[int, list]:
    """The month's overdue corrective actions (agenda.Action, spec §4 rule), by People row of their owner."""
    from tec_desktop.metrics.agenda import overdue_actions

    directory = Directory(read_people(book))
    out: dict[int, list] = {}
    for action in overdue_actions(book, month):
        person = directory.find(action.owner)
        if person is not None:
            out.setdefault(person.row, []).append(action)
    return out
