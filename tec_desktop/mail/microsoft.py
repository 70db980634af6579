"""Signing in to Microsoft 365 (Entra ID) with msal as a public client, for Microsoft Graph or SMTP.

- Sign in: the system browser opens Microsoft's sign-in page and comes back to a loopback address
  (http://localhost:<port>, the redirect URI the app registration must list); the Windows broker
  (WAM) is used only where pymsalruntime is installed. Not the device-code flow: many tenants block it.
- Afterwards: acquire_token_silent from the token cache (token_cache.py), refreshed as needed.
- One account at a time: signing in removes any other account from the cache.

There is no app registered for TEC Desktop with Microsoft: the organization's IT registers one and
gives its Application (client) ID (--client-id, Preferences); see the user guide.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import msal
import requests

from tec_desktop.errors import TecError
from tec_desktop.mail.endpoints import LOGIN_URL, service_url
from tec_desktop.mail.token_cache import TokenStore, open_token_store
from tec_desktop.mail.tokens import GRAPH_TOKEN_VAR, SignInState
from tec_desktop.mail.transport import StopSending

GRAPH_SCOPES = ("Mail.Send", "Mail.ReadWrite")  # send; drafts and large attachments (offline_access is implied)
SMTP_SCOPES = ("https://outlook.office.com/SMTP.Send",)
DEFAULT_TENANT = "organizations"
SIGN_IN_TIMEOUT = 180  # seconds the browser sign-in may take
PROVIDER = "Microsoft 365"
_TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")


def check_client_id(client_id: str) -> str:
    """The Application (client) ID, a GUID; TecError when it is not one."""
    text = client_id.strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise TecError("microsoft-client-id-invalid", client_id=client_id) from None


def check_tenant(tenant: str) -> str:
    """A tenant: 'organizations', a domain (contoso.com) or a tenant ID; TecError otherwise."""
    text = tenant.strip()
    if not _TENANT.match(text):
        raise TecError("microsoft-tenant-invalid", tenant=tenant)
    return text


@dataclass(frozen=True)
class MicrosoftApp:
    """The organization's app registration and where its users sign in."""

    client_id: str
    tenant: str = DEFAULT_TENANT
    login_url: str = (
        LOGIN_URL  # another cloud: https://login.microsoftonline.us, https://login.partner.microsoftonline.cn
    )

    @classmethod
    def checked(cls, client_id: str, tenant: str = DEFAULT_TENANT, login_url: str = LOGIN_URL) -> MicrosoftApp:
        """The settings, each checked (TecError names the one to fix)."""
        url = service_url(login_url, "--login-url", "https://login.microsoftonline.com")
        if urlsplit(url).scheme != "https":
            raise TecError("microsoft-login-url-not-https", url=url)
        return cls(check_client_id(client_id), check_tenant(tenant), url)

    @property
    def authority(self) -> str:
        """'https://login.microsoftonline.com/organizations'."""
        return f"{self.login_url}/{self.tenant}"


class MicrosoftSignIn:
    """Sign-in state, sign in, sign out and tokens for one app registration."""

    def __init__(self, app: MicrosoftApp, store: TokenStore | None = None):
        self.app = app
        self.store = store if store is not None else open_token_store()

    # ---------------------------------------------------------------- state (no network)

    def _accounts(self) -> list[dict]:
        host = (urlsplit(self.app.login_url).hostname or "").lower()
        accounts = list(self.store.cache.search(msal.TokenCache.CredentialType.ACCOUNT))
        return [a for a in accounts if str(a.get("environment", "")).lower() == host]

    def state(self) -> SignInState:
        """Who is signed in, from the token cache alone (no network)."""
        accounts = self._accounts()
        account = str(accounts[0].get("username", "")) if accounts else ""
        return SignInState(PROVIDER, bool(accounts), account, self.store.where, self.store.persistent)

    def sign_out(self) -> SignInState:
        """Forget every account of this sign-in (tokens included); no network."""
        cache = self.store.cache
        for account in self._accounts():
            home = account.get("home_account_id")
            for kind in (
                msal.TokenCache.CredentialType.ACCESS_TOKEN,
                msal.TokenCache.CredentialType.REFRESH_TOKEN,
                msal.TokenCache.CredentialType.ID_TOKEN,
                msal.TokenCache.CredentialType.ACCOUNT,
            ):
                for entry in list(cache.search(kind, query={"home_account_id": home})):
                    cache.modify(kind, entry)  # no new values: removed
        return self.state()

    # ---------------------------------------------------------------- network

    def client(self) -> msal.PublicClientApplication:
        """msal's application object (looks up the tenant's endpoints: network)."""
        broker = importlib.util.find_spec("pymsalruntime") is not None
        try:
            return msal.PublicClientApplication(
                self.app.client_id,
                authority=self.app.authority,
                # No lookup of the authority in Microsoft's list: the tenant's own discovery document is enough,
                # and national clouds and tests are not on that list.
                instance_discovery=False,
                token_cache=self.store.cache,
                enable_broker_on_windows=broker and sys.platform.startswith("win"),
            )
        except ValueError as exc:
            raise StopSending(
                "microsoft-tenant-unknown", "config", tenant=self.app.tenant, url=self.app.login_url, reason=str(exc)
            ) from None
        except requests.exceptions.RequestException as exc:
            raise _unreachable(self.app.login_url, exc) from None

    def sign_in(
        self,
        scopes: tuple[str, ...] = GRAPH_SCOPES,
        *,
        timeout: float = SIGN_IN_TIMEOUT,
        on_browser: Callable[[], None] | None = None,
        window_handle: int | None = None,
    ) -> SignInState:
        """Sign in in the system browser (blocks until done or `timeout`); StopSending says what went wrong."""
        app = self.client()
        extra: dict = {}
        if on_browser is not None:
            extra["on_before_launching_ui"] = lambda **_: on_browser()
        if window_handle is not None or importlib.util.find_spec("pymsalruntime") is not None:
            extra["parent_window_handle"] = (
                window_handle if window_handle is not None else msal.PublicClientApplication.CONSOLE_WINDOW_HANDLE
            )
        try:
            result = app.acquire_token_interactive(list(scopes), prompt="select_account", timeout=timeout, **extra)
        except requests.exceptions.RequestException as exc:
            raise _unreachable(self.app.login_url, exc) from None
        except Exception as exc:  # msal's BrowserInteractionTimeoutError, a browser that cannot start
            if "timeout" in type(exc).__name__.lower() or "in time" in str(exc):
                raise StopSending(
                    "sign-in-timeout",
                    "auth",
                    form="microsoft",
                    timeout=timeout,
                    client_id=self.app.client_id,
                    tenant=self.app.tenant,
                ) from None
            raise StopSending("microsoft-sign-in-not-started", "auth", reason=str(exc)) from None
        if "access_token" not in result:
            raise sign_in_refusal(result, self.app)
        username = str((result.get("id_token_claims") or {}).get("preferred_username", ""))
        for account in app.get_accounts():  # one account at a time
            if username and account.get("username", "").lower() != username.lower():
                app.remove_account(account)
        return self.state()

    def token_source(self, scopes: tuple[str, ...] = GRAPH_SCOPES) -> MsalToken:
        """Tokens for these scopes from the cached sign-in; StopSending when nobody is signed in."""
        state = self.state()
        if not state.signed_in:
            raise _not_signed_in()
        return MsalToken(self, scopes, state.account)


class MsalToken:
    """A TokenSource backed by msal's silent token acquisition."""

    can_refresh = True

    def __init__(self, sign_in: MicrosoftSignIn, scopes: tuple[str, ...], account: str):
        self.sign_in = sign_in
        self.scopes = scopes
        self.account = account
        self.origin = "your Microsoft 365 sign-in"
        self._app: msal.PublicClientApplication | None = None

    def token(self, force_refresh: bool = False) -> str:
        if self._app is None:
            self._app = self.sign_in.client()
        app = self._app
        accounts = app.get_accounts(username=self.account) or app.get_accounts()
        if not accounts:
            raise _not_signed_in()
        try:
            result = app.acquire_token_silent_with_error(
                list(self.scopes), account=accounts[0], force_refresh=force_refresh
            )
        except requests.exceptions.RequestException as exc:
            raise _unreachable(self.sign_in.app.login_url, exc) from None
        if result and "access_token" in result:
            return str(result["access_token"])
        if result is None:
            form = "smtp" if any("SMTP" in s for s in self.scopes) else ""
            raise StopSending("microsoft-sign-in-scope", "auth", form=form, account=self.account)
        raise silent_refusal(result, self.account)

    def __repr__(self) -> str:
        return f"MsalToken({self.account})"


def _not_signed_in() -> StopSending:
    return StopSending("not-signed-in", "auth", provider=PROVIDER, variable=GRAPH_TOKEN_VAR)


def _unreachable(url: str, exc: BaseException) -> StopSending:
    host = urlsplit(url).netloc or url
    if isinstance(exc, requests.exceptions.SSLError):
        return StopSending("web-certificate-untrusted", "tls", host=host)
    return StopSending("sign-in-unreachable", "connect", host=host)


def _codes(result: dict) -> set[int]:
    codes = {int(c) for c in result.get("error_codes") or [] if str(c).isdigit()}
    codes |= {int(c) for c in re.findall(r"AADSTS(\d+)", str(result.get("error_description", "")))}
    return codes


def _said(result: dict) -> str:
    """What Microsoft said, without its trace and correlation IDs."""
    error = str(result.get("error", ""))
    return " ".join(str(result.get("error_description") or error).split()).split(" Trace ID:")[0]


def sign_in_refusal(result: dict, app: MicrosoftApp) -> StopSending:
    """What an interactive sign-in's error means for the user or their IT."""
    codes, error = _codes(result), str(result.get("error", ""))
    form = ""
    if 700016 in codes or error == "unauthorized_client":
        form = "app-unknown"
    elif 50011 in codes or 500113 in codes:
        form = "redirect-uri"
    elif codes & {65001, 90094, 90099, 65005, 650057}:
        form = "consent"
    elif 65004 in codes or error == "access_denied":
        form = "declined"
    elif 50020 in codes or 500200 in codes:
        form = "other-tenant"
    elif 53003 in codes or 53000 in codes:
        form = "policy"
    return StopSending(
        "microsoft-sign-in-refused",
        "auth",
        form=form,
        client_id=app.client_id,
        tenant=app.tenant,
        reply=_said(result),
    )


def silent_refusal(result: dict, account: str) -> StopSending:
    """What a failed silent token request means (an expired or revoked sign-in, new consent needed)."""
    error = str(result.get("error", ""))
    expired = error in ("invalid_grant", "interaction_required", "consent_required") or _codes(result)
    form = "" if expired else "refused"
    return StopSending("microsoft-sign-in-expired", "auth", form=form, account=account, reply=_said(result))
