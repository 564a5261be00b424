"""The grid of panels: 1x1, 1x2, 1x3 or 2x2, or one panel maximised."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from ilc_viewer.open_study.viewer_state import PANE_COUNT, ViewerState
from ilc_viewer.ui.frames import FrameProvider
from ilc_viewer.ui.pane_widget import PaneWidget

#: Grid cell (row, column) of each pane in each layout.
CELLS: dict[str, list[tuple[int, int]]] = {
    "1x1": [(0, 0)],
    "1x2": [(0, 0), (0, 1)],
    "1x3": [(0, 0), (0, 1), (0, 2)],
    "2x2": [(0, 0), (0, 1), (1, 0), (1, 1)],
}


class PaneGrid(QWidget):
    """Holds the four pane widgets and shows those the layout asks for."""

    def __init__(self, state: ViewerState, frames: FrameProvider,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.panes = [PaneWidget(state, k, frames, self) for k in range(PANE_COUNT)]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(3)
        self.apply_layout()

    def apply_layout(self) -> None:
        """Place the visible panes in the grid and hide the rest."""
        for pane in self.panes:
            self.grid.removeWidget(pane)
            pane.hide()
        for row in range(2):
            self.grid.setRowStretch(row, 0)
        for col in range(3):
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
