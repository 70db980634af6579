"""The send log: what was sent to whom, when, and which PDF, so that a second click never re-sends silently.

One SQLite file in the user's data folder (WAL mode). A message is *claimed* before it is handed to
the server (a row with result 'sending', committed) and the row is finished as 'sent' or 'failed'
afterwards. A claim checks for an earlier 'sent' or 'sending' row for the same month, recipient and
attachment inside the same write transaction, so two windows or a double click cannot both send.
A row left at 'sending' by a crash counts as possibly delivered: it blocks a re-send like 'sent'.

Each operation opens its own short connection, so a SendLog may be used from a worker thread and
no file handle stays open between operations.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.months import month_abbr

SCHEMA_VERSION = 1
FILE_NAME = "send-log.sqlite3"

SENDING, SENT, FAILED, DRAFTED = "sending", "sent", "failed", "drafted"
RESULTS = (SENDING, SENT, FAILED, DRAFTED)
_BLOCKING = (SENDING, SENT)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sends (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL,
    workbook_sha256 TEXT NOT NULL,
    recipient TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment_sha256 TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    result TEXT NOT NULL CHECK (result IN ({", ".join(repr(r) for r in RESULTS)})),
    error TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sends_key ON sends (month, recipient, attachment_sha256);
"""


def default_path() -> Path:
    """Where the send log lives: the user's data folder (TEC_DATA_DIR in tests)."""
    from tec_desktop.folders import data_dir

    return data_dir() / FILE_NAME


def normalize_address(address: str) -> str:
    """An address as the log compares it: stripped, lower case."""
    return address.strip().lower()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LogEntry:
    """One attempt to send (or draft) one message to one recipient."""

    id: int
    month: str
    workbook_sha256: str
    recipient: str
    recipient_name: str
    kind: str  # 'pack' or 'owner'
    subject: str
    attachment_name: str
    attachment_sha256: str
    method: str  # 'smtp smtp.example.com:587' or 'eml C:\\Drafts'
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

    def describe(self) -> str:
        """What this entry means for a new send: 'already sent on 3 Nov 2026 09:12', ..."""
        if self.result == SENT:
            return f"already sent on {self.when}"
        if self.result == SENDING:
            return f"a send on {self.when} was interrupted before the server answered; it may have arrived"
        if self.result == DRAFTED:
            return f"saved as a draft on {self.when}"
        return f"failed on {self.when}: {self.error}"


class AlreadySent(TecError):
    """The same month, recipient and attachment was sent before (or may have been)."""

    def __init__(self, entry: LogEntry):
        super().__init__("already-sent", recipient=entry.recipient, earlier=entry.describe())
        self.entry = entry


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
            raise TecError("sendlog-no-folder", reason=exc.strerror or str(exc)) from None
        with self._connect() as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise TecError("sendlog-newer", path=str(self.path))
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextlib.contextmanager
    def _connect(self):
        """A connection in autocommit mode; damaged or locked files become one clear TecError."""
        con = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA busy_timeout=10000")
            yield con
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise TecError("sendlog-busy", path=str(self.path)) from None
            raise TecError("sendlog-unusable", path=str(self.path), error=str(exc)) from None
        except sqlite3.DatabaseError as exc:
            # Never start a fresh log silently: an empty log would let everything be sent twice.
            raise TecError("sendlog-damaged", path=str(self.path), error=str(exc)) from None
        except OSError as exc:
            raise TecError("sendlog-cannot-open", path=str(self.path), reason=exc.strerror or str(exc)) from None
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

    def blocking_entry(self, month: str, recipient: str, attachment_sha256: str) -> LogEntry | None:
        """The latest 'sent' or interrupted entry for this month, recipient and attachment, if any."""
        with self._connect() as con:
            return self._blocking(con, month, recipient, attachment_sha256)

    @staticmethod
    def _blocking(con, month: str, recipient: str, attachment_sha256: str) -> LogEntry | None:
        row = con.execute(
            "SELECT * FROM sends WHERE month=? AND recipient=? AND attachment_sha256=? AND result IN (?, ?) "
            "ORDER BY id DESC LIMIT 1",
            (month, normalize_address(recipient), attachment_sha256, *_BLOCKING),
        ).fetchone()
        return _entry(row) if row else None

    def claim(
        self,
        *,
        month: str,
        recipient: str,
        attachment_sha256: str,
        workbook_sha256: str,
        recipient_name: str = "",
        kind: str = "",
        subject: str = "",
        attachment_name: str = "",
        method: str = "",
        resend: bool = False,
    ) -> int:
        """Record that this message is about to be sent and return the entry's id.

        Raises AlreadySent when it was sent before (or an earlier send was interrupted), unless `resend`.
        """
        with self._write() as con:
            if not resend:
                earlier = self._blocking(con, month, recipient, attachment_sha256)
                if earlier is not None:
                    raise AlreadySent(earlier)
            cur = con.execute(
                "INSERT INTO sends (month, workbook_sha256, recipient, recipient_name, kind, subject, "
                "attachment_name, attachment_sha256, method, started_at, result) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    month,
                    workbook_sha256,
                    normalize_address(recipient),
                    recipient_name,
                    kind,
                    subject,
                    attachment_name,
                    attachment_sha256,
                    method,
                    _now(),
                    SENDING,
                ),
            )
            return int(cur.lastrowid)

    def finish(self, entry_id: int, result: str, error: str = "", message_id: str = "") -> None:
        """Record how a claimed send ended: SENT, or FAILED with the error shown to the user."""
        if result not in (SENT, FAILED):
            raise ValueError(result)
        with self._write() as con:
            con.execute(
                "UPDATE sends SET result=?, error=?, message_id=?, finished_at=? WHERE id=?",
                (result, error, message_id, _now(), entry_id),
            )

    def record_draft(
        self,
        *,
        month: str,
        recipient: str,
        attachment_sha256: str,
        workbook_sha256: str,
        recipient_name: str = "",
        kind: str = "",
        subject: str = "",
        attachment_name: str = "",
        method: str = "",
    ) -> int:
        """Record that a draft was written; drafts never block a later send or draft."""
        now = _now()
        with self._write() as con:
            cur = con.execute(
                "INSERT INTO sends (month, workbook_sha256, recipient, recipient_name, kind, subject, "
                "attachment_name, attachment_sha256, method, started_at, finished_at, result) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    month,
                    workbook_sha256,
                    normalize_address(recipient),
                    recipient_name,
                    kind,
                    subject,
                    attachment_name,
                    attachment_sha256,
                    method,
                    now,
                    now,
                    DRAFTED,
                ),
            )
            return int(cur.lastrowid)

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
