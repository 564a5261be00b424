"""Slice geometry: sorting along the slice normal, spacing checks, pixel <-> patient (mm).

Patient coordinates follow DICOM (LPS): +x towards the patient's left, +y towards the back
(posterior), +z towards the head. Image Orientation (Patient) holds the *row* direction
(the way the column index grows) then the *column* direction (the way the row index grows);
Pixel Spacing holds (distance between rows, distance between columns). See PS3.3 C.7.6.2.1.1.

Sorting follows the method of 3D Slicer's ``DICOMUtils.getSortedImageFiles``: distance of each
Image Position along ``cross(row, col)``, with warnings (not exceptions) for missing positions,
duplicate positions and uneven spacing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ilc_viewer.study.model import ImageRef

#: Two slices closer than this along the normal are at the same position (mm).
SAME_POSITION_MM = 1e-3
#: Spacing may differ from the median by this much before we call it uneven (mm, relative).
SPACING_TOLERANCE_MM = 0.01
SPACING_TOLERANCE_RELATIVE = 0.01
#: A plane is named (sagittal, coronal, axial) when its normal is within ~37 degrees of an axis.
NAMED_PLANE_MIN_COSINE = 0.8


@dataclass(frozen=True)
class SeriesGeometry:
    """Where every voxel of a sorted series lies in the patient, and back.

    ``positions[k]`` is the Image Position of slice ``k`` (sorted so that the distance along
    ``normal`` grows with ``k``). Pixel indices are ``(row, col, slice)`` with ``row`` counting
    down the image and ``col`` across it, as in a numpy array ``image[row, col]``.
    """

    row_direction: np.ndarray  # unit vector along a row: the way `col` grows
    col_direction: np.ndarray  # unit vector down a column: the way `row` grows
    normal: np.ndarray  # cross(row_direction, col_direction)
    pixel_spacing: tuple[float, float]  # (between rows, between columns), mm
    positions: np.ndarray  # (n_slices, 3)
    rows: int
    columns: int
    #: False when Pixel Spacing was missing and 1 mm was assumed (rulers must say so).
    spacing_known: bool = True

    def __eq__(self, other: object) -> bool:
        # The generated __eq__ compares numpy arrays with ==, which raises ("truth value of
        # an array is ambiguous") and so broke `==` / `in` on two Series of the same study.
        if not isinstance(other, SeriesGeometry):
            return NotImplemented
        return (
            (self.rows, self.columns, self.pixel_spacing, self.spacing_known)
            == (other.rows, other.columns, other.pixel_spacing, other.spacing_known)
            and np.array_equal(self.row_direction, other.row_direction)
            and np.array_equal(self.col_direction, other.col_direction)
            and np.array_equal(self.normal, other.normal)
            and np.array_equal(self.positions, other.positions)
        )

    def __hash__(self) -> int:
        # Arrays are unhashable; equal geometries share these plain fields, so this agrees
        # with __eq__.
        return hash((self.rows, self.columns, self.pixel_spacing, self.slice_count))

    @property
    def slice_count(self) -> int:
        """Number of slices."""
        return int(self.positions.shape[0])

    @property
    def slice_distances(self) -> np.ndarray:
        """Distance of every slice along the normal, in mm (ascending)."""
        return self.positions @ self.normal

    @property
    def slice_spacing(self) -> float:
        """Median distance between neighbouring slices in mm (0 for a single slice)."""
        if self.slice_count < 2:
            return 0.0
        return float(np.median(np.diff(self.slice_distances)))

    def _position_at(self, slice_index: float) -> np.ndarray:
        """Image Position at a (possibly fractional) slice index, linearly interpolated."""
        if self.slice_count == 1:
            return self.positions[0]
        k = float(np.clip(slice_index, 0, self.slice_count - 1))
        low = min(int(np.floor(k)), self.slice_count - 2)
        t = k - low
        extrapolate = slice_index - k  # beyond the ends, continue with the end spacing
        step = self.positions[low + 1] - self.positions[low]
        return self.positions[low] + (t + extrapolate) * step

    def pixel_to_patient(self, row: float, col: float, slice_index: float) -> np.ndarray:
        """Patient position (x, y, z) in mm of the centre of pixel (row, col) on a slice."""
        row_spacing, col_spacing = self.pixel_spacing
        origin = self._position_at(slice_index)
        return (
            origin
            + col * col_spacing * self.row_direction
            + row * row_spacing * self.col_direction
        )

    def slice_index_at(self, point: Sequence[float]) -> float:
        """Fractional slice index of a patient point (may lie outside ``0..n-1``)."""
        distance = float(np.asarray(point, dtype=float) @ self.normal)
        d = self.slice_distances
        if self.slice_count == 1:
            return 0.0
        if distance <= d[0]:
            return (distance - d[0]) / (d[1] - d[0]) if d[1] != d[0] else 0.0
        if distance >= d[-1]:
            n = self.slice_count
            return n - 1 + (distance - d[-1]) / (d[-1] - d[-2]) if d[-1] != d[-2] else n - 1.0
        return float(np.interp(distance, d, np.arange(self.slice_count)))

    def patient_to_pixel(self, point: Sequence[float]) -> tuple[float, float, float]:
        """(row, col, slice) of a patient point: the inverse of :meth:`pixel_to_patient`."""
        p = np.asarray(point, dtype=float)
        slice_index = self.slice_index_at(p)
        offset = p - self._position_at(slice_index)
        row_spacing, col_spacing = self.pixel_spacing
        col = float(offset @ self.row_direction) / col_spacing
        row = float(offset @ self.col_direction) / row_spacing
        return row, col, slice_index

    def nearest_slice(self, point: Sequence[float]) -> tuple[int, float]:
        """The slice closest to a patient point and its distance from it along the normal (mm)."""
        distance = float(np.asarray(point, dtype=float) @ self.normal)
        gaps = np.abs(self.slice_distances - distance)
        index = int(np.argmin(gaps))
        return index, float(gaps[index])

    def slice_centre(self, slice_index: int) -> np.ndarray:
        """Patient position of the centre of a slice."""
        return self.pixel_to_patient((self.rows - 1) / 2, (self.columns - 1) / 2, slice_index)

    def contains(self, point: Sequence[float], tolerance_mm: float | None = None) -> bool:
        """True if a point lies within the image area and within half a slice of a slice."""
        row, col, _ = self.patient_to_pixel(point)
        _, gap = self.nearest_slice(point)
        limit = tolerance_mm if tolerance_mm is not None else max(self.slice_spacing / 2, 0.5)
        inside = -0.5 <= row <= self.rows - 0.5 and -0.5 <= col <= self.columns - 0.5
        return inside and gap <= limit + 1e-6


def slice_normal(orientation: Sequence[float]) -> np.ndarray:
    """Unit normal ``cross(row, col)`` of an Image Orientation (Patient)."""
    row = np.asarray(orientation[:3], dtype=float)
    col = np.asarray(orientation[3:6], dtype=float)
    normal = np.cross(row, col)
    length = np.linalg.norm(normal)
    if length == 0:
        raise ValueError("Image Orientation (Patient) has parallel row and column directions")
    return normal / length


def same_orientation(a: Sequence[float], b: Sequence[float], tolerance: float = 1e-3) -> bool:
    """True if two Image Orientation (Patient) values describe the same plane direction."""
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), atol=tolerance))


def plane_of(orientation: Sequence[float] | None) -> str:
    """Name the plane of an orientation: sagittal, coronal, axial, oblique (or unknown)."""
    if orientation is None or len(orientation) != 6:
        return "unknown"
    try:
        normal = np.abs(slice_normal(orientation))
    except ValueError:
        return "unknown"
    axis = int(np.argmax(normal))
    if normal[axis] < NAMED_PLANE_MIN_COSINE:
        return "oblique"
    return ("sagittal", "coronal", "axial")[axis]


def direction_label(vector: Sequence[float], min_share: float = 0.3) -> str:
    """Orientation letters for a patient direction: e.g. ``"A"``, ``"H"``, ``"FA"``.

    Letters are L/R (x), P/A (y), H/F (z), strongest component first; weaker components are
    added when they make up at least ``min_share`` of the vector, as the common viewers do.
    """
    v = np.asarray(vector, dtype=float)
    letters = (("L", "R"), ("P", "A"), ("H", "F"))
    order = np.argsort(-np.abs(v))
    out = ""
    for axis in order:
        if abs(v[axis]) >= min_share * np.abs(v).max() and abs(v[axis]) > 1e-6:
            out += letters[axis][0] if v[axis] > 0 else letters[axis][1]
    return out[:2]


def sort_images(images: Sequence[ImageRef]) -> tuple[list[ImageRef], list[str]]:
    """Sort the images of one series along the slice normal; return them with warnings.

    Falls back to instance number (with a warning) when any position or orientation is
    missing. Reports duplicate positions and uneven slice spacing, never raises.
    """
    images = list(images)
    warnings: list[str] = []
    if len(images) < 2:
        return images, warnings
    if any(im.position is None or im.orientation is None for im in images):
        warnings.append(
            "Image Position/Orientation (Patient) missing: slices sorted by instance number, "
            "so linked scrolling and annotations cannot use patient position"
        )
        return sorted(images, key=_instance_key), warnings
    normal = slice_normal(images[0].orientation)  # type: ignore[arg-type]
    distances = {id(im): float(np.dot(im.position, normal)) for im in images}  # type: ignore[arg-type]
    ordered = sorted(images, key=lambda im: (distances[id(im)], _instance_key(im)))
    warnings.extend(spacing_warnings([distances[id(im)] for im in ordered]))
    return ordered, warnings


def spacing_warnings(distances: Sequence[float]) -> list[str]:
    """Warnings for duplicate positions and uneven spacing in sorted slice distances (mm)."""
    if len(distances) < 2:
        return []
    gaps = np.diff(np.asarray(distances, dtype=float))
    warnings = []
    duplicates = int(np.sum(gaps < SAME_POSITION_MM))
    if duplicates:
        warnings.append(f"{duplicates} slice(s) share a position with another slice")
    real_gaps = gaps[gaps >= SAME_POSITION_MM]
    if real_gaps.size >= 2:
        median = float(np.median(real_gaps))
        tolerance = SPACING_TOLERANCE_MM + SPACING_TOLERANCE_RELATIVE * median
        worst = float(np.max(np.abs(real_gaps - median)))
        if worst > tolerance:
            warnings.append(
                f"uneven slice spacing: gaps from {real_gaps.min():.2f} to "
                f"{real_gaps.max():.2f} mm (median {median:.2f} mm)"
            )
    return warnings


def build_geometry(images: Sequence[ImageRef]) -> SeriesGeometry | None:
    """The geometry of sorted images, or ``None`` when positions or orientation are missing."""
    if not images or any(im.position is None or im.orientation is None for im in images):
        return None
    first = images[0]
    orientation = np.asarray(first.orientation, dtype=float)
    row_direction = orientation[:3] / np.linalg.norm(orientation[:3])
    col_direction = orientation[3:] / np.linalg.norm(orientation[3:])
    spacing_known = first.pixel_spacing is not None and all(v > 0 for v in first.pixel_spacing)
    spacing = first.pixel_spacing if spacing_known else (1.0, 1.0)
    return SeriesGeometry(
        row_direction=row_direction,
        col_direction=col_direction,
        normal=slice_normal(orientation),
        pixel_spacing=(float(spacing[0]), float(spacing[1])),  # type: ignore[index]
        positions=np.array([im.position for im in images], dtype=float),
        rows=first.rows,
        columns=first.columns,
        spacing_known=spacing_known,
    )


def _instance_key(image: ImageRef) -> tuple[int, str]:
    number = image.instance_number if image.instance_number is not None else 1 << 30
    return number, image.sop_instance_uid
