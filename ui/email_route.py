"""How the Email window's messages go, in one line, and what keeps Send from being ready (no Qt).

The way chosen in Preferences → Email: Microsoft 365 or Google Workspace (who is signed in), a mail
server (its name, security in words — never '(NONE)' — and login), or .eml drafts; or nothing yet.
"""

from __future__ import annotations

from ui.engine.results import SignInInfo

SECURITY_WORDS = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": "no encryption: a relay on the company network"}
SERVICES = {"microsoft": "Microsoft 365", "google": "Google Workspace"}
NOT_SET_UP = (
    "How to send is not set up yet: choose Microsoft 365, Google Workspace or a mail server in Email settings — "
    "or save the messages as drafts."
)
DRAFTS = (
    "Drafts: Save as drafts writes one .eml file per message, which your mail program opens ready to send. "
    "To send from TEC Desktop, choose Microsoft 365, Google Workspace or a mail server in Email settings."
)


def smtp_route(smtp: dict, sender: str) -> str:
    """'From Ops <ops@example.com> via smtp.example.com:587 (STARTTLS, logged in as ops@example.com).'"""
    if not smtp["host"]:
        return "No mail server is set up: save the messages as drafts, or set up the server in Email settings."
    port = f":{smtp['port']}" if smtp["port"] else ""
    parts = [SECURITY_WORDS.get(smtp["security"], smtp["security"])]
    if smtp["user"]:
        parts.append(f"logged in as {smtp['user']}")
    if not smtp["verify"] and smtp["security"] != "none":
        parts.append("certificate not checked")
    who = sender or "(no sender address: set From in Email settings)"
    return f"From {who} via {smtp['host']}{port} ({', '.join(parts)})."


def sign_in_route(way: str, info: SignInInfo | None) -> str:
    """'From ops@contoso.com through Microsoft 365; kept in its Sent Items.', or why it cannot send yet."""
    service = SERVICES[way]
    if info is None:
        return f"Through {service}: looking up the sign-in…"
    if info.token_variable:
        return f"Through {service}, with the access token in {info.token_variable}."
    if info.problem:
        return f"Through {service}: {info.problem}"
    if not info.signed_in:
        return f"Through {service}: not signed in yet. Sign in to send (your browser opens once)."
    kept = " Sent messages are kept in its Sent Items." if way == "microsoft" else ""
    return f"From {info.account} through {service}.{kept}"


def sign_in_blocker(way: str, info: SignInInfo | None) -> str:
    """Why Send waits ('' when it need not)."""
    service = SERVICES[way]
    if info is None:
        return f"Looking up the {service} sign-in…"
    if info.token_variable or info.signed_in:
        return ""
    if info.problem:
        return info.problem
    return f"Sign in to {service} first (Sign in…, above)"


def smtp_blocker(smtp: dict, password: str) -> str:
    """Why Send waits with a mail server ('' when it need not); `password`: 'unknown' while the engine looks for
    a stored one, what to type when none is there, '' when one is."""
    if not smtp["host"]:
        return "Set up the mail server first (Email settings)"
    if smtp["user"] and smtp["security"] == "none":
        return "A login needs STARTTLS or SSL/TLS: change Security in Email settings"
    if password == "unknown":
        return "Looking for the stored password…"
    return password
