"""Composing the month's mail: who gets which PDF, subjects, bodies, notes, size guard, MIME structure."""

from __future__ import annotations

import hashlib
from email import policy
from email.parser import BytesParser

import pytest

from tec_desktop.errors import TecError
from tec_desktop.mail.people import overdue_by_person, read_people
from tec_desktop.mail.plan import OWNER, PACK, build_message, plan_messages
from tec_desktop.metrics.compute import compute_month
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook
from mail_fixtures import LEADERS, OWNERS, SENDER, build_case, mail_rows, make_pdf


def _by_address(plan):
    return {m.to_email.lower(): m for m in plan.messages}


def test_pack_to_active_leadership_and_each_owner_their_pdf(mail_case):
    plan = mail_case.plan()
    by = _by_address(plan)
    assert sorted(by) == sorted(LEADERS + OWNERS)  # not the inactive leader, not the contributor
    for leader in LEADERS:
        assert by[leader].kind == PACK and by[leader].attachment == mail_case.pack
    assert by["zoe@example.com"].kind == OWNER
    assert by["zoe@example.com"].attachment == mail_case.owner_pdfs["Zoë Ødegård"]
    assert by["wang.fang@example.com"].attachment == mail_case.owner_pdfs["王芳"]
    assert [m.kind for m in plan.messages] == [PACK, PACK, OWNER, OWNER]  # pack first, People/Seams order
    assert any("Old Boss" in n and "inactive" in n for n in plan.notes)
    m = by["zoe@example.com"]
    assert m.attachment_sha256 == hashlib.sha256(m.attachment.read_bytes()).hexdigest()
    assert m.attachment_size == m.attachment.stat().st_size
    assert m.month == "2026-10" and m.workbook_sha256 == mail_case.book.sha256
    assert len(m.content_fingerprint) == 64 and m.content.startswith("{")
    assert m.key == ("Acme Test Co", "2026-10", "zoe@example.com", OWNER, m.content_fingerprint, m.attachment_sha256)


def test_subject_has_title_and_month(mail_case):
    by = _by_address(mail_case.plan())
    assert by["lukasz@example.com"].subject == "Seam scorecards – October 2026"
    assert by["zoe@example.com"].subject == "Seam scorecards – October 2026 – your seams"


def test_bodies_say_counts_pareto_and_the_owners_overdue_actions(mail_case):
    by = _by_address(mail_case.plan())
    pack = by["lukasz@example.com"]
    assert "Hello Łukasz Nowak," in pack.text
    assert "October 2026" in pack.text and "Acme Test Co" in pack.text
    assert "Seams this month: 0 red, 1 amber, 1 green." in pack.text
    assert "2 seams explain 100% of misses" in pack.text
    assert "1. S-01 Custom deal <intake> & co: 2 misses (67% of all misses)" in pack.text
    assert "overdue" not in pack.text  # leadership mail: no personal action list
    zoe = by["zoe@example.com"].text
    assert "S-01 Custom deal <intake> & co (Sales → Product): amber" in zoe
    assert "Your overdue corrective actions (1):" in zoe
    assert "A-1 Book <security> review & intake (S-01), due 10 Oct 2026" in zoe
    wang = by["wang.fang@example.com"].text
    assert "S-02 Security sign-off" in wang and "S-01" not in wang.split("All seams")[0]
    assert "You have no overdue corrective actions." in wang  # A-2 was done, A-3 is due in November


def test_html_escapes_every_user_string(mail_case):
    zoe = _by_address(mail_case.plan())["zoe@example.com"].html
    assert "Custom deal &lt;intake&gt; &amp; co" in zoe
    assert "Book &lt;security&gt; review &amp; intake" in zoe
    assert "<intake>" not in zoe and "<security>" not in zoe
    assert "Zoë Ødegård" in zoe


def test_markup_in_names_and_title_is_escaped_and_headers_stay_one_line(tmp_path):
    rows = mail_rows()
    rows["People"][1]["Name"] = 'Eve <script>alert("x")</script>'
    rows["Seams"][0]["Decider"] = rows["People"][1]["Name"]
    rows["Decisions"][0]["Decider"] = rows["People"][1]["Name"]
    rows["Settings"].append({"Setting": "Report title", "Value": "Seam <b>cards</b>\nBcc: evil@example.com"})
    case = build_case(tmp_path, rows)
    m = _by_address(case.plan())["lukasz@example.com"]
    assert "<script>" not in m.html and "&lt;script&gt;" in m.html
    assert "\n" not in m.subject and "&lt;b&gt;" in m.html
    msg = BytesParser(policy=policy.default).parsebytes(build_message(m).as_bytes())
    assert msg["Bcc"] is None and msg["Subject"] == "Seam <b>cards</b> Bcc: evil@example.com – October 2026"
    assert msg["To"].addresses[0].display_name == 'Eve <script>alert("x")</script>'


def test_overdue_actions_by_person_follow_the_metric_rule(mail_case):
    people = {p.row: p.name for p in read_people(mail_case.book)}

    def ids(month):
        return {
            people[row]: [a.action_id for a in acts] for row, acts in overdue_by_person(mail_case.book, month).items()
        }

    assert ids("2026-10") == {"Zoë Ødegård": ["A-1"]}
    assert ids("2026-11") == {"Zoë Ødegård": ["A-1"], "王芳": ["A-3"]}  # A-3 is due 20 Nov
    assert ids("2026-09") == {}  # nothing was due yet
    for seam in mail_case.metrics.seams:  # the same rows the metric counts
        assert seam.metrics["actions_overdue"].value == sum(
            1
            for acts in overdue_by_person(mail_case.book, "2026-10").values()
            for a in acts
            if a.seam_id == seam.seam_id
        )


def test_owner_referred_to_by_email_and_people_in_any_case(tmp_path):
    rows = mail_rows()
    rows["Seams"][0]["Accountable owner"] = "ZOE@example.com"
    rows["Actions"][0]["Owner"] = "zoe@EXAMPLE.com"
    case = build_case(tmp_path, rows)
    plan = plan_messages(
        case.book,
        case.metrics,
        case.pack,
        {"zoe@example.com": case.owner_pdfs["Zoë Ødegård"], "王芳": case.owner_pdfs["王芳"]},
        SENDER,
    )
    zoe = _by_address(plan)["zoe@example.com"]
    assert zoe.kind == OWNER and "A-1 Book" in zoe.text and "S-01 Custom deal" in zoe.text


def test_notes_for_people_who_get_nothing(tmp_path):
    rows = mail_rows()
    rows["People"][3]["Email"] = "not an address"  # Ana, Leadership
    rows["People"][2]["Active"] = "No"  # 王芳 owns S-02
    case = build_case(tmp_path, rows)
    del case.owner_pdfs["Zoë Ødegård"]
    case.owner_pdfs["Nobody Known"] = case.pack
    plan = case.plan()
    assert sorted(_by_address(plan)) == ["lukasz@example.com"]
    notes = "\n".join(plan.notes)
    assert (
        "Ana Díaz (Leadership) gets nothing: 'not an address' on People is not an email address TEC Desktop "
        "can send to."
    ) in notes
    assert "王芳 owns a seam but is marked inactive" in notes
    assert "There is no scorecard PDF for Zoë Ødegård" in notes
    assert "'Nobody Known', who is not on People" in notes


def test_addresses_the_headers_cannot_carry_are_noted_not_crashed(tmp_path):
    rows = mail_rows()
    rows["People"][3]["Email"] = "ana..diaz@example.com"  # passes the checks' loose test, not RFC 5322
    plan = build_case(tmp_path, rows).plan()
    assert "ana..diaz@example.com" not in {m.to_email for m in plan.messages}
    assert any("'ana..diaz@example.com' on People is not an email address" in n for n in plan.notes)


def test_shared_address_gets_each_pdf_once(tmp_path):
    rows = mail_rows()
    rows["People"][3]["Email"] = "LUKASZ@example.com"  # Ana shares Łukasz's mailbox
    plan = build_case(tmp_path, rows).plan()
    assert [m.to_email.lower() for m in plan.messages].count("lukasz@example.com") == 1
    assert any("share the address" in n for n in plan.notes)


def test_a_leader_who_owns_a_seam_gets_pack_and_own_scorecard(tmp_path):
    rows = mail_rows()
    rows["People"][0]["Role"] = "Leadership"  # Zoë
    plan = build_case(tmp_path, rows).plan()
    zoe = [m for m in plan.messages if m.to_email == "zoe@example.com"]
    assert sorted(m.kind for m in zoe) == [OWNER, PACK]


def test_only_restricts_and_refuses_unknown_addresses(mail_case):
    plan = mail_case.plan()
    assert [m.to_email for m in plan.only(["ZOE@example.com"]).messages] == ["zoe@example.com"]
    with pytest.raises(TecError, match="No message for x@example.com"):
        plan.only(["x@example.com"])


def test_bad_sender_is_refused(mail_case):
    with pytest.raises(TecError, match="not an email address to send from"):
        mail_case.plan(sender="ops at example")


def test_size_guard_warns_above_limit(mail_case):
    big = make_pdf(mail_case.folder / "big.pdf", "big", padding=800_000)
    mail_case.pack = big
    plan = mail_case.plan(max_mb=1)
    assert {m.to_email.lower() for m in plan.oversize()} == set(LEADERS)
    warning = [n for n in plan.notes if "big.pdf" in n]
    assert len(warning) == 1
    assert "above the 1 MB limit" in warning[0] and "(2 messages)" in warning[0]
    assert mail_case.plan().oversize() == ()  # default 10 MB
    assert not any("limit" in n for n in mail_case.plan().notes)


def test_message_structure_and_attachment_bytes(mail_case):
    out = _by_address(mail_case.plan())["zoe@example.com"]
    msg = BytesParser(policy=policy.default).parsebytes(build_message(out).as_bytes())
    assert msg["From"].addresses[0].addr_spec == "ops@example.com"
    assert msg["To"].addresses[0].display_name == "Zoë Ødegård"
    assert msg["Subject"] == out.subject and msg["Date"] and msg["Message-ID"].endswith("@example.com>")
    assert msg["X-Unsent"] is None
    assert msg.get_content_type() == "multipart/mixed"
    assert msg.get_body(("plain",)).get_content() == out.text
    assert msg.get_body(("html",)).get_content() == out.html
    [att] = list(msg.iter_attachments())
    assert att.get_content_type() == "application/pdf"
    assert att.get_filename() == "Seam-scorecards-2026-10-Zoë-Ødegård.pdf"
    assert att.get_content() == out.attachment.read_bytes()


def test_pdf_changed_after_preview_is_refused(mail_case):
    out = _by_address(mail_case.plan())["zoe@example.com"]
    make_pdf(out.attachment, "changed")
    with pytest.raises(TecError, match="changed after the preview"):
        build_message(out)


def test_missing_pdf_is_a_clear_error(mail_case):
    mail_case.pack = mail_case.folder / "gone.pdf"
    with pytest.raises(TecError, match="Cannot read the scorecard .*gone.pdf"):
        mail_case.plan()


def test_no_misses_and_no_leadership(tmp_path):
    rows = mail_rows()
    rows["Misses"] = []
    rows["People"] = [p for p in rows["People"] if p["Role"] != "Leadership"]
    for seam in rows["Seams"]:
        seam["Decider"] = None
    rows["Decisions"] = []
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    pack = make_pdf(tmp_path / "p.pdf", "p")
    plan = plan_messages(book, compute_month(book, "2026-10"), pack, {}, SENDER)
    assert plan.messages == ()
    assert any("Nobody on People has the role Leadership" in n for n in plan.notes)
    assert any("no scorecard PDF for Zoë Ødegård" in n for n in plan.notes)
