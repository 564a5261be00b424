"""Help > Shortcuts: every action of the window with its keys, read from the actions."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.ui.i18n import translate

#: Gestures that are not menu actions.
MOUSE = [
    (QT_TRANSLATE_NOOP("Shortcuts", "Mouse wheel"),
     QT_TRANSLATE_NOOP("Shortcuts", "Next / previous slice")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Ctrl + mouse wheel"),
     QT_TRANSLATE_NOOP("Shortcuts", "Zoom in / out")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Left drag"),
     QT_TRANSLATE_NOOP("Shortcuts", "Move the image (pan)")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Right drag"),
     QT_TRANSLATE_NOOP("Shortcuts", "Window: left-right = width (contrast), up-down = centre "
                       "(brightness)")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Double-click"),
     QT_TRANSLATE_NOOP("Shortcuts", "Show this panel alone / back")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Drag a series"),
     QT_TRANSLATE_NOOP("Shortcuts", "From the series list onto any panel")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Drop files"),
     QT_TRANSLATE_NOOP("Shortcuts", "Onto the window to open them")),
]


def plain_text(menu_text: str) -> str:
    """A menu text without its mnemonic: "&Open" -> "Open", "開く(&O)" -> "開く"."""
    return re.sub(r"\(&\w\)|&", "", menu_text).strip()


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(keys, what it does) for each action with a shortcut, then the mouse gestures."""
    rows = []
    for action in actions:
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        )
        if keys:
            rows.append((keys, plain_text(action.text())))
    return rows + [(translate("Shortcuts", keys), translate("Shortcuts", what))
                   for keys, what in MOUSE]


class ShortcutsDialog(QDialog):
    """A two-column table of keys and what they do."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Shortcuts", "Keyboard and mouse shortcuts"))
        rows = shortcut_rows(actions)
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([translate("Shortcuts", "Keys"),
                                         translate("Shortcuts", "Action")])
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for row, (keys, text) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(text))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(640, 560)
