"""One image pane's state: which series, which slice, how it is windowed and framed.

A :class:`PaneState` announces its own changes through its ``changed`` event; the viewer
state (:mod:`ilc_viewer.open_study.viewer_state`) changes panes and links them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ilc_viewer.events import Event
from ilc_viewer.study.geometry import SeriesGeometry
from ilc_viewer.study.model import ImageRef, Series
from ilc_viewer.words.catalogue import _

if TYPE_CHECKING:
    from ilc_viewer.display import Window

#: Layouts and the number of panes each shows, in menu order.
LAYOUTS: dict[str, int] = {"1x1": 1, "1x2": 2, "1x3": 3, "2x2": 4, "1x4": 4}
DEFAULT_LAYOUT = "1x3"
PANE_COUNT = 4
#: Two slice normals closer than ~8 degrees look in the same direction and can be linked.
PARALLEL_MIN_COSINE = 0.99
#: Zoom limits relative to fit-to-window.
MIN_ZOOM, MAX_ZOOM = 0.1, 40.0
#: The sequence types the triple fills, in pane order.
TRIPLE_ORDER = ("T1", "T2", "STIR")

#: Event names sent to listeners.
EVENT_SERIES = "series"  # a pane got another series (or none)
EVENT_SLICE = "slice"  # a pane's slice changed (or its link note)
EVENT_WINDOW = "window"  # a pane's window or inversion changed
EVENT_VIEW = "view"  # a pane's zoom or pan changed
EVENT_CROSSHAIR = "crosshair"  # the "same spot" point changed
EVENT_LAYOUT = "layout"  # layout or maximised pane changed
EVENT_OPTIONS = "options"  # linking, PHI, language, captions, full screen, reference lines

Listener = Callable[[str, "int | None"], None]


@dataclass
class PaneState:
    """One image pane: which series, which slice, how it is windowed and framed."""

    series: Series | None = None
    slice_index: int = 0
    window: Window | None = None
    #: The window the pane started with; "reset" returns to it.
    default_window: Window | None = None
    #: A table of the image's VOI LUT Sequence shown instead of :attr:`window` (by position;
    #: ``window`` is then its linear stand-in); ``None``: the linear window.
    voi_lut: int | None = None
    #: The VOI LUT the pane started with ("reset" returns to it too).
    default_voi_lut: int | None = None
    #: Inverts the grey scale on top of MONOCHROME1 handling (which the display does itself).
    invert: bool = False
    #: Magnification relative to fit-to-window (1.0 = the whole image fits).
    zoom: float = 1.0
    #: Patient point (mm) shown at the centre of the pane; ``None`` = the image centre.
    centre: tuple[float, float, float] | None = None
    #: Distance (mm) to the nearest slice when linking found none within half a spacing.
    link_gap: float | None = None
    _flat: tuple[Series, SeriesGeometry] | None = field(default=None, repr=False, compare=False)
    #: ``changed.emit(event)`` after each change of this pane (EVENT_SERIES, _SLICE, ...).
    changed: Event = field(default_factory=Event, repr=False, compare=False)

    @property
    def slice_count(self) -> int:
        """Number of slices of the pane's series (0 when empty)."""
        return len(self.series.images) if self.series is not None else 0

    @property
    def link_note(self) -> str:
        """A short note about the link, e.g. "no matching slice (nearest 7 mm away)"."""
        if self.link_gap is None:
            return ""
        return _("no matching slice (nearest {mm:.0f} mm away)", mm=self.link_gap)

    @property
    def image(self) -> ImageRef | None:
        """The image shown (``None`` for an empty pane)."""
        return self.series.images[self.slice_index] if self.slice_count else None

    @property
    def display_invert(self) -> bool:
        """Invert flag to pass to the display: MONOCHROME1 (low = white) XOR the user's invert."""
        image = self.image
        return self.invert != (image is not None and image.inverted)

    @property
    def geometry(self) -> SeriesGeometry | None:
        """The series geometry, or a flat stand-in for zoom/pan when positions are unknown."""
        if self.series is None or not self.series.images:
            return None
        if self.series.geometry is not None:
            return self.series.geometry
        if self._flat is None or self._flat[0] is not self.series:
            self._flat = (self.series, flat_geometry(self.series))
        return self._flat[1]

    @property
    def sequence(self) -> str:
        """The sequence label of the pane's series ("" when empty)."""
        return self.series.sequence if self.series is not None else ""

    def slice_position_mm(self) -> float | None:
        """Position of the current slice along the slice normal in mm, if geometry is known."""
        geometry = self.series.geometry if self.series is not None else None
        if geometry is None or self.slice_count == 0:
            return None
        return float(geometry.slice_distances[self.slice_index])


def flat_geometry(series: Series) -> SeriesGeometry:
    """A stand-in geometry (image plane at z = slice index, 1 mm if spacing is unknown).

    Used only to zoom and pan a series without positions; such panes are never linked
    because their ``series.geometry`` stays ``None``.
    """
    first = series.images[0]
    spacing = first.pixel_spacing if first.pixel_spacing and min(first.pixel_spacing) > 0 else None
    count = len(series.images)
    return SeriesGeometry(
        row_direction=np.array([1.0, 0.0, 0.0]),
        col_direction=np.array([0.0, 1.0, 0.0]),
        normal=np.array([0.0, 0.0, 1.0]),
        pixel_spacing=(float(spacing[0]), float(spacing[1])) if spacing else (1.0, 1.0),
        positions=np.array([[0.0, 0.0, float(k)] for k in range(count)]),
        rows=first.rows,
        columns=first.columns,
        spacing_known=spacing is not None,
    )
