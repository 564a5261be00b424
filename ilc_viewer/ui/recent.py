"""Recently opened studies, kept in QSettings (tests pass their own temporary QSettings)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

KEY = "recent_studies"
MAX_RECENT = 8


def recent_studies(settings: QSettings) -> list[str]:
    """Paths opened before, newest first."""
    value = settings.value(KEY, [])
    if isinstance(value, str):  # QSettings gives a plain string for a one-item list
        value = [value]
    return [str(v) for v in (value or []) if v]


def remember(settings: QSettings, path: str) -> list[str]:
    """Put ``path`` first in the list (no duplicates, at most :data:`MAX_RECENT`)."""
    paths = [path] + [p for p in recent_studies(settings) if p != path]
    paths = paths[:MAX_RECENT]
    settings.setValue(KEY, paths)
    settings.sync()
    return paths


def fill_menu(menu: QMenu, settings: QSettings, open_path: Callable[[str], object]) -> None:
    """File > Open recent: one entry per path opened before (disabled when none)."""
    menu.clear()
    for path in recent_studies(settings):
        menu.addAction(path, lambda p=path: open_path(p))
    menu.setEnabled(not menu.isEmpty())
