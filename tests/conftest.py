"""Fixtures shared by the whole suite. Helper modules (builder, smtp_server, ui_helpers...) sit beside
the tests and are importable because pytest's `pythonpath` names this folder."""

import os
import shutil
from pathlib import Path

import pytest

from fake_entra import FakeEntra, TokenRegistry
from fake_google import FakeGoogle
from fake_graph import FakeGraph
from loopback import LoopbackBrowser, browser_is, server_tls_context
from mail_fixtures import MailCase, build_case
from smtp_server import make_certificate
from ui_helpers import NO_KEYRING, given

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Send logs, crash logs and settings go to a temporary folder, never the user's."""
    monkeypatch.setenv("TEC_DATA_DIR", str(tmp_path_factory.mktemp("tec-data")))


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample workbook."""
    return ROOT / "workbook_templates" / "sample.xlsx"


@pytest.fixture
def window(qtbot, qapp, tmp_path, monkeypatch, request):
    """A shown main window whose PDFs go to tmp_path/out.

    Its engine process starts here and takes the keyring and TEC_SMTP_PASSWORD from the environment
    now: no keyring (or MEMORY_KEYRING when the test parametrizes keyring_backend with it) and no
    password (unless it parametrizes smtp_password_env). Never the user's own.
    """
    from ui import theme
    from ui.main_window import MainWindow

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", given(request, "keyring_backend", NO_KEYRING))
    smtp_password_env = given(request, "smtp_password_env", None)
    if smtp_password_env is None:
        monkeypatch.delenv("TEC_SMTP_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("TEC_SMTP_PASSWORD", smtp_password_env)
    theme.apply(qapp)
    w = MainWindow()
    w.store.set_output_folder(tmp_path / "out")
    w.scorecards.set_options(tmp_path / "out", w.store.paper_size(), w.store.per_owner())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def sample_copy(tmp_path, sample_path) -> Path:
    """The bundled sample, copied so that a test may change it."""
    dst = tmp_path / "book" / "sample.xlsx"
    dst.parent.mkdir()
    shutil.copy(sample_path, dst)
    return dst


@pytest.fixture
def mail_case(tmp_path) -> MailCase:
    """The standard month to email."""
    return build_case(tmp_path)


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory) -> tuple[Path, Path]:
    """One self-signed certificate for the whole test run."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(autouse=True)
def _no_sign_in_of_the_developer(monkeypatch):
    """No access token from the developer's environment, and no Microsoft sign-in kept in their real OS store:
    msal-extensions finds no encrypted store here (as on Linux without libsecret), so the sign-in goes to the
    keyring the test chose (none, or the in-memory one), else to memory."""
    for variable in ("TEC_GRAPH_TOKEN", "TEC_GMAIL_TOKEN", "TEC_SMTP_TOKEN"):
        monkeypatch.delenv(variable, raising=False)

    def no_encrypted_store(location):
        raise ImportError("no encrypted store in the tests")

    monkeypatch.setattr("msal_extensions.build_encrypted_persistence", no_encrypted_store)


@pytest.fixture
def web_tls(tls_cert, monkeypatch):
    """The loopback fakes' TLS; the product trusts the test certificate the way a company's own certificate
    authority is trusted (REQUESTS_CA_BUNDLE), and no proxy stands between it and 127.0.0.1."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_cert[0]))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    for variable in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return server_tls_context(*tls_cert)


@pytest.fixture
def token_registry() -> TokenRegistry:
    """The access tokens the fake sign-in services issued, which the fake mail services check."""
    return TokenRegistry()


@pytest.fixture
def entra(web_tls, token_registry):
    """A fake Microsoft identity platform (https) for one tenant and app registration."""
    with FakeEntra(web_tls, registry=token_registry) as fake:
        yield fake


@pytest.fixture
def graph(web_tls, token_registry):
    """A fake Microsoft Graph mail service (https)."""
    with FakeGraph(web_tls, registry=token_registry) as fake:
        yield fake


@pytest.fixture
def google(web_tls, token_registry):
    """A fake Google sign-in and Gmail API (https)."""
    with FakeGoogle(web_tls, registry=token_registry) as fake:
        yield fake


@pytest.fixture
def browser(tls_cert):
    """The user at the browser: signs in whenever a sign-in page opens."""
    with browser_is(LoopbackBrowser(verify=str(tls_cert[0]))) as b:
        yield b


@pytest.fixture
def memory_keyring():
    """A system keyring that lives in this process's memory (never the developer's own)."""
    import keyring

    from tec_desktop.mail.passwords import MemoryKeyring

    before = keyring.get_keyring()
    MemoryKeyring._store.clear()
    keyring.set_keyring(MemoryKeyring())
    yield MemoryKeyring._store
    MemoryKeyring._store.clear()
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    """A computer without a usable system keyring."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)
