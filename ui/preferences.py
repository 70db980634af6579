"""What the app remembers between runs (QSettings in an .ini file in the user's data folder).

The file lives in tec_desktop.folders.data_dir(), so TEC_DATA_DIR moves it (tests, portable
installs) and the user's real settings are never touched by a test. Passwords are never stored
here: the SMTP password goes to the OS keyring, a Microsoft 365 or Google sign-in to the OS's protected store.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
MAX_FOLDERS = 200  # scorecards folders whose workbook is remembered
PAPER_CHOICES = ("workbook", "A4", "Letter")  # 'workbook' = the Paper size setting in the workbook
MAIL_WAYS = ("microsoft", "google", "smtp", "eml")  # how the Email window sends (ui/engine/mail_ways.py)
SIGN_IN_KEYS = {
    "microsoft": ("client_id", "tenant", "login_url", "graph_url"),
    "google": ("client_file", "gmail_url"),
}


def default_output_folder() -> Path:
    """Documents/TEC Scorecards: easy to find, and not inside the folder Excel saves the workbook to."""
    from tec_desktop.folders import default_scorecards_dir

    return default_scorecards_dir()


class Preferences:
    """What the user chose last time (typed access to the app's QSettings)."""

    def __init__(self, path: Path | None = None):
        if path is None:
            from tec_desktop.folders import data_dir

            path = data_dir() / "settings.ini"
        self.path = Path(path)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._q.sync()

    # --- files -----------------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Most recent first; only files that still exist."""
        value = self._q.value("files/recent", [])
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
        return [p for p in items if p and Path(p).is_file()][:MAX_RECENT]

    def add_recent(self, path: str | Path) -> None:
        """Put a file at the top of the recent list."""
        p = str(Path(path).resolve())
        items = [x for x in self.recent_files() if x != p]
        self._q.setValue("files/recent", [p] + items[: MAX_RECENT - 1])
        self.set_last_folder(Path(p).parent)

    def remove_recent(self, path: str | Path) -> None:
        """Forget a file (it was moved or deleted)."""
        p = str(Path(path).resolve())
        self._q.setValue("files/recent", [x for x in self.recent_files() if x != p])

    def clear_recent(self) -> None:
        """Forget every recent file."""
        self._q.setValue("files/recent", [])

    def last_folder(self) -> str:
        """Where the Open and New dialogs start: the folder of the last workbook opened, else Documents.

        Never the app's own data folder (where the sample's copy lives): the user does not keep
        workbooks there, and it is hidden on most computers.
        """
        from tec_desktop.folders import data_dir, documents_dir

        folder = str(self._q.value("files/last_folder", "") or "")
        if folder and Path(folder).is_absolute() and Path(folder).is_dir() and not _inside(folder, data_dir()):
            return folder
        return str(documents_dir())

    def set_last_folder(self, folder: str | Path) -> None:
        from tec_desktop.folders import data_dir

        if not _inside(folder, data_dir()):
            self._q.setValue("files/last_folder", str(folder))

    # --- scorecards ------------------------------------------------------------------------------
    def output_folder(self) -> Path:
        """Where the PDFs are written."""
        folder = str(self._q.value("scorecards/output_folder", "") or "")
        return Path(folder) if folder else default_output_folder()

    def set_output_folder(self, folder: str | Path) -> None:
        self._q.setValue("scorecards/output_folder", str(folder))

    def folder_owners(self) -> dict[str, str]:
        """Which workbook each scorecards folder was made for: folder -> workbook (both full paths)."""
        try:
            value = json.loads(str(self._q.value("scorecards/folder_owners", "") or "{}"))
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def set_folder_owner(self, folder: str | Path, workbook: str | Path) -> None:
        """Remember that `folder` holds the scorecards of `workbook` (the oldest of many are forgotten)."""
        owners = {k: v for k, v in self.folder_owners().items() if k != str(folder)}
        owners[str(folder)] = str(workbook)
        self._q.setValue("scorecards/folder_owners", json.dumps(dict(list(owners.items())[-MAX_FOLDERS:])))

    def paper_size(self) -> str:
        """'workbook', 'A4' or 'Letter'."""
        value = str(self._q.value("scorecards/paper_size", "workbook") or "workbook")
        return value if value in PAPER_CHOICES else "workbook"

    def set_paper_size(self, value: str) -> None:
        self._q.setValue("scorecards/paper_size", value if value in PAPER_CHOICES else "workbook")

    def per_owner(self) -> bool:
        """Also write one PDF per accountable owner."""
        return _as_bool(self._q.value("scorecards/per_owner", True))

    def set_per_owner(self, value: bool) -> None:
        self._q.setValue("scorecards/per_owner", bool(value))

    # --- email (password is in the keyring, see ui/preferences_dialog.py) ---------------------------
    def smtp(self) -> dict:
        """host, port, security ('ssl'|'starttls'|'none'), user, sender, verify (the server's certificate), ca_file."""
        q = self._q
        return {
            "host": str(q.value("smtp/host", "") or ""),
            "port": _int(q.value("smtp/port", 0)),
            "security": str(q.value("smtp/security", "starttls") or "starttls"),
            "user": str(q.value("smtp/user", "") or ""),
            "sender": str(q.value("smtp/sender", "") or ""),
            "verify": _as_bool(q.value("smtp/verify", True)),
            "ca_file": str(q.value("smtp/ca_file", "") or ""),
        }

    def set_smtp(self, **values) -> None:
        for key, value in values.items():
            self._q.setValue(f"smtp/{key}", value)

    def mail_way(self) -> str:
        """How the Email window sends: 'microsoft', 'google', 'smtp', 'eml', or '' when not chosen yet.

        Before the choice existed a mail server was the only way: one set up then keeps being used."""
        value = str(self._q.value("mail/way", "") or "")
        if value in MAIL_WAYS:
            return value
        return "smtp" if self.smtp()["host"] else ""

    def set_mail_way(self, way: str) -> None:
        self._q.setValue("mail/way", way if way in MAIL_WAYS else "")

    def sign_in_settings(self, way: str) -> dict:
        """The organization's app registration (Microsoft 365: client_id, tenant, login_url, graph_url) or OAuth
        client (Google Workspace: client_file, gmail_url); '' means the public cloud's address."""
        return {key: str(self._q.value(f"{way}/{key}", "") or "") for key in SIGN_IN_KEYS.get(way, ())}

    def set_sign_in_settings(self, way: str, **values: str) -> None:
        for key, value in values.items():
            if key in SIGN_IN_KEYS.get(way, ()):
                self._q.setValue(f"{way}/{key}", str(value).strip())

    # --- window ----------------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, value: QByteArray) -> None:
        self._q.setValue("window/state", value)

    def splitter(self, name: str) -> QByteArray | None:
        value = self._q.value(f"window/splitter_{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_splitter(self, name: str, value: QByteArray) -> None:
        self._q.setValue(f"window/splitter_{name}", value)

    def view(self) -> int:
        """The last view shown (0 Checks, 1 Seams, 2 Scorecards)."""
        return _int(self._q.value("window/view", 0))

    def set_view(self, index: int) -> None:
        self._q.setValue("window/view", int(index))


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _int(value: object) -> int:
    """A stored number (QSettings gives text from an .ini file), 0 when it is none."""
    try:
        return int(value) if isinstance(value, (int, float, str)) and value != "" else 0
    except ValueError:
        return 0


def _inside(path: str | Path, folder: Path) -> bool:
    """`path` is `folder` or somewhere inside it."""
    try:
        return Path(path).resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
