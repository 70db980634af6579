"""Corrections without re-sending to everyone (issue 13 #4): the send log compares what each scorecard says.

End to end through `tec send` with real PDFs and a real SMTP server: a renamed, copied or re-saved workbook
sends nothing new; a change to one seam sends only its owner and the leadership pack's recipients a
'(corrected)' message saying what changed; --resend still sends everything.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil

import keyring
import openpyxl
import pytest
from keyring.backends import fail

from tec_desktop.cli.main import main
from tec_desktop.mail.content import ContentMaker, describe_changes
from tec_desktop.mail.sendlog import SendLog

from builder import write_workbook
from mail_fixtures import LEADERS, build_case, mail_rows
from smtp_server import smtp_server


@pytest.fixture(autouse=True)
def _quiet():
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def _send(*args) -> int:
    return main(["send", *map(str, args)])


def _relay(server) -> list[str]:
    return ["--smtp", f"127.0.0.1:{server.port}", "--security", "none", "--from", "ops@example.com", "--timeout", "5"]


def _one_more_miss_on_s02(rows: dict) -> dict:
    rows["Misses"].append(
        {"Miss ID": "M-4", "Date": dt.datetime(2026, 10, 22), "Seam ID": "S-02", "Type": "Quality", "Description": "x"}
    )
    return rows


def test_rename_sends_nothing_and_a_changed_seam_corrects_only_its_readers(tmp_path, capsys):
    book = write_workbook(tmp_path / "seams.xlsx", mail_rows())
    with smtp_server() as server:
        assert _send(book, *_relay(server)) == 0
        assert len(server.handler.received) == 4
        capsys.readouterr()

        # renamed, copied to another folder and re-saved by another program: the same scorecards
        copy = tmp_path / "elsewhere" / "Copy of seams (final).xlsx"
        copy.parent.mkdir()
        shutil.copy(book, copy)
        wb = openpyxl.load_workbook(copy)
        # as another program saves it: another author and time (openpyxl alone stamps the second, so a
        # quick run could otherwise save the very same bytes)
        wb.properties.lastModifiedBy = "Someone else"
        wb.properties.modified = dt.datetime(2026, 11, 2, 8, 30)
        wb.save(copy)
        assert copy.read_bytes() != book.read_bytes()
        assert _send(copy, *_relay(server)) == 0
        assert "0 sent, 4 skipped (already sent)." in capsys.readouterr().out
        assert len(server.handler.received) == 4

        # one more miss on S-02 (王芳's seam): the pack and 王芳's scorecard changed, Zoë's did not
        changed = write_workbook(tmp_path / "seams-v2.xlsx", _one_more_miss_on_s02(mail_rows()))
        assert _send(changed, *_relay(server), "--dry-run") == 0
        out = capsys.readouterr().out
        assert "- Zoë Ødegård <zoe@example.com> [owner]: skip: already sent on " in out
        assert "- 王芳 <wang.fang@example.com> [owner]: send as a correction: changed since sent on " in out
        assert ": S-02: 1 miss added\n    subject:    Seam scorecards – October 2026 – your seams (corrected)" in out
        assert "3 to send (3 as corrections), 1 already sent." in out

        assert _send(changed, *_relay(server)) == 0
        out = capsys.readouterr().out
        assert "3 sent (3 corrections), 1 skipped (already sent)." in out
        assert (
            "sent      wang.fang@example.com  Seam-scorecards-2026-10-王芳.pdf: a correction: S-02: 1 miss added" in out
        )
        new = server.handler.received[4:]
        assert sorted(r.rcpt_tos[0].lower() for r in new) == sorted([*LEADERS, "wang.fang@example.com"])
        for r in new:
            msg = r.message()
            assert msg["Subject"].endswith("(corrected)")
            text = msg.get_body(("plain",)).get_content()
            assert "This corrects the scorecard sent on " in text and "What changed: S-02: 1 miss added." in text
            assert "What changed: S-02: 1 miss added." in msg.get_body(("html",)).get_content()
        assert server.handler.to("zoe@example.com")[1:] == []

        # and again: the corrections are what they have now
        assert _send(changed, *_relay(server)) == 0
        assert "0 sent, 4 skipped (already sent)." in capsys.readouterr().out
        assert _send(changed, *_relay(server), "--resend") == 0
        assert "4 sent." in capsys.readouterr().out
        assert len(server.handler.received) == 11
    corrections = [e for e in SendLog().entries() if e.correction]
    assert len(corrections) == 3 and {e.correction for e in corrections} == {"S-02: 1 miss added"}


def test_another_organization_is_another_send(tmp_path, capsys):
    rows = mail_rows()
    with smtp_server() as server:
        assert _send(write_workbook(tmp_path / "a.xlsx", rows), *_relay(server)) == 0
        for r in rows["Settings"]:
            if r["Setting"] == "Organization":
                r["Value"] = "Other Subsidiary Ltd"
        assert _send(write_workbook(tmp_path / "b.xlsx", rows), *_relay(server)) == 0
        assert len(server.handler.received) == 8
    assert "4 sent." in capsys.readouterr().out


def _case(folder, rows=None):
    folder.mkdir()
    return build_case(folder, rows)


def test_the_fingerprint_follows_the_content_not_the_file(tmp_path):
    a = _case(tmp_path / "a")
    renamed = _case(tmp_path / "b")  # the same rows, written again: new bytes, another name and folder
    assert a.book.sha256 != renamed.book.sha256 or a.book.path != renamed.book.path
    one, two = ContentMaker(a.book, a.metrics, []), ContentMaker(renamed.book, renamed.metrics, [])
    assert one.pack() == two.pack() and one.owner("王芳") == two.owner("王芳")
    changed = _case(tmp_path / "c", _one_more_miss_on_s02(mail_rows()))
    three = ContentMaker(changed.book, changed.metrics, [])
    assert three.owner("Zoë Ødegård") == one.owner("Zoë Ødegård")
    assert three.owner("王芳").fingerprint != one.owner("王芳").fingerprint
    assert describe_changes(one.pack().body, three.pack().body) == "S-02: 1 miss added"


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (lambda r: r["Actions"].pop(0), "S-01: 1 corrective action removed, status amber → green"),
        (
            lambda r: r["Seams"][1].update({"Seam name": "Security review"}),
            "S-02: name 'Security sign-off' → 'Security review'",
        ),
        (
            lambda r: r["Settings"].append({"Setting": "Report title", "Value": "Seam review"}),
            "the report settings changed",
        ),
        # What the seam pages and the brief print since issue 12: the contract, the owner's comment, the chain.
        (
            lambda r: r["Seams"][0].update({"Escalation path": "COO, then the CEO"}),
            "S-01: escalation path changed",
        ),
        (lambda r: r["Seams"][1].update({"Decider": "Ана Петрова"}), "S-02: decider 'Łukasz Nowak' → 'Ана Петрова'"),
        (
            lambda r: r.update(
                Commentary=[{"Seam ID": "S-02", "Month": "2026-10", "Comment": "Pen-tests booked", "Author": "王芳"}]
            ),
            "S-02: owner's comment added",
        ),
        (lambda r: r["Actions"][0].update({"Root cause": "No security slot"}), "S-01: 1 corrective action changed"),
        (lambda r: r["Actions"][0].update({"Linked miss IDs": "M-1, M-2"}), "S-01: 1 corrective action changed"),
    ],
)
def test_one_line_on_what_changed(tmp_path, edit, line):
    before = _case(tmp_path / "a")
    rows = mail_rows()
    edit(rows)
    after = _case(tmp_path / "b", rows)
    old, new = ContentMaker(before.book, before.metrics, []), ContentMaker(after.book, after.metrics, [])
    assert describe_changes(old.pack().body, new.pack().body) == line


def test_a_comment_or_an_actions_root_cause_corrects_only_that_seams_readers(tmp_path):
    """What the owner wrote and which root cause an action answers are on the PDF: they change its content."""
    before = _case(tmp_path / "a")
    rows = mail_rows()
    rows["Commentary"] = [
        {"Seam ID": "S-01", "Month": "2026-10", "Comment": "Scope agreed with Sales", "Author": "Zoë Ødegård"},
        {"Seam ID": "S-02", "Month": "2026-09", "Comment": "Last month's note", "Author": "王芳"},  # not printed
    ]
    after = _case(tmp_path / "b", rows)
    old, new = ContentMaker(before.book, before.metrics, []), ContentMaker(after.book, after.metrics, [])
    assert new.owner("Zoë Ødegård").fingerprint != old.owner("Zoë Ødegård").fingerprint
    assert new.owner("王芳") == old.owner("王芳")
    assert new.pack().fingerprint != old.pack().fingerprint
    seam = {s["seam_id"]: s for s in new.owner("Zoë Ødegård").data()["seams"]}["S-01"]
    assert (seam["comment"]["text"], seam["comment"]["author"]) == ("Scope agreed with Sales", "Zoë Ødegård")
    rows["Actions"][0]["Root cause"] = "Scope not agreed"
    again = _case(tmp_path / "c", rows)
    third = ContentMaker(again.book, again.metrics, [])
    assert third.owner("Zoë Ødegård").fingerprint != new.owner("Zoë Ødegård").fingerprint
    assert describe_changes(new.owner("Zoë Ødegård").body, third.owner("Zoë Ødegård").body) == (
        "S-01: 1 corrective action changed"
    )
