"""Tree rows whose words wrap onto more lines instead of being cut ("hidden infl...").

Qt's item views size a row for one line before they know the column's width; this delegate
measures each row's words at the column's width (less the indentation and the icon), and the
view lays its rows out again whenever that width changes.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

Index = QModelIndex | QPersistentModelIndex


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their words need at the view's width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.setUniformRowHeights(False)
        view.header().sectionResized.connect(lambda *_: view.doItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """The row's height for its words wrapped at the room the column leaves them."""
        size = super().sizeHint(option, index)
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        icon = option.decorationSize.width() + 8 if index.data(
            Qt.ItemDataRole.DecorationRole) is not None else 0
        room = self.view.columnWidth(0) - self.view.indentation() * (depth + 1) - icon - 8
        if room <= 20:
            return size
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        metrics = option.fontMetrics
        needed = metrics.boundingRect(QRect(0, 0, room, 10_000),
                                      int(Qt.TextFlag.TextWordWrap), text).height() + 4
        return QSize(size.width(), max(size.height(), needed))
