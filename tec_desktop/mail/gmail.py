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

from tec_desktop.errors import TecError
from tec_desktop.mail.endpoints import GMAIL_URL, host_of
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import MessageFailed, StopSending
from tec_desktop.mail.web_api import ApiError, NetworkProblem, WebApi, retry_after

PROVIDER = "Gmail"
SENT_FOLDER = "Sent Mail"  # where the user looks whether an unconfirmed message went
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
    return ApiError(
        response.status_code,
        code,
        " ".join(str(error.get("message") or response.text[:200]).split()),
        retry_after(response),
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
            raise MessageFailed("gmail-too-large", recipient=recipient, size=len(raw) / 1e6, limit=MAX_MESSAGE / 1e6)
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
                raise MessageFailed("gmail-upload-not-started", recipient=recipient)
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
                raise exc.unreachable(PROVIDER) from None
            if sends:
                raise exc.maybe_sent(PROVIDER, recipient, SENT_FOLDER) from None
            raise exc.not_sent(recipient) from None
        except ApiError as exc:
            raise self._refusal(exc, recipient, sends) from None

    def _refusal(self, exc: ApiError, recipient: str, sends: bool) -> TecError:
        reply = str(exc)
        account = self.token.account
        if exc.status == 401:
            form = "" if self.token.can_refresh else "env"
            return StopSending("gmail-token-refused", "auth", form=form, origin=self.token.origin, reply=reply)
        if exc.code in _THROTTLED or exc.status in (429, 503):
            return StopSending("gmail-throttled", "throttled", reply=reply)
        if exc.code in _DISABLED or "has not been used in project" in exc.message:
            return StopSending("gmail-api-disabled", "permission", reply=reply)
        if exc.status == 403:
            form = "" if account else "anonymous"
            return StopSending("gmail-permission", "permission", form=form, account=account, reply=reply)
        if exc.status == 404:
            return StopSending("gmail-not-found", "config", url=self.base, reply=reply)
        if exc.status == 413:
            return MessageFailed("web-too-large", service=PROVIDER, recipient=recipient, reply=reply)
        if exc.status >= 500 and sends:
            return MessageFailed(
                "web-answered-after-send",
                unconfirmed=True,
                service=PROVIDER,
                recipient=recipient,
                reply=reply,
                sent_folder=SENT_FOLDER,
            )
        return MessageFailed("web-message-refused", service=PROVIDER, recipient=recipient, reply=reply)


_RFC822 = {"Content-Type": "message/rfc822"}
