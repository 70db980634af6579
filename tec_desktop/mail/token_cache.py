"""Where a Microsoft 365 sign-in is kept between runs: msal's token cache, encrypted at rest, and said where.

1. msal-extensions' encrypted persistence: a DPAPI-encrypted file on Windows, the Keychain on macOS,
   libsecret on Linux (which needs PyGObject, a D-Bus session and an unlocked keyring).
2. Else (Linux without libsecret) the `keyring` package's backend (the Secret Service through
   SecretStorage, no PyGObject), used only after a trial write succeeded: a locked keyring fails only
   when written to. Not on Windows, whose Credential Manager caps a secret at 2,560 bytes.
3. Else in memory only, for as long as this program runs, and the user is told so: sign in again next time.

A refresh token is never written to a file in clear text.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import msal

from tec_desktop.mail.passwords import writable_keyring

FILE_NAME = "microsoft-sign-in.bin"
_KEYRING_SERVICE = "tec-desktop/microsoft-sign-in"
_MEMORY: dict[str, msal.SerializableTokenCache] = {}  # cache path -> the session's cache, when nothing else can keep it
_reason_of_memory: dict[str, str] = {}


@dataclass(frozen=True)
class TokenStore:
    """The token cache to give msal, and where it keeps the sign-in (for the user)."""

    cache: msal.SerializableTokenCache
    where: str  # 'encrypted by Windows (DPAPI)', 'in the macOS Keychain', ..., 'in memory only until ... closes'
    persistent: bool  # survives the end of this program


def default_path() -> Path:
    """The token cache's file in the user's data folder (an encrypted file, or only a change marker)."""
    from tec_desktop.folders import data_dir

    return data_dir() / FILE_NAME


def open_token_store(path: Path | None = None) -> TokenStore:
    """The best store this computer offers (see the module docstring)."""
    path = Path(path) if path is not None else default_path()
    key = str(path)
    if key in _MEMORY:
        return TokenStore(_MEMORY[key], _memory_where(_reason_of_memory.get(key, "")), False)
    why = ""
    try:
        from msal_extensions import PersistedTokenCache, build_encrypted_persistence

        persistence = build_encrypted_persistence(str(path))
        return TokenStore(PersistedTokenCache(persistence), _describe(persistence), True)
    except Exception as exc:  # ImportError (no PyGObject), ValueError (no libsecret), RuntimeError (no keyring)...
        why = _short(exc)
    if not sys.platform.startswith("win"):
        store = _keyring_store(path)
        if store is not None:
            return store
    _MEMORY[key] = msal.SerializableTokenCache()
    _reason_of_memory[key] = why
    return TokenStore(_MEMORY[key], _memory_where(why), False)


def _memory_where(why: str) -> str:
    return "in memory only, until TEC Desktop closes (this computer offers no protected store for it" + (
        f": {why})" if why else ")"
    )


def _describe(persistence) -> str:
    name = type(persistence).__name__
    if "DataProtection" in name:
        return "encrypted by Windows for your user account (DPAPI)"
    if "Keychain" in name:
        return "in the macOS Keychain"
    if "Libsecret" in name:
        return "in the system keyring (libsecret)"
    return "in an encrypted store"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:117] + "…" if len(text) > 120 else text


def _keyring_store(path: Path) -> TokenStore | None:
    """msal's cache as one secret in the keyring package's backend, when a trial write succeeds."""
    try:
        from msal_extensions import FilePersistence, PersistedTokenCache
        from msal_extensions.persistence import BasePersistence, PersistenceNotFound
    except Exception:
        return None
    keyring = writable_keyring(_KEYRING_SERVICE)
    if keyring is None:
        return None

    class KeyringPersistence(BasePersistence):
        """The serialized cache in the keyring; a small file beside it only says when it changed."""

        is_encrypted = True

        def __init__(self, signal: str):
            self._signal = FilePersistence(signal)

        def save(self, content):
            keyring.set_password(_KEYRING_SERVICE, "cache", content)
            self._signal.touch()

        def load(self):
            data = keyring.get_password(_KEYRING_SERVICE, "cache")
            if data is None:
                raise PersistenceNotFound(message="nothing stored yet", location=self._signal.get_location())
            return data

        def time_last_modified(self):
            return self._signal.time_last_modified()

        def get_location(self):
            return self._signal.get_location()

    return TokenStore(PersistedTokenCache(KeyringPersistence(str(path) + ".changed")), "in the system keyring", True)
