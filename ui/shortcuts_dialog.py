"""Help > Keyboard shortcuts: every action of the window with its keys, read from the actions themselves."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from ui.readonly_table import readonly_table
from ui.records_model import RecordsModel

# The action's name for this list. Some actions show a count in their text ('Checks (5)'), which
# describes the workbook, not the command; the window keeps the plain name here.
NAME_PROPERTY = "shortcutName"


def action_name(action: QAction) -> str:
    """'Generate scorecards' for '&Generate scorecards…' (and 'Checks' for 'Checks (5)')."""
    name = action.property(NAME_PROPERTY) or action.text()
    return str(name).replace("&", "").rstrip("…").rstrip(".")


def _typed(seq: QKeySequence) -> bool:
    """A combination typed on an ordinary keyboard (Ctrl+N, F5, Esc), not a multimedia key like 'New'."""
    text = seq.toString(QKeySequence.SequenceFormat.PortableText)
    return bool(text) and ("+" in text or text[0] == "F" and text[1:].isdigit() or text in ("Esc", "Del"))


class ShortcutsDialog(QDialog):
    """A two-column table: action, keys."""

    def __init__(self, actions: list[QAction], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 560)
        rows = []
        for action in actions:
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if _typed(k)
            )
            if keys:
                rows.append((action_name(action), keys))
        self.model = RecordsModel(("Action", "Keys"), self)
        self.model.set_rows(("Action", "Keys"), rows)
        table = readonly_table(self.model, "Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(table)
        layout.addWidget(buttons)
