"""What the engine process hands to the window: small frozen records of plain Python values.

They are built in the engine process (which holds pandas and the workbook) and pickled to the
window, so the window never imports pandas and never waits on a big computation. Nothing here
imports Qt or pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tec_desktop.findings import Finding


@dataclass(frozen=True)
class MetricCell:
    """One metric of one seam, ready to show."""

    key: str
    label: str
    value: float | None
    target: float | None
    status: str | None  # 'green' | 'amber' | 'red' | None
    text: str  # '92%', '2.5', '3', '—'
    target_text: str  # '≥ 90%', '≤ 10%', '0', ''
    change_text: str  # '+4 pts', '−0.5', '' when either month has no data
    trend: tuple[float | None, ...] = ()  # six months, oldest first, this month last
    trend_text: str = ""  # 'May 88% · Jun 90% · …'
    change_sense: int = 0  # 1: better than last month, -1: worse, 0: neither (as the PDF colours it)


@dataclass(frozen=True)
class DetailList:
    """A small table in a seam's detail: misses, actions, decisions or dependencies."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    flags: tuple[str | None, ...] = ()  # per row: 'red' (overdue/missed), 'amber' or None
    empty_text: str = "None this month."


@dataclass(frozen=True)
class SeamView:
    """A seam's month: header facts, metrics and the lists behind them."""

    seam_id: str
    name: str
    from_team: str
    to_team: str
    owner: str
    seam_status: str  # Pilot / Active
    status: str | None
    contract: str  # 'v2, reviewed 9 Oct 2026'
    metrics: tuple[MetricCell, ...]
    misses: DetailList
    actions: DetailList
    decisions: DetailList
    dependencies: DetailList
    lead_time_by_type: tuple[tuple[str, str], ...] = ()

    def metric(self, key: str) -> MetricCell:
        """The metric with this key."""
        for m in self.metrics:
            if m.key == key:
                return m
        raise KeyError(key)


@dataclass(frozen=True)
class MonthView:
    """All seams for one month, with the Pareto of misses."""

    month: str
    seams: tuple[SeamView, ...]
    metric_keys: tuple[str, ...]
    metric_labels: tuple[str, ...]
    pareto_sentence: str = ""
    total_misses: int = 0

    def counts(self) -> dict[str | None, int]:
        """How many seams are red, amber, green and without status."""
        out: dict[str | None, int] = {"red": 0, "amber": 0, "green": 0, None: 0}
        for s in self.seams:
            out[s.status if s.status in out else None] += 1
        return out


@dataclass(frozen=True)
class LoadResult:
    """One finished check of a workbook for one month."""

    result_id: int
    book_id: int  # the engine's handle on the workbook that was read (for rows, scorecards, annotate)
    path: str
    sha256: str
    signature: tuple  # (size, mtime_ns) of the file that was read
    organization: str
    report_title: str
    paper_size: str
    reporting_month: str | None
    month: str | None
    months: tuple[str, ...]  # months with data, newest first
    findings: tuple[Finding, ...] = ()
    month_view: MonthView | None = None
    month_error: str = ""  # why there are no metrics, in plain words
    checked_at: float = 0.0  # time.time()
    duration: float = 0.0  # seconds the engine spent
    printed_warnings: int = 0  # the warnings the scorecards print (not those about the file, such as 'open in Excel')

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def name(self) -> str:
        """The workbook's file name."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class RowValues:
    """A workbook row as typed, for the Checks view."""

    sheet: str
    row: int
    cells: tuple[tuple[str, str, str], ...]  # (column letter, header, value as shown)
    as_typed: bool = True  # False when the file changed and the values shown are the ones read earlier


@dataclass(frozen=True)
class Failure:
    """Why a request failed.

    kind: 'user' (a TecError: say the message), 'unreadable' (the workbook cannot be read; when it
    was a re-check after a save, the window retries), 'cancelled', 'bug' (our fault: log + details),
    'crashed' (the engine process died).
    """

    kind: str
    message: str
    details: str = ""
    log_path: str = ""
    code: str = ""  # the registry's code of a 'user' or 'unreadable' failure ('check-out-of-date')


@dataclass(frozen=True)
class Progress:
    """A step of a long job."""

    done: int
    total: int
    label: str


@dataclass(frozen=True)
class Files:
    """Files a job wrote."""

    paths: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Review:
    """What the send log says about one message of the plan (tec_desktop.mail.sending.review)."""

    state: str = "never sent"  # 'never sent', 'sent (unchanged)', 'changed since sent', 'unconfirmed', or
    # 'sent (content not recorded)' (sent by an older version)
    when: str = ""  # the last delivery's time, '3 Nov 2026 09:12' ('' when never sent)
    change: str = ""  # 'changed since sent': what changed ('S-04: 2 misses added')
    said: str = ""  # the send log's own sentence ('already sent on 3 Nov 2026 09:12', 'unconfirmed: …')

    @property
    def goes(self) -> bool:
        """Send sends it: never sent, or changed since sent (as a correction)."""
        return self.state in ("never sent", "changed since sent")


@dataclass(frozen=True)
class MessageRow:
    """One planned email, as the Email dialog lists and previews it: as it would go out now."""

    index: int  # position in the plan
    kind: str  # 'pack' or 'owner'
    to_name: str
    to_email: str
    subject: str  # ends in '(corrected)' when it goes as a correction
    attachment_name: str
    size: int  # the PDF's bytes
    encoded_size: int  # about what the email weighs once encoded
    oversize: bool
    last_sent: str = ""  # the send log's blocking word ('already sent on 3 Nov 2026 09:12'), '' when Send sends it
    review: Review = Review()
    sender: str = ""  # 'Operations <ops@example.com>'; '' when the mail service fills it in
    text: str = ""  # the plain-text body, as it goes (with the correction line)
    html: str = ""  # the HTML body
    attachment_path: str = ""


@dataclass(frozen=True)
class MailPreview:
    """Every message of the month before anything is sent."""

    plan_id: int
    month: str
    sender: str
    messages: tuple[MessageRow, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SendOutcome:
    """What happened to one message: 'sent', 'failed', 'skipped', 'unconfirmed', 'not sent' or 'drafted'."""

    index: int
    status: str
    detail: str = ""
    last_sent: str = ""  # the send log's blocking word on this message once this result is in ('' when none)
    review: Review | None = None  # the send log's word on this message once this result is in (None: unchanged)


@dataclass(frozen=True)
class SendSummary:
    """The end of a send or of writing drafts."""

    text: str  # '3 sent, 1 failed, 2 skipped (already sent).'
    stopped: str = ""  # why the run stopped early
    ok: bool = True
    last_sent: tuple[str, ...] | None = None  # per plan message, the send log's word after the run (None: not asked)
    reviews: tuple[Review, ...] | None = None  # per plan message, the send log's review after the run


@dataclass(frozen=True)
class PasswordState:
    """Whether a password is available for a server and user, without the password itself."""

    found: bool
    source: str = ""  # 'environment', 'keyring' or 'session' (typed earlier, kept until the app closes)
    note: str = ""  # why the keyring cannot be used
    keyring: str = ""  # why this computer has no system keyring to keep passwords in ('' when it has one)


@dataclass(frozen=True)
class EngineFacts:
    """What the engine process is, for the self-test and its tests: nothing that varies with the user's data."""

    pid: int
    packages: tuple[str, ...]  # the top-level packages it has imported, sorted ('pandas', 'tec_desktop', …)


@dataclass(frozen=True)
class SignInInfo:
    """Who is signed in to Microsoft 365 or Google Workspace for sending, and where the sign-in is kept."""

    provider: str  # 'Microsoft 365' or 'Google Workspace'
    signed_in: bool
    account: str = ""
    persistent: bool = True  # kept when TEC Desktop closes (False: in memory for this session only)
    storage: str = ""  # where it is kept, in the core's words ('encrypted by Windows for your user account (DPAPI)')
    token_variable: str = ""  # an access token is taken from this environment variable instead of a sign-in
    problem: str = ""  # why signing in cannot start with these settings (no client ID, unreadable client file)
