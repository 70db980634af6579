"""A fake Microsoft identity platform (Entra ID v2 endpoints) on 127.0.0.1, good enough for msal.

(Adapted from the mail research prototypes; msal runs for real against it.)

Serves, for one tenant:
  GET  /{tenant}/v2.0/.well-known/openid-configuration     tenant discovery (always needed)
  GET  /common/discovery/instance                          instance discovery (only if msal is told to use it)
  GET  /{tenant}/oauth2/v2.0/authorize                     sign-in page -> auto-submitting form_post (or 302 query)
  POST /{tenant}/oauth2/v2.0/token                         authorization_code (+PKCE S256) and refresh_token grants

It must be HTTPS: msal refuses any authority (and any token_endpoint) that is not https://.
Tokens are opaque random strings kept in `tokens`, a registry the fake Graph and fake SMTP share
to decide what a bearer token may do (its scopes) and whether it is still valid.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode, urlsplit

from loopback import FakeServer, Reply, Seen

RESERVED = {"openid", "profile", "offline_access"}
CLIENT_ID = "1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90"  # the organization's app registration, in the tests
TENANT = "contoso.example"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Issued:
    scopes: set[str]
    expires_at: float
    user: str


@dataclass
class TokenRegistry:
    """Access tokens handed out by a fake identity provider; checked by the fake resource servers."""

    access: dict[str, Issued] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, scopes: set[str], lifetime: int, user: str) -> str:
        token = "at-" + secrets.token_urlsafe(24)
        with self.lock:
            self.access[token] = Issued(set(scopes), time.time() + lifetime, user)
        return token

    def check(self, token: str, needed: str) -> str:
        """'' when `token` is valid and carries scope `needed` (suffix match, like Graph's short names);
        otherwise 'expired' / 'unknown' / 'scope'."""
        with self.lock:
            issued = self.access.get(token)
        if issued is None:
            return "unknown"
        if issued.expires_at < time.time():
            return "expired"
        if not any(s == needed or s.endswith("/" + needed) for s in issued.scopes):
            return "scope"
        return ""

    def revoke_all(self):
        with self.lock:
            for issued in self.access.values():
                issued.expires_at = 0


class FakeEntra(FakeServer):
    def __init__(
        self,
        tls,
        *,
        tenant=TENANT,
        client_id=CLIENT_ID,
        user="ops@contoso.example",
        registry: TokenRegistry | None = None,
    ):
        super().__init__(tls)
        self.tenant, self.client_id, self.user = tenant, client_id, user
        self.tokens = registry or TokenRegistry()
        self.codes: dict[str, dict] = {}
        self.refresh_tokens: dict[str, dict] = {}
        self.access_lifetime = 3600
        self.token_errors: list[dict] = []  # scripted: the next token request(s) answer these (400)
        self.deny_next = False  # the next sign-in: the user declines consent (error=access_denied)
        self.refuse_next: dict | None = None  # the next sign-in: this error comes back instead of a code
        self.oid, self.tid = "00000000-0000-0000-0000-0000000000aa", tenant

    # the URLs a client is configured with
    @property
    def authority(self) -> str:  # for PublicClientApplication(authority=...)
        return f"{self.base_url}/{self.tenant}"

    @property
    def oidc_authority(self) -> str:  # for PublicClientApplication(oidc_authority=...)
        return f"{self.base_url}/{self.tenant}/v2.0"

    @property
    def instance_discovery_url(self) -> str:
        return f"{self.base_url}/common/discovery/instance"

    def handle(self, seen: Seen) -> Reply:
        p = seen.route
        t = f"/{self.tenant}"
        if seen.method == "GET" and p == f"{t}/v2.0/.well-known/openid-configuration":
            return Reply(200, self._openid_configuration())
        if seen.method == "GET" and p == "/common/discovery/instance":
            return Reply(
                200,
                {
                    "tenant_discovery_endpoint": f"{self.base_url}{t}/v2.0/.well-known/openid-configuration",
                    "api-version": "1.1",
                    "metadata": [
                        {
                            "preferred_network": f"127.0.0.1:{self.port}",
                            "preferred_cache": f"127.0.0.1:{self.port}",
                            "aliases": [f"127.0.0.1:{self.port}"],
                        }
                    ],
                },
            )
        if seen.method == "GET" and p == f"{t}/oauth2/v2.0/authorize":
            return self._authorize(seen.query)
        if seen.method == "POST" and p == f"{t}/oauth2/v2.0/token":
            return self._token(seen.form())
        return Reply(404, {"error": "not_found", "error_description": p})

    def _openid_configuration(self) -> dict:
        base = f"{self.base_url}/{self.tenant}"
        return {
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        }

    # ---------------------------------------------------------------- authorize
    def _authorize(self, q: dict) -> Reply:
        redirect = q.get("redirect_uri", "")
        if q.get("client_id") != self.client_id:
            return Reply(400, "<p>AADSTS700016: Application not found in the directory.</p>")
        host = urlsplit(redirect).hostname
        if urlsplit(redirect).scheme != "http" or host not in ("localhost", "127.0.0.1"):
            return Reply(400, "<p>AADSTS50011: The redirect URI specified in the request does not match.</p>")
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256":
            return Reply(400, "<p>AADSTS900144: code flow with PKCE (S256) required by this fake.</p>")
        code = "code-" + secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": redirect,
            "challenge": q.get("code_challenge"),
            "nonce": q.get("nonce"),
            "scope": q.get("scope", ""),
        }
        answer = {"code": code, "state": q.get("state", ""), "session_state": "fake-session"}
        if self.deny_next:
            self.deny_next = False
            answer = {
                "error": "access_denied",
                "error_subcode": "cancel",
                "state": q.get("state", ""),
                "error_description": "AADSTS65004: User declined to consent to access the app.",
            }
        elif self.refuse_next:  # e.g. admin consent needed: Entra redirects back with the error
            answer = {**self.refuse_next, "state": q.get("state", "")}
            self.refuse_next = None
        if q.get("response_mode") == "form_post":  # what msal >= 1.3x asks for; the browser POSTs it back
            inputs = "".join(
                f'<input type="hidden" name="{escape(k)}" value="{escape(v)}"/>' for k, v in answer.items()
            )
            return Reply(
                200,
                f'<html><body onload="document.forms[0].submit()">'
                f'<form method="post" action="{escape(redirect)}">{inputs}</form></body></html>',
            )
        return Reply(302, b"", {"Location": f"{redirect}?{urlencode(answer)}"})

    # ---------------------------------------------------------------- token
    def _error(self, error: str, aadsts: int, text: str, status=400) -> Reply:
        return Reply(
            status,
            {
                "error": error,
                "error_description": f"AADSTS{aadsts}: {text}",
                "error_codes": [aadsts],
                "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ"),
                "trace_id": secrets.token_hex(8),
                "correlation_id": secrets.token_hex(8),
            },
        )

    def _token(self, f: dict) -> Reply:
        if self.token_errors:
            e = self.token_errors.pop(0)
            return self._error(e["error"], e["aadsts"], e["text"])
        if f.get("client_id") != self.client_id:
            return self._error("unauthorized_client", 700016, "Application not found in the directory.")
        grant = f.get("grant_type")
        if grant == "authorization_code":
            c = self.codes.pop(f.get("code", ""), None)
            if c is None:
                return self._error("invalid_grant", 70008, "The provided authorization code has expired.")
            if f.get("redirect_uri") != c["redirect_uri"]:
                return self._error("invalid_grant", 50148, "The redirect_uri does not match the authorize request.")
            verifier = f.get("code_verifier", "")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != c["challenge"]:
                return self._error("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge.")
            issued = self._issue(f.get("scope") or c["scope"], nonce=c["nonce"])
            return issued if isinstance(issued, Reply) else Reply(200, issued)
        if grant == "refresh_token":
            rt = self.refresh_tokens.pop(f.get("refresh_token", ""), None)  # rotated on every use
            if rt is None:
                return self._error("invalid_grant", 700082, "The refresh token has expired due to inactivity.")
            issued = self._issue(f.get("scope", ""), nonce=None)
            return issued if isinstance(issued, Reply) else Reply(200, issued)
        return self._error("unsupported_grant_type", 70003, f"grant_type {grant!r} not supported by this fake.")

    @staticmethod
    def _resource(scope: str) -> str:
        return scope.rsplit("/", 1)[0] if "://" in scope else "https://graph.microsoft.com"

    def _issue(self, scope: str, nonce: str | None) -> dict | Reply:
        scopes = [s for s in scope.split() if s not in RESERVED]
        if len({self._resource(s) for s in scopes}) > 1:  # Entra: one resource per token request
            return self._error(
                "invalid_scope",
                28000,
                "Provided value for the input parameter scope is not valid because it contains more than one resource.",
            )
        access = self.tokens.issue(set(scopes), self.access_lifetime, self.user)
        refresh = "rt-" + secrets.token_urlsafe(24)
        self.refresh_tokens[refresh] = {"scope": scope}
        now = int(time.time())
        claims = {
            "iss": f"{self.base_url}/{self.tenant}/v2.0",
            "aud": self.client_id,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "sub": "fake-subject",
            "oid": self.oid,
            "tid": self.tid,
            "preferred_username": self.user,
            "name": "Ops Person",
            "ver": "2.0",
        }
        if nonce:
            claims["nonce"] = nonce  # msal compares it with the (hashed) nonce it sent
        id_token = ".".join(
            [
                b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()),
                b64url(json.dumps(claims).encode()),
                b64url(b"not-a-real-signature"),
            ]
        )
        return {
            "token_type": "Bearer",
            "scope": " ".join(scopes),
            "expires_in": self.access_lifetime,
            "ext_expires_in": self.access_lifetime,
            "access_token": access,
            "refresh_token": refresh,
            "id_token": id_token,
            # client_info is what msal uses to build the account (home_account_id = uid.utid);
            # without it no account is created and acquire_token_silent has nothing to work with.
            "client_info": b64url(json.dumps({"uid": self.oid, "utid": self.tid}).encode()),
        }
