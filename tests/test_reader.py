import datetime as dt

import numpy as np
import pytest

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.workbook.reader import read_workbook

from builder import rows_copy, write_workbook


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
@pytest.mark.parametrize("style", ["real", "iso", "serial"])
def test_three_date_styles_from_two_writers(tmp_path, writer, style):
    rows = rows_copy()
    when = dt.datetime(2026, 10, 5, 14, 30)
    value = {
        "real": when,
        "iso": "2026-10-05 14:30",
        "serial": (when - dt.datetime(1899, 12, 30)).total_seconds() / 86400,
    }[style]
    rows["Handoffs"][0]["Submitted"] = value
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows, writer))
    assert book["Handoffs"].frame["submitted"][0] == np.datetime64("2026-10-05T14:30")
    assert [f for f in book.load_findings if f.severity == "error"] == []


def test_headers_any_case_spaces_order_and_extra_columns(tmp_path):
    rows = rows_copy()
    headers = {"SLAs": ["  target (BUSINESS days)\xa0", "Note", "measure", "SEAM id", "Request Type"]}
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows, headers=headers))
    frame = book["SLAs"].frame
    assert list(frame["target_days"]) == [3, 5]
    assert book["SLAs"].letters["seam_id"] == "D"
    assert [f.code for f in book.load_findings] == ["column-extra"]


def test_empty_rows_skipped_and_rows_numbered_as_in_excel(tmp_path):
    rows = rows_copy()
    rows["Handoffs"].insert(1, {})
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", rows))
    assert list(book["Handoffs"].frame["row"]) == [2, 4]


def test_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(UnreadableWorkbook, match="does not exist"):
        read_workbook(tmp_path / "nope.xlsx")


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"Item ID,Seam ID\nH-1,S-01\n", "CSV"),
        (b"<html><body>hi</body></html>", "web page"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "password"),
    ],
)
def test_not_a_workbook_says_what_it_is(tmp_path, content, words):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook, match=words):
        read_workbook(path)


def test_truncated_workbook_is_damaged(tmp_path):
    good = write_workbook(tmp_path / "b.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        read_workbook(path)


def test_dates_in_messages_do_not_follow_the_process_locale():
    import locale

    from tec_desktop.workbook.values import show_date

    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert show_date(np.datetime64("2026-10-03T14:05")) == "3 Oct 2026 14:05"
    finally:
        locale.setlocale(locale.LC_TIME, before)
