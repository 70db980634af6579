"""The send log's file: its tables, how a new one is made, and how an older one is brought up to date."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

from tec_desktop.mail.deliveries import RESULTS

SCHEMA_VERSION = 2

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


def create(path: Path) -> None:
    """A new, empty log, made under a temporary name and linked into place: a file at `path` is always one TEC
    Desktop finished writing, so an empty or half-written file there is damage, not a new log."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
            os.link(tmp, path)  # fails when another window made the log a moment ago: theirs is used
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def upgrade(con, version: int) -> bool:
    """Bring the log to SCHEMA_VERSION inside the caller's write transaction; False when it is not a send log."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 1 or (version == 0 and tables == {"sends"}):  # 0: a version 1 log stopped while being made
        _migrate_from_1(con)
    elif version == 0 and tables:
        return False
    for statement in _SCHEMA:
        con.execute(statement)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return True


def _migrate_from_1(con) -> None:
    """Schema 1 -> 2 inside the caller's transaction: the table is rebuilt (a CHECK cannot be altered)."""
    con.execute("ALTER TABLE sends RENAME TO sends_v1")
    con.execute("DROP INDEX IF EXISTS sends_key")
    con.execute(f"CREATE TABLE sends ({_COLUMNS})")
    con.execute(f"INSERT INTO sends (organization, {_V1_COLUMNS}) SELECT NULL, {_V1_COLUMNS} FROM sends_v1 ORDER BY id")
    con.execute("DROP TABLE sends_v1")
