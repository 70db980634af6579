"""Where an OAuth access token comes from: a sign-in (msal, google-auth) or, for unattended runs, the environment.

An access token is never an argument on the command line (other users can read those) and never
written to a file by TEC Desktop: TEC_GRAPH_TOKEN, TEC_GMAIL_TOKEN and TEC_SMTP_TOKEN are used as
they are, for scheduled runs and tests; a sign-in keeps its refresh token in the OS's protected store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

from tec_desktop.mail.transport import StopSending

GRAPH_TOKEN_VAR = "TEC_GRAPH_TOKEN"
GMAIL_TOKEN_VAR = "TEC_GMAIL_TOKEN"
SMTP_TOKEN_VAR = "TEC_SMTP_TOKEN"


@dataclass(frozen=True)
class SignInState:
    """Whether someone is signed in, as whom, and where the sign-in is kept."""

    provider: str  # 'Microsoft 365' or 'Google Workspace'
    signed_in: bool
    account: str = ""
    storage: str = ""  # token_cache.TokenStore.where
    persistent: bool = True  # kept after the program ends (False: in memory only, signed out when it closes)

    def describe(self) -> str:
        """'Signed in to Microsoft 365 as ops@contoso.com (kept in the macOS Keychain).'"""
        if not self.signed_in:
            return f"Not signed in to {self.provider}."
        kept = f" (the sign-in is kept {self.storage})" if self.storage else ""
        return f"Signed in to {self.provider} as {self.account or 'an unnamed account'}{kept}."


class SignIn(Protocol):
    """A way to sign in (Microsoft 365, Google Workspace): what the app's Preferences and `tec send` use."""

    def state(self) -> SignInState:
        """Who is signed in, without the network."""
        ...

    def sign_out(self) -> SignInState:
        """Forget the sign-in."""
        ...


class TokenSource(Protocol):
    """Gives a bearer token for one service, refreshing it on request where it can."""

    @property
    def account(self) -> str:
        """The signed-in account ('ops@contoso.com'); '' when not known (a token from the environment)."""
        ...

    @property
    def origin(self) -> str:
        """Where the token comes from, for messages: 'the TEC_GRAPH_TOKEN variable', 'your Microsoft 365 sign-in'."""
        ...

    @property
    def can_refresh(self) -> bool:
        """A refused token can be replaced by a fresh one."""
        ...

    def token(self, force_refresh: bool = False) -> str:
        """The access token (a new one when `force_refresh`); StopSending when there is none."""
        ...


@dataclass(frozen=True)
class EnvToken:
    """A token given in an environment variable, used as it is (it cannot be refreshed)."""

    variable: str
    value: str
    account: str = ""

    @property
    def origin(self) -> str:
        return f"the {self.variable} variable"

    @property
    def can_refresh(self) -> bool:
        return False

    def token(self, force_refresh: bool = False) -> str:
        if force_refresh:
            raise StopSending("env-token-refused", "auth", variable=self.variable)
        return self.value

    def __repr__(self) -> str:  # never show the token, even in a crash log
        return f"EnvToken({self.variable})"


def env_token(variable: str) -> EnvToken | None:
    """The token in this environment variable, or None when it is unset or empty."""
    value = os.environ.get(variable, "").strip()
    if value.lower().startswith("bearer "):
        value = value[7:].strip()
    return EnvToken(variable, value) if value else None
