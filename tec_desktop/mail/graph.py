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

from tec_desktop.errors import TecError
from tec_desktop.mail.endpoints import GRAPH_URL, host_of
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import MessageFailed, StopSending
from tec_desktop.mail.web_api import ApiError, NetworkProblem, WebApi, retry_after

MIME_LIMIT = 3_900_000  # bytes of base64 we POST in one request (Graph refuses bodies over 4 MB)
INLINE_ATTACHMENT_LIMIT = 3 * 1024 * 1024  # below: contentBytes; from here: an upload session (Graph's rule)
CHUNK = 10 * 320 * 1024  # 3,276,800 bytes: each PUT under 4 MB, and a multiple of 320 KiB
_TOO_LARGE = "maximum request length"
_DENIED = ("ErrorAccessDenied", "AccessDenied", "Authorization_RequestDenied", "ErrorInsufficientPermissions")
PROVIDER = "Microsoft 365"
SENT_FOLDER = "Sent Items in Outlook"  # where the user looks whether an unconfirmed message went
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
    return ApiError(
        response.status_code,
        str(error.get("code") or response.reason or ""),
        " ".join(str(error.get("message") or response.text[:200]).split()),
        retry_after(response),
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
        raise MessageFailed("graph-upload-incomplete", recipient=recipient)

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

    def _network(self, exc: NetworkProblem, recipient: str, step: str) -> TecError:
        if exc.kind == "unreachable":
            return exc.unreachable(PROVIDER)
        if step == "send":
            return exc.maybe_sent(PROVIDER, recipient, SENT_FOLDER)
        return exc.not_sent(recipient, preparing=True)

    def _refusal(self, exc: ApiError, recipient: str, step: str) -> TecError:
        reply = str(exc)
        status, code = exc.status, exc.code
        account = self.token.account
        if status == 401:
            form = _TOKEN_FORMS[not self.token.can_refresh, "audience" in exc.message.lower()]
            return StopSending("graph-token-refused", "auth", form=form, origin=self.token.origin, reply=reply)
        if status == 403 and code == "ErrorSendAsDenied":
            return StopSending("graph-send-as-denied", "sender", reply=reply)
        if status == 403 or code in _DENIED:
            form = _PERMISSION_FORMS[step != "send", not account]
            return StopSending(
                "graph-permission", "permission", form=form, reply=reply, client_id=self.client_id, account=account
            )
        if code in _NO_MAILBOX:
            form = "" if account else "anonymous"
            return StopSending("graph-no-mailbox", "auth", form=form, account=account, reply=reply)
        if status == 404 and step != "large":
            return StopSending("graph-not-found", "config", url=self.base, reply=reply)
        if status in (429, 503):
            return StopSending("graph-throttled", "throttled", reply=reply, retry_after=exc.retry_after)
        if status == 413 or (status == 400 and _TOO_LARGE in exc.message.lower()):
            if step != "large":
                return _TooLarge("web-too-large", service=PROVIDER, recipient=recipient, reply=reply)
            return MessageFailed("web-too-large", service=PROVIDER, recipient=recipient, reply=reply)
        if status >= 500 and step == "send":
            return MessageFailed(
                "web-answered-after-send",
                unconfirmed=True,
                service=PROVIDER,
                recipient=recipient,
                reply=reply,
                sent_folder=SENT_FOLDER,
            )
        return MessageFailed("web-message-refused", service=PROVIDER, recipient=recipient, reply=reply)


# graph-token-refused by (a token from the environment, which only a new one replaces; for another tenant or app)
_TOKEN_FORMS = {(False, False): "", (False, True): "audience", (True, False): "env", (True, True): "env-audience"}
# graph-permission by (drafts or the large path, which need Mail.ReadWrite; a token that does not say whose it is)
_PERMISSION_FORMS = {
    (False, False): "",
    (False, True): "anonymous",
    (True, False): "drafts",
    (True, True): "drafts-anonymous",
}


class _TooLarge(MessageFailed):
    """sendMail refused the request's size: take the large path."""


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
