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
import sqlite3
import zlib
from pathlib import Path

from tec_desktop.errors import TecError
from tec_desktop.mail.deliveries import (  # noqa: F401 - what the send log's users know it by
    _BLOCKING_STATES,
    _DELIVERED,
    CHANGED,
    DRAFTED,
    FAILED,
    MAYBE_SENT,
    NEVER_SENT,
    NOT_RECORDED,
    RESULTS,
    SENDING,
    SENT,
    UNCHANGED,
    UNCONFIRMED,
    AlreadySent,
    LogEntry,
    RecipientStatus,
    delivery_state,
    normalize_address,
    normalize_organization,
)
from tec_desktop.mail.sendlog_schema import SCHEMA_VERSION, create, upgrade

FILE_NAME = "send-log.sqlite3"


def default_path() -> Path:
    """Where the send log lives: the user's data folder (TEC_DATA_DIR in tests)."""
    from tec_desktop.folders import data_dir

    return data_dir() / FILE_NAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
        self._create_if_missing()
        with self._write() as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise TecError("sendlog-newer", path=str(self.path))
            if not upgrade(con, version):
                raise self._damaged("foreign")

    def _damaged(self, form: str, error: str = "") -> TecError:
        """`form`: what is wrong ('empty', 'gone', 'foreign'), or '' with SQLite's `error`."""
        # Never start a fresh log silently: an empty log would let everything be sent twice.
        return TecError("sendlog-damaged", form=form, path=str(self.path), error=error)

    def _create_if_missing(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                if self.path.stat().st_size == 0:
                    raise self._damaged("empty")
                return
            create(self.path)
        except sqlite3.Error as exc:
            raise TecError("sendlog-not-created", path=str(self.path), reason=str(exc)) from None
        except OSError as exc:
            raise TecError("sendlog-not-created", path=str(self.path), reason=exc.strerror or str(exc)) from None

    @contextlib.contextmanager
    def _connect(self):
        """A connection in autocommit mode; damaged or locked files become one clear TecError."""
        con = None
        try:
            if not self.path.exists() or self.path.stat().st_size == 0:
                raise self._damaged("empty" if self.path.exists() else "gone")
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA busy_timeout=10000")
            yield con
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise TecError("sendlog-busy", path=str(self.path)) from None
            raise TecError("sendlog-unusable", path=str(self.path), error=str(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise self._damaged("", str(exc)) from None
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

    # ---------------------------------------------------------------- reading

    @staticmethod
    def _last_delivery(con, organization: str | None, month: str, recipient: str, kind: str) -> LogEntry | None:
        row = con.execute(
            "SELECT * FROM sends WHERE month=? AND recipient=? AND kind=? AND (organization=? OR organization IS NULL) "
            f"AND result IN ({', '.join('?' * len(_DELIVERED))}) ORDER BY id DESC LIMIT 1",
            (month, normalize_address(recipient), kind, normalize_organization(organization), *_DELIVERED),
        ).fetchone()
        return _entry(row) if row else None

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
