import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Send logs, crash logs and settings go to a temporary folder, never the user's."""
    monkeypatch.setenv("TEC_DATA_DIR", str(tmp_path_factory.mktemp("tec-data")))


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample workbook."""
    return ROOT / "workbook_templates" / "sample.xlsx"
