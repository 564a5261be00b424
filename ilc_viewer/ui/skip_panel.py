"""The list of files that were not shown, each with the reason (a dock panel, no pop-ups)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ilc_viewer.study.model import SkippedFile
from ilc_viewer.ui.i18n import say, translate


class _Wrapped(QStyledItemDelegate):
    """Rows as tall as their reason wrapped to the column's width (a Japanese reason has no
    spaces, and a tree view does not grow rows for wrapped text by itself)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        """The usual hint, made as tall as the wrapped text needs."""
        hint = super().sizeHint(option, index)
        width = self.view.header().sectionSize(index.column()) - 8
        text = str(index.data() or "")
        if width > 20 and text:
            rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000),
                                                   int(Qt.TextFlag.TextWordWrap), text)
            hint.setHeight(max(hint.height(), rect.height() + 6))
        return hint


class SkipPanel(QTreeWidget):
    """Skipped files and undecodable slices: file name and plain reason.

    The reasons are the core's messages, said in the window's language (again after a
    language switch).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 110)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_Wrapped(self))
        self.header().sectionResized.connect(lambda *_: self.doItemsLayout())
        self._reasons: list[str] = []
        self._headers()

    def _headers(self) -> None:
        self.setHeaderLabels([translate("SkipPanel", "File"), translate("SkipPanel", "Reason")])

    def set_skipped(self, skipped: list[SkippedFile]) -> None:
        """Replace the list."""
        self.clear()
        self._reasons = []
        for entry in skipped:
            self.add(entry.path, entry.reason)
        self.fit_names()

    def fit_names(self) -> None:
        """The file column as wide as its longest name (names are not wrapped), at most half
        the list: the reasons keep their room."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.topLevelItem(k).text(0))
                      for k in range(self.topLevelItemCount())), default=0)
        padding = 2 * metrics.averageCharWidth()
        self.setColumnWidth(0, max(110, min(widest + padding, self.width() // 2)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Room for the names again at the list's new width."""
        super().resizeEvent(event)
        self.fit_names()

    def add(self, path: str, reason: str) -> None:
        """Add one file and its reason."""
        # the file name is what tells files apart; the full path is in the tooltip
        name = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path
        item = QTreeWidgetItem([name, ""])
        item.setData(0, Qt.ItemDataRole.UserRole, path)
        item.setToolTip(0, path)
        self._reasons.append(reason)
        self._say(item, reason)
        self.addTopLevelItem(item)

    def _say(self, item: QTreeWidgetItem, reason: str) -> None:
        said = say(reason)
        item.setText(1, said)
        item.setToolTip(1, f"{item.data(0, Qt.ItemDataRole.UserRole)}\n{said}")

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: the headers and every reason again."""
        if event.type() == QEvent.Type.LanguageChange:
            self._headers()
            for k, reason in enumerate(self._reasons):
                self._say(self.topLevelItem(k), reason)
        super().changeEvent(event)

    def clear(self) -> None:
        """Empty the list."""
        super().clear()
        self._reasons = []

    def entries(self) -> list[tuple[str, str]]:
        """(file, reason) of every row, in order."""
        return [
            (self.topLevelItem(k).data(0, Qt.ItemDataRole.UserRole), self.topLevelItem(k).text(1))
            for k in range(self.topLevelItemCount())
        ]
