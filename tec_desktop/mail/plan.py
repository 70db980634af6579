"""Which scorecard goes to whom, with what subject and text (spec §5, Email): the plan of messages.

The pack goes to every active Leadership person, each accountable owner's PDF to that owner. One
message per recipient and attachment, so that each can fail, be logged and be retried alone. The
PDFs and metrics are made elsewhere; this module only reads the files' bytes to hash and attach them.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.metrics.clock import month_of
from tec_desktop.workbook import schema
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.reader import file_sha256
from tec_desktop.workbook.values import show_date, valid_email

PACK, OWNER = "pack", "owner"
DEFAULT_MAX_MB = 10.0
MB = 1_000_000  # the unit mail servers state their limits in
_TOP_PARETO = 3
_STATUS_ORDER = ("red", "amber", "green")
_STATUS_COLOURS = {"red": "#b3261e", "amber": "#a15c00", "green": "#1e7b34"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Person:
    """One row of the People sheet."""

    name: str
    email: str
    role: str
    active: bool
    row: int


@dataclass(frozen=True)
class Outgoing:
    """One message: one recipient, one PDF. `key` is what the send log compares."""

    kind: str  # PACK or OWNER
    to_name: str
    to_email: str
    sender: str  # 'ops@example.com' or 'Ops <ops@example.com>'; '' for drafts the mail program fills in
    subject: str
    text: str
    html: str
    attachment: Path
    attachment_sha256: str
    attachment_size: int
    month: str
    workbook_sha256: str

    @property
    def attachment_name(self) -> str:
        """The PDF's file name, as the recipient sees it."""
        return self.attachment.name

    @property
    def encoded_size(self) -> int:
        """About how many bytes the message has on the wire: base64 makes the PDF a third larger."""
        attachment = (self.attachment_size + 2) // 3 * 4
        attachment += attachment // 76 * 2  # line breaks
        return attachment + 2 * (len(self.text.encode()) + len(self.html.encode())) + 4096

    @property
    def key(self) -> tuple[str, str, str]:
        """(month, recipient address in lower case, attachment SHA-256)."""
        return self.month, self.to_email.strip().lower(), self.attachment_sha256

    @property
    def envelope_sender(self) -> str:
        """The bare address of the sender, for SMTP's MAIL FROM."""
        return parseaddr(self.sender)[1]


@dataclass(frozen=True)
class MailPlan:
    """Every message to send for a month, and notes on who gets nothing and why (for the preview)."""

    month: str
    messages: tuple[Outgoing, ...]
    notes: tuple[str, ...] = ()
    max_bytes: int = int(DEFAULT_MAX_MB * MB)

    def oversize(self) -> tuple[Outgoing, ...]:
        """Messages larger than the size limit."""
        return tuple(m for m in self.messages if m.encoded_size > self.max_bytes)

    def only(self, addresses) -> MailPlan:
        """The plan restricted to these recipients (case-insensitive): retry one person alone."""
        wanted = {a.strip().lower() for a in addresses}
        unknown = wanted - {m.to_email.lower() for m in self.messages}
        if unknown:
            raise TecError("recipients-unknown", addresses=", ".join(sorted(unknown)), month=self.month)
        return replace(self, messages=tuple(m for m in self.messages if m.to_email.lower() in wanted))


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


class _Directory:
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

    directory = _Directory(read_people(book))
    out: dict[int, list] = {}
    for action in overdue_actions(book, month):
        person = directory.find(action.owner)
        if person is not None:
            out.setdefault(person.row, []).append(action)
    return out


def plan_messages(
    book: Workbook,
    metrics,
    pack_pdf: Path,
    owner_pdfs: dict[str, Path],
    sender: str = "",
    *,
    max_mb: float = DEFAULT_MAX_MB,
) -> MailPlan:
    """The month's messages: the pack to every active Leadership person, each owner's PDF to that owner.

    `metrics` is the month's metrics.MonthMetrics; `owner_pdfs` maps an owner (as written on the
    Seams sheet: a People name or email) to their PDF. Nobody gets the same PDF twice.
    """
    if sender and not usable_address(parseaddr(sender)[1]):
        raise TecError("sender-invalid", sender=sender)
    month = metrics.month
    directory = _Directory(read_people(book))
    notes: list[str] = []
    facts = _Facts(book, metrics, directory)
    messages: list[Outgoing] = []
    seen: dict[tuple, str] = {}

    def add(person: Person, kind: str, pdf: Path, why: str) -> None:
        if not usable_address(person.email):
            notes.append(
                f"{person.name or 'People row ' + str(person.row)} ({why}) gets nothing: "
                f"'{person.email}' on People is not an email address TEC Desktop can send to."
            )
            return
        attachment = _attachment(pdf)
        key = (month, person.email.lower(), attachment[1])
        if key in seen:
            if seen[key] != person.name:
                notes.append(
                    f"{person.name} and {seen[key]} share the address {person.email}: {pdf.name} is sent to it once."
                )
            return
        seen[key] = person.name
        subject, text, body = _compose(facts, person, kind)
        messages.append(
            Outgoing(
                kind,
                person.name,
                person.email,
                sender,
                subject,
                text,
                body,
                attachment[0],
                attachment[1],
                attachment[2],
                month,
                book.sha256,
            )
        )

    leaders = [p for p in directory.people if p.role == "Leadership"]
    if not leaders:
        notes.append("Nobody on People has the role Leadership: the pack goes to no one.")
    for p in leaders:
        if p.active:
            add(p, PACK, Path(pack_pdf), "Leadership")
        else:
            notes.append(f"{p.name} (Leadership) is marked inactive on People: no pack for them.")
    for owner, pdf in _owner_files(facts, owner_pdfs, notes):
        if owner.active:
            add(owner, OWNER, pdf, "accountable owner")
        else:
            notes.append(f"{owner.name} owns a seam but is marked inactive on People: their scorecard is not sent.")
    plan = MailPlan(month, tuple(messages), (), int(max_mb * MB))
    notes.extend(size_notes(plan))
    return replace(plan, notes=tuple(dict.fromkeys(notes)))  # a person on several seams: one note


def size_notes(plan: MailPlan) -> list[str]:
    """One warning per PDF that makes a message larger than the limit."""
    out, seen = [], set()
    for m in plan.oversize():
        if m.attachment_sha256 in seen:
            continue
        seen.add(m.attachment_sha256)
        count = sum(1 for x in plan.messages if x.attachment_sha256 == m.attachment_sha256)
        out.append(
            f"{m.attachment_name} is {m.attachment_size / MB:.1f} MB, a {m.encoded_size / MB:.1f} MB email "
            f"once encoded: above the {plan.max_bytes / MB:g} MB limit, so some mail servers may refuse "
            f"it ({count} message{'s' if count != 1 else ''})."
        )
    return out


def _attachment(pdf: Path) -> tuple[Path, str, int]:
    try:
        return pdf, file_sha256(pdf), pdf.stat().st_size
    except OSError as exc:
        raise TecError("scorecard-unreadable", path=str(pdf), reason=exc.strerror or str(exc)) from None


def _owner_files(facts: _Facts, owner_pdfs: dict[str, Path], notes: list[str]) -> list[tuple[Person, Path]]:
    """(owner, PDF) for every accountable owner of an Active or Pilot seam, in Seams order."""
    pdf_of: dict[int, Path] = {}
    for ref, pdf in owner_pdfs.items():
        person = facts.directory.find(ref)
        if person is None:
            notes.append(f"{Path(pdf).name} is for '{ref}', who is not on People: it is not sent.")
        else:
            pdf_of.setdefault(person.row, Path(pdf))
    out, done = [], set()
    for ref in facts.owner_refs:
        person = facts.directory.find(ref)
        if person is None:
            notes.append(f"Accountable owner '{ref}' is not on People: their scorecard is not sent.")
            continue
        if person.row in done:
            continue
        done.add(person.row)
        if person.row not in pdf_of:
            notes.append(f"There is no scorecard PDF for {person.name}: nothing is sent to them as owner.")
            continue
        out.append((person, pdf_of[person.row]))
    return out


class _Facts:
    """What the bodies say, computed once per plan."""

    def __init__(self, book: Workbook, metrics, directory: _Directory):
        self.directory = directory
        self.metrics = metrics
        self.title = clean_line(book.settings.report_title or "Seam scorecards")
        self.organization = clean_line(book.settings.organization or "")
        self.month_label = month_of(metrics.month).label
        self.workbook = book.name
        seams = book["Seams"].frame
        active = seams[seams["status"].isin(["Active", "Pilot"])] if "status" in seams else seams
        self.owner_refs = [o for o in active["owner"].tolist() if isinstance(o, str) and o.strip()]
        self.overdue = overdue_by_person(book, metrics.month)
        self.counts = {s: sum(1 for x in metrics.seams if x.status == s) for s in _STATUS_ORDER}
        self.no_status = sum(1 for x in metrics.seams if x.status not in _STATUS_ORDER)

    def seams_of(self, person: Person) -> list:
        return [
            s for s in self.metrics.seams if (p := self.directory.find(s.owner)) is not None and p.row == person.row
        ]


def _subject(f: _Facts, kind: str) -> str:
    subject = f"{f.title} – {f.month_label}"
    return subject + (" – your seams" if kind == OWNER else "")


def _counts_text(f: _Facts) -> str:
    text = "Seams this month: " + ", ".join(f"{f.counts[s]} {s}" for s in _STATUS_ORDER)
    if f.no_status:
        text += f", {f.no_status} without a status (no data)"
    return text + "."


def _pareto_lines(f: _Facts) -> list[str]:
    return [
        f"{clean_line(r.seam_id)} {clean_line(r.seam_name)}: {r.misses} miss{'es' if r.misses != 1 else ''} "
        f"({r.share:.0%} of all misses)"
        for r in f.metrics.pareto[:_TOP_PARETO]
    ]


def _seam_line(s) -> str:
    status = s.status if s.status else "no status (no data)"
    teams = f"{clean_line(s.from_team)} → {clean_line(s.to_team)}"
    return f"{clean_line(s.seam_id)} {clean_line(s.seam_name)} ({teams}): {status}"


def _action_line(a) -> str:
    return f"{clean_line(a.action_id)} {clean_line(a.action)} ({clean_line(a.seam_id)}), due {show_date(a.due)}"


def _compose(f: _Facts, person: Person, kind: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML for one person."""
    org = f" ({f.organization})" if f.organization else ""
    if kind == PACK:
        intro = f"Attached: {f.title}, {f.month_label}{org}, for the leadership team."
    else:
        intro = f"Attached: {f.title}, {f.month_label}{org}, for the seams you are accountable for."
    pareto = _pareto_lines(f)
    overdue = f.overdue.get(person.row, []) if kind == OWNER else []
    mine = f.seams_of(person) if kind == OWNER else []

    t = [f"Hello {person.name},", "", intro, ""]
    h = [f"<p>Hello {_e(person.name)},</p>", f"<p>{_e(intro)}</p>"]
    if kind == OWNER:
        t += ["Your seams:"] + [f"  - {_seam_line(s)}" for s in mine] + [""]
        h.append("<p>Your seams:</p><ul>" + "".join(f"<li>{_seam_html(s)}</li>" for s in mine) + "</ul>")
    counts = _counts_text(f).replace("Seams", "All seams", 1) if kind == OWNER else _counts_text(f)
    t += [counts]
    h.append(f"<p>{_counts_html(f, kind)}</p>")
    if pareto:
        lead = f"Most misses: {f.metrics.pareto_sentence}." if f.metrics.pareto_sentence else "Most misses:"
        t += [lead] + [f"  {i}. {line}" for i, line in enumerate(pareto, 1)]
        h.append(f"<p>{_e(lead)}</p><ol>" + "".join(f"<li>{_e(line)}</li>" for line in pareto) + "</ol>")
    else:
        t += ["No misses were recorded this month."]
        h.append("<p>No misses were recorded this month.</p>")
    if kind == OWNER:
        t.append("")
        if overdue:
            head = f"Your overdue corrective actions ({len(overdue)}):"
            t += [head] + [f"  - {_action_line(a)}" for a in overdue]
            h.append(f"<p>{_e(head)}</p><ul>" + "".join(f"<li>{_e(_action_line(a))}</li>" for a in overdue) + "</ul>")
        else:
            t.append("You have no overdue corrective actions.")
            h.append("<p>You have no overdue corrective actions.</p>")
    footer = f"Prepared with TEC Desktop from {f.workbook}."
    t += ["", footer]
    h.append(f'<p style="color:#666;font-size:90%">{_e(footer)}</p>')
    body = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        '<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px">\n'
        + "\n".join(h)
        + "\n</body></html>\n"
    )
    return _subject(f, kind), "\n".join(t) + "\n", body


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _status_html(status: str | None) -> str:
    if status not in _STATUS_COLOURS:
        return "no status (no data)"
    return f'<b style="color:{_STATUS_COLOURS[status]}">{status}</b>'


def _seam_html(s) -> str:
    return (
        f"{_e(clean_line(s.seam_id))} {_e(clean_line(s.seam_name))} "
        f"({_e(clean_line(s.from_team))} → {_e(clean_line(s.to_team))}): {_status_html(s.status)}"
    )


def _counts_html(f: _Facts, kind: str) -> str:
    parts = ", ".join(f"{f.counts[s]} {_status_html(s)}" for s in _STATUS_ORDER)
    text = f"{'All s' if kind == OWNER else 'S'}eams this month: {parts}"
    if f.no_status:
        text += f", {f.no_status} without a status (no data)"
    return text + "."


def build_message(out: Outgoing, *, draft: bool = False) -> EmailMessage:
    """The MIME message: plain text and HTML alternatives and the PDF.

    A draft carries X-Unsent: 1 and no Date or Message-ID, so the mail program opens it ready to send
    and stamps those itself. Raises TecError when the PDF changed since the plan was made.
    """
    try:
        data = out.attachment.read_bytes()
    except OSError as exc:
        raise TecError("scorecard-unreadable", path=str(out.attachment), reason=exc.strerror or str(exc)) from None
    if hashlib.sha256(data).hexdigest() != out.attachment_sha256:
        raise TecError("scorecard-changed", name=out.attachment_name)
    msg = EmailMessage()
    if out.sender:
        name, addr = parseaddr(out.sender)
        msg["From"] = Address(clean_line(name), addr_spec=addr)
    msg["To"] = Address(clean_line(out.to_name), addr_spec=out.to_email.strip())
    msg["Subject"] = clean_line(out.subject)
    if draft:
        msg["X-Unsent"] = "1"
    else:
        msg["Date"] = formatdate(localtime=True)
        domain = out.envelope_sender.rpartition("@")[2] or "tec-desktop.invalid"
        msg["Message-ID"] = make_msgid("tec", domain=domain)
    from tec_desktop import __version__

    msg["X-Mailer"] = f"TEC Desktop {__version__}"
    msg.set_content(out.text)
    msg.add_alternative(out.html, subtype="html")
    msg.add_attachment(data, maintype="application", subtype="pdf", filename=out.attachment_name)
    return msg
