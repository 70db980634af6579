"""What the engine hands the window, built in this process: the month's seams, months with data, rows, results.

The same builders run in the engine process for the window (ui/engine/month_view.py, loading.py, rows.py,
results.py); here they run on real workbooks and are checked against the core's own numbers and lists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tec_desktop.checks.registry import run_checks
from tec_desktop.metrics import agenda, formats
from tec_desktop.metrics.compute import METRIC_KEYS, METRIC_LABELS, compute_month
from tec_desktop.workbook.reader import read_workbook
from ui.engine import month_view
from ui.engine.loading import months_with_data
from ui.engine.results import LoadResult, MonthView
from ui.engine.rows import row_values

from builder import rows_copy, write_workbook
from mail_fixtures import mail_rows
from ui_helpers import book_with_errors


@pytest.fixture(scope="module")
def sample_month() -> tuple:
    """The sample read, its month computed and its view built (once for the module: it takes a second)."""
    book = read_workbook(Path(__file__).resolve().parents[1] / "workbook_templates" / "sample.xlsx")
    month = book.settings.reporting_month
    metrics = compute_month(book, month)
    return book, metrics, month_view.build(book, metrics, run_checks(book))


def test_every_seam_of_the_month_with_its_metrics_as_the_pdf_prints_them(sample_month):
    book, metrics, view = sample_month
    assert view.month == metrics.month and view.metric_keys == METRIC_KEYS
    assert view.metric_labels == tuple(METRIC_LABELS[k] for k in METRIC_KEYS)
    assert [s.seam_id for s in view.seams] == [s.seam_id for s in metrics.seams]
    assert view.pareto_sentence == metrics.pareto_sentence and view.total_misses == metrics.total_misses
    for seam, core in zip(view.seams, metrics.seams):
        assert (seam.name, seam.owner, seam.status, seam.seam_status) == (
            core.seam_name,
            core.owner,
            core.status,
            core.seam_status,
        )
        for key in METRIC_KEYS:
            cell, value = seam.metric(key), core.metrics[key]
            assert cell.text == formats.metric(key, value.value, value.target)
            assert cell.status == value.status and len(cell.trend) == 6 and cell.trend[-1] == value.value
            assert cell.trend_text.count(" · ") == 5
    with pytest.raises(KeyError):
        view.seams[0].metric("no such metric")


def test_a_seams_lists_are_the_agendas_with_overdue_rows_flagged(sample_month):
    book, metrics, view = sample_month
    for seam in view.seams:
        misses = agenda.seam_misses(book, seam.seam_id, view.month)
        assert [r[0] for r in seam.misses.rows] == [m.miss_id for m in misses]
        actions = agenda.seam_actions(book, seam.seam_id, view.month)
        assert [r[0] for r in seam.actions.rows] == [a.action_id for a in actions]
        assert seam.actions.flags == tuple("red" if a.overdue else None for a in actions)
        assert all("(overdue)" in r[4] for r, f in zip(seam.actions.rows, seam.actions.flags) if f == "red")
        for lst in (seam.misses, seam.actions, seam.decisions, seam.dependencies):
            assert all(len(r) == len(lst.headers) for r in lst.rows) and lst.empty_text
    assert any(s.misses.rows for s in view.seams) and any(s.actions.rows for s in view.seams)


def test_the_contract_line_names_the_version_and_the_review(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "ok.xlsx"))
    view = month_view.build(book, compute_month(book, "2026-10"), [])
    assert view.seams[0].contract == "contract v1, reviewed 2 Oct 2026"


def test_status_counts_add_up_to_the_seams(sample_month):
    _, _, view = sample_month
    counts = view.counts()
    assert set(counts) == {"red", "amber", "green", None} and sum(counts.values()) == len(view.seams)
    assert MonthView("2026-10", (), (), ()).counts() == {"red": 0, "amber": 0, "green": 0, None: 0}


def test_months_with_data_newest_first_never_in_the_future(tmp_path):
    rows = rows_copy()
    rows["Misses"] = [
        {"Miss ID": "M-1", "Date": dt.datetime(2026, 7, 1), "Seam ID": "S-01", "Type": "Quality", "Description": "x"},
        {"Miss ID": "M-2", "Date": dt.datetime(2062, 7, 1), "Seam ID": "S-01", "Type": "Quality", "Description": "y"},
    ]
    book = read_workbook(write_workbook(tmp_path / "months.xlsx", rows))
    months = months_with_data(book)
    assert months == tuple(sorted(months, reverse=True))
    assert "2026-07" in months and "2026-10" in months and "2062-07" not in months


def test_a_row_as_typed_and_as_read(tmp_path):
    path = write_workbook(tmp_path / "mail.xlsx", mail_rows())
    book = read_workbook(path)
    from tec_desktop.workbook.reader import _calamine_rows

    raw = _calamine_rows(path, ["Misses"])[0]["Misses"]
    typed = row_values(book, "Misses", 2, raw)
    as_read = row_values(book, "Misses", 2, None)
    assert typed.as_typed and not as_read.as_typed
    assert typed.cells[0] == ("A", "Miss ID", "M-1") and ("A", "Miss ID", "M-1") in as_read.cells
    assert ("B", "Date", "12 Oct 2026") in as_read.cells  # dates as the app writes them
    assert row_values(book, "No such sheet", 2, None).cells == ()


def test_a_result_counts_its_findings_and_names_its_file(tmp_path):
    findings = tuple(run_checks(read_workbook(book_with_errors(tmp_path / "errors.xlsx"))))
    result = LoadResult(1, 1, "C:\\Users\\ops\\Seams.xlsx", "", (0, 0), "", "", "A4", None, None, (), findings)
    for severity in ("error", "warning", "info"):
        assert result.count(severity) == sum(1 for f in findings if f.severity == severity)
    assert result.count("error") == 2
    assert result.name == "Seams.xlsx"
