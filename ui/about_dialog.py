"""Help > About: version, what the app is built on, and the licences of those parts."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout

from ui import theme
from ui.readonly_table import readonly_table
from ui.records_model import RecordsModel

PYTHON = "python"  # not a distribution: the interpreter the app runs on (and the bundle ships)

# (shown name, distribution name, PYTHON or None for a bundled file, licence)
COMPONENTS = (
    ("Python", PYTHON, "PSF-2.0"),
    ("Qt for Python (PySide6)", "PySide6-Essentials", "LGPL-3.0"),
    ("Qt PDF (PySide6-Pdf)", "PySide6-Pdf", "LGPL-3.0"),
    ("python-calamine", "python-calamine", "MIT"),
    ("openpyxl", "openpyxl", "MIT"),
    ("defusedxml", "defusedxml", "PSF-2.0"),
    ("pandas", "pandas", "BSD-3-Clause"),
    ("NumPy", "numpy", "BSD-3-Clause"),
    ("ReportLab", "reportlab", "BSD-3-Clause"),
    ("ReportLab accelerator (rl_accel)", "rl_accel", "BSD-3-Clause"),
    ("HarfBuzz (uharfbuzz)", "uharfbuzz", "Apache-2.0 (HarfBuzz: MIT)"),
    ("platformdirs", "platformdirs", "MIT"),
    ("keyring", "keyring", "MIT"),
    ("SecretStorage (keyring on Linux)", "SecretStorage", "BSD-3-Clause"),
    ("jeepney (keyring on Linux)", "jeepney", "MIT"),
    ("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    ("Pillow", "pillow", "HPND / MIT-CMU"),
    ("DejaVu fonts", None, "Bitstream Vera / DejaVu (free)"),
    ("Droid Sans Fallback font", None, "Apache-2.0"),
    ("NanumGothic font (Korean)", None, "OFL-1.1"),
    ("Noto Sans Thai, Devanagari, Bengali, Tamil and Arabic fonts", None, "OFL-1.1"),
)


def component_rows() -> list[tuple[str, str, str]]:
    """(component, version, licence) for every part TEC Desktop ships with."""
    rows = []
    for name, dist, licence in COMPONENTS:
        try:
            if dist == PYTHON:
                version = sys.version.split()[0]
            else:
                version = metadata.version(dist) if dist else "bundled"
        except metadata.PackageNotFoundError:
            version = "not installed"
        rows.append((name, version, licence))
    return rows


class AboutDialog(QDialog):
    """The version and the licences."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from tec_desktop import __version__

        self.setWindowTitle("About TEC Desktop")
        self.resize(600, 560)
        logo = QLabel()
        logo.setPixmap(theme.icon("app").pixmap(QSize(64, 64)))
        title = QLabel(f"TEC Desktop {__version__}")
        title.setObjectName("welcomeTitle")
        title.setAccessibleName("Version")
        text = QLabel(
            "Checks the seam workbook, computes each seam's monthly metrics and writes the Team "
            "Execution Contract scorecards.<br>Licence: proprietary. "
            f"Python {platform.python_version()} on {platform.system()} {platform.machine()}."
        )
        text.setWordWrap(True)
        text.setObjectName("subtle")
        head = QVBoxLayout()
        head.addWidget(title)
        head.addWidget(text)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(head, 1)

        self.model = RecordsModel(("Component", "Version", "Licence"), self)
        self.model.set_rows(("Component", "Version", "Licence"), component_rows())
        table = readonly_table(self.model, "Components and licences")
        table.setObjectName("licencesTable")
        note = QLabel(
            "Qt and PySide6 are used under the GNU LGPL v3; their source is available from "
            "qt.io. The other components are under the permissive licences shown."
        )
        note.setWordWrap(True)
        note.setObjectName("subtle")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
