"""Korean names in the scorecards: printed in the embedded NanumGothic, extractable, and no font left
for the viewer to supply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from scorecard_pdfs import MONTH, scorecards_from

from reports import fonts

from builder import rows_copy, write_workbook

KOREAN = "김민준"


def korean_rows() -> dict[str, list[dict]]:
    """The base workbook with S-02 owned by a Korean name, and an open action written in Korean."""
    rows = rows_copy()
    rows["People"].append(
        {"Name": KOREAN, "Email": "minjun@example.com", "Team": "Security", "Role": "Seam owner", "Active": "Yes"}
    )
    rows["Seams"][1]["Accountable owner"] = KOREAN
    rows["Actions"].append(
        {
            "Action ID": "A-1",
            "Seam ID": "S-02",
            "Action": "보안 점검 보고서 (pen-test) 공유",
            "Owner": KOREAN,
            "Opened": dt.datetime(2026, 10, 1),
            "Due": dt.datetime(2026, 11, 20),
            "Status": "Open",
        }
    )
    return rows


def build(tmp: Path, workbook: Path | None = None) -> list[Path]:
    return scorecards_from(workbook or write_workbook(tmp / "book.xlsx", korean_rows()), tmp / "out")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> list[Path]:
    return build(tmp_path_factory.mktemp("korean"))


def font_dicts(resources: DictionaryObject):
    """(name, font dict) for every font a page's resources use, forms (XObjects) included."""
    resources = resources.get_object()
    for name, font in resources.get("/Font", {}).items():
        yield name, font.get_object()
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            yield from font_dicts(xobject["/Resources"])


def truetype_program(font: DictionaryObject):
    """The embedded TrueType program (/FontFile2) of a font dict, a Type0 font's on its descendant; or None."""
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object().get("/FontFile2") if descriptor is not None else None


def test_korean_owner_name_extracts_from_pack_and_owner_pdf(pack):
    names = [p.name for p in pack]
    assert f"Seam-scorecards-{MONTH}-{KOREAN}.pdf" in names
    for path in (pack[0], pack[names.index(f"Seam-scorecards-{MONTH}-{KOREAN}.pdf")]):
        reader = PdfReader(path)
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert KOREAN in text, path.name
    assert "보안 점검 보고서" in "\n".join(p.extract_text() for p in PdfReader(pack[0]).pages)
    assert PdfReader(pack[-1]).metadata.title.endswith(KOREAN)


def test_every_font_in_every_pdf_is_embedded(pack):
    for path in pack:
        seen = set()
        for number, page in enumerate(PdfReader(path).pages, start=1):
            for _name, font in font_dicts(page["/Resources"]):
                base = str(font.get("/BaseFont"))
                assert truetype_program(font) is not None, f"{path.name} page {number}: {base} is not embedded"
                seen.add(base.split("+", 1)[-1])
        if KOREAN in path.name or path == pack[0]:
            assert "NanumGothic" in seen, (path.name, seen)
        assert not any("HY" in s or "CID" in s for s in seen), seen


def test_hangul_runs_use_the_nanum_face_in_regular_and_bold():
    for bold in (False, True):
        assert fonts.runs(KOREAN, bold) == ((fonts.HANGUL, KOREAN),)
        # Droid Sans Fallback also holds the compatibility jamo and a few syllables (가, 힣): Nanum wins.
        assert {f for f, _ in fonts.runs("ㅋ가힣", bold)} == {fonts.HANGUL}
    assert fonts.runs("王芳", False) == ((fonts.FALLBACK, "王芳"),)
    assert fonts.font_for("⑪") == fonts.HANGUL  # only Nanum has it
    fonts.take_unprintable()


def test_characters_a_font_maps_to_no_real_glyph_stay_unprintable():
    fonts.take_unprintable()
    assert fonts.runs("a\uffffb") == ((fonts.REGULAR, "a\ufffdb"),)
    assert fonts.take_unprintable() == ["\uffff"]


def test_korean_pack_is_byte_identical_when_built_again(pack, tmp_path):
    again = build(tmp_path, workbook=pack[0].parent.parent / "book.xlsx")
    assert [p.name for p in again] == [p.name for p in pack]
    for first, second in zip(pack, again):
        assert first.read_bytes() == second.read_bytes(), first.name
