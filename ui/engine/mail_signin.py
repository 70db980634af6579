"""Signing in to Microsoft 365 or Google Workspace for the app: state, sign in (cancellable), sign out (engine side).

The sign-in itself is the core's (msal, google-auth-oauthlib): it opens the system browser and waits
for the loopback redirect. It runs on a thread of its own, so that Cancel answers at once: the library
cannot be interrupted, so its thread is left to end by itself (the user closes the browser page, or the
sign-in's timeout passes); if the user still finishes in the browser, that sign-in is simply kept.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ui.engine.mail_ways import MICROSOFT, PROVIDERS, sign_in_of, token_variable
from ui.engine.results import SignInInfo

if TYPE_CHECKING:
    from tec_desktop.mail.tokens import SignInState
    from ui.engine.protocol import Job

WAITING = "Waiting for you to sign in in your browser…"


def info(way: str, service: dict | None) -> SignInInfo:
    """Who is signed in (no network); `problem` says what stops a sign-in with these settings."""
    from tec_desktop.errors import TecError
    from tec_desktop.mail.tokens import env_token
    from ui.engine.wording import for_app

    variable = token_variable(way)
    if env_token(variable) is not None:
        return SignInInfo(PROVIDERS[way], True, token_variable=variable)
    try:
        sign_in = sign_in_of(way, service)
    except TecError as exc:
        return SignInInfo(PROVIDERS[way], False, problem=for_app(exc))
    return _info(sign_in.state())


def _info(state: SignInState) -> SignInInfo:
    return SignInInfo(state.provider, state.signed_in, state.account, state.persistent, state.storage)


def sign_in(way: str, service: dict | None, timeout: float, window_handle: int | None, job: Job) -> SignInInfo:
    """Open the browser and wait for the user; Cancelled when the window's Cancel was pressed first."""
    from tec_desktop.errors import Cancelled, TecError
    from tec_desktop.mail.tokens import env_token

    variable = token_variable(way)
    if env_token(variable) is not None:
        raise TecError("env-token-and-sign-in", variable=variable)
    chosen = sign_in_of(way, service)  # a setting to fix: said before any browser opens

    def on_browser() -> None:
        job.progress(0, 0, WAITING)

    states: list[SignInState] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            if way == MICROSOFT:
                from tec_desktop.mail.microsoft import MicrosoftSignIn

                assert isinstance(chosen, MicrosoftSignIn)
                states.append(chosen.sign_in(timeout=timeout, on_browser=on_browser, window_handle=window_handle))
            else:
                from tec_desktop.mail.google import GoogleSignIn

                assert isinstance(chosen, GoogleSignIn)
                states.append(chosen.sign_in(timeout=timeout, on_browser=on_browser))
        except BaseException as exc:  # handed to the request's thread, which reports it
            errors.append(exc)

    worker = threading.Thread(target=run, name=f"sign-in-{way}", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if job.cancelled():
            raise Cancelled("sign-in-cancelled", provider=PROVIDERS[way])
    if errors:
        raise errors[0]
    return _info(states[0])


def sign_out(way: str, service: dict | None) -> SignInInfo:
    """Forget the sign-in kept for these settings."""
    return _info(sign_in_of(way, service).sign_out())
