"""`tec send WORKBOOK ...`: email the month's scorecards, or save them as .eml drafts (spec §5, §6)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from tec_desktop.cli.exit_codes import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK
from tec_desktop.cli.output import checked_workbook, write
from tec_desktop.errors import TecError

DESCRIPTION = """\
Email the month's scorecards: the pack to every active Leadership person on People, each accountable
owner's own PDF to that owner, one message per person and PDF. Or save the same messages as .eml
drafts (--eml-dir) that Outlook opens ready to send (Thunderbird: Message > Edit As New Message).
"""

EPILOG = """\
password:
  With --user, the password is taken from the TEC_SMTP_PASSWORD environment variable, else from the
  system keyring (service tec-desktop/smtp/HOST, user U; store it with: keyring set
  tec-desktop/smtp/HOST U). It is never read from the command line or a file.

sender:
  --from ADDRESS (may be "Name <address>"), else --user when it is an email address. The workbook has
  no sender setting. Drafts may have no sender: the mail program fills in your account.

send log:
  Every message is recorded (month, workbook and PDF SHA-256, recipient, time, result, error) in
  send-log.sqlite3 in the TEC Desktop data folder. A message already sent for the same month,
  recipient and PDF is skipped unless --resend; so after a failure, run the same command again to
  retry only what failed. A send that was interrupted before the server answered counts as sent
  (if it never arrived: --resend --only EMAIL).

exit status:
  0  every message was sent (or skipped as already sent), or the drafts were written
  1  the workbook has errors (listed); nothing was sent
  2  could not do it: bad arguments, unreadable workbook, no password, or an SMTP failure. When the
     server cannot be used at all (connection refused, timeout, certificate, login) one line says why
     and nothing is sent. When single recipients fail, every other message is still sent, each
     failure is listed, and the exit status is 2.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments."""
    from tec_desktop.mail.plan import DEFAULT_MAX_MB
    from tec_desktop.mail.smtp import DEFAULT_TIMEOUT

    parser.description = DESCRIPTION
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("workbook", help="the .xlsx workbook")
    parser.add_argument("--month", help="the month to send, YYYY-MM (default: the Reporting month on Settings)")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--smtp", metavar="HOST[:PORT]", help="send through this mail server")
    how.add_argument("--eml-dir", metavar="DIR", help="save one .eml draft per message in DIR instead of sending")
    parser.add_argument(
        "--security",
        choices=("ssl", "starttls", "none"),
        help="ssl (implicit TLS, port 465), starttls (port 587) or none (a relay, port 25); "
        "default: ssl for port 465, else starttls",
    )
    parser.add_argument("--user", metavar="U", help="log in as U (password: see below)")
    parser.add_argument("--from", dest="sender", metavar="ADDRESS", help="the sender address (default: --user)")
    parser.add_argument(
        "--insecure", action="store_true", help="do not verify the server's certificate (only for a test server)"
    )
    parser.add_argument("--ca-file", metavar="PEM", help="also trust this certificate (your company's own CA)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a silent server after this long (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list every recipient, subject and attachment; send nothing"
    )
    parser.add_argument("--resend", action="store_true", help="send again what the send log says was already sent")
    parser.add_argument(
        "--only", nargs="+", action="extend", metavar="EMAIL", help="send only to these recipients (e.g. to retry one)"
    )
    parser.add_argument(
        "--max-size-mb",
        type=float,
        default=DEFAULT_MAX_MB,
        metavar="MB",
        help=f"warn about emails larger than this once encoded (default {DEFAULT_MAX_MB:g})",
    )
    parser.add_argument("--out", metavar="DIR", help="keep the PDFs in DIR (default: a temporary folder)")


def run(args: argparse.Namespace) -> int:
    """Check, write the PDFs, plan the messages, then list, send or draft them."""
    settings = _smtp_settings(args) if args.smtp else None
    sender = _sender(args)
    checked = checked_workbook(args.workbook, args.month, "before sending the scorecards")
    if checked is None:
        return EXIT_FINDINGS
    book, findings, month = checked
    with _pdf_folder(book, args.out) as folder:
        from tec_desktop.mail.attachments import write_mail_pdfs
        from tec_desktop.mail.plan import plan_messages

        pdfs = write_mail_pdfs(book, month, folder, findings=findings)
        plan = plan_messages(book, pdfs.metrics, pdfs.pack, pdfs.owner_pdfs, sender, max_mb=args.max_size_mb)
        if args.only:
            plan = plan.only(args.only)
        for note in plan.notes:  # part of the preview, not an error
            write(f"note: {note}")
        if not plan.messages:
            raise TecError("nothing-to-send", month=month)
        if args.dry_run:
            return _dry_run(plan, settings, args)
        if settings is None:
            return _drafts(plan, Path(args.eml_dir))
        return _send(plan, settings, args)


def _smtp_settings(args):
    from tec_desktop.mail.smtp import SSL, STARTTLS, SmtpSettings, parse_server

    host, port = parse_server(args.smtp)
    security = args.security or (SSL if port == 465 else STARTTLS)
    if args.timeout <= 0:
        raise TecError("smtp-timeout-invalid")
    if args.ca_file and not Path(args.ca_file).is_file():
        raise TecError("smtp-ca-file-missing", file=args.ca_file)
    return SmtpSettings(
        host,
        port,
        security,
        user=args.user or "",
        verify=not args.insecure,
        ca_file=args.ca_file or "",
        timeout=args.timeout,
    )


def _sender(args) -> str:
    from email.utils import parseaddr

    from tec_desktop.workbook.values import valid_email

    if args.sender:
        if not valid_email(parseaddr(args.sender)[1]):
            raise TecError("sender-invalid", form="option", sender=args.sender)
        return args.sender
    if args.user and valid_email(args.user):
        return args.user
    if args.smtp:
        raise TecError("sender-missing")
    return ""


@contextlib.contextmanager
def _pdf_folder(book, out: str | None):
    """--out when given (kept), else a temporary folder removed afterwards: the emails carry the PDFs."""
    if out:
        from tec_desktop.cli.report import output_folder

        yield output_folder(book, out)
        return
    from tec_desktop.files.temporary import private_folder

    with private_folder("tec-send-") as tmp:  # a killed run's folder goes at the next run
        yield tmp


def _dry_run(plan, settings, args) -> int:
    from tec_desktop.mail.sending import earlier_sends

    earlier_of = earlier_sends(plan.messages) if settings else [None] * len(plan.messages)
    how = f"via {settings.describe()}" if settings else f"as .eml drafts in {args.eml_dir}"
    frm = plan.messages[0].sender or "(your mail program's account)"
    write(f"Dry run for {plan.month}: {len(plan.messages)} message(s) {how}, from {frm}. Nothing is sent.")
    for m, earlier in zip(plan.messages, earlier_of):
        if earlier and not args.resend:
            action = f"skip: {earlier.describe()}"
        elif earlier:
            action = f"send again (--resend): {earlier.describe()}"
        else:
            action = "send" if settings else "draft"
        size = f"{m.attachment_size / 1e6:.1f} MB"
        big = "  (above the size limit)" if m in plan.oversize() else ""
        write(
            f"- {m.to_name} <{m.to_email}> [{m.kind}]: {action}\n"
            f"    subject:    {m.subject}\n"
            f"    attachment: {m.attachment_name} ({size}, sha256 {m.attachment_sha256[:12]}…){big}"
        )
    return EXIT_OK


def _drafts(plan, folder: Path) -> int:
    from tec_desktop.mail.drafts import write_drafts
    from tec_desktop.mail.sending import DRAFTED

    results = write_drafts(plan.messages, folder, on_result=lambda r: write(r.line()))
    failed = [r for r in results if r.status != DRAFTED]
    if failed:
        write(f"tec: {len(failed)} of {len(results)} drafts could not be written.", sys.stderr)
        return EXIT_FAILED
    write(f"{len(results)} draft(s) in {folder}. Open each one in your mail program and press Send.")
    return EXIT_OK


def _send(plan, settings, args) -> int:
    from tec_desktop.mail.passwords import require_password
    from tec_desktop.mail.sending import FAILED, NOT_SENT, SENT, send_messages

    if args.insecure:
        write("warning: --insecure: the server's certificate is not checked.", sys.stderr)
    password = require_password(settings.host, settings.user) if settings.user else None

    def show(result):
        if result.status != NOT_SENT:
            write(result.line(), sys.stderr if result.status == FAILED else sys.stdout)

    report = send_messages(plan.messages, settings, password, resend=args.resend, on_result=show)
    if report.stopped_by is not None and not report.count(SENT) and not report.count(FAILED):
        raise report.stopped_by  # nothing was tried: one line
    write(report.summary())
    if report.stopped:
        write(f"tec: stopped: {report.stopped}", sys.stderr)
    if report.count(FAILED) or report.stopped:
        write("tec: run the same command again to retry; messages already sent are skipped.", sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
