"""Codes of sending through a web mail service: Microsoft 365 (Microsoft Graph) and Google Workspace (Gmail API).

A message the service may have received without saying so is unconfirmed: never sent again unless the
user says so (--resend on the command line, Send again to selected in the desktop app).
"""

from __future__ import annotations

from tec_desktop.codes.model import Say, failure

_PREFS = "Preferences → Email"
_NOT_SENT = "The message to {recipient} was not sent: "
_COULD_NOT = "Could not send through {service}: "
_NETWORK = " Check the network connection."
_MAYBE = "{service} may have sent the message to {recipient}: "
_HANDED_OVER = " after it was handed over. It is not sent again unless you say so (--resend); look in {sent_folder} to "
_HANDED_OVER_APP = (
    " after it was handed over. It is not sent again unless you choose Send again to selected; look in {sent_folder} "
    "to "
)
_LIMITED = " The rest were not sent: try again later; what was sent is in the send log and is not sent again."
_MS_TOKEN = "Microsoft 365 refused the access token from {origin} ({reply}): "
_MS_SIGN_IN = " Sign in again (--sign-in); check --tenant if your organization uses its own."
_MS_SIGN_IN_APP = f" Sign in again in {_PREFS}; check the tenant there if your organization uses its own."
_NEW_TOKEN = " Put a new token in that variable."
_MS_DENIED = "Microsoft 365 refused ({reply}): the app registration[ {client_id}] is not allowed "
_SEND_PERMISSION = " Your IT must grant it the delegated permission Mail.Send"
_DRAFT_PERMISSION = (
    " Your IT must grant it the delegated permission Mail.ReadWrite (drafts and large attachments need it)"
)
_CONSENT = " (with admin consent where the organization requires it); then "
_GMAIL_DENIED = "Gmail refused to send mail for "
_GMAIL_GRANT = (
    " ({reply}): the sign-in did not grant 'Send email on your behalf' (gmail.send), or your admin does not allow "
    "this app. "
)
_GMAIL_AGAIN = "Sign in again (--sign-in) and allow sending; ask your admin to trust the app if it is blocked."
_GMAIL_AGAIN_APP = f"Sign in again in {_PREFS} and allow sending; ask your admin to trust the app if it is blocked."


def _maybe(what: str) -> Say:
    """web-maybe-sent with what happened after the message was handed over."""
    return Say(_MAYBE + what + _HANDED_OVER + "check.", app=_MAYBE + what + _HANDED_OVER_APP + "check.")


def _denied(doing: str, permission: str) -> Say:
    """graph-permission for `doing` ('to send mail for {account}') and the permission that needs."""
    text = _MS_DENIED + doing + "." + permission + _CONSENT
    return Say(text + "sign in again (--sign-in).", app=text + f"sign in again in {_PREFS}.")


def _gmail_denied(whom: str) -> Say:
    return Say(
        _GMAIL_DENIED + whom + _GMAIL_GRANT + _GMAIL_AGAIN, app=_GMAIL_DENIED + whom + _GMAIL_GRANT + _GMAIL_AGAIN_APP
    )


SERVICES = (
    failure(
        "web-address-invalid",
        "Not a web address",
        "{option} '{text}' is not a web address: give one like {example}.",
        forms={
            "query": "{option} '{text}' has a '?' or '#' part: give the address alone, like {example}.",
            "unencrypted": "{option} {text} is not encrypted (http://): sign-in tokens and scorecards go only to "
            "https:// addresses (plain http:// only to this computer, for a test).",
        },
    ),
    failure(
        "web-unreachable",
        "Mail service unreachable",
        _COULD_NOT + "{host} could not be reached ({reason})." + _NETWORK,
        forms={
            "certificate": _COULD_NOT + "the secure connection to {host} could not be verified ({reason}). If your "
            "company checks web traffic with its own certificate, set REQUESTS_CA_BUNDLE to that certificate's file.",
            "connect-timeout": _COULD_NOT + "{host} could not be reached within {timeout:g} s." + _NETWORK,
            "proxy": _COULD_NOT + "the proxy refused the connection to {host} ({reason})." + _NETWORK,
            "call": _COULD_NOT + "{host} could not be called ({reason})." + _NETWORK,
        },
    ),
    failure(
        "web-maybe-sent",
        "Message handed over, no answer",
        _maybe("{host} did not answer within {timeout:g} s").text,
        app=_maybe("{host} did not answer within {timeout:g} s").app,
        forms={"lost": _maybe("the connection to {host} was lost ({reason})")},
    ),
    failure(
        "web-answered-after-send",
        "Service failed after the hand-over",
        "{service} answered ({reply}) after the message to {recipient} was handed over: it may have been sent. It is "
        "not sent again unless you say so (--resend); look in {sent_folder} to check.",
        app="{service} answered ({reply}) after the message to {recipient} was handed over: it may have been sent. "
        "It is not sent again unless you choose Send again to selected; look in {sent_folder} to check.",
    ),
    failure(
        "web-not-sent",
        "No answer before the hand-over",
        _NOT_SENT + "{host} did not answer within {timeout:g} s.",
        forms={
            "lost": _NOT_SENT + "the connection to {host} was lost ({reason}).",
            "preparing": _NOT_SENT + "{host} did not answer within {timeout:g} s while preparing it.",
            "preparing-lost": _NOT_SENT + "the connection to {host} was lost ({reason}) while preparing it.",
        },
    ),
    failure("web-message-refused", "Message not taken", "{service} did not take the message to {recipient} ({reply})."),
    failure("web-too-large", "Message too large", "The message to {recipient} is too large for {service} ({reply})."),
    # ---------------------------------------------------------------- Microsoft 365 (Microsoft Graph)
    failure(
        "graph-token-refused",
        "Microsoft 365 refused the token",
        _MS_TOKEN + "it has expired." + _MS_SIGN_IN,
        app=_MS_TOKEN + "it has expired." + _MS_SIGN_IN_APP,
        forms={
            "audience": Say(
                _MS_TOKEN + "the sign-in is for another tenant or app." + _MS_SIGN_IN,
                app=_MS_TOKEN + "the sign-in is for another tenant or app." + _MS_SIGN_IN_APP,
            ),
            "env": _MS_TOKEN + "it has expired." + _NEW_TOKEN,
            "env-audience": _MS_TOKEN + "the sign-in is for another tenant or app." + _NEW_TOKEN,
        },
    ),
    failure(
        "graph-send-as-denied",
        "Send As refused",
        "Microsoft 365 refused to send as that address ({reply}): leave out --from (your own mailbox is the sender), "
        "or ask your IT for Send As permission on that mailbox.",
        app=f"Microsoft 365 refused to send as that address ({{reply}}): leave From empty in {_PREFS} (your own "
        "mailbox is the sender), or ask your IT for Send As permission on that mailbox.",
    ),
    failure(
        "graph-permission",
        "Microsoft 365 permission missing",
        _denied("to send mail for {account}", _SEND_PERMISSION).text,
        app=_denied("to send mail for {account}", _SEND_PERMISSION).app,
        forms={
            "anonymous": _denied("to send mail for this account", _SEND_PERMISSION),
            "drafts": _denied("to create drafts for {account}", _DRAFT_PERMISSION),
            "drafts-anonymous": _denied("to create drafts for this account", _DRAFT_PERMISSION),
        },
    ),
    failure(
        "graph-no-mailbox",
        "No Exchange Online mailbox",
        "Microsoft 365 found no Exchange Online mailbox for {account} ({reply}): sign in with the account whose "
        "mailbox sends the scorecards.",
        forms={
            "anonymous": "Microsoft 365 found no Exchange Online mailbox for the signed-in account ({reply}): sign in "
            "with the account whose mailbox sends the scorecards.",
        },
    ),
    failure(
        "graph-not-found",
        "No Microsoft Graph at the address",
        "{url} has no Microsoft Graph mail service ({reply}): check --graph-url (for example "
        "https://graph.microsoft.com/v1.0).",
        app="{url} has no Microsoft Graph mail service ({reply}): check the Microsoft Graph address (for example "
        "https://graph.microsoft.com/v1.0).",
    ),
    failure(
        "graph-throttled",
        "Microsoft 365 limiting the sending",
        "Microsoft 365 is limiting how fast this account sends ({reply}).[ It asked to wait {retry_after:g} s.]"
        + _LIMITED,
    ),
    failure(
        "graph-upload-incomplete",
        "Attachment not taken whole",
        "Microsoft 365 did not take the whole attachment for {recipient}; nothing was sent.",
    ),
    # ---------------------------------------------------------------- Google Workspace (Gmail API)
    failure(
        "gmail-token-refused",
        "Google refused the token",
        "Google refused the access token from {origin} ({reply}): it has expired or was revoked. Sign in again "
        "(--sign-in).",
        app=f"Google refused the access token from {{origin}} ({{reply}}): it has expired or was revoked. Sign in "
        f"again in {_PREFS}.",
        forms={
            "env": "Google refused the access token from {origin} ({reply}): it has expired or was revoked."
            + _NEW_TOKEN
        },
    ),
    failure(
        "gmail-throttled",
        "Gmail limiting the sending",
        "Gmail is limiting how much this account sends ({reply})." + _LIMITED,
    ),
    failure(
        "gmail-api-disabled",
        "Gmail API not turned on",
        "Gmail refused ({reply}): the Gmail API is not turned on for your OAuth client's Google Cloud project. Your "
        "Google Workspace admin turns it on (APIs & Services > Library > Gmail API > Enable).",
    ),
    failure(
        "gmail-permission",
        "Gmail permission missing",
        _gmail_denied("{account}").text,
        app=_gmail_denied("{account}").app,
        forms={"anonymous": _gmail_denied("this account")},
    ),
    failure(
        "gmail-not-found",
        "No Gmail API at the address",
        "{url} has no Gmail API ({reply}): check --gmail-url.",
        app="{url} has no Gmail API ({reply}): check the Gmail address.",
    ),
    failure(
        "gmail-too-large",
        "Message too large for Gmail",
        "The message to {recipient} is {size:.1f} MB once encoded; Gmail takes at most {limit:.1f} MB. Make the PDF "
        "smaller (fewer seams per owner) or send it another way.",
    ),
    failure(
        "gmail-upload-not-started",
        "Gmail upload not started",
        "Gmail did not start the upload of the message to {recipient}; not sent.",
    ),
)
