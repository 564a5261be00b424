"""Small questions to the user: a text, or one of a few choices (tests replace these)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_text(parent: QWidget, title: str, label: str, current: str) -> str | None:
    """A line of text, or None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, current)
    return text if ok else None


def ask_choice(parent: QWidget, title: str, label: str, items: list[str],
               current: str) -> str | None:
    """One of ``items`` (``current`` preselected), or None when cancelled."""
    at = items.index(current) if current in items else 0
    item, ok = QInputDialog.getItem(parent, title, label, items, at, False)
    return item if ok else None
