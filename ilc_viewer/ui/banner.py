"""The message band above the panels: what the user must read, instead of pop-ups."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ilc_viewer.ui.screen import ui_text_scale


class Banner(QLabel):
    """A dark yellow band with one or more lines of text; hidden when there is nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        scale = ui_text_scale()
        self.setStyleSheet(f"QLabel {{ background: #5a4300; color: white;"
                           f" padding: {round(8 * scale)}px;"
                           f" font-size: {round(15 * scale)}px; }}")
        self.hide()

    def say(self, message: str) -> None:
        """Show ``message`` alone."""
        self.setText(message)
        self.show()

    def add(self, message: str) -> None:
        """Add ``message`` under the lines already shown."""
        if not self.isHidden() and self.text():
            message = f"{self.text()}\n{message}"
        self.say(message)
