"""Which scorecard goes to whom (spec §5, Email): the plan of messages, and each one as MIME.

The pack goes to every active Leadership person, each accountable owner's PDF to that owner. One
message per recipient and attachment, so that each can fail, be logged and be retried alone. Who is
who comes from mail.people, what each email says from mail.compose, what each PDF says (which the send
log compares) from mail.content; the PDFs and metrics are made elsewhere: this module only reads the
files' bytes to hash and attach them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.findings import Finding
from tec_desktop.mail.compose import OWNER, PACK, Facts, compose
from tec_desktop.mail.content import ContentMaker
from tec_desktop.mail.people import Directory, Person, clean_line, read_people, usable_address
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.reader import file_sha256

__all__ = [
    "DEFAULT_MAX_MB",
    "MB",
    "OWNER",
    "PACK",
    "MailPlan",
    "Outgoing",
    "as_correction",
    "build_message",
    "plan_messages",
    "size_notes",
]

DEFAULT_MAX_MB = 10.0
MB = 1_000_000  # the unit mail servers state their limits in


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
    organization: str = ""  # the Settings sheet's Organization, part of the send log's key
    content_fingerprint: str = ""  # what the PDF says (content.Content); '' when not known
    content: str = ""  # content.Content.body
    correction: str = ""  # set when this corrects an earlier send: what changed ('S-04: 2 misses added')

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
    def key(self) -> tuple[str, str, str, str, str, str]:
        """What the send log compares (SendLog.status / blocking_entry take it as arguments): organization,
        month, recipient address in lower case, kind, content fingerprint and attachment SHA-256."""
        return (
            self.organization,
            self.month,
            self.to_email.strip().lower(),
            self.kind,
            self.content_fingerprint,
            self.attachment_sha256,
        )

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


def plan_messages(
    book: Workbook,
    metrics,
    pack_pdf: Path,
    owner_pdfs: dict[str, Path],
    sender: str = "",
    *,
    max_mb: float = DEFAULT_MAX_MB,
    findings: Sequence[Finding] | None = None,
) -> MailPlan:
    """The month's messages: the pack to every active Leadership person, each owner's PDF to that owner.

    `metrics` is the month's metrics.MonthMetrics; `owner_pdfs` maps an owner (as written on the
    Seams sheet: a People name or email) to their PDF. Nobody gets the same PDF twice. `findings`
    (the checks' findings the PDFs were written with) saves running the checks again to tell what the
    PDFs say.
    """
    if sender and not usable_address(parseaddr(sender)[1]):
        raise TecError("sender-invalid", sender=sender)
    month = metrics.month
    directory = Directory(read_people(book))
    notes: list[str] = []
    facts = Facts(book, metrics, directory)
    if findings is None:
        from tec_desktop.checks.registry import run_checks

        findings = run_checks(book, month)
    contents = ContentMaker(book, metrics, findings)
    organization = book.settings.organization or ""
    messages: list[Outgoing] = []
    seen: dict[tuple, str] = {}

    def add(person: Person, kind: str, pdf: Path, why: str, owner_ref: str = "") -> None:
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
        subject, text, body = compose(facts, person, kind)
        content = contents.pack() if kind == PACK else contents.owner(owner_ref)
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
                organization,
                content.fingerprint,
                content.body,
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
    for owner, ref, pdf in _owner_files(facts, owner_pdfs, notes):
        if owner.active:
            add(owner, OWNER, pdf, "accountable owner", ref)
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


def _owner_files(facts: Facts, owner_pdfs: dict[str, Path], notes: list[str]) -> list[tuple[Person, str, Path]]:
    """(owner, the owner as the PDF names them, PDF) for every accountable owner of an Active or Pilot seam, in
    Seams order."""
    pdf_of: dict[int, tuple[str, Path]] = {}
    for ref, pdf in owner_pdfs.items():
        person = facts.directory.find(ref)
        if person is None:
            notes.append(f"{Path(pdf).name} is for '{ref}', who is not on People: it is not sent.")
        else:
            pdf_of.setdefault(person.row, (ref, Path(pdf)))
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
        out.append((person, *pdf_of[person.row]))
    return out


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


def as_correction(out: Outgoing, sent_when: str, change: str) -> Outgoing:
    """The message as a correction of the one sent on `sent_when`: '(corrected)' in the subject, and one line
    on what changed at the top of the text."""
    import html

    line = f"This corrects the scorecard sent on {sent_when}. What changed: {clean_line(change)}."
    greeting, _, rest = out.text.partition("\n\n")
    text = f"{greeting}\n\n{line}\n\n{rest}" if rest else f"{line}\n\n{out.text}"
    head, found, tail = out.html.partition("</p>")
    note = f'<p style="border-left:3px solid #a15c00;padding-left:8px"><b>Correction.</b> {html.escape(line)}</p>'
    body = f"{head}</p>\n{note}{tail}" if found else note + out.html
    subject = out.subject if out.subject.endswith("(corrected)") else f"{out.subject} (corrected)"
    return replace(out, subject=subject, text=text, html=body, correction=change)
