"""Sending through the Gmail API (Google Workspace), one message at a time.

users.messages.send through the upload endpoint: POST {gmail}/upload/gmail/v1/users/me/messages/send
with the raw MIME message (Content-Type message/rfc822, no base64); above 5 MB a resumable upload
(POST with X-Upload-Content-*, then PUT the bytes to the session's Location). Gmail takes at most
35 MB (36,700,160 bytes) per message, counted encoded; a larger one is refused before upload.
The scope gmail.send is enough to send. Drafts would need gmail.compose, a restricted scope (Google's
security assessment): Google Workspace users get .eml drafts instead.
"""

from __future__ import annotations

from email.message import EmailMessage

import requests

from tec_desktop.mail.endpoints import GMAIL_URL, host_of
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import MessageFailed, StopSending
from tec_desktop.mail.web_api import ApiError, NetworkProblem, WebApi

SIMPLE_LIMIT = 5 * 1024 * 1024  # Google: simple (media) uploads up to 5 MB, resumable above
MAX_MESSAGE = 36_700_160  # gmail.v1 discovery: mediaUpload.maxSize for messages.send
_DISABLED = ("accessNotConfigured", "SERVICE_DISABLED")
_THROTTLED = ("rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "RATE_LIMIT_EXCEEDED")


def parse_error(response: requests.Response) -> ApiError:
    """Google's error shape: {"error": {"code", "message", "errors": [{"reason"}], "status"}}."""
    try:
        error = response.json().get("error") or {}
        if not isinstance(error, dict):
            error = {"status": str(error)}
    except ValueError:
        error = {}
    reasons = [str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict) and e.get("reason")]
    details = [str(d.get("reason")) for d in error.get("details") or [] if isinstance(d, dict) and d.get("reason")]
    code = (reasons or details or [str(error.get("status") or response.reason or "")])[0]
    retry = response.headers.get("Retry-After", "")
    return ApiError(
        response.status_code,
        code,
        " ".join(str(error.get("message") or response.text[:200]).split()),
        float(retry) if retry.replace(".", "", 1).isdigit() else None,
    )


class GmailTransport:
    """The Gmail API as a sending.Transport; the signed-in account is the sender."""

    needs_sender = False

    def __init__(
        self,
        token: TokenSource,
        base: str = GMAIL_URL,
        *,
        timeout: float = 60.0,
        session: requests.Session | None = None,
        sleep=None,
    ):
        extra = {"sleep": sleep} if sleep is not None else {}
        self.api = WebApi(token, parse_error, timeout=timeout, session=session, **extra)
        self.token = token
        self.base = base.rstrip("/")

    @property
    def method(self) -> str:
        """'google gmail.googleapis.com as ops@example.com'."""
        who = f" as {self.token.account}" if self.token.account else ""
        return f"google {host_of(self.base)}{who}"

    def open(self) -> None:
        self.token.token()

    def close(self) -> None:
        self.api.close()

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        raw = message.as_bytes()
        if len(raw) > MAX_MESSAGE:
            raise MessageFailed(
                f"The message to {recipient} is {len(raw) / 1e6:.1f} MB once encoded; Gmail takes at most "
                f"{MAX_MESSAGE / 1e6:.1f} MB. Make the PDF smaller (fewer seams per owner) or send it another way."
            )
        url = f"{self.base}/upload/gmail/v1/users/me/messages/send"
        if len(raw) <= SIMPLE_LIMIT:
            r = self._call("POST", url, recipient, True, params={"uploadType": "media"}, data=raw, headers=_RFC822)
        else:
            start = self._call(
                "POST",
                url,
                recipient,
                False,
                params={"uploadType": "resumable"},
                json={},
                headers={"X-Upload-Content-Type": "message/rfc822", "X-Upload-Content-Length": str(len(raw))},
                expect=(200,),
            )
            location = start.headers.get("Location", "")
            if not location:
                raise MessageFailed(f"Gmail did not start the upload of the message to {recipient}; not sent.")
            r = self._call("PUT", location, recipient, True, data=raw, headers=_RFC822)
        try:
            return f"gmail:{r.json().get('id', '')}"
        except ValueError:
            return ""

    def _call(self, method: str, url: str, recipient: str, sends: bool, **kw) -> requests.Response:
        """One Gmail call; `sends`: this request hands the message over (a fault after it is unconfirmed)."""
        try:
            return self.api.request(method, url, **kw)
        except NetworkProblem as exc:
            if exc.kind == "unreachable":
                raise StopSending(
                    f"Could not send through Gmail: {exc}. Check the network connection.", "connect"
                ) from None
            if sends:
                raise MessageFailed(
                    f"Gmail may have sent the message to {recipient}: {exc} after it was handed over. It is not "
                    "sent again unless you say so (--resend); look in Sent Mail to check.",
                    unconfirmed=True,
                    timed_out=exc.kind == "timeout",
                ) from None
            raise MessageFailed(
                f"The message to {recipient} was not sent: {exc}.", timed_out=exc.kind == "timeout"
            ) from None
        except ApiError as exc:
            raise self._refusal(exc, recipient, sends) from None

    def _refusal(self, exc: ApiError, recipient: str, sends: bool) -> Exception:
        said = f"({exc})"
        if exc.status == 401:
            return StopSending(
                f"Google refused the access token from {self.token.origin} {said}: it has expired or was revoked. "
                + ("Put a new token in that variable." if not self.token.can_refresh else "Sign in again (--sign-in)."),
                "auth",
            )
        if exc.code in _THROTTLED or exc.status in (429, 503):
            return StopSending(
                f"Gmail is limiting how much this account sends {said}. The rest were not sent: try again later; "
                "what was sent is in the send log and is not sent again.",
                "throttled",
            )
        if exc.code in _DISABLED or "has not been used in project" in exc.message:
            return StopSending(
                f"Gmail refused {said}: the Gmail API is not turned on for your OAuth client's Google Cloud project. "
                "Your Google Workspace admin turns it on (APIs & Services > Library > Gmail API > Enable).",
                "permission",
            )
        if exc.status == 403:
            return StopSending(
                f"Gmail refused to send mail for {self.token.account or 'this account'} {said}: the sign-in did not "
                "grant 'Send email on your behalf' (gmail.send), or your admin does not allow this app. Sign in "
                "again (--sign-in) and allow sending; ask your admin to trust the app if it is blocked.",
                "permission",
            )
        if exc.status == 404:
            return StopSending(f"{self.base} has no Gmail API {said}: check --gmail-url.", "config")
        if exc.status == 413:
            return MessageFailed(f"The message to {recipient} is too large for Gmail {said}.", exc.status)
        if exc.status >= 500 and sends:
            return MessageFailed(
                f"Gmail answered {said} after the message to {recipient} was handed over: it may have been sent. It "
                "is not sent again unless you say so (--resend); look in Sent Mail to check.",
                exc.status,
                unconfirmed=True,
            )
        return MessageFailed(f"Gmail did not take the message to {recipient} {said}.", exc.status)


_RFC822 = {"Content-Type": "message/rfc822"}
