"""`tec metrics`: the text table, the spec §6 JSON, and refusing a workbook with errors."""

import json
import os
import subprocess
import sys

import pytest
from test_metrics import EXPECTED, OVERALL, hand_rows

from tec_desktop.cli.main import main
from tec_desktop.metrics.compute import METRIC_KEYS

from builder import write_workbook


@pytest.fixture(scope="module")
def hand_path(tmp_path_factory):
    return write_workbook(tmp_path_factory.mktemp("cli") / "hand.xlsx", hand_rows())


def run(capsys, *argv):
    code = main(["metrics", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_exactly_the_spec_shape(capsys, hand_path):
    code, out, err = run(capsys, hand_path, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert set(doc) == {"month", "seams", "pareto"}
    assert doc["month"] == "2026-10"
    assert [s["seam_id"] for s in doc["seams"]] == ["S-01", "S-02", "S-03"]
    for seam in doc["seams"]:
        assert set(seam) == {"seam_id", "seam_name", "owner", "status", "metrics"}
        assert list(seam["metrics"]) == list(METRIC_KEYS)
        assert seam["status"] == OVERALL[seam["seam_id"]]
        for key, metric in seam["metrics"].items():
            assert set(metric) == {"value", "target", "status"}
            value, status = EXPECTED[seam["seam_id"]][key]
            assert metric["value"] == pytest.approx(value) if value is not None else metric["value"] is None
            assert metric["status"] == status
    s1 = doc["seams"][0]["metrics"]
    assert s1["items_completed"] == {"value": 7, "target": None, "status": None}
    assert type(s1["misses"]["value"]) is int
    assert s1["sla_adherence"] == {"value": 0.8, "target": 0.9, "status": "amber"}
    assert s1["actions_overdue"] == {"value": 1, "target": 0, "status": "amber"}
    assert doc["seams"][1]["owner"] == "王芳"
    assert doc["pareto"] == [
        {"seam_id": "S-01", "misses": 3, "cumulative_share": 0.6},
        {"seam_id": "S-02", "misses": 1, "cumulative_share": 0.8},
        {"seam_id": "S-04", "misses": 1, "cumulative_share": 1.0},
    ]


def test_text_table(capsys, hand_path):
    code, out, err = run(capsys, hand_path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Hand Count Ltd — seam metrics for October 2026"
    assert lines[1] == "2 seams explain 80% of misses (5 misses in the month)."
    head = lines[3].split()
    assert head[:5] == ["Seam", "Name", "Status", "Done", "SLA"]
    target_row = next(line for line in lines if line.startswith("Target"))
    assert "≥ 90%" in target_row and "≤ 10%" in target_row
    s1 = next(line for line in lines if line.startswith("S-01"))
    s3 = next(line for line in lines if line.startswith("S-03"))
    # S-01: amber; 7 done; SLA 80% amber; queue 1.0, p85 2.8 (2.75 half up), lead 4.0; rework 14% amber
    assert s1.split()[:14] == [
        "S-01",
        "Custom",
        "deal",
        "intake",
        "amber",
        "7",
        "80%",
        "A",
        "1.0",
        "2.8",
        "4.0",
        "14%",
        "A",
        "86%",
    ]
    assert s3.split()[3:] == ["—"] * 13  # status and the twelve metrics: no data
    # columns line up: each header ends where its values end (right-aligned)
    done_end = lines[3].index("Done") + len("Done")
    assert s1[done_end - 1] == "7"
    assert "Misses by seam (Pareto):" in lines
    assert any(line.split()[:2] == ["S-04", "Old"] and line.endswith("100%") for line in lines)
    assert "Misses by impact: Revenue 2, Customer 1, Cost 1, Not recorded 1" in lines


def test_another_month(capsys, hand_path):
    code, out, _ = run(capsys, hand_path, "--month", "2026-11", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["month"] == "2026-11"
    assert doc["seams"][0]["metrics"]["items_completed"]["value"] == 1


def test_a_month_with_no_data_is_one_clear_line(capsys, hand_path):
    code, out, err = run(capsys, hand_path, "--month", "2027-03")
    assert code == 2 and out == ""
    assert err.startswith("tec: No data for 2027-03 in hand.xlsx") and err.count("\n") == 1


def test_a_bad_month_argument(capsys, hand_path):
    code, out, err = run(capsys, hand_path, "--month", "2026-13")
    assert (code, out) == (2, "")
    assert "not a month" in err


def test_a_workbook_with_errors_lists_them_and_gives_no_numbers(capsys, tmp_path):
    rows = hand_rows()
    rows["Handoffs"][0]["Started"] = "next week"  # Handoffs E2: bad value
    rows["Handoffs"][1]["Seam ID"] = "S-99"  # Handoffs B3: not on Seams
    code, out, err = run(capsys, write_workbook(tmp_path / "broken.xlsx", rows), "--format", "json")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith("tec: broken.xlsx has 2 errors")
    assert lines[1].startswith("Handoffs E2: ") and "next week" in lines[1]
    assert lines[2].startswith("Handoffs B3: ") and "S-99" in lines[2]
    assert len(lines) == 3


def test_no_reporting_month_is_an_error_of_the_workbook(capsys, tmp_path):
    rows = hand_rows()
    rows["Settings"] = [r for r in rows["Settings"] if r["Setting"] != "Reporting month"]
    path = write_workbook(tmp_path / "nomonth.xlsx", rows)
    code, _, err = run(capsys, path)
    assert code == 1 and "Reporting month" in err
    code, out, _ = run(capsys, path, "--month", "2026-10", "--format", "json")  # given on the command line
    assert code == 0 and json.loads(out)["month"] == "2026-10"


def test_unreadable_file(capsys, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("Item ID,Seam ID\n")
    code, out, err = run(capsys, path)
    assert (code, out) == (2, "")
    assert err.startswith("tec: ") and "Traceback" not in err


def test_the_installed_command_on_a_console_that_cannot_show_every_name(hand_path):
    tec = os.path.join(os.path.dirname(sys.executable), "tec")
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    done = subprocess.run([tec, "metrics", str(hand_path)], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert b"Hand Count Ltd" in done.stdout
