"""The SMTP password: TEC_SMTP_PASSWORD, else the OS keyring; a clear message when neither has it."""

from __future__ import annotations

import keyring
import pytest

from tec_desktop.errors import TecError
from tec_desktop.mail import passwords as password


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    monkeypatch.delenv(password.ENV_VAR, raising=False)


def test_environment_variable_wins(monkeypatch, memory_keyring):
    keyring.set_password(password.keyring_service("smtp.example.com"), "ops", "from-keyring")
    monkeypatch.setenv(password.ENV_VAR, "from-env")
    found = password.find_password("smtp.example.com", "ops")
    assert (found.password, found.source) == ("from-env", "environment")


def test_keyring_store_find_forget(memory_keyring):
    password.store_password("SMTP.example.com", "ops", "pw")
    assert memory_keyring == {("tec-desktop/smtp/smtp.example.com", "ops"): "pw"}  # conftest's in-memory keyring
    found = password.find_password("smtp.example.com", "ops")
    assert (found.password, found.source) == ("pw", "keyring")
    assert password.require_password("smtp.example.com", "ops") == "pw"
    password.forget_password("smtp.example.com", "ops")
    password.forget_password("smtp.example.com", "ops")  # twice is fine
    assert password.find_password("smtp.example.com", "ops").password is None


def test_nothing_stored_says_how_to_provide_it(memory_keyring):
    with pytest.raises(TecError) as err:
        password.require_password("smtp.example.com", "ops")
    assert str(err.value) == (
        "No password for ops on smtp.example.com: set the TEC_SMTP_PASSWORD environment "
        "variable, or store it in the system keyring "
        "(keyring set tec-desktop/smtp/smtp.example.com ops)."
    )


def test_no_keyring_backend_says_so_and_uses_the_variable(monkeypatch, no_keyring):
    assert password.keyring_status() == "no system keyring is available on this computer"
    with pytest.raises(TecError) as err:
        password.require_password("smtp.example.com", "ops")
    assert str(err.value) == (
        "No password for ops on smtp.example.com: no system keyring is available on this "
        "computer: set the TEC_SMTP_PASSWORD environment variable."
    )
    with pytest.raises(TecError, match="Cannot remember the password: no system keyring"):
        password.store_password("smtp.example.com", "ops", "pw")
    password.forget_password("smtp.example.com", "ops")  # nothing to do, no error
    monkeypatch.setenv(password.ENV_VAR, "pw")
    assert password.require_password("smtp.example.com", "ops") == "pw"


def test_a_broken_keyring_is_not_a_crash(memory_keyring):
    def boom(*a):
        raise RuntimeError("locked collection")

    keyring.get_keyring().get_password = boom
    found = password.find_password("smtp.example.com", "ops")
    assert found.password is None and "could not be read (locked collection)" in found.note
