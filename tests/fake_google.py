"""A fake Google OAuth 2.0 server + Gmail API (send/drafts subset) on 127.0.0.1 (http or https).

OAuth (what client_config's auth_uri / token_uri point at):
  GET  /o/oauth2/auth     validates client_id, loopback redirect_uri, PKCE S256 -> 302 redirect_uri?state&code&scope
  POST /token             authorization_code (+code_verifier, client_secret) / refresh_token grants
                          (no refresh token rotation, like Google; an ID token with the email for openid)
Gmail:
  POST /gmail/v1/users/me/messages/send                       JSON {"raw": base64url}
  POST /upload/gmail/v1/users/me/messages/send?uploadType=media       body = message/rfc822 bytes
  POST /upload/gmail/v1/users/me/messages/send?uploadType=resumable   -> 200 + Location (session); PUT bytes -> 200
  POST /gmail/v1/users/me/drafts                              JSON {"message": {"raw": ...}}
  POST /upload/gmail/v1/users/me/drafts?uploadType=media|resumable
Limits: 35 MB (36,700,160 bytes) per message on the upload endpoints; the JSON endpoints refuse bodies
over `json_limit` (Google has answered 'Request payload size exceeds the limit: ...' there).
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import hashlib
import json
import secrets
import time
from urllib.parse import unquote, urlencode, urlsplit

from fake_entra import TokenRegistry, b64url
from loopback import FakeServer, Reply, Seen

MAX_MESSAGE = 36_700_160  # gmail.v1 discovery: mediaUpload.maxSize for messages.send / drafts.create
SEND = "https://www.googleapis.com/auth/gmail.send"
COMPOSE = "https://www.googleapis.com/auth/gmail.compose"


class FakeGoogle(FakeServer):
    def __init__(
        self,
        tls=None,
        *,
        client_id="tec.apps.googleusercontent.com",
        client_secret="tec-secret",
        user="ops@example.com",
        registry: TokenRegistry | None = None,
        json_limit=5 * 1024 * 1024,
    ):
        super().__init__(tls)
        self.client_id, self.client_secret, self.user = client_id, client_secret, user
        self.tokens = registry or TokenRegistry()
        self.codes: dict[str, dict] = {}
        self.refresh_tokens: dict[str, set] = {}
        self.sessions: dict[str, dict] = {}
        self.sent: list[bytes] = []
        self.drafts: dict[str, bytes] = {}
        self.json_limit = json_limit
        self.access_lifetime = 3599
        self.withheld: set[str] = set()  # scopes the user unticked on the consent page

    def client_config(self) -> dict:
        """What InstalledAppFlow.from_client_config() takes (shape of a downloaded client_secret.json)."""
        return {
            "installed": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "auth_uri": f"{self.base_url}/o/oauth2/auth",
                "token_uri": f"{self.base_url}/token",
                "redirect_uris": ["http://localhost"],
            }
        }

    # ----------------------------------------------------------------- errors (Google JSON error shape)
    @staticmethod
    def _gerror(status, message, reason, status_text, headers=None):
        return Reply(
            status,
            {
                "error": {
                    "code": status,
                    "message": message,
                    "errors": [{"message": message, "domain": "global", "reason": reason}],
                    "status": status_text,
                }
            },
            headers,
        )

    def _auth(self, seen: Seen, needed: str) -> Reply | None:
        h = seen.headers.get("authorization", "")
        problem = self.tokens.check(h[7:].strip(), needed) if h.startswith("Bearer ") else "unknown"
        # gmail.compose also allows sending
        if problem == "scope" and needed == SEND and self.tokens.check(h[7:].strip(), COMPOSE) == "":
            problem = ""
        if problem in ("unknown", "expired"):
            return self._gerror(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                "login cookie or other valid authentication credential.",
                "authError",
                "UNAUTHENTICATED",
                {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            )
        if problem == "scope":
            return self._gerror(
                403, "Request had insufficient authentication scopes.", "insufficientPermissions", "PERMISSION_DENIED"
            )
        return None

    # ----------------------------------------------------------------- routing
    def handle(self, seen: Seen) -> Reply:
        p, q = seen.route, seen.query
        if seen.method == "GET" and p == "/o/oauth2/auth":
            return self._authorize(q)
        if seen.method == "POST" and p == "/token":
            return self._token(seen.form(), seen.headers.get("authorization", ""))
        if seen.method == "PUT" and p.startswith("/upload/session/"):
            return self._resumable_put(seen)
        kinds = {
            "/gmail/v1/users/me/messages/send": "send",
            "/upload/gmail/v1/users/me/messages/send": "send",
            "/gmail/v1/users/me/drafts": "draft",
            "/upload/gmail/v1/users/me/drafts": "draft",
        }
        kind = kinds.get(p)
        if seen.method != "POST" or kind is None:
            return self._gerror(404, f"Not found: {seen.method} {p}", "notFound", "NOT_FOUND")
        denied = self._auth(seen, SEND if kind == "send" else COMPOSE)
        if denied:
            return denied
        if p.startswith("/upload/"):
            upload = q.get("uploadType")
            if upload == "media":
                if not seen.headers.get("content-type", "").startswith("message/"):
                    return self._gerror(
                        400,
                        "Media type 'application/octet-stream' is not supported. Valid media types: [message/*]",
                        "badContent",
                        "INVALID_ARGUMENT",
                    )
                return self._accept(kind, seen.body)
            if upload == "resumable":
                sid = secrets.token_urlsafe(12)
                self.sessions[sid] = {"kind": kind, "length": int(seen.headers.get("x-upload-content-length", -1))}
                return Reply(200, b"", {"Location": f"{self.base_url}/upload/session/{sid}?upload_id={sid}"})
            return self._gerror(400, f"Unsupported uploadType {upload!r}", "invalid", "INVALID_ARGUMENT")
        if len(seen.body) > self.json_limit:
            return self._gerror(
                400,
                f"Request payload size exceeds the limit: {self.json_limit} bytes.",
                "badRequest",
                "INVALID_ARGUMENT",
            )
        j = seen.json()
        raw64 = (j.get("message") or {}).get("raw") if kind == "draft" else j.get("raw")
        if not raw64:
            return self._gerror(
                400,
                "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
                "badRequest",
                "INVALID_ARGUMENT",
            )
        try:
            raw = base64.urlsafe_b64decode(raw64 + "=" * (-len(raw64) % 4))
        except (binascii.Error, ValueError):
            return self._gerror(400, "Invalid value for ByteString", "invalidArgument", "INVALID_ARGUMENT")
        return self._accept(kind, raw)

    def _accept(self, kind: str, raw: bytes) -> Reply:
        if len(raw) > MAX_MESSAGE:
            return self._gerror(413, "Request Entity Too Large", "uploadTooLarge", "PAYLOAD_TOO_LARGE")
        m = email.message_from_bytes(raw, policy=email.policy.default)
        if not (m.get("To") or m.get("Cc") or m.get("Bcc")) and kind == "send":
            return self._gerror(400, "Invalid To header", "invalidArgument", "INVALID_ARGUMENT")
        mid, tid = secrets.token_hex(8), secrets.token_hex(8)
        if kind == "send":
            self.sent.append(raw)
            return Reply(200, {"id": mid, "threadId": tid, "labelIds": ["SENT"]})
        did = "r" + str(secrets.randbelow(10**18))
        self.drafts[did] = raw
        return Reply(200, {"id": did, "message": {"id": mid, "threadId": tid, "labelIds": ["DRAFT"]}})

    def _resumable_put(self, seen: Seen) -> Reply:
        sid = seen.route.rsplit("/", 1)[-1]
        s = self.sessions.pop(sid, None)
        if s is None:
            return self._gerror(404, "upload session not found", "notFound", "NOT_FOUND")
        if s["length"] not in (-1, len(seen.body)):
            return self._gerror(400, "X-Upload-Content-Length mismatch", "badRequest", "INVALID_ARGUMENT")
        return self._accept(s["kind"], seen.body)

    # ----------------------------------------------------------------- oauth
    def _authorize(self, q: dict) -> Reply:
        redirect = q.get("redirect_uri", "")
        if q.get("client_id") != self.client_id:
            return Reply(401, "<p>Error 401: invalid_client. The OAuth client was not found.</p>")
        if urlsplit(redirect).hostname not in ("localhost", "127.0.0.1") or urlsplit(redirect).scheme != "http":
            return Reply(400, "<p>Error 400: redirect_uri_mismatch</p>")
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return Reply(400, "<p>Error 400: invalid_request (PKCE S256 expected by this fake)</p>")
        code = "4/" + secrets.token_urlsafe(24)
        self.codes[code] = {"redirect": redirect, "challenge": q["code_challenge"], "scope": q.get("scope", "")}
        return Reply(
            302,
            b"",
            {
                "Location": f"{redirect}?"
                + urlencode({"state": q.get("state", ""), "code": code, "scope": q.get("scope", "")})
            },
        )

    def _token(self, f: dict, authorization: str) -> Reply:
        def err(e, d):
            return Reply(400, {"error": e, "error_description": d})

        if authorization.startswith("Basic "):  # requests-oauthlib sends client_id:secret as HTTP Basic
            cid, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            f = {**f, "client_id": unquote(cid), "client_secret": unquote(secret)}
        if f.get("client_id") != self.client_id or f.get("client_secret") != self.client_secret:
            return Reply(401, {"error": "invalid_client", "error_description": "The OAuth client was not found."})
        if f.get("grant_type") == "authorization_code":
            c = self.codes.pop(f.get("code", ""), None)
            if c is None or f.get("redirect_uri") != c["redirect"]:
                return err("invalid_grant", "Bad Request")
            if b64url(hashlib.sha256(f.get("code_verifier", "").encode()).digest()) != c["challenge"]:
                return err("invalid_grant", "Invalid code verifier.")
            scopes = set(c["scope"].split()) - self.withheld
            rt = "1//" + secrets.token_urlsafe(60)
            self.refresh_tokens[rt] = scopes
            answer = {
                "access_token": self.tokens.issue(scopes, self.access_lifetime, self.user),
                "expires_in": self.access_lifetime,
                "refresh_token": rt,
                "scope": " ".join(sorted(scopes)),
                "token_type": "Bearer",
            }
            if "openid" in scopes:  # who signed in, as Google says it
                now = int(time.time())
                claims = {
                    "iss": self.base_url,
                    "aud": self.client_id,
                    "sub": "1234567890",
                    "iat": now,
                    "exp": now + 3600,
                    "email": self.user,
                    "email_verified": True,
                }
                answer["id_token"] = ".".join(
                    [
                        b64url(b'{"alg":"RS256","typ":"JWT"}'),
                        b64url(json.dumps(claims).encode()),
                        b64url(b"not-a-signature"),
                    ]
                )
            return Reply(200, answer)
        if f.get("grant_type") == "refresh_token":
            scopes = self.refresh_tokens.get(f.get("refresh_token", ""))
            if scopes is None:
                return err("invalid_grant", "Token has been expired or revoked.")
            return Reply(
                200,
                {
                    "access_token": self.tokens.issue(scopes, self.access_lifetime, self.user),
                    "expires_in": self.access_lifetime,
                    "scope": " ".join(sorted(scopes)),
                    "token_type": "Bearer",
                },
            )
        return err("unsupported_grant_type", "Invalid grant_type")
