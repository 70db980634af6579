"""The send log: what was sent to whom, when, and what it said, so that a second click never re-sends silently.

One SQLite file in the user's data folder (WAL mode). A message is *claimed* before it is handed to
the server (a row with result 'sending', committed) and the row is finished as 'sent', 'failed' or
'unconfirmed' afterwards. A delivery is keyed by organization, month, recipient, kind of scorecard
(the pack or an owner's) and the fingerprint of what the scorecard says (content.py): the same
content is never sent twice without `resend`; changed content is sent as a correction of the last one.

'Unconfirmed' is one policy for every message the server may have received without saying so (the
connection dropped or timed out after the whole message was handed over, a 5xx from Graph or Gmail
after the request, or a row left at 'sending' by a killed program): it blocks a re-send like 'sent',
and is counted and listed on its own until the user decides (--resend, or confirm it arrived).

A claim checks the earlier deliveries inside the same write transaction, so two windows or a double
click cannot both send. Each operation opens its own short connection, so a SendLog may be used from
a worker thread and no file handle stays open between operations.

Schema 2 (TEC Desktop with sign-in sending) adds the organization, the content fingerprint, the
correction line and the 'unconfirmed' result; a schema 1 log is migrated in place, its rows keeping
no organization (they match any) and no fingerprint (content not recorded: they block like 'sent').
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.months import month_abbr

SCHEMA_VERSION = 2
FILE_NAME = "send-log.sqlite3"

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

_COLUMNS = f"""
    id INTEGER PRIMARY KEY,
    organization TEXT,
    month TEXT NOT NULL,
    workbook_sha256 TEXT NOT NULL,
    recipient TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment_sha256 TEXT NOT NULL,
    content_fingerprint TEXT NOT NULL DEFAULT '',
    correction TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    result TEXT NOT NULL CHECK (result IN ({", ".join(repr(r) for r in RESULTS)})),
    error TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT ''
"""
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS sends ({_COLUMNS})",
    "CREATE INDEX IF NOT EXISTS sends_recipient ON sends (month, recipient, kind)",
    "CREATE TABLE IF NOT EXISTS contents (fingerprint TEXT PRIMARY KEY, body BLOB NOT NULL)",
)
_V1_COLUMNS = (
    "id, month, workbook_sha256, recipient, recipient_name, kind, subject, attachment_name, attachment_sha256, "
    "method, started_at, finished_at, result, error, message_id"
)


def default_path() -> Path:
    """Where the send log lives: the user's data folder (TEC_DATA_DIR in tests)."""
    from tec_desktop.folders import data_dir

    return data_dir() / FILE_NAME


def normalize_address(address: str) -> str:
    """An address as the log compares it: stripped, lower case."""
    return address.strip().lower()


def normalize_organization(name: str | None) -> str:
    """An organization as the log compares it: spacing and case ignored ('' when there is none)."""
    return " ".join((name or "").split()).casefold()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
        super().__init__(f"{entry.recipient}: {entry.describe()}")
        self.entry = entry
        self.state = state


def _entry(row: sqlite3.Row) -> LogEntry:
    d = dict(row)
    d["started_at"] = dt.datetime.fromisoformat(d["started_at"])
    d["finished_at"] = dt.datetime.fromisoformat(d["finished_at"]) if d["finished_at"] else None
    return LogEntry(**d)


class SendLog:
    """The send log file; see the module docstring for its rules."""

    def __init__(self, path: str | Path | None = None):
        try:
            self.path = Path(path) if path is not None else default_path()
        except OSError as exc:
            raise TecError(
                f"Cannot create the TEC Desktop data folder for the send log: {exc.strerror or exc}."
            ) from None
        self._create_if_missing()
        with self._write() as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise TecError(
                    f"The send log {self.path} was written by a newer version of TEC Desktop. "
                    "Update TEC Desktop before sending."
                )
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version == 1 or (version == 0 and tables == {"sends"}):  # 0: a version 1 log stopped while made
                _migrate_from_1(con)
            elif version == 0 and tables:
                raise self._damaged("it holds tables TEC Desktop did not write")
            for statement in _SCHEMA:
                con.execute(statement)
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _damaged(self, why: str) -> TecError:
        # Never start a fresh log silently: an empty log would let everything be sent twice.
        return TecError(
            f"The send log {self.path} is damaged ({why}). Move it to another folder; TEC Desktop then "
            "starts a new, empty log and can no longer tell what was sent before."
        )

    def _create_if_missing(self) -> None:
        """A new log is made under a temporary name and linked into place, so a file at `path` is always one
        TEC Desktop finished writing: an empty or half-written file there is damage, not a new log."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                if self.path.stat().st_size == 0:
                    raise self._damaged("the file is empty")
                return
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            os.close(fd)
            try:
                con = sqlite3.connect(tmp, isolation_level=None)
                try:
                    con.execute("PRAGMA journal_mode=WAL")
                    for statement in _SCHEMA:
                        con.execute(statement)
                    con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                finally:
                    con.close()
                try:
                    os.link(tmp, self.path)  # fails when another window made the log a moment ago: use theirs
                except FileExistsError:
                    pass
                except OSError:  # a file system without hard links
                    if not self.path.exists():
                        os.replace(tmp, self.path)
            finally:
                for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
        except sqlite3.Error as exc:
            raise TecError(f"Cannot create the send log {self.path}: {exc}.") from None
        except OSError as exc:
            raise TecError(f"Cannot create the send log {self.path}: {exc.strerror or exc}.") from None

    @contextlib.contextmanager
    def _connect(self):
        """A connection in autocommit mode; damaged or locked files become one clear TecError."""
        con = None
        try:
            if not self.path.exists() or self.path.stat().st_size == 0:
                raise self._damaged("the file is empty" if self.path.exists() else "the file is gone")
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA busy_timeout=10000")
            yield con
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise TecError(
                    f"The send log {self.path} is busy: another TEC Desktop window is sending. "
                    "Wait for it to finish and try again."
                ) from None
            raise TecError(f"Cannot use the send log {self.path}: {exc}.") from None
        except sqlite3.DatabaseError as exc:
            raise self._damaged(str(exc)) from None
        except OSError as exc:
            raise TecError(f"Cannot open the send log {self.path}: {exc.strerror or exc}.") from None
        finally:
            if con is not None:
                con.close()

    @contextlib.contextmanager
    def _write(self):
        """A write transaction taken at once (BEGIN IMMEDIATE), so a check and an insert are one step."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # ---------------------------------------------------------------- reading

    @staticmethod
    def _last_delivery(con, organization: str | None, month: str, recipient: str, kind: str) -> LogEntry | None:
        row = con.execute(
            "SELECT * FROM sends WHERE month=? AND recipient=? AND kind=? AND (organization=? OR organization IS NULL) "
            f"AND result IN ({', '.join('?' * len(_DELIVERED))}) ORDER BY id DESC LIMIT 1",
            (month, normalize_address(recipient), kind, normalize_organization(organization), *_DELIVERED),
        ).fetchone()
        return _entry(row) if row else None

    def last_delivery(self, organization: str | None, month: str, recipient: str, kind: str) -> LogEntry | None:
        """The latest send (sent, unconfirmed or interrupted) of this kind of scorecard for the month to them."""
        with self._connect() as con:
            return self._last_delivery(con, organization, month, recipient, kind)

    def status(
        self,
        organization: str | None,
        month: str,
        recipient: str,
        kind: str,
        fingerprint: str = "",
        attachment_sha256: str = "",
        *,
        content: str = "",
    ) -> RecipientStatus:
        """Never sent / sent (unchanged) / changed since sent (with what changed) / unconfirmed, for the preview.

        `content` is the message's content body (content.Content.body), to say what changed."""
        with self._connect() as con:
            previous = self._last_delivery(con, organization, month, recipient, kind)
            state = delivery_state(previous, fingerprint, attachment_sha256)
            change = ""
            if state == CHANGED and previous is not None:
                from tec_desktop.mail.content import describe_changes

                body = self._content(con, previous.content_fingerprint)
                after = content or self._content(con, fingerprint)
                change = describe_changes(body, after) if after is not None else "the scorecard changed"
        return RecipientStatus(state, previous, change)

    def blocking_entry(
        self,
        organization: str | None,
        month: str,
        recipient: str,
        kind: str,
        fingerprint: str = "",
        attachment_sha256: str = "",
    ) -> LogEntry | None:
        """The delivery that makes a plain send skip this message (same content, or unconfirmed), if any."""
        with self._connect() as con:
            previous = self._last_delivery(con, organization, month, recipient, kind)
        if delivery_state(previous, fingerprint, attachment_sha256) in _BLOCKING_STATES:
            return previous
        return None

    def content(self, fingerprint: str) -> str | None:
        """The content body recorded under this fingerprint (content.Content.body), if any."""
        with self._connect() as con:
            return self._content(con, fingerprint)

    @staticmethod
    def _content(con, fingerprint: str) -> str | None:
        if not fingerprint:
            return None
        row = con.execute("SELECT body FROM contents WHERE fingerprint=?", (fingerprint,)).fetchone()
        return zlib.decompress(row[0]).decode() if row else None

    def last_draft(
        self, organization: str | None, month: str, recipient: str, kind: str, fingerprint: str, method_prefix: str
    ) -> LogEntry | None:
        """The latest draft of exactly this content made the same way ('microsoft', 'eml'), if any."""
        with self._connect() as con:
            row = con.execute(
                "SELECT * FROM sends WHERE month=? AND recipient=? AND kind=? AND content_fingerprint=? AND result=? "
                "AND (organization=? OR organization IS NULL) AND method LIKE ? ORDER BY id DESC LIMIT 1",
                (
                    month,
                    normalize_address(recipient),
                    kind,
                    fingerprint,
                    DRAFTED,
                    normalize_organization(organization),
                    method_prefix + "%",
                ),
            ).fetchone()
        return _entry(row) if row else None

    def entries(self, month: str | None = None, recipient: str | None = None) -> list[LogEntry]:
        """Entries, oldest first, optionally of one month and/or one recipient."""
        where, params = [], []
        if month is not None:
            where.append("month=?")
            params.append(month)
        if recipient is not None:
            where.append("recipient=?")
            params.append(normalize_address(recipient))
        sql = "SELECT * FROM sends" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        with self._connect() as con:
            return [_entry(r) for r in con.execute(sql, params)]

    def unconfirmed(self, month: str | None = None) -> list[LogEntry]:
        """Deliveries still unconfirmed (the latest attempt of each), oldest first."""
        latest: dict[tuple, LogEntry] = {}
        for e in self.entries(month):
            if e.result in _DELIVERED:
                latest[(e.organization, e.month, e.recipient, e.kind)] = e
        return [e for e in latest.values() if e.unconfirmed]

    # ---------------------------------------------------------------- writing

    def claim(
        self,
        *,
        month: str,
        recipient: str,
        attachment_sha256: str,
        workbook_sha256: str,
        organization: str | None = "",
        content_fingerprint: str = "",
        content_body: str = "",
        correction: str = "",
        recipient_name: str = "",
        kind: str = "",
        subject: str = "",
        attachment_name: str = "",
        method: str = "",
        resend: bool = False,
    ) -> int:
        """Record that this message is about to be sent and return the entry's id.

        Raises AlreadySent when the same content was sent to this recipient before, or may have been
        (unconfirmed), unless `resend`.
        """
        with self._write() as con:
            if not resend:
                earlier = self._last_delivery(con, organization, month, recipient, kind)
                state = delivery_state(earlier, content_fingerprint, attachment_sha256)
                if earlier is not None and state in _BLOCKING_STATES:
                    raise AlreadySent(earlier, state)
            self._keep_content(con, content_fingerprint, content_body)
            return self._insert(
                con,
                organization=organization,
                month=month,
                workbook_sha256=workbook_sha256,
                recipient=recipient,
                recipient_name=recipient_name,
                kind=kind,
                subject=subject,
                attachment_name=attachment_name,
                attachment_sha256=attachment_sha256,
                content_fingerprint=content_fingerprint,
                correction=correction,
                method=method,
                started_at=_now(),
                result=SENDING,
            )

    @staticmethod
    def _keep_content(con, fingerprint: str, body: str) -> None:
        if fingerprint and body:
            con.execute(
                "INSERT OR IGNORE INTO contents (fingerprint, body) VALUES (?, ?)",
                (fingerprint, zlib.compress(body.encode())),
            )

    @staticmethod
    def _insert(con, **values) -> int:
        values["recipient"] = normalize_address(values["recipient"])
        values["organization"] = normalize_organization(values["organization"])
        names, marks = ", ".join(values), ", ".join("?" * len(values))
        cur = con.execute(f"INSERT INTO sends ({names}) VALUES ({marks})", tuple(values.values()))
        return int(cur.lastrowid or 0)

    def finish(self, entry_id: int, result: str, error: str = "", message_id: str = "") -> None:
        """Record how a claimed send ended: SENT, FAILED or UNCONFIRMED, with the error shown to the user."""
        if result not in (SENT, FAILED, UNCONFIRMED):
            raise ValueError(result)
        with self._write() as con:
            con.execute(
                "UPDATE sends SET result=?, error=?, message_id=?, finished_at=? WHERE id=?",
                (result, error, message_id, _now(), entry_id),
            )

    def confirm(self, entry_id: int) -> None:
        """The user checked that an unconfirmed message arrived: it counts as sent from now on."""
        with self._write() as con:
            con.execute(
                "UPDATE sends SET result=?, finished_at=COALESCE(finished_at, ?), "
                "error=CASE WHEN error='' THEN 'confirmed by the user' ELSE error || ' (confirmed by the user)' END "
                "WHERE id=? AND result IN (?, ?)",
                (SENT, _now(), entry_id, SENDING, UNCONFIRMED),
            )

    def record_draft(
        self,
        *,
        month: str,
        recipient: str,
        attachment_sha256: str,
        workbook_sha256: str,
        organization: str | None = "",
        content_fingerprint: str = "",
        content_body: str = "",
        recipient_name: str = "",
        kind: str = "",
        subject: str = "",
        attachment_name: str = "",
        method: str = "",
        message_id: str = "",
    ) -> int:
        """Record that a draft was written; drafts never block a later send."""
        now = _now()
        with self._write() as con:
            self._keep_content(con, content_fingerprint, content_body)
            return self._insert(
                con,
                organization=organization,
                month=month,
                workbook_sha256=workbook_sha256,
                recipient=recipient,
                recipient_name=recipient_name,
                kind=kind,
                subject=subject,
                attachment_name=attachment_name,
                attachment_sha256=attachment_sha256,
                content_fingerprint=content_fingerprint,
                method=method,
                started_at=now,
                finished_at=now,
                result=DRAFTED,
                message_id=message_id,
            )


def _migrate_from_1(con) -> None:
    """Schema 1 -> 2 inside the caller's transaction: the table is rebuilt (a CHECK cannot be altered)."""
    con.execute("ALTER TABLE sends RENAME TO sends_v1")
    con.execute("DROP INDEX IF EXISTS sends_key")
    con.execute(f"CREATE TABLE sends ({_COLUMNS})")
    con.execute(f"INSERT INTO sends (organization, {_V1_COLUMNS}) SELECT NULL, {_V1_COLUMNS} FROM sends_v1 ORDER BY id")
    con.execute("DROP TABLE sends_v1")
