"""Where the SMTP password comes from: the TEC_SMTP_PASSWORD variable or the OS keyring, nothing else.

Never a command-line argument (other users can read those), never a file in clear text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tec_desktop.errors import TecError

ENV_VAR = "TEC_SMTP_PASSWORD"


def keyring_service(host: str) -> str:
    """The keyring service name under which the password for `host` is stored."""
    return f"tec-desktop/smtp/{host.strip().lower()}"


@dataclass(frozen=True)
class PasswordLookup:
    """The password found (None when none), where it came from, and what to tell the user otherwise."""

    password: str | None
    source: str  # 'environment', 'keyring' or ''
    note: str = ""  # e.g. why the keyring could not be asked


def _keyring():
    """The keyring module and its backend, or (None, reason) when no usable backend exists."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception as exc:  # a broken install must not stop sending with TEC_SMTP_PASSWORD
        return None, f"the keyring package cannot be loaded ({exc})"
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None, "no system keyring is available on this computer"
    return keyring, ""


def writable_keyring(service: str):
    """The keyring module when its backend takes a trial write under `service`, else None.

    A keyring can be present and still refuse (locked, 'Prompt dismissed', a broken backend): the sign-ins
    keep their tokens in it only after this trial, else in memory."""
    keyring, _ = _keyring()
    if keyring is None:
        return None
    try:
        keyring.set_password(service + "/probe", "probe", "ok")
        keyring.delete_password(service + "/probe", "probe")
    except Exception:
        return None
    return keyring


def keyring_status() -> str:
    """'' when a keyring can store passwords; otherwise why not (for the settings dialog)."""
    return _keyring()[1]


def find_password(host: str, user: str) -> PasswordLookup:
    """The password for `user` on `host`: TEC_SMTP_PASSWORD first (automation), then the keyring."""
    env = os.environ.get(ENV_VAR)
    if env:
        return PasswordLookup(env, "environment")
    keyring, reason = _keyring()
    if keyring is None:
        return PasswordLookup(None, "", reason)
    try:
        found = keyring.get_password(keyring_service(host), user)
    except Exception as exc:  # locked or misconfigured keyrings raise many kinds of errors
        return PasswordLookup(None, "", f"the system keyring could not be read ({exc})")
    return PasswordLookup(found, "keyring" if found else "")


def require_password(host: str, user: str) -> str:
    """The password, or a TecError that says how to provide it."""
    found = find_password(host, user)
    if found.password:
        return found.password
    if found.note:
        raise TecError("password-missing", form="no-keyring", user=user, host=host, note=found.note)
    raise TecError("password-missing", user=user, host=host, service=keyring_service(host))


def store_password(host: str, user: str, password: str) -> None:
    """Save the password in the system keyring (the desktop app's 'remember' box)."""
    keyring, reason = _keyring()
    if keyring is None:
        raise TecError("password-not-stored", reason=reason)
    try:
        keyring.set_password(keyring_service(host), user, password)
    except Exception as exc:
        raise TecError("password-not-stored", form="refused", error=str(exc)) from None


def forget_password(host: str, user: str) -> None:
    """Remove a remembered password; nothing happens when none was stored."""
    keyring, _ = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(keyring_service(host), user)
    except Exception:  # PasswordDeleteError when absent; nothing to forget
        pass


def memory_keyring_class():
    """A keyring backend that keeps passwords in this process's memory (keyring's plug-in interface).

    For screenshots and tests that must never read or write a real keyring: name it in
    PYTHON_KEYRING_BACKEND as "tec_desktop.mail.passwords.MemoryKeyring" and the engine process loads it.
    """
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1
        _store: dict = {}

        def get_password(self, service, username):
            return self._store.get((service, username))

        def set_password(self, service, username, password):
            self._store[(service, username)] = password

        def delete_password(self, service, username):
            self._store.pop((service, username), None)

    MemoryKeyring.__module__ = __name__
    return MemoryKeyring


def __getattr__(name: str):
    # keyring imports this module only when a backend is named in PYTHON_KEYRING_BACKEND: keep its import lazy.
    if name == "MemoryKeyring":
        cls = memory_keyring_class()
        globals()["MemoryKeyring"] = cls
        return cls
    raise AttributeError(name)
