"""The core's messages as the desktop app says them: its settings instead of command-line options.

The core (tec_desktop/) words its advice for the `tec` command ("pass --month", "--ca-file",
"set TEC_SMTP_PASSWORD"). The app has no command line: every message the engine hands to the
window goes through `for_app`, which names the app's own controls instead. The CLI's text stays
as it is. No Qt here: the engine process uses it.
"""

from __future__ import annotations

import re

EMAIL_PREFS = "Preferences → Email"

# (pattern, replacement), applied in order; each names the core phrase it rewrites.
_REWORDINGS = (
    # smtp.explain_open_error, certificate not trusted
    (
        re.compile(r"give its certificate \(--ca-file\); skipping the check \(--insecure\)"),
        f"choose its certificate as Trusted certificate file in {EMAIL_PREFS}; turning off "
        "Verify the server's certificate there",
    ),
    # smtp.SmtpSession.open, a login over a plain connection
    (
        re.compile(r"use STARTTLS or SSL \(--security starttls or ssl\)"),
        f"choose STARTTLS or SSL/TLS as Security in {EMAIL_PREFS}",
    ),
    # smtp.SmtpSession.open, no STARTTLS offered
    (
        re.compile(r"Use SSL \(--security ssl, usually port 465\)"),
        f"Choose SSL/TLS as Security in {EMAIL_PREFS} (usually port 465)",
    ),
    # smtp.explain_open_error, SSL to a STARTTLS port
    (
        re.compile(r"it probably expects STARTTLS \(--security starttls, usually port 587\)"),
        f"it probably expects STARTTLS: choose it as Security in {EMAIL_PREFS} (usually port 587)",
    ),
    # smtp (sender refused) and sending.send_messages (no sender)
    (re.compile(r"give a sender address \(--from\)"), f"fill in From in {EMAIL_PREFS}"),
    (re.compile(r" \(--from\)"), f" (From in {EMAIL_PREFS})"),
    # metrics: no data in the month, no reporting month
    (re.compile(r",? or pass --month\."), " or choose another month above."),
    # password.require_password
    (
        re.compile(
            r": set the TEC_SMTP_PASSWORD environment variable, or store it in the system keyring "
            r"\(keyring set [^)]*\)"
        ),
        f": type it in the Password line of the Email window, or in {EMAIL_PREFS}",
    ),
    (
        re.compile(r": set the TEC_SMTP_PASSWORD environment variable"),
        ", so type it in the Password line of the Email window",
    ),
    # password.store_password
    (re.compile(r" Set the TEC_SMTP_PASSWORD environment variable instead\."), ""),
    # anything left: an option in brackets means nothing to an app user
    (re.compile(r" ?\(--[a-z][\w-]*[^()]*\)"), ""),
)


def for_app(text: str) -> str:
    """A core message with command-line advice replaced by the app's settings."""
    for pattern, replacement in _REWORDINGS:
        text = pattern.sub(replacement, text)
    return text
