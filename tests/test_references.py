"""References between sheets that look right and are not (issue 16, items 2 and 8): a person's Name that is
another person's Email, Seam IDs and names in another Unicode form, invisible characters."""

import datetime as dt
import unicodedata

import pytest

from tec_desktop.checks.registry import run_checks
from tec_desktop.metrics.compute import compute_month
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook

TODAY = dt.date(2026, 11, 27)
NFD = "S-Zoe\u0308"  # 'S-Zoë' with a combining diaeresis, as macOS and some web forms write it
NFC = "S-Zo\u00eb"


def findings(tmp_path, rows, writer="openpyxl"):
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows, writer=writer))
    return book, [f for f in run_checks(book, today=TODAY) if f.severity == "error"]


# ---------------------------------------------------------------- item 2: one reference, two people


def test_a_name_that_is_another_persons_email_is_ambiguous_not_resolved_to_the_wrong_person(tmp_path):
    rows = rows_copy()
    rows["People"][1]["Name"] = "wang.fang@example.com"  # Łukasz's Name is 王芳's Email (allowed on People)
    rows["Seams"][1]["Accountable owner"] = "wang.fang@example.com"  # meant: 王芳, by her email
    rows["Seams"][0]["Decider"] = rows["Seams"][1]["Decider"] = "lukasz@example.com"
    rows["Decisions"][0]["Decider"] = "lukasz@example.com"
    _, errors = findings(tmp_path, rows)
    assert [(f.code, f.sheet, f.cell) for f in errors] == [("person-ambiguous", "Seams", "E3")]
    assert errors[0].message == (
        "Seams E3: Accountable owner 'wang.fang@example.com' fits two people on People: it is the Name on row 3 "
        "and the Email of 王芳 on row 4. A Name must not be another person's email address: correct the Name "
        "on row 3."
    )


def test_an_email_typed_never_means_someone_whose_email_differs(tmp_path):
    rows = rows_copy()
    rows["People"][1]["Name"] = "boss@example.com"  # a Name that is an address nobody has as Email
    rows["Seams"][1]["Accountable owner"] = "boss@example.com"
    rows["Seams"][0]["Decider"] = rows["Seams"][1]["Decider"] = "lukasz@example.com"
    rows["Decisions"][0]["Decider"] = "lukasz@example.com"
    _, errors = findings(tmp_path, rows)
    assert [(f.code, f.cell, f.form) for f in errors] == [("person-ambiguous", "E3", "not-their-email")]
    assert "whose Email is lukasz@example.com" in errors[0].message


def test_a_name_or_email_that_fits_one_person_still_resolves(tmp_path):
    rows = rows_copy()
    rows["Seams"][1]["Accountable owner"] = "WANG.FANG@example.com"
    rows["People"][0]["Name"] = "zoe@example.com"  # a Name that is the person's own email is no ambiguity
    rows["Seams"][0]["Accountable owner"] = "zoe@example.com"
    book, errors = findings(tmp_path, rows)
    assert errors == []
    assert [s.owner for s in compute_month(book, "2026-10").seams] == ["zoe@example.com", "王芳"]


# ---------------------------------------------------------------- item 8: Unicode forms and invisible characters


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])  # inline strings, shared strings
def test_a_seam_id_in_decomposed_form_is_the_same_id(tmp_path, writer):
    rows = rows_copy()
    rows["Seams"][0]["Seam ID"] = NFC
    for sheet in ("SLAs", "Handoffs", "Decisions"):
        rows[sheet][0]["Seam ID"] = NFD
    rows["Seams"][0]["Accountable owner"] = unicodedata.normalize("NFD", "Zoë Ødegård")
    book, errors = findings(tmp_path, rows, writer)
    assert errors == []
    seam = compute_month(book, "2026-10").seams[0]
    assert seam.seam_id == NFC and seam.metrics["items_completed"].value == 1


def test_an_invisible_character_is_named_when_it_is_the_only_difference(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0]["Seam ID"] = "S-0\u200b1"
    rows["Dependencies"][0]["Owner"] = "\ufeff王芳"
    _, errors = findings(tmp_path, rows)
    assert [f.message for f in errors] == [
        "Handoffs B2: Seam ID 'S-0\u200b1' is not on the Seams sheet: it holds an invisible character, ZERO WIDTH "
        "SPACE (U+200B) after 'S-0'. Delete it (retype the ID) so that it reads 'S-01'.",
        "Dependencies D2: Owner '\ufeff王芳' is not on the People sheet: it holds an invisible character, ZERO "
        "WIDTH NO-BREAK SPACE (U+FEFF) at the start. Delete it (retype the name) so that it names 王芳.",
    ]


def test_a_seam_id_that_differs_visibly_still_gets_the_near_match(tmp_path):
    rows = rows_copy()
    rows["Handoffs"][0]["Seam ID"] = "s-01"
    _, errors = findings(tmp_path, rows)
    assert [f.message for f in errors] == [
        "Handoffs B2: Seam ID 's-01' is not on the Seams sheet. Did you mean 'S-01'? Seam IDs must match exactly."
    ]
