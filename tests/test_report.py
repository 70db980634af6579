"""The PDF scorecards, read back with pypdf: pages, outline, metadata, text, fonts, determinism."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from scorecard_pdfs import MONTH, entries, scorecards_from

from tec_desktop.errors import Cancelled, TecError
from tec_desktop.files.names import safe_name
from tec_desktop.scorecards.files import owner_files, pack_name
from tec_desktop.scorecards.writing import write_scorecards
from tec_desktop.workbook.reader import read_workbook

from builder import write_workbook
from report_rows import MARKUP_TEXT, SEAM3_NAME, report_rows

ROOT = Path(__file__).resolve().parents[1]


def build(tmp: Path, rows=None, per_owner: bool = True, workbook: Path | None = None, **kw) -> list[Path]:
    """The real pipeline: write a workbook (or take `workbook`), read it, check it, write the scorecards."""
    path = workbook or write_workbook(tmp / "book.xlsx", rows if rows is not None else report_rows())
    return scorecards_from(path, tmp / "out", per_owner, **kw)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(text: str) -> str:
    """Text without line breaks and spaces, for strings that a layout may wrap."""
    return re.sub(r"\s+", "", text)


def sections(path: Path) -> dict[str, str]:
    """Text per outline entry: from its page to the page before the next entry's (its own page when they share)."""
    reader = PdfReader(path)
    found = entries(reader)
    out = {}
    for k, (_, title, start) in enumerate(found):
        end = next((p for _, _, p in found[k + 1 :] if p > start), len(reader.pages))
        out[title] = "\n".join(reader.pages[i].extract_text() for i in range(start, end))
    return out


def pieces(target: str, text: str) -> int:
    """In how many consecutive pieces `target` appears in `text` (a cell split across pages is 2)."""
    pos, count = 0, 0
    while pos < len(target):
        size = next((k for k in range(len(target) - pos, 0, -1) if target[pos : pos + k] in text), 0)
        assert size >= 20, f"text lost after {target[:pos][-40:]!r}"
        pos += size
        count += 1
    return count


def outline_titles(reader: PdfReader) -> list[str]:
    return [title for _, title, _ in entries(reader)]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> list[Path]:
    return build(tmp_path_factory.mktemp("pack"))


def test_pack_pages_outline_and_metadata(pack):
    reader = PdfReader(pack[0])
    assert pack[0].name == "Seam-scorecards-2026-10.pdf"
    # The brief, one page per Active/Pilot seam (S-04 is Retired), then the appendix.
    found = entries(reader)
    assert found[:6] == [
        (0, "Brief", 0),
        (0, "Seams", 1),
        (1, "S-01 · Custom deal intake", 1),
        (1, "S-02 · Security sign-off", 2),
        (1, f"S-03 · {SEAM3_NAME}", 3),
        (0, "Appendix", 4),
    ]
    assert [(level, title) for level, title, _ in found[6:]] == [
        (1, "Seam status matrix"),
        (1, "Where the misses are"),
        (1, "Decisions to make"),
        (1, "Constraints to remove"),
        (1, "Overdue corrective actions"),
        (1, "Data quality"),
    ]
    assert all(page >= 4 for *_, page in found[6:]) and len(reader.pages) <= 7
    meta = reader.metadata
    assert meta.title == "Seam scorecards — October 2026"
    assert meta.author == "Acme Test Co"
    assert meta.subject == "2026-10"
    # The viewer opens with the bookmarks shown; the document's language is the Language setting (default en).
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines" and root["/Lang"] == "en"


def test_text_holds_names_in_every_script_and_metric_values(pack):
    text = text_of(pack[0])
    for name in ("Zoë Ødegård", "Łukasz Nowak", "王芳", "Ελένη Παπαδοπούλου", "Дмитрий Иванов", "김민준"):
        assert name in flat_lines(text), name  # a narrow column breaks a name between its words
    for seam in ("Custom deal intake", "Security sign-off", SEAM3_NAME):
        assert seam in text
    assert "2 seams explain 100% of misses" in text
    s01 = sections(pack[0])["S-01 · Custom deal intake"]
    # S-01: SLA adherence 50% (red), rework 50%, lead time median 6.5, 3 misses, one overdue action.
    assert "50%" in s01 and "■ RED" in s01
    assert "6.5" in s01
    assert "Intake checklist signed by Product" in s01 and "OVERDUE" in s01
    # Change vs last month in words: rework for missing requirements was 100% in September, misses were 0.
    assert "Rework for missing requirements 50% ≤ 10% ■ RED −50 pts better" in s01
    assert "Misses 3 — no target +3 worse" in s01


def test_user_markup_appears_as_typed(pack):
    text = text_of(pack[0])
    assert flat(MARKUP_TEXT) in flat(text)
    assert SEAM3_NAME in text
    assert "Q&A;" not in text and "&amp;" not in text and "&lt;" not in text


def test_footer_carries_organization_month_and_workbook_hash(pack, tmp_path):
    book = read_workbook(pack[0].parent.parent / "book.xlsx")
    reader = PdfReader(pack[0])
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Acme Test Co · October 2026 · workbook {book.sha256[:12]}" in text
        assert f"Page {number} of {len(reader.pages)}" in text


def test_fonts_are_embedded_subsets(pack):
    reader = PdfReader(pack[0])
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]).split("+", 1)[1])
            else:
                embedded.add(f"not embedded: {font['/BaseFont']}")
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback", "NanumGothic"} <= embedded
    # Hangul too is embedded (NanumGothic): no font is left for the viewer to supply.
    assert not {e for e in embedded if e.startswith("not embedded")}


def test_owner_pdfs_hold_only_their_seams(pack):
    names = [p.name for p in pack]
    assert names == [
        "Seam-scorecards-2026-10.pdf",
        "Seam-scorecards-2026-10-Zoë-Ødegård.pdf",
        "Seam-scorecards-2026-10-Ελένη-Παπαδοπούλου.pdf",
        "Seam-scorecards-2026-10-王芳.pdf",
    ]
    reader = PdfReader(pack[3])
    # Their own brief and their one seam; no appendix: the brief already holds all of their lists.
    assert outline_titles(reader) == ["Brief for 王芳", "Seams", "S-02 · Security sign-off"]
    assert reader.metadata.title == "Seam scorecards — October 2026 — 王芳"
    text = text_of(pack[3])
    assert "Custom deal intake" not in text
    assert "Your seams had 1 of the organization's 4 misses" in text


def test_same_workbook_and_month_give_identical_bytes(pack, tmp_path):
    again = build(tmp_path, workbook=pack[0].parent.parent / "book.xlsx")
    for first, second in zip(pack, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_identical_bytes_in_another_process(pack, tmp_path):
    """A fresh interpreter, another hash seed and SOURCE_DATE_EPOCH set: still the same bytes."""
    book = pack[0].parent.parent / "book.xlsx"
    code = (
        "import sys; from tec_desktop.scorecards.writing import write_scorecards; "
        "from tec_desktop.workbook.reader import read_workbook; "
        "write_scorecards(read_workbook(sys.argv[1]), '2026-10', sys.argv[2], per_owner=False)"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", SOURCE_DATE_EPOCH="86400")
    subprocess.run([sys.executable, "-c", code, str(book), str(tmp_path)], check=True, env=env, cwd=ROOT)
    assert (tmp_path / pack[0].name).read_bytes() == pack[0].read_bytes()


def test_creation_date_and_id_come_from_the_inputs(pack, tmp_path):
    meta = PdfReader(pack[0]).metadata
    assert meta["/CreationDate"] == "D:20261031235959+00'00'" == meta["/ModDate"]
    ids = {bytes(PdfReader(p).trailer["/ID"][0].original_bytes) for p in pack}
    assert len(ids) == len(pack)  # the pack and each owner's PDF have their own ID


def test_long_description_wraps_and_many_actions_continue_with_headers(tmp_path):
    rows = report_rows()
    long_text = (
        "The customer asked for a bespoke integration with their ERP and the request reached Product "
        "without the agreed scope. "
    ) * 18
    long_text = long_text[:1000]  # the most a cell prints (checks/long_text.py)
    rows["Misses"][1]["Description"] = long_text
    rows["Actions"] += [
        {
            "Action ID": f"A-{100 + i}",
            "Seam ID": "S-01",
            "Action": f"Follow-up action number {i}",
            "Owner": "Zoë Ødegård",
            "Opened": dt.datetime(2026, 10, 1),
            "Due": dt.datetime(2026, 11, 20),
            "Status": "Open",
        }
        for i in range(60)
    ]
    files = build(tmp_path, rows, per_owner=False)
    reader = PdfReader(files[0])
    starts = {title: page for _, title, page in entries(reader)}
    s01_pages = [
        reader.pages[i].extract_text()
        for i in range(starts["S-01 · Custom deal intake"], starts["S-02 · Security sign-off"])
    ]
    assert len(s01_pages) >= 3
    joined = flat("".join(s01_pages))
    assert pieces(flat(long_text), joined) <= 2  # whole, or cut once at a page end
    for i in range(60):
        assert f"A-{100 + i}" in joined
    # Every page the actions table runs on to repeats its header.
    continued = [t for t in s01_pages[1:] if "A-1" in t]
    assert continued and all(re.search(r"ID\s*Action\s*Owner\s*Due\s*Status", t) for t in continued)


def test_long_seam_name_and_long_owner_fit_the_header(tmp_path):
    rows = report_rows()
    long_name = (
        "Enterprise custom deal intake from regional sales teams to the platform product group, "
        "including pricing and legal approvals"
    )[:120]
    assert len(long_name) == 120
    rows["Seams"][0]["Seam name"] = long_name
    files = build(tmp_path, rows, per_owner=False)
    page = sections(files[0])[f"S-01 · {long_name}"]
    assert flat(long_name) in flat(page)
    assert "Zoë Ødegård" in page and "ACCOUNTABLE OWNER" in page


def test_letter_paper_from_settings(tmp_path):
    rows = report_rows()
    rows["Settings"].append({"Setting": "Paper size", "Value": "Letter"})
    files = build(tmp_path, rows, per_owner=False)
    box = PdfReader(files[0]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a4_by_default(pack):
    box = PdfReader(pack[0]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_unprintable_characters_are_named_not_dropped(tmp_path):
    rows = report_rows()
    rows["Misses"][2]["Description"] = "Escalation 😀 from Acme"
    files = build(tmp_path, rows, per_owner=False)
    text = text_of(files[0])
    assert "Escalation\ufffdfromAcme" in flat(text)
    assert "U+1F600" in text  # the data-quality box says which character could not be printed


def test_warnings_are_in_the_appendix_and_on_their_seam(tmp_path):
    rows = report_rows()
    rows["Handoffs"][1]["Reworked"] = "Yes"  # H-2 on S-02: reworked with no reason, a warning
    files = build(tmp_path, rows, per_owner=False)
    parts = sections(files[0])
    # Two warnings: H-2's, and S-01's root cause 'No status updates' that no action answers.
    assert "Data quality: 2 warnings in the workbook — listed in the appendix." in flat_lines(parts["Brief"])
    assert "2 warnings in the workbook" in parts["Data quality"]
    s02 = parts["S-02 · Security sign-off"]
    assert re.search(r"Data warnings for this seam\s+1", s02) and "Handoffs I3 Reworked is Yes" in s02
    assert "This month: no misses recorded in October 2026" in flat_lines(parts[f"S-03 · {SEAM3_NAME}"])
    assert "no data warnings." in flat_lines(parts[f"S-03 · {SEAM3_NAME}"])


def flat_lines(text: str) -> str:
    """Text with its line breaks turned into spaces, for sentences a layout may wrap."""
    return " ".join(text.split())


def test_title_setting_names_the_files(tmp_path):
    rows = report_rows()
    rows["Settings"].append({"Setting": "Report title", "Value": "Ops review: seams"})
    files = build(tmp_path, rows)
    assert files[0].name == "Ops-review-seams-2026-10.pdf"
    assert PdfReader(files[0]).metadata.title == "Ops review: seams — October 2026"


def test_workbook_with_errors_is_refused(tmp_path):
    rows = report_rows()
    rows["Misses"][0]["Seam ID"] = "S-99"  # not on Seams: an error
    path = write_workbook(tmp_path / "bad.xlsx", rows)
    with pytest.raises(TecError, match="1 error"):
        write_scorecards(read_workbook(path), MONTH, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("after", [0, 1, 3, 6, 12])
def test_cancel_leaves_no_partial_file(tmp_path, after):
    calls = []

    def should_cancel():
        calls.append(1)
        return len(calls) > after

    with pytest.raises(Cancelled):
        build(tmp_path, should_cancel=should_cancel)
    left = sorted(p.name for p in (tmp_path / "out").iterdir()) if (tmp_path / "out").exists() else []
    assert all(not n.startswith(".") and n.endswith(".pdf") for n in left)  # no temporary files
    for name in left:
        PdfReader(tmp_path / "out" / name)  # whatever was finished is a whole PDF


def test_progress_reports_each_file(tmp_path):
    seen = []
    build(tmp_path, progress=lambda done, total, label: seen.append((done, total, label)))
    assert seen[0] == (0, 4, "Leadership pack")
    assert seen[-1] == (4, 4, "Done")


def test_safe_names_keep_letters():
    assert safe_name("Zoë Ødegård") == "Zoë-Ødegård"
    assert safe_name("王芳") == "王芳"
    assert safe_name('a/b\\c:d*e?"f<g>|h') == "a-b-c-d-e-f-g-h"
    assert safe_name("...") == "owner"
    assert len(safe_name("x" * 300)) <= 60


def test_owner_names_that_clash_get_numbers(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "b.xlsx", report_rows()))
    files = owner_files(book, MONTH, ["A/B", "A B", "a b"])
    assert list(files.values()) == [
        "Seam-scorecards-2026-10-A-B.pdf",
        "Seam-scorecards-2026-10-A-B-2.pdf",
        "Seam-scorecards-2026-10-a-b-3.pdf",
    ]
    assert pack_name(book, MONTH) == "Seam-scorecards-2026-10.pdf"


def metric_rows(section: str) -> dict[str, tuple[str, str]]:
    """Metric label -> (value, status) as printed in a seam's metric table (one line per metric)."""
    from tec_desktop.metrics.compute import METRIC_LABELS

    out = {}
    for label in METRIC_LABELS.values():
        found = re.search(
            rf"^{re.escape(label)} (\S+) (—|[≥≤] \S+|\d+) (no target|■ RED|● GREEN|▲ AMBER|— no data)",
            section,
            re.MULTILINE,
        )
        assert found, label
        out[label] = (found.group(1), found.group(3))
    return out


def assert_pdf_tells_the_metrics(pdf: Path, workbook: Path, month: str) -> None:
    """Every metric of every seam is printed with its value and status, exactly as computed."""
    from tec_desktop.metrics import formats
    from tec_desktop.metrics.compute import METRIC_LABELS, compute_month

    book = read_workbook(workbook)
    metrics = compute_month(book, month)
    parts = sections(pdf)
    band = book.settings.amber_band
    words = {"green": "● GREEN", "amber": "▲ AMBER", "red": "■ RED", None: "— no data"}
    for seam in metrics.seams:
        printed = metric_rows(parts[f"{seam.seam_id} · {seam.seam_name}"])
        for key, mv in seam.metrics.items():
            limits = (
                mv.target,
                None if mv.target is None else (mv.target + band if key == "rework_rate" else mv.target - band),
            )
            value, status = printed[METRIC_LABELS[key]]
            assert value == formats.metric(key, mv.value, *limits), (seam.seam_id, key)
            assert status == (words[mv.status] if mv.target is not None else "no target"), (seam.seam_id, key)
            if mv.value is None:
                assert value == "—"


def test_every_printed_metric_matches_the_computed_one(pack):
    assert_pdf_tells_the_metrics(pack[0], pack[0].parent.parent / "book.xlsx", MONTH)


def test_sample_pack(sample_path, tmp_path):
    if not sample_path.exists():
        pytest.skip("the sample workbook is not built yet")
    book = read_workbook(sample_path)
    month = book.settings.reporting_month
    files = write_scorecards(book, month, tmp_path, per_owner=True)
    reader = PdfReader(files[0])
    titles = outline_titles(reader)
    from tec_desktop.metrics.compute import compute_month

    seams = compute_month(book, month).seams
    assert titles[: 2 + len(seams)] == ["Brief", "Seams"] + [f"{s.seam_id} · {s.seam_name}" for s in seams]
    assert titles[2 + len(seams)] == "Appendix"
    assert reader.metadata.author == book.settings.organization
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"  # the sample's Language setting
    assert len(files) == 1 + len({s.owner for s in seams})
    assert_pdf_tells_the_metrics(files[0], sample_path, month)
