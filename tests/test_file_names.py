"""File names from what users type (issue 16, item 12 and Windows' rules, emulated here on Linux): at most 255
bytes, never a Windows device name nor a trailing dot or space, unique ignoring case; and `tec report`
writes every PDF of a workbook whose title and owners are long in Chinese and in 4-byte characters."""

import unicodedata

import pytest

from tec_desktop.cli.main import main
from tec_desktop.files.names import MAX_NAME_BYTES, MAX_NAME_UNITS, fit_name, safe_name, unique_name

from builder import write_workbook
from report_rows import report_rows

TITLE = (
    "跨部门交接季度评分卡与服务水平协议执行情况报告以及持续改进行动计划汇总版本第二稿供领导层审"
    "阅使用请勿外传谢谢合作各位同事辛苦了"
)
EMOJI_OWNER = "𝓩𝓸𝓮̈ 𝓞𝓭𝓮𝓰𝓪𝓻𝓭 " * 7  # 4-byte letters (MATHEMATICAL BOLD SCRIPT), one with a combining diaeresis


def units(name: str) -> int:
    return len(name.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "stem, expected",
    [
        ("CON", "_CON.pdf"),
        ("nul", "_nul.pdf"),
        ("Com1", "_Com1.pdf"),
        ("LPT9", "_LPT9.pdf"),
        ("COM¹", "_COM¹.pdf"),
        ("con.tar", "_con.tar.pdf"),  # the device name is what comes before the first dot
        ("CONSOLE", "CONSOLE.pdf"),
        ("report. ", "report.pdf"),  # Windows would drop the trailing dot and space: the name would change
        ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j.pdf"),
        ("", "_.pdf"),
    ],
)
def test_names_windows_refuses_or_changes_never_come_out(stem, expected):
    assert fit_name(stem, ".pdf") == expected


def test_long_names_are_cut_by_bytes_and_characters_between_letters():
    for text in (TITLE * 3, EMOJI_OWNER * 3, "e\u0301" * 300, "x" * 400):
        name = fit_name(text, ".eml")
        assert name.endswith(".eml") and len(name.encode()) <= MAX_NAME_BYTES and units(name) <= MAX_NAME_UNITS
        assert not name[:-4].endswith(("\u0301", "\u0308"))  # an accent is never left without its letter
        assert name[: len(name) - 4] == unicodedata.normalize("NFC", text)[: len(name) - 4]


def test_unique_names_ignore_case_and_stay_within_the_limits():
    taken: set[str] = set()
    long = fit_name(TITLE * 3, ".pdf")
    names = [unique_name(n, taken) for n in (long, long, long.upper(), "Zoë.pdf", "ZOË.pdf")]
    assert len({n.casefold() for n in names}) == 5
    assert names[1].endswith("-2.pdf") and names[2].casefold().endswith("-3.pdf") and names[4] == "ZOË-2.pdf"
    assert all(len(n.encode()) <= MAX_NAME_BYTES and units(n) <= MAX_NAME_UNITS for n in names)


def test_safe_name_pieces_are_unchanged_for_ordinary_text():
    assert safe_name("Zoë Ødegård") == "Zoë-Ødegård" and safe_name("  ") == "owner"


def test_report_with_a_long_chinese_title_and_long_4_byte_owner_names_writes_every_pdf(tmp_path, capsys):
    rows = report_rows()
    rows["Settings"].append({"Setting": "Report title", "Value": TITLE})
    owners = {p["Name"] for p in rows["People"] if p["Role"] == "Seam owner"}
    renamed = {old: f"{EMOJI_OWNER}{i}" for i, old in enumerate(sorted(owners))}
    for sheet in rows.values():
        for row in sheet:
            for key, value in row.items():
                if value in renamed:
                    row[key] = renamed[value]
    book = write_workbook(tmp_path / "long.xlsx", rows)
    assert main(["report", str(book), "--out", str(tmp_path / "out"), "--per-owner"]) == 0
    written = capsys.readouterr().out.splitlines()
    assert len(written) == 4  # the pack and the three owners with a seam; once: 'File name too long'
    assert [w.endswith(tail) for w, tail in zip(written[2:], ("-2.pdf", "-3.pdf"))] == [True, True]
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == len(written) and all(len(n.encode()) <= MAX_NAME_BYTES for n in names)
