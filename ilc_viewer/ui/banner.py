"""The message band above the panels: what the user must read, instead of pop-ups."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from ilc_viewer.ui.i18n import Tr, say
from ilc_viewer.ui.screen import ui_text_scale


class Banner(QLabel):
    """A dark yellow band with one or more lines of text; hidden when there is nothing.

    Lines are kept as they came (a window word or a core message), so a language switch
    says them again in the new language.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        scale = ui_text_scale()
        self.setStyleSheet(f"QLabel {{ background: #5a4300; color: white;"
                           f" padding: {round(8 * scale)}px;"
                           f" font-size: {round(15 * scale)}px; }}")
        self.lines: list[str] = []
        self.hide()

    def say(self, message: str) -> None:
        """Show ``message`` alone."""
        self.lines = [message]
        self._show()

    def add(self, message: str) -> None:
        """Add ``message`` under the lines already shown."""
        if self.isHidden():
            self.lines = []
        self.lines.append(message)
        self._show()

    def _show(self) -> None:
        self.setText("\n".join(line.again() if isinstance(line, Tr) else say(line)
                               for line in self.lines))
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        """Say the lines again in the new language."""
        if event.type() == QEvent.Type.LanguageChange and not self.isHidden() and self.lines:
            self._show()
        super().changeEvent(event)
