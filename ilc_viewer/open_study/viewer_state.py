"""What the consultation-room window shows, as plain data: panes, slices, windows, zoom, links.

The Qt layer only draws this state and turns gestures into calls on it; export renders the same
state without a screen. Nothing here holds pixels: a pane names its series and slice, and the
picture is made from them by :mod:`ilc_viewer.study.pixels` and :mod:`ilc_viewer.display`.

Panes are linked by **patient position along the slice normal**, not by slice index, because
T1, T2 and STIR series of one study may differ in slice count and spacing. When a pane moves,
every other linked pane looking in the same direction jumps to its nearest slice, and says so
when that slice is more than half a slice spacing away.

Every pane announces its own changes (``pane.changed``: series, slice, window, view), the
viewer its own (``state.changed``: layout, options, crosshair), through plain Qt-free events,
so a view subscribes to exactly what it shows; :meth:`ViewerState.subscribe` hears them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from ilc_viewer.events import Event
from ilc_viewer.open_study.pane_state import (
    DEFAULT_LAYOUT,
    EVENT_CROSSHAIR,
    EVENT_LAYOUT,
    EVENT_OPTIONS,
    EVENT_SERIES,
    EVENT_SLICE,
    EVENT_VIEW,
    EVENT_WINDOW,
    LAYOUTS,
    MAX_ZOOM,
    MIN_ZOOM,
    PANE_COUNT,
    PARALLEL_MIN_COSINE,
    TRIPLE_ORDER,
    Listener,
    PaneState,
    flat_geometry,
)
from ilc_viewer.study.model import PatientInfo, Series
from ilc_viewer.words.catalogue import LANGUAGES

if TYPE_CHECKING:
    from ilc_viewer.display import Window

__all__ = [
    "EVENT_CROSSHAIR", "EVENT_LAYOUT", "EVENT_OPTIONS", "EVENT_SERIES", "EVENT_SLICE",
    "EVENT_VIEW", "EVENT_WINDOW", "LANGUAGES", "LAYOUTS", "PANE_COUNT", "TRIPLE_ORDER",
    "PaneState", "ViewerState", "flat_geometry",
]

@dataclass
class ViewerState:
    """All that the picture depends on; the window and export both read it."""

    panes: list[PaneState] = field(default_factory=lambda: [PaneState() for _ in range(PANE_COUNT)])
    layout: str = DEFAULT_LAYOUT
    #: Index of the pane shown alone after a double-click, or ``None``.
    maximised: int | None = None
    #: Scroll other panes by patient position when one moves.
    linked: bool = True
    #: Zoom and pan the panes together.
    sync_zoom: bool = True
    #: Apply a window change to every pane showing the same sequence type.
    link_windows: bool = False
    #: The "same spot" point in patient coordinates (mm).
    crosshair: tuple[float, float, float] | None = None
    #: Draw where the other panes' images cut each pane (reference lines).
    reference_lines: bool = True
    #: ... and every image of an axial series at once, grouped by block.
    all_reference_lines: bool = False
    #: Patient name, ID and birth date are shown only when this is switched on.
    phi_visible: bool = False
    language: str = "en"
    captions_visible: bool = True
    #: The anatomy covers each panel (cropped at its sides) instead of fitting in it.
    fill_panels: bool = False
    full_screen: bool = False
    #: The patient of the open study: shown only with ``phi_visible``, never exported unless asked.
    patient: PatientInfo = field(default_factory=PatientInfo)
    #: ``changed.emit(event)`` after a change of the whole view (layout, options, crosshair).
    changed: Event = field(default_factory=Event, repr=False, compare=False)

    # ----- events -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event, pane)`` after every change of the view or of any pane
        (``pane`` is None for the whole view); returns a function that stops it."""
        stops = [self.changed.connect(lambda event: listener(event, None))]
        for index, pane in enumerate(self.panes):
            stops.append(pane.changed.connect(lambda event, k=index: listener(event, k)))

        def stop() -> None:
            for unsubscribe in stops:
                unsubscribe()

        return stop

    def _emit(self, event: str, pane: int | None = None) -> None:
        if pane is None:
            self.changed.emit(event)
        else:
            self.panes[pane].changed.emit(event)

    # ----- panes and layout ---------------------------------------------------------------
    @property
    def visible_panes(self) -> list[int]:
        """Indices of the panes the layout shows (just one when a pane is maximised)."""
        if self.maximised is not None:
            return [self.maximised]
        return list(range(LAYOUTS[self.layout]))

    def set_layout(self, layout: str) -> None:
        """Switch to one of :data:`LAYOUTS`; leaves maximised mode."""
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
        self.layout, self.maximised = layout, None
        self._emit(EVENT_LAYOUT)

    def toggle_maximised(self, pane: int) -> None:
        """Show one pane alone, or go back to the layout if it already is."""
        self._check(pane)
        self.maximised = None if self.maximised == pane else pane
        self._emit(EVENT_LAYOUT)

    def assign(self, pane: int, series: Series | None) -> None:
        """Show a series in a pane: middle slice (or the linked position), fitted, own window."""
        self._check(pane)
        state = self.panes[pane]
        state.series = series
        state.window = state.default_window = None
        state.voi_lut = state.default_voi_lut = None
        state.invert = False
        state.link_gap = None
        state.slice_index = state.slice_count // 2
        state.centre = None
        state.zoom = self._shared_zoom(pane)
        self._emit(EVENT_SERIES, pane)
        source = self._link_source(pane)
        if source is not None:
            self._follow(pane, self.slice_point(source))

    def fill(self, triple: dict[str, Series | None]) -> None:
        """Put the T1, T2 and STIR series (from ``triple.choose_triple``) in panes 1-3."""
        for pane, label in enumerate(TRIPLE_ORDER):
            self.assign(pane, triple.get(label))

    def clear(self) -> None:
        """Empty every pane (before another study is opened)."""
        for pane in range(PANE_COUNT):
            self.assign(pane, None)
        self.set_crosshair(None)

    # ----- slices and linking -------------------------------------------------------------
    def set_slice(self, pane: int, index: int) -> None:
        """Move a pane to a slice (clamped); linked panes follow by patient position."""
        self._check(pane)
        state = self.panes[pane]
        if state.slice_count == 0:
            return
        index = int(np.clip(index, 0, state.slice_count - 1))
        changed = index != state.slice_index or state.link_gap is not None
        state.slice_index, state.link_gap = index, None
        if changed:
            self._emit(EVENT_SLICE, pane)
        if self.linked:
            point = self.slice_point(pane)
            for other in self._linked_with(pane):
                self._follow(other, point)

    def step(self, pane: int, delta: int) -> None:
        """Move a pane by ``delta`` slices (wheel, arrows, Page Up/Down)."""
        self.set_slice(pane, self.panes[pane].slice_index + delta)

    def slice_point(self, pane: int) -> np.ndarray | None:
        """Patient position (mm) of the centre of a pane's current slice, if known."""
        state = self.panes[pane]
        geometry = state.series.geometry if state.series is not None else None
        if geometry is None or state.slice_count == 0:
            return None
        return geometry.slice_centre(state.slice_index)

    def set_linked(self, linked: bool) -> None:
        """Turn linked scrolling on or off; turning it on aligns the others to the first pane."""
        self.linked = linked
        if not linked:
            for index, state in enumerate(self.panes):
                if state.link_gap is not None:
                    state.link_gap = None
                    self._emit(EVENT_SLICE, index)
        self._emit(EVENT_OPTIONS)
        if linked:
            source = next((p for p in self.visible_panes if self.slice_point(p) is not None), None)
            if source is not None:
                self.set_slice(source, self.panes[source].slice_index)

    def _linked_with(self, pane: int) -> list[int]:
        """Other panes whose slices are parallel to this pane's, in the same frame of reference."""
        return [
            other for other in range(PANE_COUNT)
            if other != pane and self._parallel(pane, other)
        ]

    def _parallel(self, a: int, b: int) -> bool:
        sa, sb = self.panes[a].series, self.panes[b].series
        if sa is None or sb is None or sa.geometry is None or sb.geometry is None:
            return False
        frames = sa.frame_of_reference_uid, sb.frame_of_reference_uid
        if all(frames) and frames[0] != frames[1]:
            return False  # positions in different frames of reference are not comparable
        cosine = abs(float(sa.geometry.normal @ sb.geometry.normal))
        return cosine >= PARALLEL_MIN_COSINE

    def _link_source(self, pane: int) -> int | None:
        """A pane the newly filled ``pane`` should align with when linking is on."""
        if not self.linked:
            return None
        return next((o for o in self._linked_with(pane) if self.panes[o].series is not None), None)

    def _follow(self, pane: int, point: np.ndarray | None) -> None:
        """Jump a pane to its slice nearest a patient point and note a poor match."""
        state = self.panes[pane]
        if point is None or state.series is None or state.series.geometry is None:
            return
        geometry = state.series.geometry
        index, gap = geometry.nearest_slice(point)
        limit = max(geometry.slice_spacing / 2, 0.5)
        note = gap if gap > limit + 1e-6 else None
        if index != state.slice_index or note != state.link_gap:
            state.slice_index, state.link_gap = index, note
            self._emit(EVENT_SLICE, pane)

    # ----- window / level -----------------------------------------------------------------
    def set_window(self, pane: int, window: Window, voi_lut: int | None = None) -> None:
        """Window one pane (and, with ``link_windows``, the panes of the same sequence type).

        ``voi_lut`` shows a table of the image's VOI LUT Sequence instead, ``window`` being
        its linear stand-in; any other window change leaves the table for the linear window.
        """
        for target in self._window_targets(pane):
            state = self.panes[target]
            if state.window != window or state.voi_lut != voi_lut:
                state.window, state.voi_lut = window, voi_lut
                self._emit(EVENT_WINDOW, target)

    def set_default_window(self, pane: int, window: Window, voi_lut: int | None = None) -> None:
        """Record the pane's starting window (or VOI LUT); applies it if the pane has none."""
        state = self.panes[pane]
        state.default_window, state.default_voi_lut = window, voi_lut
        if state.window is None:
            state.window, state.voi_lut = window, voi_lut
            self._emit(EVENT_WINDOW, pane)

    def reset_window(self, pane: int) -> None:
        """Go back to the starting window and normal grey scale."""
        state = self.panes[pane]
        for target in self._window_targets(pane):
            self.panes[target].invert = False
        if state.default_window is not None:
            self.set_window(pane, state.default_window, state.default_voi_lut)
        self._emit(EVENT_WINDOW, pane)

    def nudge_window(self, pane: int, d_center: float, d_width: float) -> None:
        """Keyboard nudge: shift the centre and widen/narrow by fractions of the width."""
        window = self.panes[pane].window
        if window is None:
            return
        width = max(window.width * (1 + d_width), 1.0)
        self.set_window(pane, replace(window, center=window.center + d_center * window.width,
                                      width=width))

    def set_invert(self, pane: int, invert: bool) -> None:
        """Show a pane's grey scale inverted (white <-> black)."""
        for target in self._window_targets(pane):
            if self.panes[target].invert != invert:
                self.panes[target].invert = invert
                self._emit(EVENT_WINDOW, target)

    def set_link_windows(self, linked: bool) -> None:
        """Turn on or off window changes spreading to panes of the same sequence type."""
        self.link_windows = linked
        self._emit(EVENT_OPTIONS)

    def _window_targets(self, pane: int) -> list[int]:
        self._check(pane)
        sequence = self.panes[pane].sequence
        if not self.link_windows or not sequence:
            return [pane]
        return [pane] + [
            other for other in range(PANE_COUNT)
            if other != pane and self.panes[other].sequence == sequence
        ]

    # ----- zoom and pan -------------------------------------------------------------------
    def set_zoom(self, pane: int, zoom: float) -> None:
        """Magnify relative to fit (1.0); synchronised panes follow."""
        zoom = float(np.clip(zoom, MIN_ZOOM, MAX_ZOOM))
        for target in self._view_targets(pane, same_direction=False):
            if self.panes[target].zoom != zoom:
                self.panes[target].zoom = zoom
                self._emit(EVENT_VIEW, target)

    def set_centre(self, pane: int, point: Sequence[float] | None) -> None:
        """Pan so a patient point is at the pane centre; synchronised parallel panes follow."""
        centre = None if point is None else tuple(float(v) for v in point)
        for target in self._view_targets(pane, same_direction=True):
            self.panes[target].centre = centre  # type: ignore[assignment]
            self._emit(EVENT_VIEW, target)

    def fit(self, pane: int) -> None:
        """Fit the whole image in the pane (and in synchronised panes)."""
        self.set_zoom(pane, 1.0)
        self.set_centre(pane, None)

    def set_sync_zoom(self, sync: bool) -> None:
        """Zoom and pan panes together or one at a time."""
        self.sync_zoom = sync
        self._emit(EVENT_OPTIONS)

    def _view_targets(self, pane: int, same_direction: bool) -> list[int]:
        self._check(pane)
        if not self.sync_zoom:
            return [pane]
        others = [
            o for o in range(PANE_COUNT)
            if o != pane and self.panes[o].series is not None
            and (not same_direction or self._parallel(pane, o))
        ]
        return [pane, *others]

    def _shared_zoom(self, pane: int) -> float:
        if not self.sync_zoom:
            return 1.0
        zooms = [s.zoom for i, s in enumerate(self.panes) if i != pane and s.series is not None]
        return zooms[0] if zooms else 1.0

    # ----- same spot ----------------------------------------------------------------------
    def set_crosshair(self, point: Sequence[float] | None) -> None:
        """Mark a patient point; every pane whose images reach it moves to the image whose
        plane passes nearest it (saying how far that is when it is not on it)."""
        self.crosshair = None if point is None else tuple(float(v) for v in point)  # type: ignore[assignment]
        if point is not None:
            for pane in range(PANE_COUNT):
                self.bring_to(pane, point)
        self._emit(EVENT_CROSSHAIR)

    def bring_to(self, pane: int, point: Sequence[float]) -> float | None:
        """Show in ``pane`` the image whose plane passes nearest a patient point of another
        pane (an axial image from a click on a sagittal one).

        Returns the distance (mm) from the point to that image, or ``None`` when the pane's
        images do not reach the point (outside the picture, no geometry). A distance beyond
        half a slice is shown as the pane's link note.
        """
        state = self.panes[pane]
        geometry = state.series.geometry if state.series is not None else None
        if geometry is None:
            return None
        nearest = geometry.nearest_image(point)
        if not nearest.inside:
            return None
        limit = max(geometry.slice_spacing / 2, 0.5)
        gap = nearest.distance_mm if nearest.distance_mm > limit + 1e-6 else None
        if nearest.index != state.slice_index or gap != state.link_gap:
            state.slice_index, state.link_gap = nearest.index, gap
            self._emit(EVENT_SLICE, pane)
        return nearest.distance_mm

    def crosshair_pixel(self, pane: int) -> tuple[float, float] | None:
        """(row, col) of the crosshair on a pane's current slice, or ``None`` if not on it."""
        state = self.panes[pane]
        geometry = state.series.geometry if state.series is not None else None
        if self.crosshair is None or geometry is None:
            return None
        if not geometry.contains(self.crosshair):
            return None
        index, _ = geometry.nearest_slice(self.crosshair)
        if index != state.slice_index:
            return None
        row, col, _ = geometry.patient_to_pixel(self.crosshair)
        return row, col

    # ----- options ------------------------------------------------------------------------
    def set_phi_visible(self, visible: bool) -> None:
        """Show or hide patient name, ID and birth date."""
        self.phi_visible = visible
        self._emit(EVENT_OPTIONS)

    def set_language(self, language: str) -> None:
        """Switch on-screen words between English ("en") and Japanese ("ja")."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; choose one of {LANGUAGES}")
        self.language = language
        self._emit(EVENT_OPTIONS)

    def set_reference_lines(self, shown: bool, every_image: bool | None = None) -> None:
        """Show or hide reference lines; ``every_image`` draws all images of an axial series."""
        self.reference_lines = shown
        if every_image is not None:
            self.all_reference_lines = every_image
        self._emit(EVENT_OPTIONS)

    def set_fill_panels(self, fill: bool) -> None:
        """Fill the panels with the anatomy (cropping it) or fit it in them (zoom reset)."""
        if fill != self.fill_panels:
            self.fill_panels = fill
            for pane in range(len(self.panes)):
                self.fit(pane)
            self._emit(EVENT_OPTIONS)

    def set_captions_visible(self, visible: bool) -> None:
        """Show or hide the plain-language captions."""
        self.captions_visible = visible
        self._emit(EVENT_OPTIONS)

    def set_full_screen(self, full: bool) -> None:
        """Presentation mode: larger captions and no technical clutter."""
        self.full_screen = full
        self._emit(EVENT_OPTIONS)

    def _check(self, pane: int) -> None:
        if not 0 <= pane < PANE_COUNT:
            raise IndexError(f"pane {pane} does not exist (0..{PANE_COUNT - 1})")
