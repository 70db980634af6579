"""Which real scorecard PDF goes to whom: each owner's file is that owner's, also when names clash."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tec_desktop.errors import TecError
from tec_desktop.mail.attachments import match_pdfs, write_mail_pdfs
from tec_desktop.mail.plan import plan_messages
from tec_desktop.metrics.compute import compute_month
from tec_desktop.scorecards.writing import write_scorecards
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook
from mail_fixtures import mail_rows


def _title(path) -> str:
    return PdfReader(path).metadata.title


def test_each_owner_gets_the_pdf_made_for_them(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "seams.xlsx", mail_rows()))
    pdfs = write_mail_pdfs(book, "2026-10", tmp_path)
    assert pdfs.pack.name == "Seam-scorecards-2026-10.pdf"
    assert set(pdfs.owner_pdfs) == {"Zoë Ødegård", "王芳"}
    for owner, path in pdfs.owner_pdfs.items():
        assert _title(path).endswith(f"— {owner}")
    assert "—" in _title(pdfs.pack) and not _title(pdfs.pack).endswith(("Ødegård", "王芳"))
    plan = plan_messages(book, pdfs.metrics, pdfs.pack, pdfs.owner_pdfs, "ops@example.com")
    zoe = [m for m in plan.messages if m.to_email == "zoe@example.com"][0]
    assert _title(zoe.attachment).endswith("— Zoë Ødegård")


def test_owners_whose_file_names_clash(tmp_path):
    rows = mail_rows()
    rows["People"].append(
        {"Name": "Zoë/Ødegård", "Email": "zoe2@example.com", "Team": "Sales", "Role": "Seam owner", "Active": "Yes"}
    )
    rows["Seams"].append(
        {**rows["Seams"][1], "Seam ID": "S-03", "Seam name": "Twin", "Accountable owner": "Zoë/Ødegård"}
    )
    rows["SLAs"].append({**rows["SLAs"][1], "Seam ID": "S-03"})
    book = read_workbook(write_workbook(tmp_path / "seams.xlsx", rows))
    pdfs = write_mail_pdfs(book, "2026-10", tmp_path)
    names = {owner: path.name for owner, path in pdfs.owner_pdfs.items()}
    assert len(set(names.values())) == 3  # one got a -2
    for owner, path in pdfs.owner_pdfs.items():
        assert _title(path).endswith(f"— {owner}")


def test_match_files_already_written(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "seams.xlsx", mail_rows()))
    metrics = compute_month(book, "2026-10")
    pack_only = write_scorecards(book, "2026-10", tmp_path, per_owner=False)
    assert match_pdfs(book, metrics, pack_only).owner_pdfs == {}  # the plan then notes 'no scorecard PDF'
    paths = write_scorecards(book, "2026-10", tmp_path, per_owner=True)
    matched = match_pdfs(book, metrics, paths)
    assert matched.pack == paths[0] and {o: _title(p).split("— ")[-1] for o, p in matched.owner_pdfs.items()} == {
        "Zoë Ødegård": "Zoë Ødegård",
        "王芳": "王芳",
    }
    stray = tmp_path / "Seam-scorecards-2026-10-Someone-Else.pdf"
    stray.write_bytes(paths[1].read_bytes())
    with pytest.raises(TecError, match="Cannot tell which scorecard belongs to which owner"):
        match_pdfs(book, metrics, [paths[0], stray])
