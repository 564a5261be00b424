"""One panel of the grid and its controller: the pane view, its slice slider (a clip's frame
slider, with the player under it), a drop target.

The widget subscribes to its own pane's events in the core state (series, slice, window,
view) and redraws from the state; the slider is updated with its signals blocked, so nothing
loops back into the state.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QSlider, QVBoxLayout, QWidget

from ilc_viewer.open_study.viewer_state import EVENT_SERIES, EVENT_SLICE, EVENT_WINDOW
from ilc_viewer.study.modality import is_clip
from ilc_viewer.ui.cine_bar import CineBar
from ilc_viewer.ui.i18n import bind, translate
from ilc_viewer.ui.pane_view import PaneView
from ilc_viewer.ui.viewer import Viewer

#: Drag-and-drop format of a series key (from the series browser).
SERIES_MIME = "application/x-ilc-series-key"


class PaneWidget(QFrame):
    """Pane ``pane``: a :class:`PaneView` with a slider under it."""

    seriesDropped = Signal(int, str)  # pane, series key
    activated = Signal(int)

    def __init__(self, viewer: Viewer, pane: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer, self.pane = viewer, pane
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(2)
        self.view = PaneView(viewer, pane, self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bind(self.slider, toolTip=translate("PaneWidget", "Slice"))
        self._clip = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.slider)
        self.cine = CineBar(viewer, pane, self)
        layout.addWidget(self.cine)
        self.slider.valueChanged.connect(self._slider_moved)
        self.view.activated.connect(self.activated)
        viewer.state.panes[pane].changed.connect(self._on_pane_event)
        self.set_active(False)
        self.refresh_slider()

    def _on_pane_event(self, event: str) -> None:
        if event == EVENT_WINDOW:
            self.view.refresh_picture()
            return
        if event in (EVENT_SERIES, EVENT_SLICE):
            if not self.cine.playing:  # a clip playing keeps a drawing in progress
                self.view.cancel_drawing()  # another slice: a drawing belongs elsewhere
            self.refresh_slider()
        self.view.invalidate()

    def refresh_slider(self) -> None:
        """Show the pane's slice on the slider (signals blocked: no loop back)."""
        pane = self.viewer.state.panes[self.pane]
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(0, pane.slice_count - 1))
            self.slider.setValue(pane.slice_index)
        self.slider.setEnabled(pane.slice_count > 1)
        clip = pane.series is not None and is_clip(pane.series)
        if clip != self._clip:
            self._clip = clip
            bind(self.slider, toolTip=translate("PaneWidget", "Frame") if clip
                 else translate("PaneWidget", "Slice"))

    def set_active(self, active: bool) -> None:
        """Outline the pane that keyboard and W/L controls act on."""
        colour = "#3daee9" if active else "#202020"
        self.setStyleSheet(f"PaneWidget {{ border: 2px solid {colour}; background: black; }}")

    def _slider_moved(self, value: int) -> None:
        self.activated.emit(self.pane)
        self.viewer.state.set_slice(self.pane, value)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a series from the browser."""
        if event.mimeData().hasFormat(SERIES_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Show the dropped series in this pane."""
        data = event.mimeData()
        if data.hasFormat(SERIES_MIME):
            key = bytes(data.data(SERIES_MIME).data()).decode("utf-8")
            self.seriesDropped.emit(self.pane, key)
            event.acceptProposedAction()
