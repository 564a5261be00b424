"""Presentation mode (F11): full screen, the images alone, larger words; Esc gives back the
window as it was (the same panels, the same tab on top, maximised or not)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QWidget

from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.ui.docks import Docks


class Presentation:
    """Enters and leaves presentation mode for one window."""

    def __init__(self, window: QMainWindow, state: ViewerState, docks: Docks,
                 clutter: Callable[[], list[QWidget]]) -> None:
        self.window, self.state, self.docks, self.clutter = window, state, docks, clutter
        self._was_maximised = False

    def set(self, on: bool) -> None:
        """Enter (``on``) or leave presentation mode."""
        if on == self.state.full_screen:
            return
        if on:
            self._was_maximised = self.window.isMaximized()
            self.docks.hide_for_presentation()
            for widget in self.clutter():
                widget.hide()
            self.window.showFullScreen()
        else:
            self.docks.restore_after_presentation()
            for widget in self.clutter():
                widget.show()
            # back to the window as it was: maximised on a small screen, not shrunk
            if self._was_maximised:
                self.window.showMaximized()
            else:
                self.window.showNormal()
        self.state.set_full_screen(on)
