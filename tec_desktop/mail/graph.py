"""Sending and drafting through Microsoft Graph (Microsoft 365 / Exchange Online), one message at a time.

- A message up to about 3 MB: POST {graph}/me/sendMail with the MIME message in base64 (202 Accepted;
  Exchange keeps it in Sent Items). Graph refuses request bodies over 4 MB.
- Larger: a draft (POST /me/messages, JSON), the PDF attached inline (< 3 MB) or through an upload
  session (createUploadSession, then byte ranges PUT to the session's pre-authenticated URL, which must
  never see the Graph token), then POST /me/messages/{id}/send. A draft left half-built is deleted.
- Drafts for the user to review: POST /me/messages with the MIME message (or the large path without
  the send); Graph answers with the draft's id and webLink (it shows in new and classic Outlook and on
  the web).

Scopes: Mail.Send to send; Mail.ReadWrite for drafts and the large path.
"""

from __future__ import annotations

import base64
from email.message import EmailMessage
from email.utils import getaddresses

import requests

from tec_desktop.mail.endpoints import GRAPH_URL, host_of
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import MessageFailed, StopSending
from tec_desktop.mail.web_api import ApiError, NetworkProblem, WebApi

MIME_LIMIT = 3_900_000  # bytes of base64 we POST in one request (Graph refuses bodies over 4 MB)
INLINE_ATTACHMENT_LIMIT = 3 * 1024 * 1024  # below: contentBytes; from here: an upload session (Graph's rule)
CHUNK = 10 * 320 * 1024  # 3,276,800 bytes: each PUT under 4 MB, and a multiple of 320 KiB
_TOO_LARGE = "maximum request length"
_DENIED = ("ErrorAccessDenied", "AccessDenied", "Authorization_RequestDenied", "ErrorInsufficientPermissions")
_NO_MAILBOX = ("MailboxNotEnabledForRESTAPI", "MailboxNotSupportedForRESTAPI", "ErrorMailboxNotFound")


def parse_error(response: requests.Response) -> ApiError:
    """Graph's error shape: {"error": {"code", "message", "innerError": {"request-id"}}}."""
    try:
        error = response.json().get("error") or {}
        if not isinstance(error, dict):
            error = {"code": str(error)}
    except ValueError:
        error = {}
    inner = error.get("innerError") or {}
    retry = response.headers.get("Retry-After", "")
    return ApiError(
        response.status_code,
        str(error.get("code") or response.reason or ""),
        " ".join(str(error.get("message") or response.text[:200]).split()),
        float(retry) if retry.replace(".", "", 1).isdigit() else None,
        response.headers.get("request-id") or str(inner.get("request-id") or ""),
    )


class GraphMailer:
    """Graph's mail calls, with Graph's faults turned into StopSending / MessageFailed in the user's words."""

    def __init__(
        self,
        token: TokenSource,
        base: str = GRAPH_URL,
        *,
        timeout: float = 60.0,
        client_id: str = "",
        session: requests.Session | None = None,
        sleep=None,
    ):
        extra = {"sleep": sleep} if sleep is not None else {}
        self.api = WebApi(token, parse_error, timeout=timeout, session=session, **extra)
        self.token = token
        self.base = base.rstrip("/")
        self.client_id = client_id

    @property
    def host(self) -> str:
        """'graph.microsoft.com'."""
        return host_of(self.base)

    # ---------------------------------------------------------------- sending

    def send(self, msg: EmailMessage, recipient: str) -> str:
        """Send one message; returns the path used ('sendMail' or 'draft+send')."""
        b64 = base64.b64encode(msg.as_bytes())
        if len(b64) <= MIME_LIMIT:
            try:
                self._call("POST", "/me/sendMail", recipient, "send", data=b64, headers={"Content-Type": "text/plain"})
                return "sendMail"
            except _TooLarge:
                pass  # some tenants' limit is lower than 4 MB: the large path takes any size
        self._send_large(msg, recipient)
        return "draft+send"

    def create_draft(self, msg: EmailMessage, recipient: str) -> tuple[str, str]:
        """A draft in the user's Drafts folder: (id, webLink to open it in Outlook on the web)."""
        b64 = base64.b64encode(msg.as_bytes())
        if len(b64) <= MIME_LIMIT:
            try:
                r = self._call(
                    "POST", "/me/messages", recipient, "draft", data=b64, headers={"Content-Type": "text/plain"}
                )
                body = r.json()
                return str(body.get("id", "")), str(body.get("webLink", ""))
            except _TooLarge:
                pass
        return self._build_draft(msg, recipient, "draft")

    def _send_large(self, msg: EmailMessage, recipient: str) -> None:
        mid, _ = self._build_draft(msg, recipient, "large")
        self._call("POST", f"/me/messages/{mid}/send", recipient, "send", expect=(202,))

    def _build_draft(self, msg: EmailMessage, recipient: str, step: str) -> tuple[str, str]:
        """A JSON draft with the message's attachments; deleted again when any step fails."""
        body = msg.get_body(("html", "plain"))
        draft = {
            "subject": str(msg.get("Subject", "")),
            "body": {
                "contentType": "HTML" if body is not None and body.get_content_type() == "text/html" else "Text",
                "content": body.get_content() if body is not None else "",
            },
            "toRecipients": _recipients(msg, "To"),
            # Graph takes custom headers only when named x-... (and at most a few)
            "internetMessageHeaders": [
                {"name": k, "value": str(v)} for k, v in msg.items() if k.lower().startswith("x-")
            ]
            or None,
        }
        if msg.get("From"):
            draft["from"] = _recipients(msg, "From")[0]
        draft = {k: v for k, v in draft.items() if v}
        created = self._call("POST", "/me/messages", recipient, step, json=draft, expect=(201,)).json()
        mid = str(created["id"])
        try:
            for part in msg.iter_attachments():
                data = part.get_payload(decode=True)
                data = data if isinstance(data, bytes) else b""
                name, ctype = part.get_filename() or "attachment.pdf", part.get_content_type()
                if len(data) < INLINE_ATTACHMENT_LIMIT:
                    attachment = {
                        "@odata.type": "#microsoft.graph.fileAttachment",
                        "name": name,
                        "contentType": ctype,
                        "contentBytes": base64.b64encode(data).decode(),
                    }
                    self._call("POST", f"/me/messages/{mid}/attachments", recipient, step, json=attachment)
                else:
                    self._upload(mid, name, ctype, data, recipient, step)
        except BaseException:
            try:
                self.api.request("DELETE", f"{self.base}/me/messages/{mid}", expect=(204, 404))
            except Exception:
                pass  # the draft stays in Drafts: harmless, and the failure below is what the user needs
            raise
        return mid, str(created.get("webLink", ""))

    def _upload(self, mid: str, name: str, ctype: str, data: bytes, recipient: str, step: str) -> None:
        item = {"AttachmentItem": {"attachmentType": "file", "name": name, "size": len(data), "contentType": ctype}}
        session = self._call(
            "POST", f"/me/messages/{mid}/attachments/createUploadSession", recipient, step, json=item, expect=(201,)
        )
        url = str(session.json()["uploadUrl"])
        start, total = 0, len(data)
        while start < total:
            end = min(start + CHUNK, total) - 1
            # The upload URL is pre-authenticated: no Authorization header, or the Graph token would leak to it.
            r = self._call(
                url,
                "",
                recipient,
                step,
                method="PUT",
                auth=False,
                data=data[start : end + 1],
                headers={"Content-Type": "application/octet-stream", "Content-Range": f"bytes {start}-{end}/{total}"},
                expect=(200, 201),
            )
            if r.status_code == 201:
                return
            ranges = (r.json() or {}).get("nextExpectedRanges") or [str(end + 1)]
            start = int(str(ranges[0]).split("-")[0])
        raise MessageFailed(f"Microsoft 365 did not take the whole attachment for {recipient}; nothing was sent.")

    # ---------------------------------------------------------------- faults

    def _call(self, method_or_url: str, path: str, recipient: str, step: str, *, method: str = "", **kw):
        """One Graph call; `step` says what a failure means: 'send' (the message may be out), 'draft', 'large'."""
        if method:
            verb, url = method, method_or_url
        else:
            verb, url = method_or_url, self.base + path
        try:
            return self.api.request(verb, url, **kw)
        except NetworkProblem as exc:
            raise self._network(exc, recipient, step) from None
        except ApiError as exc:
            raise self._refusal(exc, recipient, step) from None

    def _network(self, exc: NetworkProblem, recipient: str, step: str) -> Exception:
        if exc.kind == "unreachable":
            return StopSending(f"Could not send through Microsoft 365: {exc}. Check the network connection.", "connect")
        if step == "send":
            return MessageFailed(
                f"Microsoft 365 may have sent the message to {recipient}: {exc} after it was handed over. It is "
                "not sent again unless you say so (--resend); look in Sent Items in Outlook to check.",
                unconfirmed=True,
                timed_out=exc.kind == "timeout",
            )
        return MessageFailed(
            f"The message to {recipient} was not sent: {exc} while preparing it.",
            timed_out=exc.kind == "timeout",
            connection_lost=True,
        )

    def _refusal(self, exc: ApiError, recipient: str, step: str) -> Exception:
        said = f"({exc})"
        status, code = exc.status, exc.code
        if status == 401:
            why = "the sign-in is for another tenant or app" if "audience" in exc.message.lower() else "it has expired"
            return StopSending(
                f"Microsoft 365 refused the access token from {self.token.origin} {said}: {why}. "
                + (
                    "Put a new token in that variable."
                    if not self.token.can_refresh
                    else "Sign in again (--sign-in); check --tenant if your organization uses its own."
                ),
                "auth",
            )
        if status == 403 and code == "ErrorSendAsDenied":
            return StopSending(
                f"Microsoft 365 refused to send as that address {said}: leave out --from (your own mailbox is the "
                "sender), or ask your IT for Send As permission on that mailbox.",
                "sender",
            )
        if status == 403 or code in _DENIED:
            need = "Mail.Send" if step == "send" else "Mail.ReadWrite (drafts and large attachments need it)"
            app = f" {self.client_id}" if self.client_id else ""
            return StopSending(
                f"Microsoft 365 refused {said}: the app registration{app} is not allowed {_doing(step)} for "
                f"{self.token.account or 'this account'}. Your IT must grant it the delegated permission {need} "
                "(with admin consent where the organization requires it); then sign in again (--sign-in).",
                "permission",
            )
        if code in _NO_MAILBOX:
            return StopSending(
                f"Microsoft 365 found no Exchange Online mailbox for {self.token.account or 'the signed-in account'} "
                f"{said}: sign in with the account whose mailbox sends the scorecards.",
                "auth",
            )
        if status == 404 and step != "large":
            return StopSending(
                f"{self.base} has no Microsoft Graph mail service {said}: check --graph-url (for example "
                "https://graph.microsoft.com/v1.0).",
                "config",
            )
        if status in (429, 503):
            wait = f" It asked to wait {exc.retry_after:g} s." if exc.retry_after else ""
            return StopSending(
                f"Microsoft 365 is limiting how fast this account sends {said}.{wait} The rest were not sent: try "
                "again later; what was sent is in the send log and is not sent again.",
                "throttled",
            )
        if status == 413 or (status == 400 and _TOO_LARGE in exc.message.lower()):
            if step != "large":
                return _TooLarge(str(exc))
            return MessageFailed(f"The message to {recipient} is too large for Microsoft 365 {said}.", status)
        if status >= 500 and step == "send":
            return MessageFailed(
                f"Microsoft 365 answered {said} after the message to {recipient} was handed over: it may have been "
                "sent. It is not sent again unless you say so (--resend); look in Sent Items in Outlook to check.",
                status,
                unconfirmed=True,
            )
        return MessageFailed(f"Microsoft 365 did not take the message to {recipient} {said}.", status)


class _TooLarge(MessageFailed):
    """sendMail refused the request's size: take the large path."""


def _doing(step: str) -> str:
    return "to send mail" if step == "send" else "to create drafts"


def _recipients(msg: EmailMessage, header: str) -> list[dict]:
    return [
        {"emailAddress": {"address": addr, **({"name": name} if name else {})}}
        for name, addr in getaddresses([str(v) for v in msg.get_all(header, [])])
    ]


class GraphTransport:
    """Microsoft Graph as a sending.Transport."""

    needs_sender = False  # the signed-in mailbox sends; a From header asks for Send As

    def __init__(self, mailer: GraphMailer):
        self.mailer = mailer

    @property
    def method(self) -> str:
        """'microsoft graph.microsoft.com as ops@contoso.com'."""
        who = f" as {self.mailer.token.account}" if self.mailer.token.account else ""
        return f"microsoft {self.mailer.host}{who}"

    def open(self) -> None:
        self.mailer.token.token()  # sign-in problems stop the run before anything is claimed

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        self.mailer.send(message, recipient)
        return str(message.get("Message-ID", ""))

    def close(self) -> None:
        self.mailer.api.close()
