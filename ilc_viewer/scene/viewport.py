"""How a pane's image lies in its panel: fit, zoom and pan as one image <-> output mapping.

Zoom is relative to "fit" (1.0: the anatomy fits the panel's free area, centred in it; or,
in "fill", covers it) and the centre is a patient point shown at the free area's centre,
both kept in the core viewer state; this module turns them into millimetres per output
pixel and back, for any output size. The screen and every export use it, so a picture
exported at another size frames the same anatomy as the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilc_viewer.study.geometry import SeriesGeometry

#: (left, top, right, bottom) in output pixels.
Box = tuple[float, float, float, float]

#: Above this many output pixels per image pixel, pixels are shown as blocks.
SMOOTH_LIMIT = 4.0


@dataclass(frozen=True)
class Viewport:
    """Millimetres per output pixel and the image-plane point at the panel's centre."""

    width: int
    height: int
    px_per_mm: float
    centre_mm: tuple[float, float]  # image-plane point (x across, y down, mm) at the centre
    spacing: tuple[float, float]  # (between rows, between columns) mm
    rows: int
    columns: int
    #: Output point where ``centre_mm`` lies: the centre of the free area (panel centre
    #: when none is given).
    anchor: tuple[float, float] | None = None

    @classmethod
    def fit(cls, geometry: SeriesGeometry, size: tuple[int, int], zoom: float = 1.0,
            centre: tuple[float, float, float] | None = None,
            slice_index: int | None = None, *, area: Box | None = None,
            content: tuple[int, int, int, int] | None = None, fill: bool = False,
            exact: float | None = None) -> Viewport:
        """The framing of ``geometry`` in a panel of ``size`` = (width, height).

        ``content`` (top, left, bottom, right image pixels; default the whole image) is
        fitted into ``area`` (output box; default the whole panel) or, with ``fill``, covers
        it. ``centre`` (a patient point) is projected onto the image plane of
        ``slice_index`` (the image shown), so panning a series of angled blocks keeps the
        same spot; without one, the content's centre is shown at the area's centre.
        ``exact`` (output pixels per mm at zoom 1) replaces the fit, and the image's pixel
        edges then fall on whole output pixels (an export at the images' own resolution).
        """
        width, height = size
        left, top, right, bottom = area if area is not None else (0.0, 0.0, width, height)
        room_w, room_h = max(right - left, 1.0), max(bottom - top, 1.0)
        rs, cs = geometry.pixel_spacing
        r0, c0, r1, c1 = content if content is not None else (0, 0, geometry.rows,
                                                              geometry.columns)
        content_w, content_h = max(c1 - c0, 1) * cs, max(r1 - r0, 1) * rs
        pick = max if fill else min
        scale = (exact if exact is not None else
                 pick(room_w / content_w, room_h / content_h)) * zoom
        if centre is None:
            centre_mm = ((c0 + c1) / 2 * cs, (r0 + r1) / 2 * rs)
        else:
            row, col = image_pixel(geometry, centre, slice_index)
            centre_mm = ((col + 0.5) * cs, (row + 0.5) * rs)
        anchor = ((left + right) / 2, (top + bottom) / 2)
        if exact is not None:  # the picture's corner on a whole pixel: no resampling blur
            anchor = (anchor[0] - (anchor[0] - centre_mm[0] * scale) % 1.0,
                      anchor[1] - (anchor[1] - centre_mm[1] * scale) % 1.0)
        return cls(width, height, scale, centre_mm, (rs, cs), geometry.rows, geometry.columns,
                   anchor)

    @property
    def centre(self) -> tuple[float, float]:
        """The output point the pan centre is shown at."""
        return self.anchor if self.anchor is not None else (self.width / 2, self.height / 2)

    def to_output(self, row: float, col: float) -> tuple[float, float]:
        """Output point (x, y) of the centre of image pixel (row, col)."""
        rs, cs = self.spacing
        ax, ay = self.centre
        return (ax + ((col + 0.5) * cs - self.centre_mm[0]) * self.px_per_mm,
                ay + ((row + 0.5) * rs - self.centre_mm[1]) * self.px_per_mm)

    def to_image(self, x: float, y: float) -> tuple[float, float]:
        """(row, col) under output point (x, y): the inverse of :meth:`to_output`."""
        rs, cs = self.spacing
        ax, ay = self.centre
        col = ((x - ax) / self.px_per_mm + self.centre_mm[0]) / cs - 0.5
        row = ((y - ay) / self.px_per_mm + self.centre_mm[1]) / rs - 0.5
        return row, col

    @property
    def magnification(self) -> float:
        """Output pixels per image pixel along the coarser axis."""
        return self.px_per_mm * max(self.spacing)

    @property
    def smooth(self) -> bool:
        """Filter the picture (False where pixels are enlarged into visible blocks)."""
        return self.magnification < SMOOTH_LIMIT

    def picture_transform(self) -> tuple[float, float, float, float]:
        """(sx, sy, tx, ty): image point (u = col, v = row, pixel corners) -> output."""
        rs, cs = self.spacing
        s = self.px_per_mm
        ax, ay = self.centre
        return (s * cs, s * rs, ax - self.centre_mm[0] * s, ay - self.centre_mm[1] * s)

    def image_box(self) -> tuple[float, float, float, float]:
        """The image's rectangle in output pixels (left, top, right, bottom)."""
        sx, sy, tx, ty = self.picture_transform()
        return tx, ty, tx + sx * self.columns, ty + sy * self.rows


def image_pixel(geometry: SeriesGeometry, point: tuple[float, float, float],
                slice_index: int | None) -> tuple[float, float]:
    """(row, col) of a patient point projected onto the plane of image ``slice_index``."""
    row, col, _ = geometry.patient_to_pixel(point, slice_index)
    return row, col
