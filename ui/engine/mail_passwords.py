"""The mail server's password for the Email window and Preferences: found, kept, forgotten (engine side, no Qt).

The environment (TEC_SMTP_PASSWORD) comes first, then the system keyring. A password no keyring can
keep (none on this computer, or it refused) is kept in this process's memory until the app closes,
so without a keyring it is asked once per session. The window only ever hears whether there is one
(PasswordState), never the password.
"""

from __future__ import annotations

from ui.engine.results import PasswordState

# Passwords typed this session that no system keyring keeps: (host, user) -> password. In this
# process's memory only, gone when the app closes; so without a keyring it is asked once per session.
_SESSION: dict[tuple[str, str], str] = {}


def _key(host: str, user: str) -> tuple[str, str]:
    return host.strip().lower(), user.strip()


def lookup(host: str, user: str) -> tuple[str | None, str, str]:
    """(password or None, where it came from, why the keyring could not help): environment, keyring, session."""
    from tec_desktop.mail.passwords import find_password

    found = find_password(host, user)
    if found.password:
        return found.password, found.source, found.note
    kept = _SESSION.get(_key(host, user))
    return (kept, "session", found.note) if kept else (None, "", found.note)


def password_state(host: str, user: str) -> PasswordState:
    """Is there a password for this server and user (environment, keyring or this session)?"""
    from tec_desktop.mail.passwords import keyring_status

    if not host or not user:
        return PasswordState(False, keyring=keyring_status())
    password, source, note = lookup(host, user)
    return PasswordState(bool(password), source, note, keyring_status())


def store_password(host: str, user: str, password: str) -> PasswordState:
    """Keep the password in the system keyring; without one, until the app closes."""
    from tec_desktop.errors import TecError
    from tec_desktop.mail.passwords import keyring_status
    from tec_desktop.mail.passwords import store_password as store

    if keyring_status():
        _SESSION[_key(host, user)] = password
        return password_state(host, user)
    try:
        store(host, user, password)
    except TecError:
        _SESSION[_key(host, user)] = password  # the send goes on; only remembering failed, as the app says
        raise
    _SESSION.pop(_key(host, user), None)
    return password_state(host, user)


def forget_password(host: str, user: str) -> PasswordState:
    """Drop the password from the keyring and from this session."""
    from tec_desktop.mail.passwords import forget_password as forget

    _SESSION.pop(_key(host, user), None)
    forget(host, user)
    return password_state(host, user)
