"""What the window can ask the engine: one small frozen record per request, answered as its docstring says.

ui/engine/table.py says which function answers each record, on which worker, and what it streams on
the way; the window sends a record with `engine.request(...)` and follows the reply it gets back.
Records hold plain values only: they are pickled to the engine process. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Load:
    """Read, check and compute a workbook: a LoadResult, its findings streamed in chunks on the way."""

    path: str
    month: str | None = None  # None: the workbook's Reporting month


@dataclass(frozen=True)
class Recheck:
    """Check a workbook already read for another month: a LoadResult, as Load."""

    book_id: int
    month: str | None = None


@dataclass(frozen=True)
class ReadRow:
    """The cells of one workbook row, as typed: RowValues."""

    book_id: int
    sheet: str
    row: int


@dataclass(frozen=True)
class WriteScorecards:
    """The pack and the per-owner PDFs: Progress on the way, then Files (the pack first)."""

    book_id: int
    month: str
    out_dir: str
    paper: str = "workbook"  # 'A4', 'Letter', or 'workbook' for the Settings sheet's Paper size
    per_owner: bool = True


@dataclass(frozen=True)
class WriteAnnotatedCopy:
    """A copy of the workbook with the problem cells coloured and commented: Files (the copy)."""

    book_id: int
    month: str | None
    out_path: str


@dataclass(frozen=True)
class WriteTemplate:
    """The blank template (or the filled-in sample) saved as `path`: Files (that path)."""

    path: str
    sample: bool = False


@dataclass(frozen=True)
class PlanMail:
    """The month's messages for PDFs already written: a MailPreview (its plan_id names the plan later).

    `way` and `service` say how they will go (see SendMail): with a sign-in, the signed-in mailbox is the
    sender when `sender` is empty."""

    book_id: int
    month: str
    paths: tuple[str, ...]
    sender: str = ""
    way: str = "smtp"
    service: dict | None = None


@dataclass(frozen=True)
class SendMail:
    """Send a plan's messages (all when `indices` is None): a SendOutcome streamed per message, then a SendSummary.

    `way`: 'smtp' (the `smtp` values, a password), 'microsoft' or 'google' (`service`: the sign-in's settings,
    ui.engine.mail_ways). Without `resend`, what the send log says was sent (or may have been) is skipped."""

    plan_id: int
    smtp: dict  # the Preferences' mail server values (host, port, security, user, verify, ca_file)
    indices: tuple[int, ...] | None = None
    password: str | None = None  # typed in the Email window; else the environment, keyring or session
    resend: bool = False
    way: str = "smtp"
    service: dict | None = None  # Microsoft 365: client_id, tenant, login_url, graph_url; Google: client_file…


@dataclass(frozen=True)
class SaveDrafts:
    """One .eml draft per message in `folder`: a SendOutcome streamed per message, then a SendSummary."""

    plan_id: int
    folder: str
    indices: tuple[int, ...] | None = None


@dataclass(frozen=True)
class CreateOutlookDrafts:
    """The messages as drafts in the signed-in Microsoft 365 mailbox: a SendOutcome per message, then a SendSummary.

    A draft of the same content made before is not made again unless `resend`."""

    plan_id: int
    service: dict
    indices: tuple[int, ...] | None = None
    resend: bool = False


@dataclass(frozen=True)
class ConfirmReceived:
    """The user checked that these unconfirmed messages arrived: they count as sent. A SendSummary."""

    plan_id: int
    indices: tuple[int, ...]


@dataclass(frozen=True)
class FindSignIn:
    """Who is signed in for this way ('microsoft' or 'google') and these settings, without the network: SignInInfo."""

    way: str
    service: dict


@dataclass(frozen=True)
class SignIn:
    """Sign in in the system browser (waits for the user up to `timeout` s; Cancel stops waiting): SignInInfo."""

    way: str
    service: dict
    timeout: float = 180.0
    window_handle: int | None = None  # the window to place the Windows sign-in broker over


@dataclass(frozen=True)
class SignOut:
    """Forget the sign-in for this way and these settings: SignInInfo."""

    way: str
    service: dict


@dataclass(frozen=True)
class CheckConnection:
    """Connect, encrypt and log in without sending: one line that says so."""

    smtp: dict
    password: str | None = None


@dataclass(frozen=True)
class FindPassword:
    """Whether a password is there for this server and user: a PasswordState (never the password)."""

    host: str
    user: str


@dataclass(frozen=True)
class StorePassword:
    """Keep a password in the system keyring (without one, until the app closes): a PasswordState."""

    host: str
    user: str
    password: str


@dataclass(frozen=True)
class ForgetPassword:
    """Drop the stored (or kept) password: a PasswordState."""

    host: str
    user: str


@dataclass(frozen=True)
class DescribeEngine:
    """What the engine process is: EngineFacts (its process id and the packages it has imported)."""
