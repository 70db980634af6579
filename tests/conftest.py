"""Fixtures shared by the whole suite. Helper modules (builder, smtp_server, ui_helpers...) sit beside
the tests and are importable because pytest's `pythonpath` names this folder."""

import os
import shutil
from pathlib import Path

import pytest

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
