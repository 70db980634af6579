"""`tec check` as users and scripts run it: text and JSON output, exit codes, --annotate and --month."""

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tec_desktop.cli.main import main

from builder import rows_copy, write_workbook

ROOT = Path(__file__).resolve().parents[1]


def broken_rows():
    rows = rows_copy()
    rows["Handoffs"][0]["Started"] = dt.datetime(2026, 10, 3)  # error
    rows["People"][1]["Email"] = "lukasz(at)example"  # warning
    return rows


def test_clean_workbook_exits_0(tmp_path, capsys):
    path = write_workbook(tmp_path / "clean.xlsx", rows_copy())
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "No problems found in clean.xlsx"
    assert out.err == ""


def test_errors_exit_1_grouped_by_sheet_with_counts(tmp_path, capsys):
    path = write_workbook(tmp_path / "team.xlsx", broken_rows())
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "People: 0 errors, 1 warning",
        "  warning  B3     'lukasz(at)example' is not a valid email address, so nothing can be sent to it.",
        "",
        "Handoffs: 1 error, 0 warnings",
        "  error    E2     Started (3 Oct 2026) is before Submitted (5 Oct 2026 09:00).",
        "",
        "1 error, 1 warning in team.xlsx",
    ]


def test_warnings_only_exit_0(tmp_path, capsys):
    rows = rows_copy()
    rows["People"][1]["Email"] = "nope"
    path = write_workbook(tmp_path / "w.xlsx", rows)
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 errors, 1 warning in w.xlsx"


def test_workbook_wide_findings_come_first_and_notes_are_counted(tmp_path, capsys):
    path = write_workbook(tmp_path / "n.xlsx", rows_copy())
    wb = openpyxl.load_workbook(path)
    wb["Misses"]["J1"] = "My notes"
    wb.save(path)
    (tmp_path / "~$n.xlsx").write_bytes(b"lock")  # Excel has it open
    assert main(["check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Workbook: 0 errors, 1 warning"
    assert "seems to be open in Excel" in lines[1]
    assert lines[3] == "Misses: 0 errors, 0 warnings, 1 note"
    assert lines[-1] == "0 errors, 1 warning, 1 note in n.xlsx"


def test_json_is_the_spec_object(tmp_path, capsys):
    path = write_workbook(tmp_path / "team.xlsx", broken_rows())
    wb = openpyxl.load_workbook(path)
    wb["Misses"]["J1"] = "My notes"  # an info note is listed too
    wb.save(path)
    assert main(["check", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["workbook", "errors", "warnings", "issues"]
    assert (data["workbook"], data["errors"], data["warnings"]) == ("team.xlsx", 1, 1)
    assert data["issues"] == [
        {
            "severity": "error",
            "code": "date-order",
            "sheet": "Handoffs",
            "cell": "E2",
            "message": "Handoffs E2: Started (3 Oct 2026) is before Submitted (5 Oct 2026 09:00).",
        },
        {
            "severity": "warning",
            "code": "email-invalid",
            "sheet": "People",
            "cell": "B3",
            "message": "People B3: 'lukasz(at)example' is not a valid email address, so nothing can be sent to it.",
        },
        {
            "severity": "info",
            "code": "column-extra",
            "sheet": "Misses",
            "cell": "J1",
            "message": "Misses J1: the column 'My notes' is not part of the template and is ignored.",
        },
    ]


def test_annotate_writes_the_copy_and_keeps_json_clean(tmp_path, capsys):
    path = write_workbook(tmp_path / "team.xlsx", broken_rows())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "team-issues.xlsx"
    assert main(["check", str(path), "--format", "json", "--annotate", str(out)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["errors"] == 1
    assert captured.err.strip() == f"Annotated copy written to {out}"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Issues"
    assert wb["Handoffs"]["E2"].comment.text.startswith("Error: Handoffs E2: Started")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_annotate_in_text_mode_says_where(tmp_path, capsys):
    path = write_workbook(tmp_path / "team.xlsx", rows_copy())
    out = tmp_path / "copy.xlsx"
    assert main(["check", str(path), "--annotate", str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Annotated copy written to {out}"
    assert out.exists()


def test_annotate_over_the_original_exits_2_and_changes_nothing(tmp_path, capsys):
    path = write_workbook(tmp_path / "team.xlsx", broken_rows())
    before = path.read_bytes()
    assert main(["check", str(path), "--annotate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tec: team.xlsx is the workbook itself") and err.count("\n") == 1
    assert path.read_bytes() == before


def test_month_option_stands_in_for_a_missing_reporting_month(tmp_path, capsys):
    rows = rows_copy()
    rows["Settings"].pop(1)
    path = write_workbook(tmp_path / "m.xlsx", rows)
    assert main(["check", str(path)]) == 1
    assert "Reporting month is missing" in capsys.readouterr().out
    assert main(["check", str(path), "--month", "2026-10"]) == 0


def test_month_option_changes_what_is_stale(tmp_path, capsys):
    path = write_workbook(tmp_path / "m.xlsx", rows_copy())
    assert main(["check", str(path), "--month", "2026-12", "--format", "json"]) == 0
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert [(i["code"], i["cell"]) for i in issues] == [
        ("contract-review-stale", "M2"),
        ("contract-review-stale", "M3"),
    ]


def test_bad_month_option_exits_2_with_one_line(tmp_path, capsys):
    path = write_workbook(tmp_path / "m.xlsx", rows_copy())
    with pytest.raises(SystemExit) as exc:
        main(["check", str(path), "--month", "October"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "'October' is not a month" in err and err.count("\n") == 1


@pytest.mark.parametrize("content", [b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, b"PK\x03\x04broken"])
def test_unreadable_file_exits_2_with_one_line(tmp_path, capsys, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tec: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_help_documents_the_month_option(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "--month YYYY-MM" in out and "--annotate OUT.xlsx" in out and "--format {text,json}" in out


def test_the_installed_command(tmp_path):
    path = write_workbook(tmp_path / "Zoë's team.xlsx", broken_rows())
    tec = ROOT / ".venv" / "bin" / "tec"
    exe = [str(tec)] if tec.exists() else [sys.executable, "-m", "tec_desktop.cli.main"]
    env = {**os.environ, "TEC_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        exe + ["check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["workbook"] == "Zoë's team.xlsx" and (data["errors"], data["warnings"]) == (1, 1)
    missing = subprocess.run(
        exe + ["check", str(tmp_path / "gone.xlsx")], capture_output=True, text=True, env=env, timeout=120
    )
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.startswith("tec: ") and "does not exist" in missing.stderr
