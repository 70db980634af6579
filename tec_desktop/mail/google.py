"""Signing in to Google Workspace (google-auth-oauthlib's installed-app flow), for the Gmail API or Gmail SMTP.

- The OAuth client: an Internal "Desktop app" client the Workspace admin makes in Google Cloud; its
  downloaded JSON file (client ID, client secret, endpoints) is given with --client-file.
- Sign in: the system browser opens Google's consent page and comes back to http://localhost:<port>/
  (PKCE). Scopes: gmail.send to send (plus openid and the email address, to show who is signed in);
  https://mail.google.com/ only for SMTP (a restricted scope).
- The refresh token is kept in the OS keyring (after a trial write), else in memory until the program
  ends; it is never written to a file. Credentials are rebuilt from it with the client file's token
  endpoint (google-auth's from_authorized_user_info would replace that endpoint with Google's own).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tec_desktop.errors import TecError
from tec_desktop.mail.endpoints import service_url
from tec_desktop.mail.passwords import writable_keyring
from tec_desktop.mail.tokens import GMAIL_TOKEN_VAR, SignInState
from tec_desktop.mail.transport import StopSending

GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"
GMAIL_SMTP = "https://mail.google.com/"
IDENTITY = ("openid", "https://www.googleapis.com/auth/userinfo.email")
PROVIDER = "Google Workspace"
SIGN_IN_TIMEOUT = 180
_KEYRING_SERVICE = "tec-desktop/google-sign-in"
_MEMORY: dict[str, dict] = {}  # client id -> the session's sign-in, when no keyring can keep it


@dataclass(frozen=True)
class GoogleClient:
    """An OAuth client of type Desktop app, as in the JSON file Google Cloud lets the admin download."""

    client_id: str
    client_secret: str
    auth_uri: str
    token_uri: str

    @classmethod
    def from_file(cls, path: str | Path) -> GoogleClient:
        """Read and check the client file; TecError says what is wrong with it."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise TecError("google-client-file-unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
        except ValueError:
            raise TecError("google-client-file-invalid", form="not-json", path=str(path)) from None
        if isinstance(data, dict) and "web" in data and "installed" not in data:
            raise TecError("google-client-file-invalid", form="web-client", path=str(path))
        client = data.get("installed") if isinstance(data, dict) else None
        if not isinstance(client, dict) or not client.get("client_id") or not client.get("client_secret"):
            raise TecError("google-client-file-invalid", path=str(path))
        return cls(
            str(client["client_id"]),
            str(client["client_secret"]),
            _https(str(client.get("auth_uri") or "https://accounts.google.com/o/oauth2/auth"), path),
            _https(str(client.get("token_uri") or "https://oauth2.googleapis.com/token"), path),
        )

    def config(self) -> dict:
        """What InstalledAppFlow.from_client_config takes."""
        return {
            "installed": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "redirect_uris": ["http://localhost"],
            }
        }

    def __repr__(self) -> str:  # the secret is not secret for a desktop client, but keep it out of logs
        return f"GoogleClient({self.client_id})"


def _https(url: str, path: str | Path) -> str:
    checked = service_url(url, f"The address in {Path(path).name}", "https://oauth2.googleapis.com/token")
    if urlsplit(checked).scheme != "https":
        raise TecError("google-client-url-not-https", url=url, file=Path(path).name)
    return checked


class _RefreshStore:
    """The refresh token and account, in the keyring when it works (trial write), else in memory."""

    def __init__(self, client_id: str):
        self.client_id = client_id
        self.keyring = self._usable_keyring()
        self.where = (
            "in the system keyring"
            if self.keyring is not None
            else ("in memory only, until TEC Desktop closes (this computer offers no keyring for it)")
        )

    @staticmethod
    def _usable_keyring():
        return writable_keyring(_KEYRING_SERVICE)

    def load(self) -> dict | None:
        if self.keyring is None:
            return _MEMORY.get(self.client_id)
        try:
            text = self.keyring.get_password(_KEYRING_SERVICE, self.client_id)
        except Exception:
            return None
        try:
            return json.loads(text) if text else None
        except ValueError:
            return None

    def save(self, saved: dict) -> None:
        if self.keyring is None:
            _MEMORY[self.client_id] = saved
            return
        try:
            self.keyring.set_password(_KEYRING_SERVICE, self.client_id, json.dumps(saved))
        except Exception as exc:
            _MEMORY[self.client_id] = saved
            self.keyring = None
            self.where = f"in memory only, until TEC Desktop closes (the keyring refused it: {exc})"

    def clear(self) -> None:
        _MEMORY.pop(self.client_id, None)
        if self.keyring is not None:
            try:
                self.keyring.delete_password(_KEYRING_SERVICE, self.client_id)
            except Exception:
                pass  # nothing was stored


class GoogleSignIn:
    """Sign-in state, sign in, sign out and tokens for one OAuth client."""

    def __init__(self, client: GoogleClient):
        self.client = client
        self.store = _RefreshStore(client.client_id)

    def state(self) -> SignInState:
        """Who is signed in (no network)."""
        saved = self.store.load()
        account = str((saved or {}).get("account", ""))
        return SignInState(PROVIDER, bool(saved), account, self.store.where, self.store.keyring is not None)

    def sign_out(self) -> SignInState:
        """Forget the sign-in (the refresh token stays valid at Google until revoked there or unused for months)."""
        self.store.clear()
        return self.state()

    def sign_in(
        self,
        scopes: tuple[str, ...] = (GMAIL_SEND,),
        *,
        timeout: float = SIGN_IN_TIMEOUT,
        on_browser: Callable[[], None] | None = None,
    ) -> SignInState:
        """Sign in in the system browser (blocks until done or `timeout`); StopSending says what went wrong."""
        import webbrowser

        from google_auth_oauthlib.flow import InstalledAppFlow

        flow = InstalledAppFlow.from_client_config(self.client.config(), scopes=[*IDENTITY, *scopes])
        if on_browser is not None:
            on_browser()
        try:
            creds = flow.run_local_server(
                host="localhost",
                port=0,
                open_browser=True,
                timeout_seconds=int(timeout),
                authorization_prompt_message="",
                success_message="Signed in to Google Workspace. You can close this window and return to TEC Desktop.",
                prompt="select_account consent",
                access_type="offline",
            )
        except webbrowser.Error:
            raise StopSending("google-no-browser", "auth", variable=GMAIL_TOKEN_VAR) from None
        except requests.exceptions.RequestException as exc:
            raise _unreachable(self.client.token_uri, exc) from None
        except Exception as exc:  # oauthlib's errors (access_denied, invalid_client...), WSGITimeoutError
            raise sign_in_refusal(exc, timeout) from None
        if not creds.refresh_token:
            raise StopSending("google-sign-in-refused", "auth", form="no-refresh-token")
        granted = set(getattr(creds, "granted_scopes", None) or creds.scopes or [*IDENTITY, *scopes])
        missing = [s for s in scopes if s not in granted]
        if missing:
            raise StopSending("google-sign-in-refused", "permission", form="not-granted")
        self.store.save(
            {"account": _email_of(creds.id_token), "refresh_token": creds.refresh_token, "scopes": sorted(granted)}
        )
        return self.state()

    def token_source(self, scopes: tuple[str, ...] = (GMAIL_SEND,)) -> GoogleToken:
        """Tokens from the saved sign-in; StopSending when nobody is signed in or it does not cover `scopes`."""
        saved = self.store.load()
        if not saved:
            raise StopSending("not-signed-in", "auth", provider=PROVIDER, variable=GMAIL_TOKEN_VAR)
        if any(s not in saved.get("scopes", []) for s in scopes):
            form = "smtp" if GMAIL_SMTP in scopes else ""
            raise StopSending("google-sign-in-scope", "auth", form=form, account=str(saved.get("account", "")))
        return GoogleToken(self.client, saved)


class GoogleToken:
    """A TokenSource backed by google-auth Credentials rebuilt from the saved refresh token."""

    can_refresh = True
    origin = "your Google Workspace sign-in"

    def __init__(self, client: GoogleClient, saved: dict):
        from google.oauth2.credentials import Credentials

        self.client = client
        self.account = str(saved.get("account", ""))
        self.credentials = Credentials(
            None,
            refresh_token=saved["refresh_token"],
            token_uri=client.token_uri,
            client_id=client.client_id,
            client_secret=client.client_secret,
            scopes=list(saved.get("scopes", [])),
        )
        self.session = requests.Session()

    def token(self, force_refresh: bool = False) -> str:
        from google.auth.exceptions import RefreshError, TransportError
        from google.auth.transport.requests import Request

        if force_refresh or not self.credentials.valid:
            try:
                self.credentials.refresh(Request(self.session))
            except RefreshError as exc:
                raise StopSending("google-sign-in-expired", "auth", account=self.account, reply=_first(exc)) from None
            except TransportError as exc:
                raise _unreachable(self.client.token_uri, exc) from None
        return str(self.credentials.token)

    def __repr__(self) -> str:
        return f"GoogleToken({self.account})"


def _first(exc: BaseException) -> str:
    return str(exc.args[0]) if exc.args else type(exc).__name__


def _email_of(id_token: str | None) -> str:
    """The email claim of the ID token Google's token endpoint just gave us over TLS (no signature check needed)."""
    try:
        payload = (id_token or "").split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims.get("email", ""))
    except (IndexError, ValueError):
        return ""


def _unreachable(url: str, exc: BaseException) -> StopSending:
    host = urlsplit(url).netloc or url
    return StopSending("sign-in-unreachable", "connect", form="google", host=host, reason=_first(exc))


def sign_in_refusal(exc: BaseException, timeout: float) -> StopSending:
    """What a failed Google sign-in means."""
    name, text = type(exc).__name__, " ".join(str(exc).split())
    if "Timeout" in name:
        return StopSending("sign-in-timeout", "auth", timeout=timeout)
    form = ""
    if "Scope has changed" in text:  # oauthlib: the user unticked a permission on Google's consent page
        form = "not-granted"
    elif "access_denied" in text or "AccessDenied" in name:
        form = "declined"
    elif "invalid_client" in text or "InvalidClient" in name:
        form = "client-unknown"
    elif "org_internal" in text or "admin_policy_enforced" in text:
        form = "blocked"
    return StopSending("google-sign-in-refused", "auth", form=form, reply=text or name)
