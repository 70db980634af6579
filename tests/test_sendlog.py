"""The send log: claims, refusals of a second send, interrupted sends, drafts, WAL, damaged files, races."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from tec_desktop.errors import TecError
from tec_desktop.mail.sendlog import FILE_NAME, AlreadySent, SendLog

KEY = {
    "organization": "Acme",
    "month": "2026-10",
    "recipient": "Zoe@Example.com",
    "kind": "owner",
    "fingerprint": "f" * 64,
    "attachment_sha256": "a" * 64,
}


def _claim_key(**kw) -> dict:
    key = {**KEY, **kw}
    key["content_fingerprint"] = key.pop("fingerprint")
    return key


def _claim(log: SendLog, **kw) -> int:
    return log.claim(
        **{
            **_claim_key(),
            "workbook_sha256": "b" * 64,
            "recipient_name": "Zoë",
            "subject": "S",
            "attachment_name": "x.pdf",
            "method": "smtp h:25",
            **kw,
        }
    )


def test_lives_in_the_data_folder_in_wal_mode():
    log = SendLog()
    assert log.path.parent == Path(os.environ["TEC_DATA_DIR"])
    assert log.path.name == FILE_NAME
    with sqlite3.connect(log.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == 2


def test_claim_finish_and_refuse_a_second_send():
    log = SendLog()
    entry = _claim(log)
    log.finish(entry, "sent", message_id="<m@x>")
    with pytest.raises(AlreadySent) as err:
        _claim(log, recipient="ZOE@example.com")  # the same address in another case
    assert err.value.entry.result == "sent" and "already sent on" in str(err.value)
    [e] = log.entries()
    assert (e.recipient, e.recipient_name, e.result, e.message_id) == ("zoe@example.com", "Zoë", "sent", "<m@x>")
    assert e.started_at.tzinfo is not None and e.finished_at >= e.started_at
    assert _claim(log, resend=True) == entry + 1  # an explicit resend is allowed and logged


def test_other_month_organization_kind_or_content_is_not_a_duplicate():
    log = SendLog()
    log.finish(_claim(log), "sent")
    _claim(log, month="2026-11")
    _claim(log, organization="Other Co")
    _claim(log, kind="pack")
    log.finish(_claim(log, content_fingerprint="c" * 64), "sent")  # a correction: new content
    assert len(log.entries()) == 5
    with pytest.raises(AlreadySent):  # the corrected content is now what the recipient has
        _claim(log, content_fingerprint="c" * 64, attachment_sha256="d" * 64)


def test_same_content_in_new_bytes_is_a_duplicate():
    """A re-saved or renamed workbook makes new PDF bytes saying the same: still sent."""
    log = SendLog()
    log.finish(_claim(log), "sent")
    with pytest.raises(AlreadySent, match="already sent on"):
        _claim(log, attachment_sha256="e" * 64, workbook_sha256="9" * 64, organization=" acme ")


def test_failed_send_does_not_block_a_retry():
    log = SendLog()
    log.finish(_claim(log), "failed", error="550 no such user")
    retry = _claim(log)
    log.finish(retry, "sent")
    assert [(e.result, e.error) for e in log.entries()] == [("failed", "550 no such user"), ("sent", "")]


def test_interrupted_send_counts_as_possibly_delivered():
    log = SendLog()
    _claim(log)  # the program died before the server answered
    with pytest.raises(AlreadySent, match="unconfirmed: a send on .* was interrupted before the server answered; "):
        _claim(log)
    assert log.blocking_entry(**KEY).result == "sending"


def test_drafts_are_recorded_but_never_block():
    log = SendLog()
    log.record_draft(**_claim_key(), workbook_sha256="b" * 64, method="eml /tmp")
    assert log.blocking_entry(**KEY) is None
    _claim(log)
    assert [e.result for e in log.entries()] == ["drafted", "sending"]
    assert "saved as a draft on" in log.entries()[0].describe()


def test_entries_filter_by_month_and_recipient():
    log = SendLog()
    _claim(log)
    _claim(log, month="2026-11")
    _claim(log, recipient="other@example.com")
    assert len(log.entries(month="2026-10")) == 2
    assert len(log.entries(recipient="ZOE@EXAMPLE.COM")) == 2
    assert len(log.entries(month="2026-10", recipient="zoe@example.com")) == 1


def test_two_windows_clicking_at_once_send_once(tmp_path):
    path = tmp_path / "log.sqlite3"
    SendLog(path)
    won, lost = [], []
    start = threading.Barrier(8)

    def click():
        log = SendLog(path)
        start.wait()
        try:
            won.append(_claim(log))
        except AlreadySent:
            lost.append(1)

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == 7


def test_damaged_log_is_reported_and_never_replaced(tmp_path):
    path = tmp_path / "log.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(TecError, match="is damaged .* Move it to another folder"):
        SendLog(path)
    assert path.read_bytes().startswith(b"this is not a database")


def test_log_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "log.sqlite3"
    SendLog(path)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA user_version=7")
    with pytest.raises(TecError, match="newer version of TEC Desktop"):
        SendLog(path)


def test_unusable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(TecError, match="send log"):
        SendLog(blocker / "log.sqlite3")


def test_finish_accepts_only_sent_or_failed():
    log = SendLog()
    with pytest.raises(ValueError):
        log.finish(_claim(log), "drafted")


def test_an_empty_log_file_is_refused_like_a_damaged_one(tmp_path):
    """Issue 16 #3: a zero-byte log is not a new log: everything would be sent twice."""
    path = tmp_path / "log.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(TecError, match=r"is damaged \(the file is empty\)\. Move it to another folder"):
        SendLog(path)
    assert path.read_bytes() == b""
    log = SendLog(tmp_path / "new.sqlite3")
    log.path.write_bytes(b"")  # emptied while in use
    with pytest.raises(TecError, match="is damaged"):
        log.entries()


def test_a_version_1_log_is_migrated_and_its_sends_still_block(tmp_path):
    path = tmp_path / "log.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE sends (id INTEGER PRIMARY KEY, month TEXT NOT NULL, workbook_sha256 TEXT NOT NULL,
            recipient TEXT NOT NULL, recipient_name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '', attachment_name TEXT NOT NULL DEFAULT '',
            attachment_sha256 TEXT NOT NULL, method TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL,
            finished_at TEXT, result TEXT NOT NULL CHECK (result IN ('sending', 'sent', 'failed', 'drafted')),
            error TEXT NOT NULL DEFAULT '', message_id TEXT NOT NULL DEFAULT '');
        CREATE INDEX sends_key ON sends (month, recipient, attachment_sha256);
        INSERT INTO sends (month, workbook_sha256, recipient, kind, attachment_sha256, started_at, finished_at, result)
            VALUES ('2026-10', 'b', 'zoe@example.com', 'owner', 'old-bytes', '2026-11-03T09:12:00+00:00',
                    '2026-11-03T09:12:01+00:00', 'sent');
        PRAGMA journal_mode=WAL;
        PRAGMA user_version=1;
        """
    )
    con.close()
    log = SendLog(path)
    [entry] = log.entries()
    assert (entry.organization, entry.content_fingerprint, entry.result) == (None, "", "sent")
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    # the same scorecard, now with a fingerprint and new bytes: content unknown, so never re-sent on a guess
    status = log.status(**KEY)
    assert status.state == "sent (content not recorded)" and status.blocks
    assert status.describe().startswith("already sent on ") and "did not record what the scorecard said" in (
        status.describe()
    )
    with pytest.raises(AlreadySent):
        _claim(log)
    _claim(log, resend=True)  # --resend sends the current one


def test_status_for_the_preview_never_unchanged_changed_unconfirmed(tmp_path):
    import json

    log = SendLog()
    assert log.status(**KEY).describe() == "never sent"
    body = json.dumps({"v": 1, "seams": [{"seam_id": "S-04", "misses": [], "status": "amber"}]})
    log.finish(_claim(log, content_body=body), "sent")
    assert log.status(**KEY).state == "sent (unchanged)"
    changed_body = json.dumps(
        {"v": 1, "seams": [{"seam_id": "S-04", "misses": [{"miss_id": "M-1"}, {"miss_id": "M-2"}], "status": "red"}]}
    )
    new = {**KEY, "fingerprint": "9" * 64}
    log.finish(_claim(log, content_fingerprint="9" * 64, content_body=changed_body, resend=False), "unconfirmed")
    assert log.status(**new).state == "unconfirmed" and log.status(**new).blocks
    [entry] = log.unconfirmed()
    log.confirm(entry.id)
    assert log.status(**new).state == "sent (unchanged)" and log.unconfirmed() == []
    third = {**KEY, "fingerprint": "8" * 64}
    log.finish(_claim(log, content_fingerprint="8" * 64, content_body=body), "failed", error="550")
    status = log.status(**third)
    assert status.state == "changed since sent" and not status.blocks
    assert status.describe().startswith("changed since sent on ")
    assert status.describe().endswith(": S-04: 2 misses removed, status red → amber")
