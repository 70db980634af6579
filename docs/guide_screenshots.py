"""Take the user guide's own pictures (docs/guide-*.png).

Run: `xvfb-run -a .venv/bin/python docs/guide_screenshots.py docs/`.

The window pictures come from the real app, as ui/screenshots.py takes them (same sample, same size,
settings and logs in a temporary folder). The email pictures send through a real SMTP relay started
here on localhost (aiosmtpd, a test dependency) that refuses one address, so the results and the
send log are the app's own. Passwords go to an in-memory keyring backend installed for this run only.
The workbook pictures (the template's README sheet, the annotated copy) are LibreOffice's print of
the files the app wrote: `libreoffice --headless --convert-to pdf`, then `pdftoppm`, cropped.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


REFUSED = "ana.petrova@example.com"  # the relay answers 550 for this one
EMAIL_SIZE = (1440, 860)


def relay(port: int):
    """A plain SMTP relay on localhost that accepts every message except those to REFUSED."""
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() == REFUSED:
                return "550 5.1.1 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            return "250 2.0.0 Message accepted"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port, ready_timeout=5.0)
    controller.start()
    return controller


def free_port() -> int:
    """2525 (a relay's usual test port, tidy in the picture) when free, else any free port."""
    for port in (2525, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError("no free port")


# ---------------------------------------------------------------------------- workbook prints
def print_pages(xlsx: Path, scratch: Path) -> Path:
    """The workbook as LibreOffice prints it (every sheet)."""
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{scratch / 'lo-profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(scratch),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return scratch / f"{xlsx.stem}.pdf"


def page_with(pdf: Path, *words: str, without: tuple[str, ...] = ()) -> int:
    """The first page whose text holds every word and none of `without`."""
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if all(w in text for w in words) and not any(w in text for w in without):
            return page
    raise LookupError(f"no page of {pdf.name} holds {words}")


def page_png(pdf: Path, page: int, out: Path, dpi: int = 90, keep: float = 1.0) -> None:
    """One page as PNG, cropped to its printed content (the top `keep` share of it)."""
    from PIL import Image, ImageOps

    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    image = Image.open(out).convert("RGB")
    box = ImageOps.invert(image).getbbox()
    if box:
        left, top, right, bottom = box
        bottom = top + int((bottom - top) * keep)
        pad = 12
        image = image.crop(
            (max(left - pad, 0), max(top - pad, 0), min(right + pad, image.width), min(bottom + pad, image.height))
        )
    image.save(out)
    print(out)


# ---------------------------------------------------------------------------- the window
def with_warnings(src: Path, dst: Path) -> Path:
    """The mistakes of ui/screenshots.py plus a few that are warnings, not errors."""
    import datetime as dt

    import openpyxl

    from ui.screenshots import with_mistakes

    with_mistakes(src, dst)
    wb = openpyxl.load_workbook(dst)

    def col(ws, header):
        return next(c.column_letter for c in ws[1] if str(c.value).strip().casefold() == header.casefold())

    ho = wb["Handoffs"]
    ho[f"{col(ho, 'Reworked')}7"] = "Yes"
    ho[f"{col(ho, 'Rework reason')}7"] = None
    mi = wb["Misses"]
    mi[f"{col(mi, 'Date')}6"] = dt.datetime(2062, 10, 6)
    wb.save(dst)
    return dst


class WebFakes:
    """Microsoft's and Google's sign-in pages played on this computer by the test suite's fakes (tests/), with the
    browser a command that signs in there ($BROWSER): the app's own sign-in runs for real against them."""

    def __init__(self, scratch: Path):
        tests = ROOT / "tests"
        if str(tests) not in sys.path:
            sys.path.insert(0, str(tests))
        from signin_browser import BrowserCommand

        from fake_entra import FakeEntra
        from fake_google import FakeGoogle
        from loopback import server_tls_context
        from smtp_server import make_certificate

        cert, key = make_certificate(scratch)
        tls = server_tls_context(cert, key)
        os.environ["REQUESTS_CA_BUNDLE"] = str(cert)
        os.environ["NO_PROXY"] = "127.0.0.1,localhost"
        self.browser = BrowserCommand(scratch / "browser", str(cert))
        os.environ["BROWSER"] = str(self.browser.path)
        self.entra = FakeEntra(tls, tenant="northwind.example", user="ops@northwind.example").start()
        self.google = FakeGoogle(tls, user="ops@northwind.example").start()
        self.client_file = scratch / "client_secret_tec.json"
        self.client_file.write_text(json.dumps(self.google.client_config()))

    def stop(self) -> None:
        self.entra.stop()
        self.google.stop()


def sign_ins(app, window, web: WebFakes, grab) -> None:
    """Preferences → Email for Microsoft 365 (waiting for the browser, then signed in) and Google Workspace."""
    from ui.screenshots import wait

    window.show_preferences("email")
    prefs = window.preferences_dialog
    email = prefs.email
    email.choose("microsoft")
    ms = email.microsoft
    ms.fields["client_id"].setText(web.entra.client_id)
    ms.fields["tenant"].setText(web.entra.tenant)
    ms.fields["login_url"].setText(web.entra.base_url)
    ms.control.refresh()
    wait(app, lambda: ms.control.sign_in_button.isVisible())
    grab(prefs, "preferences-microsoft", 0.6)
    web.browser.away()
    ms.control.sign_in()
    wait(app, lambda: ms.control.status.text().startswith("Waiting"))
    grab(prefs, "preferences-signing-in", 0.6)
    ms.control.cancel()
    wait(app, lambda: ms.control.sign_in_button.isVisible())
    web.browser.away(False)
    ms.control.sign_in()
    wait(app, lambda: ms.control.sign_out_button.isVisible(), 60)
    ms.more.setChecked(False)  # the fake's address: not what a user types
    grab(prefs, "preferences-signed-in", 0.6)
    email.choose("google")
    google = email.google
    google.fields["client_file"].setText(str(web.client_file))
    google.fields["gmail_url"].setText(web.google.base_url)
    google.control.refresh()
    wait(app, lambda: google.control.sign_in_button.isVisible())
    google.control.sign_in()
    wait(app, lambda: google.control.sign_out_button.isVisible(), 60)
    google.more.setChecked(False)
    google.fields["client_file"].setText("/home/alex/Downloads/client_secret_tec-desktop.json")  # shown, not used
    grab(prefs, "preferences-google", 0.6)
    prefs.reject()


def add_a_miss(app, window, path: Path, shown: list) -> None:
    """One more October miss on S-04, saved as Excel saves; returns once the window checked it again."""
    import datetime as dt

    import openpyxl

    from ui.screenshots import wait

    wb = openpyxl.load_workbook(path)
    wb["Misses"].append(
        [
            "M-999",
            dt.datetime(2026, 10, 28),
            "S-04",
            "Missed commitment",
            "The route-planning release slipped a second time",
            "Cost",
            "Medium",
            "Acceptance criteria missing",
        ]
    )
    tmp = path.with_name("~$" + path.name)
    wb.save(tmp)
    before = len(shown)
    os.replace(tmp, path)
    wait(app, lambda: len(shown) > before)


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else ROOT / "docs").resolve()
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="tec-guide-"))
    os.environ["TEC_DATA_DIR"] = str(scratch / "data")
    os.environ["HOME"] = str(scratch / "home")
    os.environ["PYTHON_KEYRING_BACKEND"] = "tec_desktop.mail.passwords.MemoryKeyring"  # the engine process imports it
    sys.path.insert(0, str(Path(__file__).resolve().parent))

    # The template's README sheet, as printed.
    template = scratch / "Seam workbook.xlsx"
    subprocess.run(
        [sys.executable, "-m", "tec_desktop.cli.main", "template", str(template)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    printing = shutil.which("libreoffice") is not None
    if printing:
        readme = print_pages(template, scratch)
        page_png(readme, 1, out / "guide-template-readme.png", dpi=100, keep=0.62)
    else:
        print("LibreOffice is not installed: the workbook prints are kept as they are")

    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    web = WebFakes(scratch)  # before the window: its engine process inherits the certificate and the browser
    from ui.app import create_application
    from ui.engine.requests import StorePassword
    from ui.main_window import CHECKS, SCORECARDS, MainWindow
    from ui.screenshots import SAMPLE, SIZE, settle, wait

    app = create_application(["tec-desktop"])
    window = MainWindow()
    docs_folder = scratch / "home" / "Documents"
    window.store.set_output_folder(docs_folder / "TEC Scorecards")
    window.resize(*SIZE)
    window.show()
    shown = []
    window.result_shown.connect(shown.append)
    settle(app, 1.0)

    def grab(widget, name: str, seconds: float = 0.5) -> None:
        settle(app, seconds)
        path = out / f"guide-{name}.png"
        widget.grab().save(str(path))
        print(path)

    work = docs_folder / "Seam reviews"
    work.mkdir(parents=True)

    # An unreadable file: the message the user sees.
    locked = work / "Seams 2026 (protected).xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600)
    window.open_path(locked)
    wait(app, lambda: any(w.objectName() == "errorDialog" and w.isVisible() for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "errorDialog" and w.isVisible())
    grab(dialog, "open-error")
    dialog.reject()

    # Errors and warnings: the Scorecards view refuses, the annotated copy shows them.
    broken = with_warnings(SAMPLE, work / "October seams.xlsx")
    window.open_path(broken)
    wait(app, lambda: shown)
    window.show_view(SCORECARDS)
    grab(window, "scorecards-blocked")
    window.show_view(CHECKS)
    table = window.checks.table
    for row in range(table.model().rowCount()):
        if table.model().index(row, 0).data() == "Warning":
            table.selectionModel().setCurrentIndex(
                table.model().index(row, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
            )
            break
    wait(app, lambda: window.checks.row_model.rowCount() > 0)
    grab(window, "checks-warning")
    annotated = work / "October seams (annotated).xlsx"
    window.outputs.write_annotated_copy(annotated)
    wait(app, lambda: annotated.exists() and not window.jobs.running("annotate"))
    for w in QApplication.topLevelWidgets():  # 'Annotated copy saved': its text shows this run's temporary path
        if w.isVisible() and w.windowTitle() == "Annotated copy saved":
            w.close()
    if printing:
        pdf = print_pages(annotated, scratch)
        page_png(pdf, 1, out / "guide-annotated-issues.png", dpi=110)
        cells = page_with(pdf, "Item ID", "Submitted", "next Tuesday", without=("Required", "Annotated copy of"))
        page_png(pdf, cells, out / "guide-annotated-cells.png", dpi=110, keep=0.45)

    # Preferences, both tabs, with a mail server set up and its password remembered.
    window.store.set_smtp(
        host="smtp.northwind.example",
        port=587,
        security="starttls",
        user="ops@northwind.example",
        sender="Operations <ops@northwind.example>",
    )
    window.engine.request(StorePassword("smtp.northwind.example", "ops@northwind.example", "not-a-real-password"))
    # The folder field shows a full path: show a user's, not this run's temporary one.
    real_output = window.store.output_folder()
    window.store.set_output_folder("/home/alex/Documents/TEC Scorecards")
    window.show_preferences()
    prefs = window.preferences_dialog
    window.store.set_output_folder(real_output)
    grab(prefs, "preferences")
    prefs.tabs.setCurrentWidget(prefs.email)
    prefs.email.choose("smtp")
    prefs.email.lookup_password()
    grab(prefs, "preferences-email", 1.0)
    prefs.reject()

    # Microsoft 365 and Google Workspace: the sign-in, waiting for the browser, then signed in.
    sign_ins(app, window, web, grab)

    # Generate, then email through the local relay: one address refused; then the re-send question.
    sample = work / "sample.xlsx"
    shutil.copy(SAMPLE, sample)
    shown.clear()
    window.open_path(sample)
    wait(app, lambda: shown)
    done = []
    window.scorecards_finished.connect(done.append)
    window.outputs.generate_scorecards()
    wait(app, lambda: done)
    port = free_port()
    server = relay(port)
    try:
        window.store.set_mail_way("smtp")
        window.store.set_smtp(
            host="localhost", port=port, security="none", user="", sender="Operations <ops@northwind.example>"
        )
        window.email_scorecards()
        mail = window.email_dialog
        wait(app, lambda: mail.preview is not None)
        mail.resize(*EMAIL_SIZE)  # the window's own size on a screen 1530 pixels wide or more
        mail.send_new()
        wait(app, lambda: mail.summary is not None)
        failed = next(r for r in range(mail.model.rowCount()) if mail.model.message(r).to_email == REFUSED)
        mail.table.selectRow(failed)
        grab(mail, "email-sent", 0.8)
        mail.table.selectRow(0)
        mail.confirm_resend()
        grab(mail.confirm_box, "email-resend")
        mail.confirm_box.reject()
        mail.reject()

        # A miss recorded late on S-04: the workbook is saved, the Email window offers Generate now, and the
        # corrections go only to the seam's owner and the leadership team.
        add_a_miss(app, window, sample, shown)
        window.email_scorecards()
        mail = window.email_dialog
        mail.resize(*EMAIL_SIZE)
        grab(mail, "email-stale", 0.6)
        mail.generate_now()
        wait(app, lambda: mail.preview is not None)
        owner = next(
            r
            for r in range(mail.model.rowCount())
            if mail.model.message(r).kind == "owner" and mail.model.message(r).review.state == "changed since sent"
        )
        mail.table.selectRow(owner)
        grab(mail, "email-corrections", 0.8)
        mail.reject()
    finally:
        server.stop()
    window.close()
    web.stop()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
