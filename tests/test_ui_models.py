"""Every table model of the window passes Qt's model tester (pytest-qt's qtmodeltester), empty and filled.

The testers check what views rely on: row and column counts, parents, indexes, header data, the
types each role returns, and the signals of a reset. The models are filled with what the engine
really hands the window: findings, a row, the month's seams, a seam's metrics, its lists, messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tec_desktop.checks.registry import run_checks
from tec_desktop.metrics.compute import compute_month
from tec_desktop.workbook.reader import _calamine_rows, read_workbook
from ui.engine import month_view
from ui.engine.results import MessageRow, SendOutcome
from ui.engine.rows import row_values
from ui.findings_model import FindingsFilter, FindingsModel
from ui.messages_model import MessagesModel
from ui.metrics_model import MetricsModel
from ui.records_model import RecordsModel
from ui.row_values_model import RowValuesModel
from ui.seams_model import SeamsModel, SeamsSort

from ui_helpers import book_with_errors

SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample.xlsx"
pytestmark = pytest.mark.qt_log_level_fail("WARNING")  # Qt's tester reports what it finds as warnings


@pytest.fixture(scope="module")
def sample_view():
    book = read_workbook(SAMPLE)
    return month_view.build(book, compute_month(book, book.settings.reporting_month), run_checks(book))


def under_testers(qtmodeltester, model):
    """The model under Qt's own model tester, and pytest-qt's (which also checks the type each role returns).

    Both re-run all their checks whenever the model says it changed, so what follows is checked too.
    """
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    return model


def test_findings_model(qtmodeltester, tmp_path):
    findings = run_checks(read_workbook(book_with_errors(tmp_path / "errors.xlsx")))
    model = under_testers(qtmodeltester, FindingsModel())
    model.set_findings(findings)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    model.set_findings(())
    model.set_findings(findings)
    assert model.rowCount() == len(findings) >= 2


def test_findings_filter(qtmodeltester, tmp_path):
    findings = run_checks(read_workbook(book_with_errors(tmp_path / "errors.xlsx")))
    model = FindingsModel()
    proxy = under_testers(qtmodeltester, FindingsFilter(model))
    model.set_findings(findings)
    proxy.set_severities({"error"})
    proxy.set_text("handoffs")
    proxy.set_sheet("Handoffs")
    assert 0 < proxy.rowCount() <= model.rowCount()
    proxy.set_text("no such words")
    assert proxy.rowCount() == 0


def test_row_values_model(qtmodeltester, tmp_path):
    path = book_with_errors(tmp_path / "errors.xlsx")
    book = read_workbook(path)
    model = under_testers(qtmodeltester, RowValuesModel())
    raw = _calamine_rows(path, ["Handoffs"])[0]["Handoffs"]
    same_row = [f for f in run_checks(book) if (f.sheet, f.row) == ("Handoffs", 3)]
    model.set_row(row_values(book, "Handoffs", 3, raw), same_row, "F3")
    assert model.rowCount() == 1 and model.headerData(0, Qt.Orientation.Vertical) == "3"
    model.set_row(None)
    assert model.rowCount() == model.columnCount() == 0


def test_seams_model(qtmodeltester, sample_view):
    model = under_testers(qtmodeltester, SeamsModel())
    model.set_month(sample_view)
    assert model.rowCount() == len(sample_view.seams) and model.columnCount() == 4 + 12
    model.set_month(None)


def test_seams_sort(qtmodeltester, sample_view):
    model = SeamsModel()
    proxy = SeamsSort()
    proxy.setSourceModel(model)
    under_testers(qtmodeltester, proxy)
    model.set_month(sample_view)
    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 3).data() == "Red"
    proxy.sort(4, Qt.SortOrder.DescendingOrder)


def test_metrics_model(qtmodeltester, sample_view):
    model = under_testers(qtmodeltester, MetricsModel())
    model.set_seam(sample_view.seams[0])
    assert model.rowCount() == 12
    model.set_seam(None)


def test_records_model_with_flags_and_tips(qtmodeltester, sample_view):
    model = under_testers(qtmodeltester, RecordsModel(("File", "Size")))
    seam = next(s for s in sample_view.seams if s.actions.rows)
    model.set_rows(seam.actions.headers, seam.actions.rows, seam.actions.flags)
    model.set_rows(("File", "Size"), [("pack.pdf", "120 KB")], (), ["/out/pack.pdf"])
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "/out/pack.pdf"


def test_messages_model_with_outcomes(qtmodeltester):
    model = under_testers(qtmodeltester, MessagesModel())
    rows = [
        MessageRow(0, "pack", "Ana Díaz", "ana@example.com", "Seams", "pack.pdf", 120_000, 165_000, False),
        MessageRow(1, "owner", "王芳", "wang.fang@example.com", "Seams", "owner.pdf", 30_000_000, 41_000_000, True),
        MessageRow(2, "owner", "Zoë", "zoe@example.com", "Seams", "zoe.pdf", 9_000, 12_400, False, "already sent on x"),
    ]
    model.set_rows(rows)
    model.set_outcome(SendOutcome(0, "sent"))
    model.set_outcome(SendOutcome(1, "failed", "wang.fang@example.com was refused by the server (550 No such user)."))
    assert model.index(1, 7).data() == "550 No such user"
    model.update_rows(rows)  # the same messages, new facts: outcomes stay
    assert model.outcome(0) is not None
    model.update_rows(rows[:2])
    model.clear_outcomes()
