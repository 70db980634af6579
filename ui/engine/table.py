"""The one table of engine requests: for each request record, who answers it, on which worker, and what it streams.

Both sides read it. The engine (ui/engine/process.py) runs a Call's handler on the row's pool; the
window (ui/engine_client.py) makes the reply object that reports it: one that gathers the streamed
findings into the LoadResult, or one that hands each streamed SendOutcome on as it comes.

A handler is `handler(state, request, job) -> result`: it returns the answer (the reply's
`finished`), raises for a failure (the reply's `failed`, see failures.py), and speaks on the way
through the Job (`progress`, `stream`, `cancelled`). The handler modules import their heavy
libraries inside the functions, so the window can import this table without pandas.

Adding a request: a record in requests.py, a handler in the module of its concept, a row below;
the window then calls `engine.request(Record(...))` and connects to the reply's signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ui.engine import facts, loading, mail_requests, outputs, rows
from ui.engine.requests import (
    CheckConnection,
    ConfirmReceived,
    CreateOutlookDrafts,
    DescribeEngine,
    FindPassword,
    FindSignIn,
    ForgetPassword,
    Load,
    PlanMail,
    ReadRow,
    Recheck,
    SaveDrafts,
    SendMail,
    SignIn,
    SignOut,
    StorePassword,
    WriteAnnotatedCopy,
    WriteScorecards,
    WriteTemplate,
)

# Worker pools, one thread each. Loads run in order, one at a time; the quick requests never wait
# behind a PDF job; the network and the keyring (which may wait to be unlocked) have their own. A sign-in
# waits minutes for the user in the browser: it has its own too, so it never holds up a send or the keyring.
LOAD, QUICK, JOB, MAIL, SIGN_IN = "load", "quick", "job", "mail", "sign-in"
POOLS = (LOAD, QUICK, JOB, MAIL, SIGN_IN)


class Streams(Enum):
    """What a request sends before its result (Job.stream), and how the window takes it."""

    NOTHING = "nothing"
    FINDINGS = "findings"  # chunks of finding tuples, gathered into the LoadResult before it is delivered
    OUTCOMES = "outcomes"  # SendOutcome records, each delivered as it comes (reply.outcome)


@dataclass(frozen=True)
class RequestType:
    """One row of the table."""

    request: type
    handler: Callable[[Any, Any, Any], object]  # (EngineState, request, Job) -> result
    pool: str
    streams: Streams = Streams.NOTHING


REQUEST_TYPES: tuple[RequestType, ...] = (
    RequestType(Load, loading.load, LOAD, Streams.FINDINGS),
    RequestType(Recheck, loading.recheck, LOAD, Streams.FINDINGS),
    RequestType(ReadRow, rows.read_row, QUICK),
    RequestType(WriteScorecards, outputs.write_scorecards, JOB),
    RequestType(WriteAnnotatedCopy, outputs.write_annotated_copy, JOB),
    RequestType(WriteTemplate, outputs.write_template, QUICK),
    RequestType(PlanMail, mail_requests.plan_mail, QUICK),
    RequestType(SendMail, mail_requests.send_mail, MAIL, Streams.OUTCOMES),
    RequestType(SaveDrafts, mail_requests.save_drafts, MAIL, Streams.OUTCOMES),
    RequestType(CreateOutlookDrafts, mail_requests.create_outlook_drafts, MAIL, Streams.OUTCOMES),
    RequestType(ConfirmReceived, mail_requests.confirm_received, MAIL),
    RequestType(CheckConnection, mail_requests.check_connection, MAIL),
    RequestType(FindPassword, mail_requests.find_password, MAIL),
    RequestType(StorePassword, mail_requests.store_password, MAIL),
    RequestType(ForgetPassword, mail_requests.forget_password, MAIL),
    RequestType(FindSignIn, mail_requests.find_sign_in, QUICK),
    RequestType(SignIn, mail_requests.sign_in, SIGN_IN),
    RequestType(SignOut, mail_requests.sign_out, QUICK),
    RequestType(DescribeEngine, facts.describe, QUICK),
)
_BY_RECORD = {t.request: t for t in REQUEST_TYPES}


def request_type(request: object) -> RequestType:
    """The table's row for a request record; LookupError for anything else."""
    found = _BY_RECORD.get(type(request))
    if found is None:
        raise LookupError(f"{type(request).__name__} is not an engine request")
    return found
