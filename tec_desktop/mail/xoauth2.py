"""SMTP AUTH XOAUTH2: logging in to a mail server with an OAuth access token instead of a password.

Exchange Online (token for https://outlook.office.com/SMTP.Send) and Gmail (https://mail.google.com/)
take it on port 587 after STARTTLS. The SASL string is `user=U ^A auth=Bearer T ^A ^A`, base64 on the
AUTH line. A server that refuses the token may first send a 334 with an error (Gmail: base64 JSON);
RFC 7628 says answer it with an empty line, after which the server sends its final 535.
"""

from __future__ import annotations

import smtplib

MECHANISM = "XOAUTH2"


def xoauth2_string(user: str, access_token: str) -> str:
    """The SASL XOAUTH2 initial client response (before base64)."""
    return f"user={user}\x01auth=Bearer {access_token}\x01\x01"


def offers_xoauth2(conn: smtplib.SMTP) -> bool:
    """The server (after EHLO, and STARTTLS where used) offers AUTH XOAUTH2."""
    return MECHANISM in conn.esmtp_features.get("auth", "").upper().split()


def xoauth2_login(conn: smtplib.SMTP, user: str, access_token: str) -> tuple[int, bytes]:
    """AUTH XOAUTH2 on a ready connection; smtplib.SMTPAuthenticationError when refused.

    smtplib calls the auth object with no argument for the initial response (sent on the AUTH line)
    and with the challenge for every 334 after it.
    """
    if not user.isascii():
        # smtplib encodes the response as ASCII; a mailbox name is an address, which Exchange and Gmail keep ASCII.
        raise smtplib.SMTPException("non-ascii user name for XOAUTH2")

    def answer(challenge: bytes | None = None) -> str:
        return xoauth2_string(user, access_token) if challenge is None else ""

    return conn.auth(MECHANISM, answer, initial_response_ok=True)
