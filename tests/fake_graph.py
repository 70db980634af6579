"""A fake Microsoft Graph (mail subset) + Outlook attachment upload sessions, on 127.0.0.1.

  POST /v1.0/me/sendMail                         text/plain (base64 MIME) or JSON -> 202, empty body
  POST /v1.0/me/messages                         text/plain (base64 MIME) or JSON -> 201 message (id, webLink...)
  POST /v1.0/me/messages/{id}/attachments        JSON fileAttachment (< 3 MB)     -> 201 attachment
  POST /v1.0/me/messages/{id}/attachments/createUploadSession {"AttachmentItem"}  -> 201 uploadSession
  PUT  {uploadUrl}                               byte ranges, NO Authorization    -> 200 nextExpectedRanges / 201
  DELETE {uploadUrl}                             cancel                           -> 204
  POST /v1.0/me/messages/{id}/send               send a draft                     -> 202
  DELETE /v1.0/me/messages/{id}                  delete a draft                   -> 204

Error shapes follow Graph: {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}.
Faults can be scripted per route (`fail_next`). Every request is recorded (`seen`), and what was sent ends up
in `sent` (MIME bytes for MIME sends; the JSON message + reassembled attachments for draft sends).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email
import email.policy
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass, field

from fake_entra import TokenRegistry
from loopback import FakeServer, Reply, Seen

MAX_REQUEST = 4 * 1024 * 1024  # Graph refuses request bodies over 4 MB
MIN_UPLOAD_SESSION = 3 * 1024 * 1024  # createUploadSession refuses files under 3 MB
MAX_UPLOAD_SESSION = 150 * 1024 * 1024
MAX_PUT = 4 * 1024 * 1024  # "keep each byte range less than 4 MB"
NEEDS = {
    "sendMail": "Mail.Send",
    "send": "Mail.Send",
    "messages": "Mail.ReadWrite",
    "attachments": "Mail.ReadWrite",
    "createUploadSession": "Mail.ReadWrite",
    "delete": "Mail.ReadWrite",
}


@dataclass
class Sent:
    via: str  # 'sendMail/mime', 'sendMail/json', 'draft/send'
    mime: bytes | None = None  # the raw RFC 5322 message, for MIME sends
    message: dict | None = None  # the JSON message, for JSON sends / drafts
    attachments: list[dict] = field(default_factory=list)  # name, contentType, size, sha256

    def parsed(self):
        return email.message_from_bytes(self.mime, policy=email.policy.default) if self.mime else None


class FakeGraph(FakeServer):
    def __init__(self, tls=None, *, registry: TokenRegistry | None = None, accept_any_token=False):
        super().__init__(tls)
        self.registry = registry or TokenRegistry()
        self.accept_any_token = accept_any_token
        self.messages: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.sent: list[Sent] = []

    # ------------------------------------------------------------------ scripting
    def fail_next(
        self,
        route: str,
        status: int,
        code: str,
        message: str,
        retry_after: int | None = None,
        headers: dict | None = None,
        times: int = 1,
    ):
        """The next request(s) whose 'METHOD /path' matches `route` (regex) get this error instead."""
        h = dict(headers or {})
        if retry_after is not None:
            h["Retry-After"] = str(retry_after)
        self.fault(route, reply=self._error_reply(status, code, message, h), times=times)

    @property
    def graph_url(self) -> str:
        return f"{self.base_url}/v1.0"

    # ------------------------------------------------------------------ helpers
    def _error_reply(self, status, code, message, headers=None, request_id=None):
        rid = request_id or str(uuid.uuid4())
        h = {"request-id": rid, "client-request-id": rid, **(headers or {})}
        return Reply(
            status,
            {
                "error": {
                    "code": code,
                    "message": message,
                    "innerError": {
                        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                        "request-id": rid,
                        "client-request-id": rid,
                    },
                }
            },
            h,
        )

    def _auth(self, seen: Seen, needed: str) -> Reply | None:
        header = seen.headers.get("authorization", "")
        if not header.startswith("Bearer ") or not header[7:].strip():
            return self._error_reply(
                401, "InvalidAuthenticationToken", "Access token is empty.", self._www_authenticate()
            )
        if self.accept_any_token:
            return None
        problem = self.registry.check(header[7:].strip(), needed)
        if problem == "expired":
            return self._error_reply(
                401,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
                self._www_authenticate(),
            )
        if problem == "unknown":
            return self._error_reply(
                401,
                "InvalidAuthenticationToken",
                "IDX14100: JWT is not well formed, there are no dots (.).",
                self._www_authenticate(),
            )
        if problem == "scope":
            return self._error_reply(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
        return None

    @staticmethod
    def _www_authenticate():
        return {
            "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/'
            'common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'
        }

    def _web_link(self, mid):
        return f"https://outlook.office365.com/owa/?ItemID={mid}&exvsurl=1&viewmodel=ReadMessageItem"

    @staticmethod
    def _decode_mime(body: bytes) -> bytes | None:
        try:
            return base64.b64decode(b"".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            return None

    def _message_from_mime(self, raw: bytes) -> dict:
        m = email.message_from_bytes(raw, policy=email.policy.default)
        atts = [
            {
                "name": p.get_filename(),
                "contentType": p.get_content_type(),
                "size": len(p.get_payload(decode=True) or b""),
                "sha256": hashlib.sha256(p.get_payload(decode=True) or b"").hexdigest(),
            }
            for p in m.iter_attachments()
        ]
        return {
            "subject": str(m.get("Subject", "")),
            "toRecipients": [
                {"emailAddress": {"address": a.addr_spec, "name": a.display_name}}
                for a in (m["To"].addresses if m["To"] else ())
            ],
            "hasAttachments": bool(atts),
            "_attachments": atts,
            "_mime": raw,
        }

    def _public(self, mid: str) -> dict:
        msg = self.messages[mid]
        out = {k: v for k, v in msg.items() if not k.startswith("_")}
        out.update(
            {
                "@odata.context": f"{self.graph_url}/$metadata#users('me')/messages/$entity",
                "id": mid,
                "createdDateTime": msg["_created"],
                "lastModifiedDateTime": msg["_created"],
                "isDraft": True,
                "webLink": self._web_link(mid),
                "hasAttachments": bool(msg["_attachments"]),
            }
        )
        return out

    # ------------------------------------------------------------------ routing
    def handle(self, seen: Seen) -> Reply:
        if seen.route.startswith("/api/v2.0/"):
            return self._upload(seen)
        if len(seen.body) > MAX_REQUEST:
            return self._error_reply(413, "RequestEntityTooLarge", "The maximum request length supported is 4MB.")
        m = re.fullmatch(
            r"/v1\.0/me/(sendMail|messages)(?:/([^/]+)(?:/(send|attachments)(?:/(createUploadSession))?)?)?", seen.route
        )
        if not m:
            return self._error_reply(400, "BadRequest", f"Resource not found for the segment '{seen.route}'.")
        what, mid, action, sub = m.groups()
        op = sub or action or ("delete" if seen.method == "DELETE" else what)
        denied = self._auth(seen, NEEDS[op])
        if denied:
            return denied
        ctype = seen.headers.get("content-type", "").split(";")[0].strip().lower()

        if what == "sendMail" and seen.method == "POST":
            if ctype == "text/plain":
                raw = self._decode_mime(seen.body)
                if raw is None:
                    return self._error_reply(
                        400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content."
                    )
                self.sent.append(
                    Sent("sendMail/mime", mime=raw, attachments=self._message_from_mime(raw)["_attachments"])
                )
                return Reply(202)
            if ctype == "application/json":
                self.sent.append(Sent("sendMail/json", message=seen.json().get("message")))
                return Reply(202)
            return self._error_reply(415, "UnsupportedMediaType", f"Content-Type {ctype!r}")

        if what == "messages" and mid is None and seen.method == "POST":  # create draft
            mid = "AAMk" + secrets.token_urlsafe(18)
            now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if ctype == "text/plain":
                raw = self._decode_mime(seen.body)
                if raw is None:
                    return self._error_reply(
                        400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content."
                    )
                self.messages[mid] = {**self._message_from_mime(raw), "_created": now}
            elif ctype == "application/json":
                body = seen.json()
                self.messages[mid] = {**body, "_attachments": [], "_mime": None, "_created": now}
            else:
                return self._error_reply(415, "UnsupportedMediaType", f"Content-Type {ctype!r}")
            return Reply(201, self._public(mid))

        if mid not in self.messages:
            return self._error_reply(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        msg = self.messages[mid]

        if seen.method == "DELETE" and action is None:
            del self.messages[mid]
            return Reply(204)

        if action == "attachments" and sub is None and seen.method == "POST":
            a = seen.json()
            data = base64.b64decode(a["contentBytes"])
            att = {
                "name": a["name"],
                "contentType": a.get("contentType"),
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            msg["_attachments"].append(att)
            return Reply(
                201,
                {
                    "@odata.type": "#microsoft.graph.fileAttachment",
                    "id": "AAMkAtt" + secrets.token_hex(6),
                    **{k: att[k] for k in ("name", "contentType", "size")},
                    "isInline": False,
                },
            )

        if sub == "createUploadSession" and seen.method == "POST":
            item = (seen.json() or {}).get("AttachmentItem") or {}
            size = int(item.get("size") or 0)
            if item.get("attachmentType") != "file" or not item.get("name"):
                return self._error_reply(
                    400, "ErrorInvalidRequest", "AttachmentItem needs attachmentType 'file' and a name."
                )
            if size < MIN_UPLOAD_SESSION:
                return self._error_reply(
                    400,
                    "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize",
                    "Attachment size should not be less than 3 MB.",
                )
            if size > MAX_UPLOAD_SESSION:
                return self._error_reply(
                    400, "ErrorAttachmentSizeShouldNotBeMoreThanMaximumSize", "Attachment size is too large."
                )
            sid = "AAMkSess" + secrets.token_urlsafe(12)
            expires = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
            self.sessions[sid] = {
                "message": mid,
                "name": item["name"],
                "size": size,
                "contentType": item.get("contentType", "application/octet-stream"),
                "data": bytearray(),
                "authtoken": secrets.token_urlsafe(24),
                "expires": expires,
            }
            s = self.sessions[sid]
            url = (
                f"{self.base_url}/api/v2.0/Users('me')/Messages('{mid}')/AttachmentSessions('{sid}')"
                f"?authtoken={s['authtoken']}"
            )
            return Reply(
                201,
                {
                    "@odata.context": f"{self.graph_url}/$metadata#microsoft.graph.uploadSession",
                    "uploadUrl": url,
                    "expirationDateTime": expires,
                    "nextExpectedRanges": ["0-"],
                },
            )

        if action == "send" and seen.method == "POST":
            self.sent.append(
                Sent(
                    "draft/send",
                    mime=msg.get("_mime"),
                    message={k: v for k, v in msg.items() if not k.startswith("_")},
                    attachments=list(msg["_attachments"]),
                )
            )
            del self.messages[mid]  # moved to Sent Items
            return Reply(202)

        return self._error_reply(405, "MethodNotAllowed", f"{seen.method} not allowed on {seen.route}")

    # ---------------------------------------------------------- upload session (outlook.office.com in real life)
    def _upload(self, seen: Seen) -> Reply:
        m = re.search(r"AttachmentSessions\('([^']+)'\)$", seen.route)
        s = self.sessions.get(m.group(1)) if m else None
        if s is None or seen.query.get("authtoken") != s["authtoken"]:
            return self._error_reply(404, "ErrorItemNotFound", "The upload session was not found or has expired.")
        if "authorization" in seen.headers:
            # The uploadUrl is pre-authenticated; the docs say never to send Authorization with it.
            # This fake refuses it so a client that leaks the Graph token to the upload host is caught.
            return self._error_reply(401, "InvalidAudience", "Authorization header must not be sent to the uploadUrl.")
        if seen.method == "DELETE":
            self.sessions.pop(m.group(1))
            return Reply(204)
        if seen.method != "PUT":
            return self._error_reply(405, "MethodNotAllowed", seen.method)
        cr = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", seen.headers.get("content-range", ""))
        if not cr:
            return self._error_reply(
                400, "InvalidContentRange", "Content-Range 'bytes {start}-{end}/{total}' is required."
            )
        start, end, total = map(int, cr.groups())
        got = len(s["data"])
        if total != s["size"] or start != got or end - start + 1 != len(seen.body) or len(seen.body) > MAX_PUT:
            return Reply(
                416,
                {
                    "error": {
                        "code": "InvalidRange",
                        "message": f"Expected bytes from {got}; chunk must match Content-Range and be <= 4 MB.",
                    },
                    "nextExpectedRanges": [f"{got}-"],
                },
            )
        s["data"] += seen.body
        if len(s["data"]) < s["size"]:
            return Reply(
                200,
                {
                    "@odata.context": "https://outlook.office.com/api/v2.0/$metadata#Users('me')/"
                    "Messages('x')/AttachmentSessions/$entity",
                    "expirationDateTime": s["expires"],
                    "nextExpectedRanges": [str(len(s["data"]))],
                },
            )
        att_id = "AAMkAtt" + secrets.token_hex(6)
        data = bytes(s["data"])
        self.messages[s["message"]]["_attachments"].append(
            {
                "name": s["name"],
                "contentType": s["contentType"],
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        self.sessions.pop(m.group(1))
        return Reply(
            201,
            b"",
            {"Location": f"{self.base_url}/api/v2.0/Users('me')/Messages('{s['message']}')/Attachments('{att_id}')"},
        )
