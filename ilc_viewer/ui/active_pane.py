"""The active pane: the one keyboard, window controls and the ruler's availability follow.

:class:`ActivePane` outlines the active pane, points the window controls at it (its presets
and histogram come from the open study) and listens to that pane's own events only. The
presets and histogram wait for the first picture at start-up (:meth:`hold`), so the first
image is not delayed by them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ilc_viewer.open_study.viewer_state import EVENT_SERIES, EVENT_SLICE, EVENT_WINDOW
from ilc_viewer.ui.pane_grid import PaneGrid
from ilc_viewer.ui.viewer import Viewer
from ilc_viewer.ui.window_controls import WindowControls


class ActivePane(QObject):
    """Which pane is active, and the controls that act on it."""

    changed = Signal(int)  # the active pane, or its series, changed

    def __init__(self, viewer: Viewer, grid: PaneGrid, controls: WindowControls,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewer, self.grid, self.controls = viewer, grid, controls
        self.pane = 0
        self._held = False
        self._stop_listening = lambda: None
        self.set(0)

    def set(self, pane: int, hold: bool = False) -> None:
        """Make ``pane`` the active one; ``hold`` leaves its presets and histogram until
        :meth:`release` (the first picture of a study comes first)."""
        self._held = hold
        self._stop_listening()
        self.pane = pane
        self._stop_listening = self.viewer.state.panes[pane].changed.connect(self._on_event)
        for k, widget in enumerate(self.grid.panes):
            widget.set_active(k == pane)
        self.refresh(new_series=True)
        self.changed.emit(pane)

    def release(self) -> None:
        """Fill the presets and histogram now."""
        if self._held:
            self._held = False
            self.refresh(new_series=True)

    def next(self) -> None:
        """Make the next visible pane active."""
        visible = self.viewer.state.visible_panes
        position = visible.index(self.pane) if self.pane in visible else -1
        self.set(visible[(position + 1) % len(visible)])
        self.grid.panes[self.pane].view.setFocus()

    def step(self, delta: int) -> None:
        """Move the active pane by ``delta`` slices."""
        self.viewer.state.step(self.pane, delta)

    def go_to_end(self, first: bool) -> None:
        """First or last slice of the active pane."""
        count = self.viewer.state.panes[self.pane].slice_count
        self.viewer.state.set_slice(self.pane, 0 if first else count - 1)

    def actual_size(self) -> None:
        """One image pixel to one screen pixel."""
        view = self.grid.panes[self.pane].view
        geometry = self.viewer.state.panes[self.pane].geometry
        if geometry is None:
            return
        pixels_per_mm = 1.0 / (min(geometry.pixel_spacing) * view.devicePixelRatioF())
        self.viewer.state.set_zoom(self.pane, pixels_per_mm / view.fit_scale())

    def ensure_visible(self) -> None:
        """After a layout change: the active pane must be one of those shown."""
        if self.pane not in self.viewer.state.visible_panes:
            self.set(self.viewer.state.visible_panes[0])

    def _on_event(self, event: str) -> None:
        if event in (EVENT_SERIES, EVENT_SLICE):
            self.refresh(new_series=event == EVENT_SERIES)
            if event == EVENT_SERIES:
                self.changed.emit(self.pane)
        elif event == EVENT_WINDOW:
            self.controls.refresh()

    def refresh(self, new_series: bool) -> None:
        """Point the window controls at the active pane (presets, histogram, numbers)."""
        opened = self.viewer.opened
        if self._held or opened is None:
            self.controls.set_pane(self.pane, []) if new_series else self.controls.refresh()
            return
        values = opened.values(self.pane)
        if new_series:
            self.controls.set_pane(self.pane, opened.presets(self.pane))
        self.controls.histogram.set_values(values)
        self.controls.refresh()
