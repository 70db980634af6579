"""Codes only the desktop app says: its engine's requests that outlived what they were about."""

from __future__ import annotations

from tec_desktop.codes.model import INFO, failure

ENGINE = (
    failure(
        "check-out-of-date",
        "Check out of date",
        "That check is out of date; the workbook is being checked again. Try again in a moment.",
    ),
    failure(
        "plan-out-of-date",
        "List of messages out of date",
        "This list of messages is out of date. Close the Email window and open it again.",
    ),
    failure(
        "mail-server-missing",
        "No mail server set",
        "No mail server is set. Enter it in Preferences → Email (for example smtp.example.com).",
    ),
    failure(
        "sign-in-cancelled",
        "Sign-in cancelled",
        "The sign-in to {provider} was cancelled. If the browser still shows its sign-in page, close it.",
        severity=INFO,
    ),
)
