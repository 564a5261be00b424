"""The list of files that were not shown, each with the reason (a dock panel, no pop-ups)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ilc_viewer.study.model import SkippedFile


class SkipPanel(QTreeWidget):
    """Skipped files and undecodable slices: file name and plain reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["File", "Reason"])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 110)

    def set_skipped(self, skipped: list[SkippedFile]) -> None:
        """Replace the list."""
        self.clear()
        for entry in skipped:
            self.add(entry.path, entry.reason)

    def add(self, path: str, reason: str) -> None:
        """Add one file and its reason."""
        # the file name is what tells files apart; the full path is in the tooltip
        name = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path
        item = QTreeWidgetItem([name, reason])
        item.setData(0, Qt.ItemDataRole.UserRole, path)
        item.setToolTip(0, path)
        item.setToolTip(1, f"{path}\n{reason}")
        self.addTopLevelItem(item)

    def entries(self) -> list[tuple[str, str]]:
        """(file, reason) of every row, in order."""
        return [
            (self.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole), self.topLevelItem(k).text(1))
            for k in range(self.topLevelItemCount())
        ]
