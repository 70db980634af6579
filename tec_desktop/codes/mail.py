"""Codes of email: the plan of messages, the mail server (SMTP), passwords and the send log.

The command line names its options (--from, --security); the desktop app names its own controls
(Preferences → Email, the Email window) instead. Signing in and the web mail services (Microsoft 365,
Gmail) are in codes.signin and codes.services.
"""

from __future__ import annotations

from tec_desktop.codes.model import INFO, Say, failure

_PREFS = "Preferences → Email"
_PORTS = (
    "Check the server name, the port and the security setting (SSL usually port 465, STARTTLS 587, no encryption 25)."
)
_NOT_CONFIRMED = "the server did not confirm the message, so it counts as not sent."
_LOGIN_REFUSED = "The server refused the login for {user} ({reply}): "
_NO_PASSWORD = "No password for {user} on {host}: "
_TYPE_IT = "type it in the Password line of the Email window"
_NOT_STORED = "Cannot remember the password: "
_KEPT = " TEC Desktop keeps it until it is closed."  # the app keeps a password no keyring took for the session
_MOVE_IT = (
    "Move it to another folder; TEC Desktop then starts a new, empty log and can no longer tell what was sent before."
)
_SIGN_IN_REFUSED = "The server refused the sign-in for {user} ({reply}): "
_RECEIVED = "{server} received the whole message to {recipient}, but "
_MAY_HAVE_ARRIVED = " before it confirmed it: it may have arrived. It is not sent again unless you say so (--resend)."
_MAY_HAVE_ARRIVED_APP = (
    " before it confirmed it: it may have arrived. It is not sent again unless you choose Send again to selected."
)


def _unconfirmed(what: str) -> Say:
    """smtp-unconfirmed, with what happened instead of the confirmation."""
    return Say(_RECEIVED + what + _MAY_HAVE_ARRIVED, app=_RECEIVED + what + _MAY_HAVE_ARRIVED_APP)


PLAN = (
    failure(
        "sender-missing",
        "No sender",
        "Say who the email is from: --from ADDRESS (the workbook has no sender setting).",
        app=f"Say who the email is from: fill in From in {_PREFS}.",
    ),
    failure(
        "sender-invalid",
        "Sender not an email address",
        "'{sender}' is not an email address to send from.",
        forms={"option": Say("--from '{sender}' is not an email address.", app="'{sender}' is not an email address.")},
    ),
    failure(
        "recipients-unknown",
        "No message for these recipients",
        "No message for {addresses} in the plan for {month}; the recipients are the active Leadership people "
        "and the accountable owners.",
    ),
    failure(
        "nothing-to-send",
        "Nobody to send to",
        "Nothing to send for {month}: no recipient (see the notes above).",
    ),
    failure("scorecard-unreadable", "Scorecard cannot be read", "Cannot read the scorecard {path}: {reason}."),
    failure(
        "scorecard-changed",
        "Scorecard changed since the preview",
        "{name} changed after the preview was made; make the preview again.",
    ),
    failure(
        "scorecards-unmatched",
        "Scorecards that match no owner",
        "Cannot tell which scorecard belongs to which owner ({files}). Write the scorecards again; nothing was sent.",
    ),
    failure(
        "send-cancelled",
        "Sending cancelled",
        "Cancelled: the remaining messages were not sent.",
        severity=INFO,
    ),
)

SERVER = (
    failure("smtp-security-unknown", "Unknown security", "Unknown security '{security}': use ssl, starttls or none."),
    failure(
        "smtp-server-invalid",
        "Not a mail server name",
        "'{text}' is not a mail server: give a name like smtp.example.com or smtp.example.com:587.",
    ),
    failure("smtp-certificate-file", "Certificate file unusable", "Cannot use the certificate file {file}: {reason}."),
    failure("smtp-ca-file-missing", "Certificate file missing", "The certificate file {file} does not exist."),
    failure("smtp-auth-unknown", "Unknown login method", "Unknown login '{auth}': use password or xoauth2."),
    failure(
        "smtp-timeout-invalid",
        "Timeout not above 0",
        "--timeout must be more than 0 seconds.",
        app="The timeout must be more than 0 seconds.",
    ),
    failure(
        "smtp-login-unencrypted",
        "Password over an unencrypted connection",
        "Will not send the password for {user} to {server} unencrypted: use STARTTLS or SSL "
        "(--security starttls or ssl).",
        app=f"Will not send the password for {{user}} to {{server}} unencrypted: choose STARTTLS or SSL/TLS as "
        f"Security in {_PREFS}.",
        forms={
            "token": Say(
                "Will not send the sign-in token for {user} to {server} unencrypted: use STARTTLS or SSL "
                "(--security starttls or ssl).",
                app=f"Will not send the sign-in token for {{user}} to {{server}} unencrypted: choose STARTTLS or "
                f"SSL/TLS as Security in {_PREFS}.",
            ),
        },
    ),
    failure("smtp-no-password", "No password for the login", "No password for {user} on {host}."),
    failure("smtp-no-token", "No sign-in for the login", "No sign-in for {user} on {host}."),
    failure(
        "smtp-token-no-user",
        "No mailbox for the sign-in",
        "Say which mailbox signs in to {host} (--user).",
        app=f"Say which mailbox signs in to {{host}}: fill in User in {_PREFS}.",
        forms={
            "variable": Say(
                "Say which mailbox the token in {variable} is for: --user ADDRESS.",
                app=f"Say which mailbox the token in {{variable}} is for: fill in User in {_PREFS}.",
            ),
        },
    ),
    failure(
        "smtp-no-starttls",
        "STARTTLS not offered",
        "{server} does not offer STARTTLS. Use SSL (--security ssl, usually port 465), or no encryption only for "
        "a relay inside your network.",
        app=f"{{server}} does not offer STARTTLS. Choose SSL/TLS as Security in {_PREFS} (usually port 465), or "
        "no encryption only for a relay inside your network.",
    ),
    failure(
        "smtp-expects-starttls",
        "Server expects STARTTLS",
        "{server} did not start an encrypted connection: it probably expects STARTTLS "
        "(--security starttls, usually port 587).",
        app="{server} did not start an encrypted connection: it probably expects STARTTLS: choose it as Security "
        f"in {_PREFS} (usually port 587).",
    ),
    failure(
        "smtp-certificate-untrusted",
        "Server certificate not trusted",
        "Certificate of {host} could not be verified: {reason}. If your organisation uses its own certificate "
        "authority, give its certificate (--ca-file); skipping the check (--insecure) lets anyone in between read "
        "the password and the scorecards.",
        app="Certificate of {host} could not be verified: {reason}. If your organisation uses its own certificate "
        f"authority, choose its certificate as Trusted certificate file in {_PREFS}; turning off Verify the "
        "server's certificate there lets anyone in between read the password and the scorecards.",
    ),
    failure(
        "smtp-tls-failed", "Encryption failed", "The encrypted connection to {server} failed ({reason}). " + _PORTS
    ),
    failure(
        "smtp-connection-refused",
        "Connection refused",
        "Could not connect to {server}: connection refused. Check the server name and port.",
    ),
    failure(
        "smtp-server-unknown",
        "Unknown server name",
        "Could not find the mail server {host}: the name is unknown. Check the server name and the network connection.",
    ),
    failure(
        "smtp-timeout",
        "Server does not answer",
        "{server} did not answer within {timeout:g} s. " + _PORTS,
        forms={
            "starttls": "{server} did not answer within {timeout:g} s while starting encryption. " + _PORTS,
            "login": "{server} did not answer within {timeout:g} s during login. " + _PORTS,
            "sign-in": "{server} did not answer within {timeout:g} s during sign-in. " + _PORTS,
        },
    ),
    failure(
        "smtp-disconnected",
        "Server closed the connection",
        "{server} closed the connection. " + _PORTS,
        forms={"login": "{server} closed the connection during login.", "later": "{server} closed the connection."},
    ),
    failure(
        "smtp-refused",
        "Server refused",
        "{server} refused ({reply}).",
        forms={
            "connect": "{server} refused the connection ({reply}).",
            "hello": "{server} refused the greeting ({reply}).",
            "starttls": "{server} refused STARTTLS ({reply}).",
            "login": "{server} refused the login ({reply}).",
            "sign-in": "{server} refused the sign-in ({reply}).",
        },
    ),
    failure(
        "smtp-closing",
        "Server closing the connection",
        "{server} is closing the connection ({reply}): the server is busy or limiting how much is sent. Try again "
        "later; what was sent is in the send log and is not sent again.",
    ),
    failure("smtp-connect-failed", "Cannot connect", "Could not connect to {server}: {reason}."),
    failure("smtp-protocol", "Cannot talk to the server", "Could not talk to {server}: {reason}."),
    failure("smtp-noop-refused", "Server answers oddly", "{server} answered NOOP with {reply}."),
    failure(
        "smtp-login-refused",
        "Login refused",
        _LOGIN_REFUSED + "wrong password, or the account needs an app password, or SMTP AUTH is disabled for it "
        "(Microsoft 365: 5.7.139).",
        forms={
            "basic-auth-off": Say(
                _LOGIN_REFUSED + "Microsoft 365 no longer accepts a password for sending (Basic authentication is "
                "turned off): send with Microsoft 365 sign-in instead (--microsoft, or --auth xoauth2 with this "
                "server).",
                app=_LOGIN_REFUSED + "Microsoft 365 no longer accepts a password for sending (Basic authentication "
                "is turned off): send with your Microsoft 365 sign-in instead (Preferences → Email → Microsoft 365).",
            ),
            "auth-disabled": Say(
                _LOGIN_REFUSED + "SMTP AUTH is disabled for this account (Microsoft 365: an administrator must "
                "enable Authenticated SMTP for the mailbox, or send with Microsoft 365 sign-in: --microsoft).",
                app=_LOGIN_REFUSED + "SMTP AUTH is disabled for this account (Microsoft 365: an administrator must "
                "enable Authenticated SMTP for the mailbox, or send with Microsoft 365 sign-in).",
            ),
            "app-password": _LOGIN_REFUSED + "the account needs an app password instead of its normal password.",
            "sign-in": _LOGIN_REFUSED + "the account needs an app password or a different way to sign in.",
        },
    ),
    failure(
        "smtp-token-refused",
        "Sign-in token refused",
        _SIGN_IN_REFUSED + "the token from {origin} is not accepted for sending mail: it has expired, is for another "
        "account than --user, or lacks the SMTP permission (Microsoft 365: SMTP.Send; Google: "
        "https://mail.google.com/).",
        app=_SIGN_IN_REFUSED + "the token from {origin} is not accepted for sending mail: it has expired, is for "
        f"another account than User in {_PREFS}, or lacks the SMTP permission (Microsoft 365: SMTP.Send; Google: "
        "https://mail.google.com/).",
        forms={
            "auth-disabled": Say(
                _SIGN_IN_REFUSED + "SMTP AUTH is turned off for this mailbox or organization; an administrator must "
                "enable Authenticated SMTP for it, or send through Microsoft Graph instead (--microsoft).",
                app=_SIGN_IN_REFUSED + "SMTP AUTH is turned off for this mailbox or organization; an administrator "
                "must enable Authenticated SMTP for it, or send through Microsoft 365 (Microsoft Graph) instead.",
            ),
        },
    ),
    failure(
        "smtp-no-xoauth2",
        "Server takes no sign-in token",
        "{server} does not accept a sign-in token (AUTH XOAUTH2): log in with a password.",
    ),
    failure(
        "smtp-login-not-accepted",
        "No login on this connection",
        "{server} does not accept a login on this connection. Check the security setting, or leave the user empty "
        "if the server needs no login.",
    ),
    failure(
        "smtp-no-login-method",
        "No usable login method",
        "{server} offers no login method TEC Desktop can use ({offered}).",
    ),
    failure(
        "smtp-login-non-ascii",
        "Non-English letters in the login",
        "The password or user name has non-English letters, which {server} cannot accept (it does not offer "
        "AUTH PLAIN).",
        forms={"token": "The user name {user} has non-English letters, which a sign-in token cannot carry."},
    ),
    failure(
        "smtp-sender-refused",
        "Sender address refused",
        "The server refused the sender address {sender} ({reply}). Use an address your account may send as (--from).",
        app="The server refused the sender address {sender} ({reply}). Use an address your account may send as "
        f"(From in {_PREFS}).",
    ),
    failure(
        "service-not-responding",
        "Mail service not responding",
        "{count} messages in a row got no answer in time: the mail service is not responding. The rest were not "
        "sent; try again later.",
    ),
)

MESSAGES = (
    failure("smtp-recipient-refused", "Recipient refused", "{recipient} was refused by the server ({reply})."),
    failure(
        "smtp-too-large",
        "Message too large",
        "The message to {recipient} is too large for the server ({reply}).",
    ),
    failure(
        "smtp-message-refused",
        "Message refused",
        "The message to {recipient} was refused by the server ({reply}).",
        forms={"reply": "The server refused the message to {recipient} ({reply})."},
    ),
    failure(
        "smtp-no-smtputf8",
        "Address the server cannot deliver",
        "{recipient}: this address has non-English letters, which {server} cannot deliver (no SMTPUTF8).",
    ),
    failure(
        "smtp-connection-lost",
        "Connection lost while sending",
        "The connection to {server} was lost while sending to {recipient}; " + _NOT_CONFIRMED,
    ),
    failure(
        "smtp-stopped-answering",
        "Server stopped answering while sending",
        "{server} stopped answering (no reply within {timeout:g} s) while sending to {recipient}; " + _NOT_CONFIRMED,
    ),
    failure("smtp-send-failed", "Sending failed", "Sending to {recipient} failed: {reason}."),
    failure(
        "smtp-unconfirmed",
        "Message not confirmed",
        _unconfirmed("the connection was lost").text,
        app=_unconfirmed("the connection was lost").app,
        forms={
            "answered": _unconfirmed("it answered {reply}"),
            "stopped": _unconfirmed("it stopped answering (no reply within {timeout:g} s)"),
            "failed": _unconfirmed("{reason}"),
        },
    ),
)

PASSWORDS = (
    failure(
        "password-missing",
        "No password",
        _NO_PASSWORD + "set the TEC_SMTP_PASSWORD environment variable, or store it in the system keyring "
        "(keyring set {service} {user}).",
        app=_NO_PASSWORD + f"{_TYPE_IT}, or in {_PREFS}.",
        forms={
            "no-keyring": Say(
                _NO_PASSWORD + "{note}: set the TEC_SMTP_PASSWORD environment variable.",
                app=_NO_PASSWORD + f"{{note}}, so {_TYPE_IT}.",
            ),
        },
    ),
    failure(
        "password-not-stored",
        "Password not remembered",
        _NOT_STORED + "{reason}. Set the TEC_SMTP_PASSWORD environment variable instead.",
        app=_NOT_STORED + "{reason}." + _KEPT,
        forms={
            "refused": Say(
                _NOT_STORED + "the system keyring refused it ({error}).",
                app=_NOT_STORED + "the system keyring refused it ({error})." + _KEPT,
            ),
        },
    ),
)

SEND_LOG = (
    failure(
        "sendlog-no-folder",
        "No folder for the send log",
        "Cannot create the TEC Desktop data folder for the send log: {reason}.",
    ),
    failure(
        "sendlog-newer",
        "Send log of a newer version",
        "The send log {path} was written by a newer version of TEC Desktop. Update TEC Desktop before sending.",
    ),
    failure(
        "sendlog-busy",
        "Send log busy",
        "The send log {path} is busy: another TEC Desktop window is sending. Wait for it to finish and try again.",
    ),
    failure("sendlog-unusable", "Send log unusable", "Cannot use the send log {path}: {error}."),
    failure("sendlog-not-created", "Send log cannot be made", "Cannot create the send log {path}: {reason}."),
    failure(
        "sendlog-damaged",
        "Send log damaged",
        "The send log {path} is damaged ({error}). " + _MOVE_IT,
        forms={
            "empty": "The send log {path} is damaged (the file is empty). " + _MOVE_IT,
            "gone": "The send log {path} is damaged (the file is gone). " + _MOVE_IT,
            "foreign": "The send log {path} is damaged (it holds tables TEC Desktop did not write). " + _MOVE_IT,
        },
    ),
    failure("sendlog-cannot-open", "Send log cannot be opened", "Cannot open the send log {path}: {reason}."),
    failure("already-sent", "Already sent", "{recipient}: {earlier}", severity=INFO),
    failure(
        "confirmed-nothing-unconfirmed",
        "Nothing unconfirmed to confirm",
        "--confirmed {address}: there is no unconfirmed message to {address} for {month}.",
        app="There is no unconfirmed message to {address} for {month}.",
    ),
)
