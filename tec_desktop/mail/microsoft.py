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
from tec_desktop.mail.tokens import SignInState
from tec_desktop.mail.transport import StopSending

GRAPH_SCOPES = ("Mail.Send", "Mail.ReadWrite")  # send; drafts and large attachments (offline_access is implied)
SMTP_SCOPES = ("https://outlook.office.com/SMTP.Send",)
DEFAULT_TENANT = "organizations"
SIGN_IN_TIMEOUT = 180  # seconds the browser sign-in may take
PROVIDER = "Microsoft 365"
NOT_SIGNED_IN = (
    "Not signed in to Microsoft 365: sign in once (--sign-in opens your browser; in the app: Preferences → "
    "Email → Sign in), or for an unattended run put an access token in TEC_GRAPH_TOKEN."
)
_TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")


def check_client_id(client_id: str) -> str:
    """The Application (client) ID, a GUID; TecError when it is not one."""
    text = client_id.strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise TecError(
            f"'{client_id}' is not an Application (client) ID: it is a GUID like "
            "1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90, shown on the app registration's Overview page in the "
            "Microsoft Entra admin center."
        ) from None


def check_tenant(tenant: str) -> str:
    """A tenant: 'organizations', a domain (contoso.com) or a tenant ID; TecError otherwise."""
    text = tenant.strip()
    if not _TENANT.match(text):
        raise TecError(
            f"'{tenant}' is not a Microsoft 365 tenant: give your organization's domain (contoso.com), its "
            "tenant ID (a GUID), or organizations."
        )
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
            raise TecError(f"--login-url {url} must be https://: Microsoft's sign-in library accepts nothing else.")
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
        return SignInState(PROVIDER, bool(accounts), account, self.store.where)

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
                f"Microsoft does not know the tenant '{self.app.tenant}' at {self.app.login_url} ({exc}). Check "
                "--tenant: your organization's domain (contoso.com) or tenant ID.",
                "config",
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
                    f"The sign-in was not finished in the browser within {timeout:g} s; nothing was sent. Sign in "
                    "again and complete it in the browser window that opens. If the browser showed an error "
                    f"(AADSTS700016: application not found), check --client-id {self.app.client_id} and --tenant "
                    f"{self.app.tenant} with your IT.",
                    "auth",
                ) from None
            raise StopSending(f"The Microsoft 365 sign-in could not start: {exc}.", "auth") from None
        if "access_token" not in result:
            raise StopSending(sign_in_refusal(result, self.app), "auth")
        username = str((result.get("id_token_claims") or {}).get("preferred_username", ""))
        for account in app.get_accounts():  # one account at a time
            if username and account.get("username", "").lower() != username.lower():
                app.remove_account(account)
        return self.state()

    def token_source(self, scopes: tuple[str, ...] = GRAPH_SCOPES) -> MsalToken:
        """Tokens for these scopes from the cached sign-in; StopSending when nobody is signed in."""
        state = self.state()
        if not state.signed_in:
            raise StopSending(NOT_SIGNED_IN, "auth")
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
            raise StopSending(NOT_SIGNED_IN, "auth")
        try:
            result = app.acquire_token_silent_with_error(
                list(self.scopes), account=accounts[0], force_refresh=force_refresh
            )
        except requests.exceptions.RequestException as exc:
            raise _unreachable(self.sign_in.app.login_url, exc) from None
        if result and "access_token" in result:
            return str(result["access_token"])
        if result is None:
            raise StopSending(
                f"Your Microsoft 365 sign-in as {self.account} does not cover {_what(self.scopes)} yet: sign in again "
                "(--sign-in) and accept the permissions.",
                "auth",
            )
        raise StopSending(silent_refusal(result, self.account), "auth")

    def __repr__(self) -> str:
        return f"MsalToken({self.account})"


def _what(scopes: tuple[str, ...]) -> str:
    return "sending through SMTP" if any("SMTP" in s for s in scopes) else "sending mail"


def _unreachable(url: str, exc: BaseException) -> StopSending:
    host = urlsplit(url).netloc or url
    if isinstance(exc, requests.exceptions.SSLError):
        return StopSending(
            f"The secure connection to {host} could not be verified. If your company checks web traffic with its "
            "own certificate, set REQUESTS_CA_BUNDLE to that certificate's file.",
            "tls",
        )
    return StopSending(
        f"Could not reach the Microsoft sign-in service at {host}: check the network connection.", "connect"
    )


def _codes(result: dict) -> set[int]:
    codes = {int(c) for c in result.get("error_codes") or [] if str(c).isdigit()}
    codes |= {int(c) for c in re.findall(r"AADSTS(\d+)", str(result.get("error_description", "")))}
    return codes


def sign_in_refusal(result: dict, app: MicrosoftApp) -> str:
    """What an interactive sign-in's error means for the user or their IT."""
    codes, error = _codes(result), str(result.get("error", ""))
    said = " ".join(str(result.get("error_description") or error).split()).split(" Trace ID:")[0]
    if 700016 in codes or error == "unauthorized_client":
        return (
            f"Microsoft 365 does not know the app {app.client_id} in the tenant '{app.tenant}' ({said}). Check "
            "--client-id (your IT's app registration) and --tenant."
        )
    if 50011 in codes or 500113 in codes:
        return (
            f"The app registration {app.client_id} does not allow signing in from TEC Desktop ({said}): your IT adds "
            "the redirect URI http://localhost under 'Mobile and desktop applications'."
        )
    if codes & {65001, 90094, 90099, 65005, 650057}:
        return (
            f"An administrator of your organization must approve the app {app.client_id} first ({said}): your IT "
            "grants admin consent for Mail.Send and Mail.ReadWrite on the app registration."
        )
    if 65004 in codes or error == "access_denied":
        return (
            "The sign-in was cancelled or the permissions were declined; nothing was sent. Sign in again and "
            "accept the permissions TEC Desktop asks for (send mail as you, manage your drafts)."
        )
    if 50020 in codes or 500200 in codes:
        return (
            f"The account you signed in with does not belong to the tenant '{app.tenant}' ({said}): sign in with your "
            "work account of that organization, or check --tenant."
        )
    if 53003 in codes or 53000 in codes:
        return f"Your organization's access policy blocked the sign-in from this computer ({said}): ask your IT."
    return f"The Microsoft 365 sign-in failed ({said})."


def silent_refusal(result: dict, account: str) -> str:
    """What a failed silent token request means (an expired or revoked sign-in, new consent needed)."""
    codes, error = _codes(result), str(result.get("error", ""))
    said = " ".join(str(result.get("error_description") or error).split()).split(" Trace ID:")[0]
    if error in ("invalid_grant", "interaction_required", "consent_required") or codes:
        return (
            f"Your Microsoft 365 sign-in as {account} has expired or was revoked ({said}): sign in again (--sign-in)."
        )
    return f"Microsoft 365 refused a new access token for {account} ({said}): sign in again (--sign-in)."
