"""How a pane's image lies in its panel: fit, zoom and pan as one image <-> output mapping.

Zoom is relative to "fit" (1.0: the whole image fits the panel, centred) and the centre is a
patient point, both kept in the core viewer state; this module turns them into millimetres
per output pixel and back, for any output size. The screen and every export use it, so a
picture exported at another size frames the same anatomy as the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilc_viewer.study.geometry import SeriesGeometry

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

    @classmethod
    def fit(cls, geometry: SeriesGeometry, size: tuple[int, int], zoom: float = 1.0,
            centre: tuple[float, float, float] | None = None,
            slice_index: int | None = None) -> Viewport:
        """The framing of ``geometry`` in a panel of ``size`` = (width, height).

        ``centre`` (a patient point) is projected onto the image plane of ``slice_index``
        (the image shown), so panning a series of angled blocks keeps the same spot.
        """
        width, height = size
        rs, cs = geometry.pixel_spacing
        width_mm, height_mm = geometry.columns * cs, geometry.rows * rs
        scale = min(width / width_mm, height / height_mm) * zoom
        if centre is None:
            centre_mm = (width_mm / 2, height_mm / 2)
        else:
            row, col = image_pixel(geometry, centre, slice_index)
            centre_mm = ((col + 0.5) * cs, (row + 0.5) * rs)
        return cls(width, height, scale, centre_mm, (rs, cs), geometry.rows, geometry.columns)

    def to_output(self, row: float, col: float) -> tuple[float, float]:
        """Output point (x, y) of the centre of image pixel (row, col)."""
        rs, cs = self.spacing
        return (self.width / 2 + ((col + 0.5) * cs - self.centre_mm[0]) * self.px_per_mm,
                self.height / 2 + ((row + 0.5) * rs - self.centre_mm[1]) * self.px_per_mm)

    def to_image(self, x: float, y: float) -> tuple[float, float]:
        """(row, col) under output point (x, y): the inverse of :meth:`to_output`."""
        rs, cs = self.spacing
        col = ((x - self.width / 2) / self.px_per_mm + self.centre_mm[0]) / cs - 0.5
        row = ((y - self.height / 2) / self.px_per_mm + self.centre_mm[1]) / rs - 0.5
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
        return (s * cs, s * rs, self.width / 2 - self.centre_mm[0] * s,
                self.height / 2 - self.centre_mm[1] * s)

    def image_box(self) -> tuple[float, float, float, float]:
        """The image's rectangle in output pixels (left, top, right, bottom)."""
        sx, sy, tx, ty = self.picture_transform()
        return tx, ty, tx + sx * self.columns, ty + sy * self.rows


def image_pixel(geometry: SeriesGeometry, point: tuple[float, float, float],
                slice_index: int | None) -> tuple[float, float]:
    """(row, col) of a patient point projected onto the plane of image ``slice_index``."""
    row, col, _ = geometry.patient_to_pixel(point, slice_index)
    return row, col
