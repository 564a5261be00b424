"""The grid of panels: 1x1, 1x2, 1x3 or 2x2, or one panel maximised.

It also redraws every pane on what concerns them all: the viewer's options (language,
captions, patient data, full screen), the "same spot" mark and the annotations.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from ilc_viewer.open_study.viewer_state import EVENT_LAYOUT, PANE_COUNT
from ilc_viewer.ui.pane_widget import PaneWidget
from ilc_viewer.ui.viewer import Viewer

#: Grid cell (row, column) of each pane in each layout.
CELLS: dict[str, list[tuple[int, int]]] = {
    "1x1": [(0, 0)],
    "1x2": [(0, 0), (0, 1)],
    "1x3": [(0, 0), (0, 1), (0, 2)],
    "2x2": [(0, 0), (0, 1), (1, 0), (1, 1)],
    "1x4": [(0, 0), (0, 1), (0, 2), (0, 3)],
}


class PaneGrid(QWidget):
    """Holds the four pane widgets and shows those the layout asks for."""

    def __init__(self, viewer: Viewer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer = viewer
        self.state = viewer.state
        self.panes = [PaneWidget(viewer, k, self) for k in range(PANE_COUNT)]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(3)
        self.apply_layout()
        self.state.changed.connect(self._on_state)
        annotations = viewer.annotations
        annotations.changed.connect(lambda _change: self.redraw())
        annotations.selectionChanged.connect(lambda _id: self.redraw())
        annotations.visibilityChanged.connect(lambda _on: self.redraw())

    def _on_state(self, event: str) -> None:
        if event == EVENT_LAYOUT:
            self.apply_layout()
        self.redraw()

    def redraw(self) -> None:
        """Build every pane's scene again (something they all show changed)."""
        for pane in self.panes:
            pane.view.invalidate()

    def apply_layout(self) -> None:
        """Place the visible panes in the grid and hide the rest."""
        for pane in self.panes:
            self.grid.removeWidget(pane)
            pane.hide()
        for row in range(2):
            self.grid.setRowStretch(row, 0)
        for col in range(4):
            self.grid.setColumnStretch(col, 0)
        if self.state.maximised is not None:
            placed = [(self.state.maximised, (0, 0))]
        else:
            placed = list(enumerate(CELLS[self.state.layout]))
        for pane, (row, col) in placed:
            self.grid.addWidget(self.panes[pane], row, col)
            self.grid.setRowStretch(row, 1)
            self.grid.setColumnStretch(col, 1)
            self.panes[pane].show()

    def visible(self) -> list[PaneWidget]:
        """The pane widgets shown now."""
        return [self.panes[k] for k in self.state.visible_panes]
