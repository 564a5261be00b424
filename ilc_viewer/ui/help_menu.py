"""The Help menu's dialogs, opened for the main window (their modules load on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ilc_viewer.ui.main_window import MainWindow


def show_shortcuts(window: MainWindow) -> None:
    """Help > Keyboard and mouse shortcuts: every action with its keys."""
    from ilc_viewer.ui.shortcuts_dialog import ShortcutsDialog  # not needed at start-up

    ShortcutsDialog(list(window.actions_by_name.values()), window).exec()


def show_guide(window: MainWindow) -> None:
    """Help > User guide: the consultation-room steps, in the window's language."""
    from ilc_viewer.ui.help import GuideDialog  # not needed at start-up

    GuideDialog(window).exec()


def show_about(window: MainWindow) -> None:
    """Help > About: version, licences, what the program is for."""
    from ilc_viewer.ui.help import AboutDialog  # not needed at start-up

    AboutDialog(window).exec()
