"""The bundled sample workbook: realistic, Unicode, six months, checks clean, and never stale."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tec_desktop.checks.registry import run_checks
from tec_desktop.findings import INFO
from tec_desktop.metrics.compute import compute_month
from tec_desktop.workbook import sample
from tec_desktop.workbook.reader import read_workbook
from tec_desktop.workbook.values import valid_email

TODAY = dt.date(2026, 11, 27)


SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample.xlsx"


@pytest.fixture(scope="module")
def book():
    return read_workbook(SAMPLE)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return sample.write_sample(tmp_path_factory.mktemp("sample") / "sample.xlsx")


def test_checks_clean_no_errors_no_warnings(book):
    found = run_checks(book, today=TODAY)
    assert [f.message for f in found if f.severity != INFO] == []
    assert book.settings.organization == "Northwind Logistics" and book.settings.reporting_month == "2026-10"


def test_at_least_ten_seams_of_every_status(book):
    seams = book["Seams"].frame
    assert len(seams) >= 10
    assert {"Active", "Pilot", "Retired"} <= set(seams["status"])
    assert seams["from_team"].nunique() >= 8


def test_six_months_and_a_few_hundred_handoffs(book):
    handoffs = book["Handoffs"].frame
    months = set(handoffs["submitted"].dt.strftime("%Y-%m"))
    assert {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"} <= months
    assert 250 <= len(handoffs) <= 1000
    for sheet, key in (("Misses", "date"), ("Decisions", "requested"), ("Actions", "opened")):
        assert len(set(book[sheet].frame[key].dt.strftime("%Y-%m"))) >= 6, sheet
    assert len(book["Dependencies"]) >= 30 and len(book.holidays) >= 3


def _scripts(text: str) -> set[str]:
    names = {unicodedata.name(ch, "").split()[0] for ch in text if ch.isalpha()}
    accented = any(ch.isalpha() and ord(ch) > 127 and unicodedata.name(ch).startswith("LATIN") for ch in text)
    return names | ({"LATIN-ACCENTED"} if accented else set())


def test_people_names_in_several_scripts_valid_emails_and_roles(book):
    people = book["People"].frame
    scripts = set().union(*(_scripts(n) for n in people["name"]))
    assert {"LATIN", "LATIN-ACCENTED", "CYRILLIC", "GREEK", "CJK", "HANGUL"} <= scripts
    assert {"Zoë Ødegård", "Łukasz Nowak", "王芳", "Ана Петрова", "José Álvarez"} <= set(people["name"])
    assert all(valid_email(e) and e.endswith("@example.com") for e in people["email"])
    assert set(people["role"]) == {"Seam owner", "Leadership", "Contributor"}
    assert (people["active"] == 0.0).sum() == 1  # someone who left, owning nothing


def test_nothing_happens_after_the_reporting_month(book):
    end = np.datetime64("2026-11-01")
    for sheet, key in (
        ("Handoffs", "submitted"),
        ("Handoffs", "started"),
        ("Handoffs", "completed"),
        ("Misses", "date"),
        ("Dependencies", "met"),
        ("Decisions", "requested"),
        ("Decisions", "decided"),
        ("Actions", "opened"),
        ("Actions", "closed"),
        ("Seams", "last_reviewed"),
    ):
        values = book[sheet].frame[key].dropna().to_numpy(dtype="datetime64[us]")
        assert (values < end).all(), (sheet, key)
    assert (book["Actions"].frame["due"] >= "2026-11-01").any()  # open actions are due after it


def test_october_tells_the_pareto_story_with_every_colour(book):
    month = compute_month(book, "2026-10")
    status = {s.seam_id: s.status for s in month.seams}
    assert {"red", "amber", "green"} <= set(status.values())
    assert "S-09" in status and "S-11" not in status  # the Pilot is scored, the Retired seam is not
    top = month.pareto[:3]
    assert month.total_misses >= 10 and top[-1].cumulative_share >= 0.8
    assert {r.seam_id for r in top} == {"S-01", "S-02", "S-05"}
    assert month.pareto_sentence.startswith("3 seams explain")
    assert sum(s.metrics["decisions_overdue"].value or 0 for s in month.seams) >= 2  # decisions to make
    assert sum(s.metrics["actions_overdue"].value or 0 for s in month.seams) >= 1


def test_trends_cover_the_five_months_before(book):
    month = compute_month(book, "2026-10")
    adherence = month.trend["S-01"]["sla_adherence"]
    assert len(adherence) == 6 and all(v is not None for v in adherence)


def test_every_troubled_seam_has_an_owner_led_action_in_october(book):
    month = compute_month(book, "2026-10")
    actions = book["Actions"].frame
    owners = dict(zip(book["Seams"].frame["seam_id"], book["Seams"].frame["owner"]))
    october = actions[(actions["opened"] >= "2026-10-01") & (actions["opened"] < "2026-11-01")]
    for s in month.seams:
        if s.status == "red" or s.misses_by_type and sum(s.misses_by_type.values()):
            mine = october[october["seam_id"] == s.seam_id]
            assert (mine["owner"] == owners[s.seam_id]).any(), s.seam_id


def test_same_rows_and_bytes_every_run(fresh, tmp_path):
    assert sample.sample_rows() == sample.sample_rows()
    assert sample.write_sample(tmp_path / "again.xlsx").read_bytes() == fresh.read_bytes()


def test_committed_sample_is_what_the_generator_writes(fresh, sample_path):
    """workbook_templates/sample.xlsx never goes stale: regenerate with
    `tec template --force --sample workbook_templates/sample.xlsx`."""
    with zipfile.ZipFile(sample_path) as old, zipfile.ZipFile(fresh) as new:
        assert old.namelist() == new.namelist()
        for name in old.namelist():
            assert old.read(name) == new.read(name), name
