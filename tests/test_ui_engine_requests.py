"""The engine's requests, in this process: its loop in a thread, spoken to through a real multiprocessing Pipe.

What the window would send (ui/engine/protocol.py's Call, Cancel, Quit) goes in; what the engine answers
(Ready, Update, Chunk, Finished, Failed) comes out, pickled both ways as between the two processes. No Qt.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from tec_desktop.checks.registry import run_checks
from tec_desktop.findings import Finding
from tec_desktop.workbook.reader import read_workbook
from ui.engine import loading
from ui.engine.process import serve
from ui.engine.protocol import Call, Cancel, Chunk, Failed, Finished, Quit, Ready, Update
from ui.engine.requests import (
    CheckConnection,
    DescribeEngine,
    Load,
    PlanMail,
    ReadRow,
    Recheck,
    SaveDrafts,
    SendMail,
    WriteAnnotatedCopy,
    WriteScorecards,
    WriteTemplate,
)
from ui.engine.results import EngineFacts, Files, LoadResult, MailPreview, RowValues, SendOutcome, SendSummary
from ui.engine.table import REQUEST_TYPES, Streams

from builder import write_workbook
from mail_fixtures import MONTH, SENDER
from smtp_server import closed_port, smtp_server
from ui_helpers import book_with_errors

TIMEOUT = 120  # seconds for one answer (writing every PDF of the sample)


class Window:
    """The window's end of the pipe: sends requests, collects what comes back for each."""

    def __init__(self, conn):
        self.conn = conn
        self._ids = itertools.count(1)
        self._early: list = []  # messages read while waiting for another request

    def call(self, request: object) -> int:
        rid = next(self._ids)
        self.conn.send(Call(rid, request))
        return rid

    def messages(self, rid: int, on_update=None) -> list:
        """Every message for `rid`, up to and including its Finished or Failed."""
        out = [m for m in self._early if getattr(m, "id", None) == rid]
        self._early = [m for m in self._early if getattr(m, "id", None) != rid]
        while not out or not isinstance(out[-1], (Finished, Failed)):
            assert self.conn.poll(TIMEOUT), f"no answer to request {rid} within {TIMEOUT} s"
            message = self.conn.recv()
            if getattr(message, "id", None) != rid:
                self._early.append(message)
                continue
            out.append(message)
            if isinstance(message, Update) and on_update is not None:
                on_update(message)
        return out

    def answer(self, request: object):
        """Send one request and return its final message."""
        return self.messages(self.call(request))[-1]


@pytest.fixture
def engine():
    window_end, engine_end = multiprocessing.Pipe(duplex=True)
    thread = threading.Thread(target=serve, args=(engine_end,), daemon=True)
    thread.start()
    assert window_end.poll(10)
    assert window_end.recv() == Ready(os.getpid())
    yield Window(window_end)
    window_end.send(Quit())
    thread.join(10)
    assert not thread.is_alive()
    window_end.close()


def _loaded(engine: Window, path: Path, month: str | None = None) -> tuple[int, LoadResult, list]:
    rid = engine.call(Load(str(path), month))
    messages = engine.messages(rid)
    assert isinstance(messages[-1], Finished), messages[-1]
    return rid, messages[-1].result, messages[:-1]


def test_every_request_record_has_one_row_in_the_table():
    records = [t.request for t in REQUEST_TYPES]
    assert len(records) == len(set(records))
    import ui.engine.requests as requests

    defined = {obj for obj in vars(requests).values() if isinstance(obj, type) and obj.__module__ == requests.__name__}
    assert defined == set(records)


def test_load_says_its_steps_streams_the_findings_and_answers_the_result(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "CHUNK", 1)  # one finding per message: the streaming itself is seen
    path = book_with_errors(tmp_path / "errors.xlsx")
    rid, result, before = _loaded(engine, path)
    steps = [m.progress.label for m in before if isinstance(m, Update)]
    assert steps == ["Reading errors.xlsx…", "Checking errors.xlsx…", "Computing 2026-10…"]
    chunks = [m for m in before if isinstance(m, Chunk)]
    expected = run_checks(read_workbook(path))
    assert [Finding(*t) for c in chunks for t in c.items] == expected
    assert all(len(c.items) == 1 for c in chunks) and len(chunks) == len(expected) >= 2
    assert result.findings == ()  # the window puts the streamed ones back
    assert result.book_id == result.result_id == rid
    assert result.month == result.reporting_month == "2026-10" and result.month_view is not None
    assert result.signature == loading.file_signature(path)
    assert result.name == "errors.xlsx" and result.organization == "Acme Test Co"


def test_recheck_another_month_uses_the_workbook_read(engine, sample_copy):
    rid, first, _ = _loaded(engine, sample_copy)
    earlier = first.months[1]
    sample_copy.write_bytes(b"half saved")  # a re-check reads nothing: the workbook read is kept
    second = engine.answer(Recheck(rid, earlier))
    assert isinstance(second, Finished), second
    assert second.result.book_id == rid and second.result.month == earlier
    assert second.result.month_view is not None and second.result.month_view.month == earlier


def test_a_month_without_data_is_said_in_the_apps_words(engine, tmp_path):
    _, result, _ = _loaded(engine, write_workbook(tmp_path / "ok.xlsx"), "2024-01")
    assert result.month_view is None and result.month == "2024-01"
    assert result.month_error and "--month" not in result.month_error


def test_read_row_gives_the_cells_as_typed_then_as_read_once_the_file_changed(engine, tmp_path):
    path = book_with_errors(tmp_path / "errors.xlsx")
    rid, _, _ = _loaded(engine, path)
    row = engine.answer(ReadRow(rid, "Handoffs", 3)).result
    assert isinstance(row, RowValues) and row.as_typed
    cells = {letter: (header, value) for letter, header, value in row.cells}
    assert cells["F"] == ("Completed", "soon")
    path.write_bytes(path.read_bytes() + b"\0")  # saved again since the check
    other = engine.answer(ReadRow(rid, "Seams", 2)).result
    assert not other.as_typed and ("A", "Seam ID", "S-01") in other.cells


def test_a_workbook_no_longer_kept_is_a_plain_message(engine):
    failed = engine.answer(ReadRow(999, "Handoffs", 2))
    assert isinstance(failed, Failed) and failed.failure.kind == "user"
    assert "out of date" in failed.failure.message


def test_a_missing_file_is_unreadable_not_a_bug(engine, tmp_path):
    failed = engine.answer(Load(str(tmp_path / "gone.xlsx")))
    assert isinstance(failed, Failed) and failed.failure.kind == "unreadable"
    assert "does not exist" in failed.failure.message and failed.failure.details == ""


def test_something_that_is_not_a_request_is_a_bug_answered_at_once(engine):
    failed = engine.answer("load everything")
    assert isinstance(failed, Failed) and failed.failure.kind == "bug"
    assert "str is not an engine request" in failed.failure.message


def test_scorecards_report_progress_then_the_files(engine, sample_copy, tmp_path):
    rid, result, _ = _loaded(engine, sample_copy)
    out = tmp_path / "out"
    messages = engine.messages(engine.call(WriteScorecards(rid, result.month, str(out), "Letter", per_owner=False)))
    assert isinstance(messages[-1], Finished) and isinstance(messages[-1].result, Files)
    (pack,) = messages[-1].result.paths
    assert Path(pack).parent == out and Path(pack).is_file()
    steps = [m.progress for m in messages if isinstance(m, Update)]
    assert steps and steps[-1].done == steps[-1].total


def test_a_cancelled_generation_fails_as_cancelled_and_leaves_no_half_file(engine, sample_copy, tmp_path):
    rid, result, _ = _loaded(engine, sample_copy)
    out = tmp_path / "out"
    job = engine.call(WriteScorecards(rid, result.month, str(out)))
    messages = engine.messages(job, on_update=lambda _update: engine.conn.send(Cancel(job)))
    assert isinstance(messages[-1], Failed) and messages[-1].failure.kind == "cancelled"
    assert [p.name for p in out.iterdir() if p.suffix != ".pdf"] == []


def test_annotated_copy_never_replaces_the_workbook(engine, tmp_path):
    path = book_with_errors(tmp_path / "errors.xlsx")
    rid, _, _ = _loaded(engine, path)
    refused = engine.answer(WriteAnnotatedCopy(rid, None, str(path)))
    assert isinstance(refused, Failed) and refused.failure.kind == "user"
    copy = tmp_path / "errors (annotated).xlsx"
    written = engine.answer(WriteAnnotatedCopy(rid, None, str(copy)))
    assert isinstance(written, Finished) and written.result.paths == (str(copy),) and copy.is_file()


@pytest.mark.parametrize("sample", [False, True])
def test_a_new_workbook_from_the_template_or_the_sample_checks(engine, tmp_path, sample):
    target = tmp_path / "new.xlsx"
    written = engine.answer(WriteTemplate(str(target), sample))
    assert isinstance(written, Finished) and written.result.paths == (str(target),)
    _, result, _ = _loaded(engine, target)
    assert result.count("error") == 0
    if sample:
        assert result.month_view is not None and len(result.month_view.seams) == 11
    else:  # blank: no month to show until the Reporting month is set
        assert result.month is None and result.month_error == loading.NO_REPORTING_MONTH


def test_mail_is_planned_drafted_and_sent_with_one_outcome_per_message(engine, mail_case, tmp_path):
    rid, _, _ = _loaded(engine, mail_case.folder / "seams.xlsx")
    pdfs = (mail_case.pack, *mail_case.owner_pdfs.values())
    preview = engine.answer(PlanMail(rid, MONTH, tuple(str(p) for p in pdfs), SENDER)).result
    assert isinstance(preview, MailPreview) and preview.sender == SENDER and preview.month == MONTH
    n = len(preview.messages)
    drafts = engine.messages(engine.call(SaveDrafts(preview.plan_id, str(tmp_path / "drafts"))))
    outcomes = [o for m in drafts if isinstance(m, Chunk) for o in m.items]
    assert [o.status for o in outcomes] == ["drafted"] * n and isinstance(drafts[-1].result, SendSummary)
    assert len(list((tmp_path / "drafts").glob("*.eml"))) == n
    with smtp_server("none") as server:
        smtp = {"host": server.host, "port": server.port, "security": "none", "user": ""}
        sent = engine.messages(engine.call(SendMail(preview.plan_id, smtp)))
    outcomes = [o for m in sent if isinstance(m, Chunk) for o in m.items]
    assert all(isinstance(o, SendOutcome) and o.status == "sent" for o in outcomes) and len(outcomes) == n
    summary = sent[-1].result
    assert summary.ok and len(server.handler.received) == n
    assert summary.last_sent is not None and all(s.startswith("already sent") for s in summary.last_sent)


def test_a_plan_no_longer_kept_and_a_refused_connection_are_plain_messages(engine):
    gone = engine.answer(SaveDrafts(12345, "/nowhere"))
    assert isinstance(gone, Failed) and "out of date" in gone.failure.message
    smtp = {"host": "127.0.0.1", "port": closed_port(), "security": "none", "user": ""}
    refused = engine.answer(CheckConnection(smtp))
    assert isinstance(refused, Failed) and refused.failure.kind == "user"
    assert "connection refused" in refused.failure.message


def test_describe_engine_names_this_process_and_its_packages(engine):
    facts = engine.answer(DescribeEngine()).result
    assert isinstance(facts, EngineFacts) and facts.pid == os.getpid()
    assert "ui" in facts.packages and list(facts.packages) == sorted(facts.packages)


def test_only_load_and_recheck_gather_findings_and_only_mail_streams_outcomes():
    kinds = {t.request.__name__: t.streams for t in REQUEST_TYPES}
    assert {k for k, s in kinds.items() if s is Streams.FINDINGS} == {"Load", "Recheck"}
    assert {k for k, s in kinds.items() if s is Streams.OUTCOMES} == {"SendMail", "SaveDrafts", "CreateOutlookDrafts"}


def test_drafts_never_replace_the_workbook_they_were_planned_from(engine, mail_case, tmp_path):
    """A workbook that happens to carry a draft's name, drafts saved beside it: refused, the workbook intact."""
    from tec_desktop.mail.drafts import draft_name

    twin = tmp_path / draft_name(mail_case.plan().messages[0])
    twin.write_bytes((mail_case.folder / "seams.xlsx").read_bytes())
    before = twin.read_bytes()
    rid, _, _ = _loaded(engine, twin)
    pdfs = (mail_case.pack, *mail_case.owner_pdfs.values())
    preview = engine.answer(PlanMail(rid, MONTH, tuple(str(p) for p in pdfs), SENDER)).result
    refused = engine.answer(SaveDrafts(preview.plan_id, str(tmp_path)))
    assert isinstance(refused, Failed) and refused.failure.kind == "user", refused
    assert twin.read_bytes() == before and list(tmp_path.glob("*.eml")) == [twin]
