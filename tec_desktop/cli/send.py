"""`tec send WORKBOOK ...`: email the month's scorecards (SMTP, Microsoft 365, Google Workspace), or make drafts
(spec §5, §6)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from tec_desktop.cli.exit_codes import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK
from tec_desktop.cli.output import checked_workbook, write
from tec_desktop.cli.send_ways import EML, MICROSOFT, SMTP, describe, positive_number, prepare, way_of
from tec_desktop.errors import TecError

DESCRIPTION = """\
Email the month's scorecards: the pack to every active Leadership person on People, each accountable
owner's own PDF to that owner, one message per person and PDF. Through Microsoft 365 (--microsoft,
Microsoft Graph), Google Workspace (--google, the Gmail API) or a mail server (--smtp); or as drafts:
in your Outlook mailbox (--microsoft --drafts) or as .eml files (--eml-dir) that classic Outlook opens
ready to send (Thunderbird: Message > Edit As New Message).
"""

EPILOG = """\
sign-in (--microsoft, --google, --smtp ... --auth xoauth2):
  Microsoft 365: your IT registers an app in Microsoft Entra (redirect URI http://localhost, delegated
  permissions Mail.Send and Mail.ReadWrite, or SMTP.Send for --auth xoauth2) and gives you its
  Application (client) ID for --client-id; --tenant is your organization's domain or tenant ID.
  Google Workspace: your admin makes an Internal OAuth client of type Desktop app and gives you its
  JSON file for --client-file. The first send opens your browser to sign in (or --sign-in, which also
  switches accounts); the sign-in is then kept encrypted by the system (Windows DPAPI, the macOS
  Keychain, the Linux keyring), or in memory for this run only where the system has no such store.
  Unattended runs: put an access token in TEC_GRAPH_TOKEN (Microsoft Graph), TEC_GMAIL_TOKEN (Gmail)
  or TEC_SMTP_TOKEN (--auth xoauth2). Tokens are never taken from the command line.

password (--smtp with --user):
  Taken from the TEC_SMTP_PASSWORD environment variable, else from the system keyring (service
  tec-desktop/smtp/HOST, user U; store it with: keyring set tec-desktop/smtp/HOST U). It is never read
  from the command line or a file.

sender:
  --smtp: --from ADDRESS (may be "Name <address>"), else --user when it is an email address.
  --microsoft, --google: the signed-in mailbox; --from another address needs Send As permission.
  .eml drafts may have no sender: the mail program fills in your account.

send log and corrections:
  Every message is recorded (organization, month, recipient, what the PDF says, time, result) in
  send-log.sqlite3 in the TEC Desktop data folder. A scorecard that says the same as the one a person
  already received is skipped, even from a renamed or re-saved workbook; one whose content changed is
  sent as a correction ("(corrected)" in the subject, one line on what changed). --resend sends
  everything again. After a failure, run the same command again: only what did not go is sent.
  A message the server may have received without confirming it (the connection dropped or timed out
  after the whole message was handed over) is "unconfirmed": never sent again on its own. Check with
  the recipient (or in Sent Items), then --confirmed EMAIL (it arrived) or --resend --only EMAIL.

exit status:
  0  every message was sent (or skipped as already sent), or the drafts were made
  1  the workbook has errors (listed); nothing was sent
  2  could not do it: bad arguments, unreadable workbook, no password or sign-in, a failure of the
     mail service, or a message left unconfirmed. When the service cannot be used at all (connection,
     certificate, login, sign-in, permission) one line says why and nothing is sent. When single
     recipients fail, every other message is still sent and each failure is listed.
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
    how.add_argument("--microsoft", action="store_true", help="send through Microsoft 365 (Microsoft Graph)")
    how.add_argument("--google", action="store_true", help="send through Google Workspace (the Gmail API)")
    how.add_argument("--eml-dir", metavar="DIR", help="save one .eml draft per message in DIR instead of sending")

    ms = parser.add_argument_group("Microsoft 365 (--microsoft, or --smtp with --auth xoauth2)")
    ms.add_argument("--client-id", metavar="ID", help="your organization's app registration (Application ID)")
    ms.add_argument("--tenant", metavar="T", help="your organization's domain or tenant ID (default: organizations)")
    ms.add_argument("--drafts", action="store_true", help="create the messages as drafts in Outlook; send nothing")
    ms.add_argument("--graph-url", metavar="URL", help="Microsoft Graph (default https://graph.microsoft.com/v1.0)")
    ms.add_argument("--login-url", metavar="URL", help="Microsoft sign-in (default https://login.microsoftonline.com)")
    google = parser.add_argument_group("Google Workspace (--google, or --smtp with --auth xoauth2)")
    google.add_argument("--client-file", metavar="JSON", help="your organization's OAuth client file (Desktop app)")
    google.add_argument("--gmail-url", metavar="URL", help="the Gmail API (default https://gmail.googleapis.com)")
    parser.add_argument(
        "--sign-in", action="store_true", help="sign in in the browser first (again, or as another account)"
    )
    parser.add_argument(
        "--sign-in-timeout",
        type=positive_number("seconds"),
        default=180.0,
        metavar="SECONDS",
        help="how long the browser sign-in may take (default 180)",
    )

    smtp = parser.add_argument_group("mail server (--smtp)")
    smtp.add_argument(
        "--security",
        choices=("ssl", "starttls", "none"),
        help="ssl (implicit TLS, port 465), starttls (port 587) or none (a relay, port 25); "
        "default: ssl for port 465, else starttls",
    )
    smtp.add_argument("--user", metavar="U", help="log in as U (password or sign-in: see below)")
    smtp.add_argument(
        "--auth",
        choices=("password", "xoauth2"),
        help="log in with a password (default) or a Microsoft 365 / Google sign-in token (xoauth2)",
    )
    smtp.add_argument(
        "--insecure", action="store_true", help="do not verify the server's certificate (only for a test server)"
    )
    smtp.add_argument("--ca-file", metavar="PEM", help="also trust this certificate (your company's own CA)")

    parser.add_argument("--from", dest="sender", metavar="ADDRESS", help="the sender address (default: see below)")
    parser.add_argument(
        "--timeout",
        type=positive_number("seconds"),
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
        "--confirmed",
        nargs="+",
        action="extend",
        metavar="EMAIL",
        help="these recipients did get their unconfirmed message (you checked): count it as sent",
    )
    parser.add_argument(
        "--max-size-mb",
        type=positive_number("megabytes"),
        default=DEFAULT_MAX_MB,
        metavar="MB",
        help=f"warn about emails larger than this once encoded (default {DEFAULT_MAX_MB:g})",
    )
    parser.add_argument("--out", metavar="DIR", help="keep the PDFs in DIR (default: a temporary folder)")


def run(args: argparse.Namespace) -> int:
    """Check, write the PDFs, plan the messages, then list, send or draft them."""
    way = way_of(args)
    if way == SMTP:
        from tec_desktop.cli.send_ways import smtp_settings

        smtp_settings(args)  # a bad server name or certificate file: said before the workbook is read
    sender = _sender(args, way)
    checked = checked_workbook(args.workbook, args.month, "before sending the scorecards")
    if checked is None:
        return EXIT_FINDINGS
    book, findings, month = checked
    if args.dry_run:
        return _plan_and(book, findings, month, args, sender, lambda plan: _dry_run(plan, way, args))
    if way == EML:
        return _plan_and(
            book, findings, month, args, sender, lambda plan: _eml_drafts(plan, Path(args.eml_dir), book.path)
        )
    ready = prepare(args, way)  # signs in before the PDFs are made: a refused sign-in costs nothing
    if not sender and ready.account:
        sender = ready.account  # the signed-in mailbox
    if way == MICROSOFT and args.drafts:
        return _plan_and(book, findings, month, args, sender, lambda plan: _outlook_drafts(plan, ready, args))
    return _plan_and(book, findings, month, args, sender, lambda plan: _send(plan, ready, args))


def _plan_and(book, findings, month: str, args, sender: str, then) -> int:
    """Write the PDFs, plan the messages (notes printed), and hand the plan to `then`."""
    with _pdf_folder(book, args.out) as folder:
        from tec_desktop.mail.attachments import write_mail_pdfs
        from tec_desktop.mail.plan import plan_messages

        pdfs = write_mail_pdfs(book, month, folder, findings=findings)
        plan = plan_messages(
            book, pdfs.metrics, pdfs.pack, pdfs.owner_pdfs, sender, max_mb=args.max_size_mb, findings=findings
        )
        if args.only:
            plan = plan.only(args.only)
        for note in plan.notes:  # part of the preview, not an error
            write(f"note: {note}")
        if not plan.messages:
            raise TecError("nothing-to-send", month=month)
        if args.confirmed and args.dry_run:
            write("note: --confirmed is not recorded in a dry run.")
        elif args.confirmed:
            _confirm(plan, args.confirmed)
        return then(plan)


def _sender(args, way: str) -> str:
    from email.utils import parseaddr

    from tec_desktop.workbook.values import valid_email

    if args.sender:
        if not valid_email(parseaddr(args.sender)[1]):
            raise TecError("sender-invalid", form="option", sender=args.sender)
        return args.sender
    if way == SMTP and args.user and valid_email(args.user):
        return args.user
    if way == SMTP and args.auth != "xoauth2":
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


def _confirm(plan, addresses: list[str]) -> None:
    """--confirmed: the user checked that these recipients' unconfirmed messages arrived."""
    from tec_desktop.mail.sending import review
    from tec_desktop.mail.sendlog import MAYBE_SENT, SendLog

    wanted = {a.strip().lower() for a in addresses}
    log = SendLog()
    done = set()
    for m, status in zip(plan.messages, review(plan.messages, log)):
        if m.to_email.lower() in wanted and status.state == MAYBE_SENT and status.entry is not None:
            log.confirm(status.entry.id)
            done.add(m.to_email.lower())
            write(f"confirmed {m.to_email}  {m.attachment_name}: counts as sent from now on")
    for address in sorted(wanted - done):
        raise TecError("confirmed-nothing-unconfirmed", address=address, month=plan.month)


def _dry_run(plan, way: str, args) -> int:
    from tec_desktop.mail.sending import review
    from tec_desktop.mail.sendlog import CHANGED

    how = f"as .eml drafts in {args.eml_dir}" if way == EML else describe(args, way)
    frm = plan.messages[0].sender or ("(your mail program's account)" if way == EML else "the signed-in mailbox")
    write(f"Dry run for {plan.month}: {len(plan.messages)} message(s) {how}, from {frm}. Nothing is sent.")
    statuses = review(plan.messages)
    verb = "draft" if way == EML or args.drafts else "send"
    counts = {"to send": 0, "corrections": 0, "already sent": 0, "unconfirmed": 0}
    for m, status in zip(plan.messages, statuses):
        if status.blocks and not args.resend:
            action = f"skip: {status.describe()}"
            counts["unconfirmed" if status.entry and status.entry.unconfirmed else "already sent"] += 1
        elif status.blocks:
            action = f"{verb} again (--resend): {status.describe()}"
            counts["to send"] += 1
        elif status.state == CHANGED:
            action = f"{verb} as a correction: {status.describe()}"
            counts["to send"] += 1
            counts["corrections"] += 1
        else:
            action = verb
            counts["to send"] += 1
        size = f"{m.attachment_size / 1e6:.1f} MB"
        big = "  (above the size limit)" if m in plan.oversize() else ""
        write(
            f"- {m.to_name} <{m.to_email}> [{m.kind}]: {action}\n"
            f"    subject:    {m.subject}{' (corrected)' if status.state == CHANGED and not status.blocks else ''}\n"
            f"    attachment: {m.attachment_name} ({size}, sha256 {m.attachment_sha256[:12]}…){big}"
        )
    line = f"{counts['to send']} to {verb}"
    if counts["corrections"]:
        line += f" ({counts['corrections']} as corrections)"
    line += f", {counts['already sent']} already sent"
    if counts["unconfirmed"]:
        line += f", {counts['unconfirmed']} unconfirmed"
    write(line + ".")
    return EXIT_OK


def _eml_drafts(plan, folder: Path, workbook: Path) -> int:
    from tec_desktop.mail.drafts import write_drafts
    from tec_desktop.mail.sending import DRAFTED

    results = write_drafts(plan.messages, folder, on_result=lambda r: write(r.line()), workbook=workbook)
    failed = [r for r in results if r.status != DRAFTED]
    if failed:
        write(f"tec: {len(failed)} of {len(results)} drafts could not be written.", sys.stderr)
        return EXIT_FAILED
    write(f"{len(results)} draft(s) in {folder}. Open each one in your mail program and press Send.")
    return EXIT_OK


def _outlook_drafts(plan, ready, args) -> int:
    from tec_desktop.mail.drafts import create_outlook_drafts
    from tec_desktop.mail.sending import DRAFTED, FAILED, NOT_SENT

    def show(result):
        if result.status != NOT_SENT:
            write(result.line(), sys.stderr if result.status == FAILED else sys.stdout)

    results = create_outlook_drafts(plan.messages, ready.transport, resend=args.resend, on_result=show)
    made = sum(1 for r in results if r.status == DRAFTED)
    stopped = next((r.error for r in results if r.status == NOT_SENT), None)
    if stopped is not None and not made and all(r.status in (FAILED, NOT_SENT) for r in results):
        raise stopped  # nothing could be made: one line
    write(f"{made} draft(s) created in the Drafts folder of {ready.description}. Open each in Outlook and press Send.")
    failed = sum(1 for r in results if r.status in (FAILED, NOT_SENT))
    if failed:
        write(f"tec: {failed} of {len(results)} drafts could not be made.", sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _send(plan, ready, args) -> int:
    from tec_desktop.mail.sending import FAILED, NOT_SENT, SENT, UNCONFIRMED, send_messages

    if args.smtp and args.insecure:
        write("warning: --insecure: the server's certificate is not checked.", sys.stderr)

    def show(result):
        if result.status != NOT_SENT:
            write(result.line(), sys.stderr if result.status in (FAILED, UNCONFIRMED) else sys.stdout)

    report = send_messages(plan.messages, ready.transport, resend=args.resend, on_result=show)
    if report.stopped_by is not None and not any(report.count(s) for s in (SENT, FAILED, UNCONFIRMED)):
        raise report.stopped_by  # nothing was tried: one line
    write(report.summary())
    if report.stopped:
        write(f"tec: stopped: {report.stopped}", sys.stderr)
    unconfirmed = [r.message.to_email for r in report.results if r.status == UNCONFIRMED]
    if unconfirmed:
        write(
            f"tec: {len(unconfirmed)} message(s) unconfirmed: the mail service may have delivered "
            f"{'it' if len(unconfirmed) == 1 else 'them'}. Check with the recipient or in Sent Items, then "
            f"--confirmed {' '.join(unconfirmed)} (it arrived) or --resend --only {' '.join(unconfirmed)}.",
            sys.stderr,
        )
    if report.count(FAILED) or report.stopped:
        write("tec: run the same command again to retry; messages already sent are skipped.", sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED
