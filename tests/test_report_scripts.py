"""Names in Thai, Devanagari, Bengali, Tamil, Greek, Cyrillic, Hebrew and Arabic: printed shaped in the
bundled fonts, extracted with pypdf exactly as typed (in the brief, on the seam pages, in an owner's own
title and file), nothing left unprintable, and the pack byte-identical when built again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from scorecard_pdfs import scorecards_from

from reports import fonts

from builder import rows_copy, write_workbook

NAMES = {
    "thai": "สมชาย ใจดี",
    "deva": "अनीता शर्मा",
    "beng": "অমিত রায়",
    "taml": "முருகன்",
    "grek": "Γιώργος",
    "cyrl": "Дмитрий",
    "hebr": "דוד כהן",
    "arab": "محمد علي",
}
SEAM_NAMES = {
    "thai": "การอนุมัติงบ",
    "deva": "बजट स्वीकृति",
    "beng": "ক্রয় অনুমোদন",
    "taml": "கொள்முதல் ஒப்புதல்",
    "grek": "Έγκριση δαπανών",
    "cyrl": "Согласование бюджета",
    "hebr": "אישור רכש",
    "arab": "اعتماد الميزانية",
}


def script_rows() -> dict[str, list[dict]]:
    """The base workbook with eight more seams, each owned by a person named in one of the scripts."""
    rows = rows_copy()
    d = dt.datetime
    for i, (key, name) in enumerate(NAMES.items()):
        sid = f"S-{10 + i}"
        rows["People"].append(
            {"Name": name, "Email": f"{key}@example.com", "Team": "Sales", "Role": "Seam owner", "Active": "Yes"}
        )
        rows["Seams"].append(
            {
                "Seam ID": sid,
                "Seam name": SEAM_NAMES[key],
                "From team": "Sales",
                "To team": "Product",
                "Accountable owner": name,
                "Decider": "Łukasz Nowak",
                "Status": "Active",
                "Contract version": "v1",
                "Last reviewed": d(2026, 10, 2),
            }
        )
        rows["SLAs"].append(
            {"Seam ID": sid, "Request type": "Custom integration", "Measure": "Queue time", "Target (business days)": 3}
        )
        rows["Handoffs"].append(
            {
                "Item ID": f"H-{100 + i}",
                "Seam ID": sid,
                "Request type": "Custom integration",
                "Submitted": d(2026, 10, 5, 9),
                "Started": d(2026, 10, 6, 9),
                "Completed": d(2026, 10, 9, 9),
            }
        )
    return rows


def build(tmp: Path, workbook: Path | None = None) -> list[Path]:
    return scorecards_from(workbook or write_workbook(tmp / "book.xlsx", script_rows()), tmp / "out")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> list[Path]:
    return build(tmp_path_factory.mktemp("scripts"))


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_every_name_and_seam_name_extracts_exactly(pack):
    text = text_of(pack[0])
    missing = [n for n in list(NAMES.values()) + list(SEAM_NAMES.values()) if n not in text]
    assert not missing, missing
    assert "\ufffd" not in text
    assert not fonts.take_unprintable()


def test_thai_and_devanagari_names_extract_as_typed_on_their_seam_page(pack):
    reader = PdfReader(pack[0])
    seams = next(item for item in reader.outline if isinstance(item, list))
    pages = {o.title: reader.get_destination_page_number(o) for o in seams}
    for key in ("thai", "deva"):
        page = reader.pages[pages[f"S-{10 + list(NAMES).index(key)} · {SEAM_NAMES[key]}"]].extract_text()
        assert NAMES[key] in page and SEAM_NAMES[key] in page, key


def test_owner_pdfs_carry_the_name_in_title_and_text(pack):
    for name in NAMES.values():
        owner = [p for p in pack if PdfReader(p).metadata.title.endswith(name)]
        assert owner, name
        assert name in text_of(owner[0]), name
        assert PdfReader(owner[0]).outline[0].title == f"Brief for {name}"


def test_the_noto_faces_are_embedded_for_the_scripts_that_need_them(pack):
    used = set()
    for page in PdfReader(pack[0]).pages:
        for font in page["/Resources"]["/Font"].values():
            used.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    faces = {f"NotoSans{script}-Regular" for script in ("Thai", "Devanagari", "Bengali", "Tamil", "Arabic")}
    assert faces <= used, used
    assert "NotoSansHebrew-Regular" not in used  # Hebrew prints in DejaVu Sans


def test_pack_is_byte_identical_when_built_again(pack, tmp_path):
    again = build(tmp_path, workbook=pack[0].parent.parent / "book.xlsx")
    for first, second in zip(pack, again):
        assert first.read_bytes() == second.read_bytes(), first.name
