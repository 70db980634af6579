"""The .eml drafts, parsed back with the standard library's email parser."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from tec_desktop.errors import TecError
from tec_desktop.mail.drafts import draft_name, write_drafts
from tec_desktop.mail.sending import DRAFTED
from tec_desktop.mail.sendlog import SendLog

from mail_fixtures import LEADERS, OWNERS


def test_one_draft_per_message_ready_to_send(mail_case, tmp_path):
    plan = mail_case.plan()
    folder = tmp_path / "drafts" / "2026-10"  # created on demand
    seen = []
    results = write_drafts(plan.messages, folder, log=SendLog(), on_result=seen.append)
    assert [r.status for r in results] == [DRAFTED] * 4 and seen == results
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 4
    assert sorted(p.name for p in files) == sorted(draft_name(m) for m in plan.messages)
    for out in plan.messages:
        path = folder / draft_name(out)
        raw = path.read_bytes()
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF throughout
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        assert msg["X-Unsent"] == "1"
        assert msg["Date"] is None and msg["Message-ID"] is None  # the mail program stamps them when sending
        assert msg["From"].addresses[0].addr_spec == "ops@example.com"
        assert msg["To"].addresses[0].addr_spec == out.to_email
        assert msg["To"].addresses[0].display_name == out.to_name
        assert msg["Subject"] == out.subject
        assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n") == out.text
        assert msg.get_body(("html",)).get_content().replace("\r\n", "\n") == out.html
        [att] = list(msg.iter_attachments())
        assert att.get_content_type() == "application/pdf" and att.get_filename() == out.attachment_name
        assert att.get_content() == out.attachment.read_bytes()
    assert not list(folder.glob(".*"))  # no temporary files left behind


def test_draft_names_are_unique_and_safe(mail_case):
    names = [draft_name(m) for m in mail_case.plan().messages]
    assert len(set(names)) == len(names)
    assert "Seam-scorecards-2026-10-Zoë-Ødegård - zoe@example.com.eml" in names
    assert "Seam-scorecards-2026-10 - lukasz@example.com.eml" in names
    assert not any(set(n) & set('\\/:*?"<>|') for n in names)


def test_drafts_without_sender_let_the_mail_program_choose(mail_case, tmp_path):
    plan = mail_case.plan(sender="")
    write_drafts(plan.messages[:1], tmp_path, log=SendLog())
    msg = BytesParser(policy=policy.default).parsebytes(next(tmp_path.glob("*.eml")).read_bytes())
    assert msg["From"] is None and msg["X-Unsent"] == "1"


def test_drafts_are_logged_and_remind_of_earlier_sends(mail_case, tmp_path):
    plan = mail_case.plan()
    log = SendLog()
    out = plan.messages[2]
    entry = log.claim(
        organization=out.organization,
        month=out.month,
        recipient=out.to_email,
        kind=out.kind,
        content_fingerprint=out.content_fingerprint,
        attachment_sha256=out.attachment_sha256,
        workbook_sha256=out.workbook_sha256,
    )
    log.finish(entry, "sent")
    results = write_drafts(plan.messages, tmp_path, log=log)
    assert "note: already sent on" in results[2].detail and "note" not in results[0].detail
    assert [e.result for e in log.entries()] == ["sent"] + ["drafted"] * 4
    assert all(e.method == f"eml {tmp_path}" for e in log.entries()[1:])
    assert sorted(e.recipient for e in log.entries()[1:]) == sorted(LEADERS + OWNERS)


def test_again_overwrites_the_same_files(mail_case, tmp_path):
    plan = mail_case.plan()
    write_drafts(plan.messages, tmp_path, log=SendLog())
    write_drafts(plan.messages, tmp_path, log=SendLog())
    assert len(list(tmp_path.glob("*.eml"))) == 4


def test_folder_that_cannot_be_made(mail_case, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(TecError, match="Cannot create the folder"):
        write_drafts(mail_case.plan().messages, blocker / "drafts", log=SendLog())


def test_long_names_fit_every_system_and_stay_unique(mail_case, tmp_path):
    """A PDF named after a long title in 4-byte characters, to two long addresses that differ only at
    the end: each draft's name stays within 255 bytes (what Linux and macOS take) and the two names,
    cut alike, do not collide."""
    import dataclasses
    import shutil

    plan = mail_case.plan()
    pdf = tmp_path / "pdf" / ("𝓐" * 55 + ".pdf")  # 224 bytes
    pdf.parent.mkdir()
    shutil.copy(plan.messages[0].attachment, pdf)
    local = "leadership.team.member." * 2
    twins = [
        dataclasses.replace(m, attachment=pdf, to_email=f"{local}{i}@example.com")
        for i, m in enumerate(plan.messages[:2])
    ]
    folder = tmp_path / "drafts"
    results = write_drafts(twins, folder, log=SendLog())
    assert [r.status for r in results] == [DRAFTED, DRAFTED]
    names = sorted(p.name for p in folder.glob("*.eml"))
    assert len(names) == 2 and len({n.casefold() for n in names}) == 2
    assert all(len(n.encode("utf-8")) <= 255 for n in names)


def test_drafts_never_replace_the_workbook(mail_case, tmp_path):
    """A workbook that happens to carry a draft's name, in the drafts folder: refused before any write."""
    plan = mail_case.plan()
    book = tmp_path / draft_name(plan.messages[0])
    book.write_bytes(b"the user's workbook")
    with pytest.raises(TecError) as caught:
        write_drafts(plan.messages, tmp_path, log=SendLog(), workbook=book)
    assert caught.value.code == "output-is-workbook"
    assert book.read_bytes() == b"the user's workbook"
    assert list(tmp_path.glob("*.eml")) == [book]
