"""The registry of codes (tec_desktop/codes): every entry complete, every use of a code true to its entry,
the app's wording free of command-line advice, and docs/codes.md generated from it."""

from __future__ import annotations

import ast
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tec_desktop import codes
from tec_desktop.codes.markdown import markdown
from tec_desktop.codes.model import FINDING_FIELDS, PLACES
from tec_desktop.codes.template import Template, quoted_list, rows_list
from tec_desktop.errors import Cancelled, TecError, UnreadableWorkbook
from tec_desktop.findings import Finding, finding
from tec_desktop.mail.sendlog import AlreadySent, LogEntry
from tec_desktop.mail.smtp import MessageFailed, SmtpError
from tec_desktop.mail.transport import StopSending

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for d in ("tec_desktop", "ui", "reports") for p in sorted((ROOT / d).rglob("*.py"))]
REGISTRY = ROOT / "tec_desktop" / "codes"
# What only a command line can act on: the app must never say it (it names its own controls).
CLI_WORDS = re.compile(r"--[a-z]|TEC_SMTP_PASSWORD|keyring set|environment variable|\btec (check|report|send)\b")


def _wordings():
    for entry in codes.CODES.values():
        for form, wording in entry.wordings.items():
            yield entry, form, wording


def _params(template: Template) -> dict[str, object]:
    """A value for each field: items for a list, a number where a spec wants one, else the field's name."""
    specs = [(name, spec) for _, pieces in template.parts for _, name, spec in pieces if name]
    items = {name for name, spec in specs if spec in ("rows", "list")}
    numbers = {name for name, spec in specs if spec} - items
    out: dict[str, object] = {name: f"<{name}>" for name in template.fields | FINDING_FIELDS}
    return out | {name: 2 for name in numbers} | {name: (7, 9, 12) for name in items}


def test_every_entry_is_complete():
    for entry in codes.CODES.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.code), entry.code
        assert entry.kind in (codes.FINDING, codes.FAILURE), entry.code
        assert entry.severity in codes.SEVERITIES, entry.code
        assert entry.title and entry.title[0].isupper() and not entry.title.endswith("."), entry.code
        assert "" in entry.wordings, entry.code
        for wording in entry.wordings.values():
            assert wording.place in PLACES
            assert entry.kind == codes.FINDING or wording.place == codes.NONE, entry.code


def test_every_wording_renders_with_its_parameters():
    for entry, form, wording in _wordings():
        for app in (False, True):
            template = wording.template(app)
            text = template.render(_params(template))
            assert "{" not in text and "}" not in text and "[" not in text, (entry.code, form, text)
            assert text.strip() == text and "  " not in text, (entry.code, form, text)
            assert text[-1] in ".?)" or entry.code == "already-sent", (entry.code, form, text)


def test_the_app_never_gives_command_line_advice():
    for entry, form, wording in _wordings():
        app = wording.template(app=True).text
        assert not CLI_WORDS.search(app), (entry.code, form, app)


def test_no_template_uses_a_name_the_constructors_keep():
    """TecError(code, form=..., **params) and its kinds' own arguments cannot be parameters of a message."""
    reserved = {"code", "form", "kind", "smtp_code", "connection_lost", "unconfirmed", "timed_out", "params"}
    for entry, form, wording in _wordings():
        assert not wording.fields & reserved, (entry.code, form)


def test_the_app_is_given_what_its_wording_needs():
    """Wherever a code is raised both wordings can be rendered: the app's needs nothing the CLI's lacks."""
    for entry, form, wording in _wordings():
        if wording.app is not None:
            assert wording.app.fields <= wording.text.fields | FINDING_FIELDS, (entry.code, form)


def test_codes_in_use_today_keep_their_names():
    findings = {c.code for c in codes.CODES.values() if c.kind == codes.FINDING}
    assert {
        "action-missing", "action-owner-outside", "cells-merged", "closed-date-missing", "column-duplicate",
        "column-extra", "column-missing", "completed-without-start", "contract-review-stale", "date-in-future",
        "date-order", "email-duplicate", "email-invalid", "formula-no-value", "id-duplicate", "link-unknown",
        "metrics-unavailable", "person-inactive", "person-unknown", "rework-reason-missing", "seam-unknown",
        "setting-bad", "setting-duplicate", "setting-missing", "setting-unknown", "sheet-hidden", "sheet-missing",
        "sla-duplicate", "sla-missing-for-handoff", "sla-missing-for-seam", "sla-target", "value-bad",
        "value-required", "workbook-open", "comment-month-bad", "comment-duplicate", "cause-no-action",
        "seam-no-activity", "value-error", "person-ambiguous", "text-long",
    } == findings  # fmt: skip


# ---------------------------------------------------------------- every use true to its entry

RAISERS = {
    "TecError", "UnreadableWorkbook", "Cancelled", "StopSending", "SmtpError", "MessageFailed", "finding", "Finding",
}  # fmt: skip
# The kinds' own arguments, which are not parameters of the message.
OWN_ARGUMENTS = {"smtp_code", "connection_lost", "unconfirmed", "timed_out"}


def _calls():
    """(file, line, name, code, form, keywords or None when some are passed with **) of every coded call."""
    for path in SOURCES:
        if REGISTRY in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in RAISERS or not node.args:
                continue
            first = node.args[0]
            if not isinstance(first, ast.Constant | ast.JoinedStr):
                continue  # a code chosen just before (smtp's too-large or refused, refs' duplicates)
            code = first.value if isinstance(first, ast.Constant) else "<f-string>"
            keywords = {k.arg: k.value for k in node.keywords}
            form = keywords.pop("form", None)
            form = form.value if isinstance(form, ast.Constant) else form
            names = None if None in keywords else set(keywords) - OWN_ARGUMENTS
            yield f"{path.relative_to(ROOT)}:{node.lineno}", name, code, form, names


def test_every_code_raised_or_reported_is_registered_with_its_parameters():
    """Also what a merge brings in with the old API (TecError("some text"), Finding("error", ...)): fix those
    by registering the message in tec_desktop/codes and passing its parameters."""
    wrong = []
    for where, name, code, form, names in _calls():
        entry = codes.CODES.get(code)
        if entry is None:
            wrong.append(f"{where}: {name}({code!r}) is not a registered code")
            continue
        if not isinstance(form, str) and form is not None:
            continue  # a form worked out at run time: the tests of that module render it
        wording = entry.wordings.get(form or "")
        if wording is None:
            wrong.append(f"{where}: {code} has no form {form!r}")
        elif names is not None:
            needed = wording.fields - (FINDING_FIELDS if entry.kind == codes.FINDING else set())
            if name == "Finding":
                continue  # positional parameters: checked when rendered
            if needed - names:
                wrong.append(f"{where}: {code} needs {sorted(needed - names)}")
            if names - needed:
                wrong.append(f"{where}: {code} does not use {sorted(names - needed)}")
    assert not wrong, "\n".join(wrong)


def test_every_code_and_form_is_used_somewhere():
    source = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES if REGISTRY not in p.parents)
    unused = [c for c in codes.CODES if f'"{c}"' not in source]
    assert not unused, unused
    forms = [(e.code, f) for e, f, _ in _wordings() if f and f'"{f}"' not in source]
    assert not forms, forms


# ---------------------------------------------------------------- the template language


def test_plurals_lists_and_optional_parts():
    t = Template.parse("{n} {n:handoff is|handoffs are}[ (and {more} more)]; {rows:rows}; {ids:list} {ids:is|are}")
    assert t.fields == {"n", "more", "rows", "ids"} and not t.plain
    assert t.render({"n": 1, "more": 0, "rows": (7,), "ids": ("A",)}) == "1 handoff is; row 7; A is"
    assert (
        t.render({"n": 2, "more": 3, "rows": (1, 2, 3), "ids": list("ABCDEFG")})
        == "2 handoffs are (and 3 more); rows 1, 2 and 3; A, B, C, D, E and 2 more are"
    )
    assert Template.parse("{size:.0f} MB, {cells:,} cells").render({"size": 12.4, "cells": 4000000}) == (
        "12 MB, 4,000,000 cells"
    )
    assert rows_list(range(1, 9)) == "rows 1, 2, 3, 4, 5 and 3 more" and quoted_list(["x"]) == "x"
    for bad in ("{a.b}", "{A}", "[unclosed", "{x!r}"):
        with pytest.raises(ValueError):
            Template.parse(bad)
    with pytest.raises(KeyError):
        Template.parse("{missing}").render({})


# ---------------------------------------------------------------- findings and failures carry codes


def test_a_finding_is_its_code_and_parameters():
    f = finding("value-required", "Handoffs", "E17", 17, column="Started")
    assert (f.severity, f.place, f.args) == ("error", codes.CELL, {"column": "Started"})
    assert f.text == "Started is empty; every row needs one."
    assert f.message == f.app_message() == "Handoffs E17: Started is empty; every row needs one."
    assert f.as_json() == {"severity": "error", "code": "value-required", "sheet": "Handoffs", "cell": "E17",
                           "message": f.message}  # fmt: skip
    assert Finding(f.code, f.sheet, f.cell, f.row, f.params, f.form) == f  # the engine sends these fields
    assert len({f, finding("value-required", "Handoffs", "E17", 17, column="Started")}) == 1
    merged = finding("cells-merged", "Handoffs", "A1", 1, form="header", range="A1:C1")
    assert merged.message == merged.text and merged.message.startswith("Handoffs A1:C1: these header cells")
    missing = finding("sheet-missing", "Misses", "")
    assert not missing.placed and missing.where == "Misses"


def test_a_failure_is_its_code_and_parameters():
    exc = TecError("month-missing", workbook="b.xlsx")
    assert exc.code == "month-missing" and exc.params == {"workbook": "b.xlsx"} and exc.severity == "error"
    assert str(exc).endswith("(for example 2026-10), or pass --month.")
    assert exc.app_message().endswith("(for example 2026-10) or choose another month above.")
    assert Cancelled("send-cancelled").severity == "info"
    with pytest.raises(KeyError, match="not registered"):
        TecError("Some free text that was never registered.")
    with pytest.raises(KeyError, match="no form"):
        TecError("file-damaged", form="nonsense", file="b.xlsx")


def _entry() -> LogEntry:
    import datetime as dt

    when = dt.datetime(2026, 11, 3, 9, 12, tzinfo=dt.UTC)
    return LogEntry(1, "Contoso", "2026-10", "ab", "zoe@example.com", "Zoe", "owner", "s", "a.pdf", "cd", "ef", "",
                    "smtp", when, when, "sent", "", "<id>")  # fmt: skip


@pytest.mark.parametrize(
    "exc",
    [
        TecError("month-bad", text="Oct"),
        UnreadableWorkbook("file-damaged", form="part-missing", file="b.xlsx", part="xl/workbook.xml"),
        Cancelled("scorecards-cancelled"),
        SmtpError("smtp-timeout", "timeout", form="login", server="smtp.example.com:587", timeout=30.0),
        MessageFailed("smtp-too-large", smtp_code=552, recipient="zoe@example.com", reply="552 too big"),
        MessageFailed(
            "smtp-unconfirmed",
            form="stopped",
            unconfirmed=True,
            timed_out=True,
            server="s:25",
            recipient="zoe@example.com",
            timeout=30.0,
        ),  # fmt: skip
        StopSending("graph-throttled", "throttled", reply="429 ApplicationThrottled", retry_after=None),
        AlreadySent(_entry()),
    ],
)
def test_failures_cross_process_boundaries(exc):
    """A worker process's failure reaches the window whole (code, parameters, its kind's own attributes)."""
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is type(exc) and again.__dict__ == exc.__dict__ and str(again) == str(exc)


# ---------------------------------------------------------------- docs/codes.md


def test_docs_list_every_code_as_the_registry_says():
    committed = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert committed == markdown(), (
        "docs/codes.md is out of date: python -m tec_desktop.codes --markdown > docs/codes.md"
    )
    for code in codes.CODES:
        assert f"### `{code}`" in committed


def test_the_generator_prints_the_docs():
    out = subprocess.run(
        [sys.executable, "-m", "tec_desktop.codes", "--markdown"], capture_output=True, check=True, cwd=ROOT
    ).stdout
    assert out.decode("utf-8") == markdown()
