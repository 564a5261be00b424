"""Series geometry: every image's own plane, pixel <-> patient (mm), nearest image, ref. lines.

Patient coordinates follow DICOM (LPS): +x towards the patient's left, +y towards the back
(posterior), +z towards the head. Image Orientation (Patient) holds the *row* direction
(the way the column index grows) then the *column* direction (the way the row index grows);
Pixel Spacing holds (distance between rows, distance between columns). See PS3.3 C.7.6.2.1.1.

A series may hold blocks of images at different angles (lumbar axials angled along each
disc, see :mod:`ilc_viewer.study.ordering`), so :class:`SeriesGeometry` keeps a plane per
image. For a series of parallel images (one block) every method gives exactly what it gave
before blocks existed; for several blocks the same methods use each image's own plane.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ilc_viewer.study.model import ImageRef
from ilc_viewer.study.ordering import (
    SAME_POSITION_MM,
    SPACING_TOLERANCE_MM,
    SPACING_TOLERANCE_RELATIVE,
    find_blocks,
    same_orientation,
    series_axis,
    sort_images,
    spacing_warnings,
)
from ilc_viewer.study.planes import (
    MIN_REFERENCE_ANGLE_DEG,
    NAMED_PLANE_MIN_COSINE,
    ImagePlane,
    ReferenceLine,
    direction_label,
    plane_of,
    plane_of_normal,
    reference_line,
    slice_normal,
)

if TYPE_CHECKING:
    from ilc_viewer.study.model import Series

__all__ = [
    "NAMED_PLANE_MIN_COSINE", "SAME_POSITION_MM", "SPACING_TOLERANCE_MM",
    "SPACING_TOLERANCE_RELATIVE", "ImagePlane", "NearestImage", "ReferenceLine",
    "SeriesGeometry", "build_geometry", "direction_label", "plane_of", "plane_of_normal",
    "same_orientation", "series_nearest_image", "series_reference_line",
    "series_reference_lines", "slice_normal", "sort_images",
    "spacing_warnings",
]

#: Direction cosines further apart than this make an image's plane differ from the first's.
_PLANE_TOLERANCE = 1e-3


@dataclass(frozen=True)
class NearestImage:
    """The image of a series whose plane passes nearest a patient point."""

    index: int
    #: Distance (mm) from the point to that image's plane.
    distance_mm: float
    #: True when the point, projected onto the plane, falls on the picture.
    inside: bool


@dataclass(frozen=True)
class SeriesGeometry:
    """Where every pixel of a sorted series lies in the patient, and back.

    ``positions[k]`` is the Image Position of image ``k``; ``row_directions[k]`` and
    ``col_directions[k]`` its own directions (all equal for a single block; given as one
    ``row_direction`` / ``col_direction`` when so). ``normal`` is the **series axis**: the
    image normal for parallel images, the mean normal for angled blocks, with its sense chosen
    so that :attr:`slice_distances` grow with ``k``. Pixel indices are ``(row, col, slice)``.
    """

    row_direction: np.ndarray  # unit vector along a row of the first image: the way `col` grows
    col_direction: np.ndarray  # unit vector down a column of the first image: the way `row` grows
    normal: np.ndarray  # the series axis (see the class doc)
    pixel_spacing: tuple[float, float]  # (between rows, between columns), mm
    positions: np.ndarray  # (n_slices, 3)
    rows: int
    columns: int
    #: False when Pixel Spacing was missing and 1 mm was assumed (rulers must say so).
    spacing_known: bool = True
    #: Per-image directions (n, 3); ``None`` = every image has the first's.
    row_directions: np.ndarray | None = None
    col_directions: np.ndarray | None = None
    #: Index of the first image of every block; ``None`` = worked out from the orientations.
    block_starts: tuple[int, ...] | None = None
    _normals: np.ndarray = field(init=False, repr=False, compare=False)
    _centres: np.ndarray = field(init=False, repr=False, compare=False)
    _blocks: tuple[range, ...] = field(init=False, repr=False, compare=False)
    _multi: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = self.positions.shape[0]
        rows = (np.tile(np.asarray(self.row_direction, float), (n, 1))
                if self.row_directions is None else np.asarray(self.row_directions, float))
        cols = (np.tile(np.asarray(self.col_direction, float), (n, 1))
                if self.col_directions is None else np.asarray(self.col_directions, float))
        object.__setattr__(self, "row_directions", rows)
        object.__setattr__(self, "col_directions", cols)
        multi = bool(n and (np.abs(rows - rows[0]).max() > _PLANE_TOLERANCE
                            or np.abs(cols - cols[0]).max() > _PLANE_TOLERANCE))
        object.__setattr__(self, "_multi", multi)
        axis = np.asarray(self.normal, dtype=float)
        if multi:
            normals = np.cross(rows, cols)
            normals /= np.linalg.norm(normals, axis=1)[:, None]
            normals *= np.where(normals @ axis < 0, -1.0, 1.0)[:, None]
        else:
            normals = np.tile(axis, (n, 1))
        object.__setattr__(self, "_normals", normals)
        rs, cs = self.pixel_spacing
        centres = (self.positions + (self.columns - 1) / 2 * cs * rows
                   + (self.rows - 1) / 2 * rs * cols)
        object.__setattr__(self, "_centres", centres)
        if self.block_starts is None:
            object.__setattr__(self, "block_starts", self._orientation_runs())
        starts = list(self.block_starts)  # type: ignore[arg-type]
        blocks = tuple(range(a, b) for a, b in zip(starts, [*starts[1:], n], strict=True))
        object.__setattr__(self, "_blocks", blocks)

    def _orientation_runs(self) -> tuple[int, ...]:
        if not self._multi:
            return (0,) if self.slice_count else ()
        starts = [0]
        for k in range(1, self.slice_count):
            if (np.abs(self.row_directions[k] - self.row_directions[k - 1]).max()  # type: ignore[index]
                    > _PLANE_TOLERANCE or np.abs(self.col_directions[k]  # type: ignore[index]
                                                 - self.col_directions[k - 1]).max()  # type: ignore[index]
                    > _PLANE_TOLERANCE):
                starts.append(k)
        return tuple(starts)

    def __eq__(self, other: object) -> bool:
        # The generated __eq__ compares numpy arrays with ==, which raises ("truth value of
        # an array is ambiguous") and so broke `==` / `in` on two Series of the same study.
        if not isinstance(other, SeriesGeometry):
            return NotImplemented
        return (
            (self.rows, self.columns, self.pixel_spacing, self.spacing_known, self.block_starts)
            == (other.rows, other.columns, other.pixel_spacing, other.spacing_known,
                other.block_starts)
            and np.array_equal(self.row_directions, other.row_directions)
            and np.array_equal(self.col_directions, other.col_directions)
            and np.array_equal(self.normal, other.normal)
            and np.array_equal(self.positions, other.positions)
        )

    def __hash__(self) -> int:
        # Arrays are unhashable; equal geometries share these plain fields, so this agrees
        # with __eq__.
        return hash((self.rows, self.columns, self.pixel_spacing, self.slice_count))

    # ----- images and blocks --------------------------------------------------------------
    @property
    def slice_count(self) -> int:
        """Number of images."""
        return int(self.positions.shape[0])

    @property
    def is_multi_plane(self) -> bool:
        """True when the images do not all lie in parallel planes (angled blocks)."""
        return self._multi

    @property
    def blocks(self) -> tuple[range, ...]:
        """The blocks of parallel images, in order (one block for a plain stack)."""
        return self._blocks

    @property
    def block_count(self) -> int:
        """Number of blocks (1 for a plain stack)."""
        return len(self.block_starts or ())

    def block_of(self, index: int) -> int:
        """The block (0-based) image ``index`` belongs to."""
        return int(np.searchsorted(np.asarray(self.block_starts), index, side="right")) - 1

    def plane(self, index: int) -> ImagePlane:
        """The plane of image ``index``."""
        return ImagePlane(self.positions[index], self.row_directions[index],  # type: ignore[index]
                          self.col_directions[index], self.pixel_spacing,  # type: ignore[index]
                          self.rows, self.columns)

    def image_normal(self, index: int) -> np.ndarray:
        """Unit normal of image ``index``, turned to agree with the series axis."""
        return self._normals[index]

    # ----- positions along the series ------------------------------------------------------
    @property
    def slice_distances(self) -> np.ndarray:
        """Position of every image along the series axis, in mm (ascending).

        For angled blocks this is where each image's centre lies along the axis.
        """
        if not self._multi:
            return self.positions @ self.normal
        return self._centres @ self.normal

    @property
    def slice_spacing(self) -> float:
        """Median distance between neighbouring images of a block, in mm (0 if none has two)."""
        if not self._multi:
            if self.slice_count < 2:
                return 0.0
            return float(np.median(np.diff(self.slice_distances)))
        steps = [np.diff(self._block_distances(block)) for block in self.blocks if len(block) > 1]
        return float(np.median(np.concatenate(steps))) if steps else 0.0

    def _block_distances(self, block: range) -> np.ndarray:
        normal = self._normals[block.start]
        return self.positions[block.start:block.stop] @ normal

    def _frame_at(self, slice_index: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Origin and directions at a (possibly fractional) index, interpolated in its block.

        Beyond the ends of the series the end spacing continues; a fraction between two
        blocks goes to the nearer image.
        """
        n = self.slice_count
        nearest = int(np.clip(round(slice_index), 0, n - 1))
        block = self.blocks[self.block_of(nearest)]
        lo, hi = block.start, block.stop - 1
        rows, cols = self.row_directions[lo], self.col_directions[lo]  # type: ignore[index]
        if hi == lo:
            return self.positions[lo], rows, cols
        s = slice_index
        if self._multi:  # stay within half an image of the block's inner ends
            s = max(s, lo - 0.5) if lo > 0 else s
            s = min(s, hi + 0.5) if hi < n - 1 else s
        k = float(np.clip(s, lo, hi))
        low = min(int(np.floor(k)), hi - 1)
        t = k - low
        extrapolate = s - k  # beyond the ends, continue with the end spacing
        step = self.positions[low + 1] - self.positions[low]
        return self.positions[low] + (t + extrapolate) * step, rows, cols

    def pixel_to_patient(self, row: float, col: float, slice_index: float) -> np.ndarray:
        """Patient position (x, y, z) in mm of pixel (row, col) on image ``slice_index``."""
        row_spacing, col_spacing = self.pixel_spacing
        origin, row_direction, col_direction = self._frame_at(slice_index)
        return origin + col * col_spacing * row_direction + row * row_spacing * col_direction

    def slice_index_at(self, point: Sequence[float]) -> float:
        """Fractional image index of a patient point (may lie outside ``0..n-1``).

        For angled blocks: the index inside the block of the nearest image.
        """
        p = np.asarray(point, dtype=float)
        if self.slice_count == 1:
            return 0.0
        if self._multi:
            nearest = self.nearest_image(p).index
            block = self.blocks[self.block_of(nearest)]
            if len(block) == 1:
                return float(nearest)
            d = self._block_distances(block)
            distance = float(p @ self._normals[block.start])
            index = self._interpolate(distance, d) + block.start
            low = block.start - 0.5 if block.start > 0 else -np.inf
            high = block.stop - 0.5 if block.stop < self.slice_count else np.inf
            return float(np.clip(index, low, high))
        return self._interpolate(float(p @ self.normal), self.slice_distances)

    @staticmethod
    def _interpolate(distance: float, d: np.ndarray) -> float:
        """Fractional index of ``distance`` in ascending ``d``, extrapolated at both ends."""
        n = len(d)
        if distance <= d[0]:
            return (distance - d[0]) / (d[1] - d[0]) if d[1] != d[0] else 0.0
        if distance >= d[-1]:
            return n - 1 + (distance - d[-1]) / (d[-1] - d[-2]) if d[-1] != d[-2] else n - 1.0
        return float(np.interp(distance, d, np.arange(n)))

    def patient_to_pixel(self, point: Sequence[float],
                         slice_index: int | None = None) -> tuple[float, float, float]:
        """(row, col, slice) of a patient point: the inverse of :meth:`pixel_to_patient`.

        ``row, col`` are the point projected onto the image at its fractional index, or onto
        image ``slice_index`` when given (use that to draw on the image shown).
        """
        p = np.asarray(point, dtype=float)
        index = self.slice_index_at(p)
        if slice_index is None:
            origin, row_direction, col_direction = self._frame_at(index)
        else:
            origin = self.positions[slice_index]
            row_direction = self.row_directions[slice_index]  # type: ignore[index]
            col_direction = self.col_directions[slice_index]  # type: ignore[index]
        offset = p - origin
        row_spacing, col_spacing = self.pixel_spacing
        col = float(offset @ row_direction) / col_spacing
        row = float(offset @ col_direction) / row_spacing
        return row, col, index

    # ----- nearest image, containment -----------------------------------------------------
    def nearest_image(self, point: Sequence[float]) -> NearestImage:
        """The image whose plane passes nearest a point, preferring images the point is on.

        Among images whose picture the point projects onto, the one with the smallest
        distance from its plane; when it projects onto none, the nearest plane of all.
        """
        p = np.asarray(point, dtype=float)
        offsets = p - self.positions
        distances = np.abs(np.einsum("ij,ij->i", offsets, self._normals))
        rs, cs = self.pixel_spacing
        rows = np.einsum("ij,ij->i", offsets, self.col_directions) / rs
        cols = np.einsum("ij,ij->i", offsets, self.row_directions) / cs
        inside = ((rows >= -0.5) & (rows <= self.rows - 0.5)
                  & (cols >= -0.5) & (cols <= self.columns - 0.5))
        pool = np.where(inside, distances, np.inf) if inside.any() else distances
        index = int(np.argmin(pool))
        return NearestImage(index, float(distances[index]), bool(inside[index]))

    def nearest_slice(self, point: Sequence[float]) -> tuple[int, float]:
        """The image nearest a patient point and the point's distance from its plane (mm)."""
        if self._multi:
            nearest = self.nearest_image(point)
            return nearest.index, nearest.distance_mm
        distance = float(np.asarray(point, dtype=float) @ self.normal)
        gaps = np.abs(self.slice_distances - distance)
        index = int(np.argmin(gaps))
        return index, float(gaps[index])

    def slice_centre(self, slice_index: int) -> np.ndarray:
        """Patient position of the centre of an image."""
        return self.pixel_to_patient((self.rows - 1) / 2, (self.columns - 1) / 2, slice_index)

    def contains(self, point: Sequence[float], tolerance_mm: float | None = None) -> bool:
        """True if a point lies on the picture of its nearest image, within half a slice
        spacing of that image's plane (or ``tolerance_mm``)."""
        if self._multi:
            index, gap = self.nearest_slice(point)
            row, col, _ = self.patient_to_pixel(point, index)
        else:
            row, col, _ = self.patient_to_pixel(point)
            _, gap = self.nearest_slice(point)
        limit = tolerance_mm if tolerance_mm is not None else max(self.slice_spacing / 2, 0.5)
        inside = -0.5 <= row <= self.rows - 0.5 and -0.5 <= col <= self.columns - 0.5
        return inside and gap <= limit + 1e-6

    # ----- other series -------------------------------------------------------------------
    def reference_line(self, index: int, other: SeriesGeometry, other_index: int, *,
                       min_angle_deg: float = MIN_REFERENCE_ANGLE_DEG,
                       clip_to_other: bool = True) -> ReferenceLine | None:
        """Where image ``other_index`` of ``other`` cuts image ``index`` of this series.

        Ends in this image's (row, col) pixels; ``None`` within ``min_angle_deg`` of
        parallel or off the picture. Check the frames of reference first
        (:func:`series_reference_line` does).
        """
        return reference_line(self.plane(index), other.plane(other_index),
                              min_angle_deg=min_angle_deg, clip_to_other=clip_to_other)


def series_reference_line(series: Series, index: int, other: Series, other_index: int, *,
                          min_angle_deg: float = MIN_REFERENCE_ANGLE_DEG) -> ReferenceLine | None:
    """The reference line of ``other``'s image on ``series``' image, or ``None``.

    ``None`` also when either series lacks geometry or the two lie in different frames of
    reference (positions in different frames are not comparable; an unknown frame is
    trusted, as linked scrolling does).
    """
    if series.geometry is None or other.geometry is None:
        return None
    frames = series.frame_of_reference_uid, other.frame_of_reference_uid
    if all(frames) and frames[0] != frames[1]:
        return None
    return series.geometry.reference_line(index, other.geometry, other_index,
                                          min_angle_deg=min_angle_deg)


def series_reference_lines(series: Series, index: int, other: Series, *,
                           min_angle_deg: float = MIN_REFERENCE_ANGLE_DEG,
                           ) -> list[tuple[int, int, ReferenceLine]]:
    """Every image of ``other`` that cuts image ``index`` of ``series``: (image, block, line).

    For the "all axial images" mode: one line per image, with its block to colour or group
    by. Empty for other frames of reference or missing geometry.
    """
    out = []
    for k in range(len(other.images)):
        line = series_reference_line(series, index, other, k, min_angle_deg=min_angle_deg)
        if line is not None:
            out.append((k, other.block_of(k), line))
    return out


def series_nearest_image(series: Series, point: Sequence[float],
                         frame_of_reference_uid: str = "") -> NearestImage | None:
    """The image of ``series`` whose plane passes nearest a point of another pane.

    ``None`` without geometry, or when the point's frame of reference (if known) is not the
    series' (if known).
    """
    if series.geometry is None or not series.images:
        return None
    frames = frame_of_reference_uid, series.frame_of_reference_uid
    if all(frames) and frames[0] != frames[1]:
        return None
    return series.geometry.nearest_image(point)


def build_geometry(images: Sequence[ImageRef]) -> SeriesGeometry | None:
    """The geometry of sorted images, or ``None`` when positions or orientation are missing."""
    if not images or any(im.position is None or im.orientation is None for im in images):
        return None
    orientations = np.asarray([im.orientation for im in images], dtype=float)
    rows = orientations[:, :3] / np.linalg.norm(orientations[:, :3], axis=1)[:, None]
    cols = orientations[:, 3:] / np.linalg.norm(orientations[:, 3:], axis=1)[:, None]
    positions = np.array([im.position for im in images], dtype=float)
    blocks = find_blocks(images)
    first = images[0]
    if len(blocks) == 1 and same_orientation(first.orientation, images[-1].orientation):  # type: ignore[arg-type]
        axis = slice_normal(first.orientation)  # type: ignore[arg-type]
        multi_rows = multi_cols = None
    else:
        normals = [slice_normal(images[b.start].orientation) for b in blocks]  # type: ignore[arg-type]
        axis = series_axis(normals, [len(b) for b in blocks])
        multi_rows, multi_cols = rows, cols
    spacing_known = first.pixel_spacing is not None and all(v > 0 for v in first.pixel_spacing)
    spacing = first.pixel_spacing if spacing_known else (1.0, 1.0)
    geometry = SeriesGeometry(
        row_direction=rows[0],
        col_direction=cols[0],
        normal=axis,
        pixel_spacing=(float(spacing[0]), float(spacing[1])),  # type: ignore[index]
        positions=positions,
        rows=first.rows,
        columns=first.columns,
        spacing_known=spacing_known,
        row_directions=multi_rows,
        col_directions=multi_cols,
        block_starts=tuple(b.start for b in blocks),
    )
    if len(images) > 1:
        distances = geometry.slice_distances
        if distances[-1] < distances[0]:  # the axis points the way the images go
            geometry = _with_axis(geometry, -axis)
    return geometry


def _with_axis(geometry: SeriesGeometry, axis: np.ndarray) -> SeriesGeometry:
    return SeriesGeometry(
        row_direction=geometry.row_direction, col_direction=geometry.col_direction,
        normal=axis, pixel_spacing=geometry.pixel_spacing, positions=geometry.positions,
        rows=geometry.rows, columns=geometry.columns, spacing_known=geometry.spacing_known,
        row_directions=geometry.row_directions if geometry.is_multi_plane else None,
        col_directions=geometry.col_directions if geometry.is_multi_plane else None,
        block_starts=geometry.block_starts,
    )
