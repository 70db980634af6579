"""The engine's email requests for the new ways, in this process (as test_ui_engine_requests.py does): the real
msal and google-auth against the fake Entra ID, Graph and Google; the plan uses the check's findings; corrections,
unconfirmed messages and Outlook drafts as the Email window sees them. No Qt."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading

import pytest
from test_ui_engine_requests import Window, _loaded

from ui.engine.process import serve
from ui.engine.protocol import Cancel, Chunk, Failed, Finished, Quit, Ready, Update
from ui.engine.requests import (
    ConfirmReceived,
    CreateOutlookDrafts,
    FindSignIn,
    PlanMail,
    SendMail,
    SignIn,
    SignOut,
)
from ui.engine.results import SignInInfo

from mail_fixtures import LEADERS, MONTH, OWNERS
from smtp_server import smtp_server

ALL = sorted(a.lower() for a in LEADERS + OWNERS)


@pytest.fixture
def engine():
    """The engine's loop in a thread of this process (so the test's browser and keyring are its own)."""
    window_end, engine_end = multiprocessing.Pipe(duplex=True)
    thread = threading.Thread(target=serve, args=(engine_end,), daemon=True)
    thread.start()
    assert window_end.poll(10) and window_end.recv() == Ready(os.getpid())
    yield Window(window_end)
    window_end.send(Quit())
    thread.join(10)
    window_end.close()


def _plan(engine, mail_case, sender: str = "", **kw):
    rid, _, _ = _loaded(engine, mail_case.folder / "seams.xlsx")
    pdfs = tuple(str(p) for p in (mail_case.pack, *mail_case.owner_pdfs.values()))
    answer = engine.answer(PlanMail(rid, MONTH, pdfs, sender, **kw))
    assert isinstance(answer, Finished), answer
    return answer.result


def _microsoft(entra, graph) -> dict:
    return {
        "client_id": entra.client_id,
        "tenant": entra.tenant,
        "login_url": entra.base_url,
        "graph_url": graph.graph_url,
    }


def _run(engine, request):
    """(outcomes streamed, the final message)."""
    messages = engine.messages(engine.call(request))
    return [o for m in messages if isinstance(m, Chunk) for o in m.items], messages[-1]


def test_the_plan_uses_the_findings_of_the_check_instead_of_checking_again(engine, mail_case, monkeypatch):
    rid, _, _ = _loaded(engine, mail_case.folder / "seams.xlsx")

    def checks_again(*args, **kwargs):
        raise AssertionError("the plan ran the checks again")

    monkeypatch.setattr("tec_desktop.checks.registry.run_checks", checks_again)
    pdfs = tuple(str(p) for p in (mail_case.pack, *mail_case.owner_pdfs.values()))
    answer = engine.answer(PlanMail(rid, MONTH, pdfs, "ops@example.com"))
    assert isinstance(answer, Finished), answer
    rows = answer.result.messages
    assert len(rows) == 4 and all(r.review.state == "never sent" and r.review.goes for r in rows)
    assert all(r.text and "<" in r.html and r.attachment_path.endswith(".pdf") for r in rows)


def test_microsoft_365_sign_in_send_and_sign_out(engine, mail_case, entra, graph, browser, memory_keyring):
    service = _microsoft(entra, graph)
    state = engine.answer(FindSignIn("microsoft", service)).result
    assert state == SignInInfo("Microsoft 365", False, "", True, "in the system keyring")
    steps = []
    rid = engine.call(SignIn("microsoft", service, timeout=30))
    messages = engine.messages(rid, on_update=steps.append)
    assert isinstance(messages[-1], Finished), messages[-1]
    assert [u.progress.label for u in steps] == ["Waiting for you to sign in in your browser…"]
    signed = messages[-1].result
    assert signed.signed_in and signed.account == "ops@contoso.example" and signed.persistent
    assert len(browser.opened) == 1 and browser.opened[0].startswith(entra.base_url)

    preview = _plan(engine, mail_case, way="microsoft", service=service)
    assert preview.sender == "ops@contoso.example"  # the signed-in mailbox
    outcomes, end = _run(engine, SendMail(preview.plan_id, {}, way="microsoft", service=service))
    assert isinstance(end, Finished) and end.result.ok, end
    assert [o.status for o in outcomes] == ["sent"] * 4
    assert all(o.review.state == "sent (unchanged)" for o in outcomes)
    assert sorted(a.addr_spec.lower() for s in graph.sent for a in s.parsed()["To"].addresses) == ALL
    assert all(s.parsed()["From"].addresses[0].addr_spec == "ops@contoso.example" for s in graph.sent)

    out = engine.answer(SignOut("microsoft", service)).result
    assert not out.signed_in
    outcomes, end = _run(engine, SendMail(preview.plan_id, {}, way="microsoft", service=service, resend=True))
    assert isinstance(end, Failed) and outcomes == []  # one message, before any message is tried
    assert end.failure.message == "Not signed in to Microsoft 365: sign in once in Preferences → Email (Sign in)."
    assert len(graph.sent) == 4


def test_a_sign_in_the_user_abandons_is_cancelled_at_once(engine, entra, graph, browser, memory_keyring):
    browser.gone = True  # nobody signs in
    service = _microsoft(entra, graph)
    rid = engine.call(SignIn("microsoft", service, timeout=60))
    first = engine.messages(rid, on_update=lambda u: engine.conn.send(Cancel(rid)))[-1]
    assert isinstance(first, Failed) and first.failure.kind == "cancelled"
    assert first.failure.message.startswith("The sign-in to Microsoft 365 was cancelled.")
    assert not engine.answer(FindSignIn("microsoft", service)).result.signed_in


@pytest.mark.parametrize(
    ("service", "problem"),
    [
        ({}, "Microsoft 365 sign-in needs your organization's app registration: enter its Application (client) ID"),
        ({"client_id": "my-app"}, "'my-app' is not an Application (client) ID"),
        ({"client_id": "1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90", "tenant": "a b"}, "'a b' is not a Microsoft 365"),
    ],
)
def test_settings_that_cannot_sign_in_say_what_to_fix(engine, service, problem):
    state = engine.answer(FindSignIn("microsoft", service)).result
    assert not state.signed_in and state.problem.startswith(problem)
    assert "--" not in state.problem  # the app's words, not the command line's


def test_a_token_in_the_environment_needs_no_sign_in(engine, mail_case, graph, token_registry, monkeypatch):
    monkeypatch.setenv("TEC_GRAPH_TOKEN", token_registry.issue({"Mail.Send", "Mail.ReadWrite"}, 3600, "ops@x.example"))
    service = {"graph_url": graph.graph_url}
    state = engine.answer(FindSignIn("microsoft", service)).result
    assert state.signed_in and state.token_variable == "TEC_GRAPH_TOKEN"
    preview = _plan(engine, mail_case, "ops@x.example", way="microsoft", service=service)
    outcomes, end = _run(engine, SendMail(preview.plan_id, {}, way="microsoft", service=service))
    assert isinstance(end, Finished) and end.result.ok and len(graph.sent) == 4


def test_outlook_drafts_are_made_once(engine, mail_case, graph, token_registry, monkeypatch):
    monkeypatch.setenv("TEC_GRAPH_TOKEN", token_registry.issue({"Mail.Send", "Mail.ReadWrite"}, 3600, "ops@x.example"))
    service = {"graph_url": graph.graph_url}
    preview = _plan(engine, mail_case, "ops@x.example", way="microsoft", service=service)
    outcomes, end = _run(engine, CreateOutlookDrafts(preview.plan_id, service))
    assert isinstance(end, Finished), end
    assert [o.status for o in outcomes] == ["drafted"] * 4 and len(graph.messages) == 4 and graph.sent == []
    assert all(o.detail.startswith("https://outlook.office365.com/owa/?ItemID=") for o in outcomes)
    assert end.result.text.startswith("4 drafts created in the Drafts folder of")
    outcomes, end = _run(engine, CreateOutlookDrafts(preview.plan_id, service))
    assert [o.status for o in outcomes] == ["skipped"] * 4 and len(graph.messages) == 4
    assert "4 had been made before with the same content" in end.result.text
    assert all(r.state == "never sent" for r in end.result.reviews)  # drafts are not sends


def test_google_workspace_sign_in_and_send(engine, mail_case, google, browser, memory_keyring, tmp_path):
    client = tmp_path / "client.json"
    client.write_text(json.dumps(google.client_config()))
    service = {"client_file": str(client), "gmail_url": google.base_url}
    signed = engine.answer(SignIn("google", service, timeout=30)).result
    assert signed.signed_in and signed.account == "ops@example.com" and signed.provider == "Google Workspace"
    preview = _plan(engine, mail_case, way="google", service=service)
    outcomes, end = _run(engine, SendMail(preview.plan_id, {}, way="google", service=service))
    assert isinstance(end, Finished) and end.result.ok and len(google.sent) == 4
    assert engine.answer(FindSignIn("google", {"client_file": str(tmp_path / "gone.json")})).result.problem.startswith(
        "Cannot read the Google client file"
    )


def test_an_unconfirmed_message_is_confirmed_by_the_user(engine, mail_case):
    preview = _plan(engine, mail_case, "ops@example.com")
    with smtp_server("none") as server:
        server.handler.drop["zoe@example.com"] = 1
        smtp = {"host": server.host, "port": server.port, "security": "none", "user": ""}
        outcomes, end = _run(engine, SendMail(preview.plan_id, smtp))
    assert isinstance(end, Finished) and not end.result.ok
    zoe = next(o for o in outcomes if preview.messages[o.index].to_email == "zoe@example.com")
    assert zoe.status == "unconfirmed" and zoe.review.state == "unconfirmed"
    answer = engine.answer(ConfirmReceived(preview.plan_id, (zoe.index,)))
    assert isinstance(answer, Finished) and answer.result.text.startswith("1 message marked as received")
    assert answer.result.reviews[zoe.index].state == "sent (unchanged)"
    assert not any(isinstance(m, Update) for m in [answer])
