"""One send-log entry and what it means for the next send: never sent, sent (unchanged), changed since sent,
unconfirmed (the send log itself is sendlog.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tec_desktop.errors import TecError
from tec_desktop.months import month_abbr

SENDING, SENT, FAILED, DRAFTED, UNCONFIRMED = "sending", "sent", "failed", "drafted", "unconfirmed"
RESULTS = (SENDING, SENT, FAILED, DRAFTED, UNCONFIRMED)
_DELIVERED = (SENDING, SENT, UNCONFIRMED)  # the recipient has (or may have) this one

# What the log says about a message about to be sent (RecipientStatus.state).
NEVER_SENT = "never sent"
UNCHANGED = "sent (unchanged)"
CHANGED = "changed since sent"
MAYBE_SENT = "unconfirmed"
NOT_RECORDED = "sent (content not recorded)"
_BLOCKING_STATES = (UNCHANGED, MAYBE_SENT, NOT_RECORDED)


def normalize_address(address: str) -> str:
    """An address as the log compares it: stripped, lower case."""
    return address.strip().lower()


def normalize_organization(name: str | None) -> str:
    """An organization as the log compares it: spacing and case ignored ('' when there is none)."""
    return " ".join((name or "").split()).casefold()


@dataclass(frozen=True)
class LogEntry:
    """One attempt to send (or draft) one message to one recipient."""

    id: int
    organization: str | None  # None: written by a version that did not record it
    month: str
    workbook_sha256: str
    recipient: str
    recipient_name: str
    kind: str  # 'pack' or 'owner'
    subject: str
    attachment_name: str
    attachment_sha256: str
    content_fingerprint: str  # '' when not recorded
    correction: str  # what changed, when this was sent as a correction
    method: str  # 'smtp smtp.example.com:587', 'microsoft graph as ops@contoso.com', 'eml C:\\Drafts'
    started_at: dt.datetime  # aware, UTC
    finished_at: dt.datetime | None
    result: str  # one of RESULTS
    error: str
    message_id: str

    @property
    def when(self) -> str:
        """The time of the attempt in local time, as shown to the user: '3 Nov 2026 09:12'."""
        t = (self.finished_at or self.started_at).astimezone()
        return f"{t.day} {month_abbr(t.month)} {t.year} {t.hour:02d}:{t.minute:02d}"

    @property
    def unconfirmed(self) -> bool:
        """The server may have received it without saying so (or the program stopped mid-send)."""
        return self.result in (SENDING, UNCONFIRMED)

    def describe(self) -> str:
        """What this entry means for a new send: 'already sent on 3 Nov 2026 09:12', ..."""
        if self.result == SENT:
            return f"already sent on {self.when}"
        if self.result == SENDING:
            return f"unconfirmed: a send on {self.when} was interrupted before the server answered; it may have arrived"
        if self.result == UNCONFIRMED:
            return (
                f"unconfirmed: sent on {self.when} but the server never confirmed it ({self.error}); "
                "it may have arrived"
            )
        if self.result == DRAFTED:
            return f"saved as a draft on {self.when}"
        return f"failed on {self.when}: {self.error}"


@dataclass(frozen=True)
class RecipientStatus:
    """What the send log says about one message of a plan, for the preview."""

    state: str  # NEVER_SENT, UNCHANGED, CHANGED, MAYBE_SENT or NOT_RECORDED
    entry: LogEntry | None = None  # the last delivery of this scorecard to this recipient
    change: str = ""  # CHANGED: what changed since `entry` ('S-04: 2 misses added')

    @property
    def blocks(self) -> bool:
        """A plain send skips this message (it needs --resend)."""
        return self.state in _BLOCKING_STATES

    def describe(self) -> str:
        """One line for the preview: 'never sent', 'changed since sent on 3 Nov 2026 09:12: S-04: 2 misses added'."""
        if self.entry is None:
            return NEVER_SENT
        if self.state == CHANGED:
            return f"changed since sent on {self.entry.when}: {self.change}"
        if self.state == NOT_RECORDED:
            return (
                f"already sent on {self.entry.when}, by a version of TEC Desktop that did not record what the "
                "scorecard said (--resend sends the current one)"
            )
        return self.entry.describe()


def delivery_state(previous: LogEntry | None, fingerprint: str, attachment_sha256: str) -> str:
    """How a message relates to the last delivery of the same scorecard to the same recipient."""
    if previous is None:
        return NEVER_SENT
    if fingerprint and previous.content_fingerprint:
        same = previous.content_fingerprint == fingerprint
    else:
        same = previous.attachment_sha256 == attachment_sha256
        if not same and fingerprint and not previous.content_fingerprint:
            # Sent before the content was recorded: it may say the same. Never re-send on a guess.
            return MAYBE_SENT if previous.unconfirmed else NOT_RECORDED
    if same:
        return MAYBE_SENT if previous.unconfirmed else UNCHANGED
    return CHANGED


class AlreadySent(TecError):
    """The same scorecard was sent to this recipient before (or may have been)."""

    def __init__(self, entry: LogEntry, state: str = UNCHANGED):
        super().__init__("already-sent", recipient=entry.recipient, earlier=entry.describe())
        self.entry = entry
        self.state = state
