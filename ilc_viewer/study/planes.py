"""One image's plane in the patient, and where two image planes meet (reference lines).

An :class:`ImagePlane` is what DICOM's Image Plane module says about one image (PS3.3
C.7.6.2): the position of the centre of the first pixel, the row and column directions and the
pixel spacing. Pixel coordinates are ``(row, col)`` as in ``image[row, col]``; the picture
covers ``-0.5 .. rows - 0.5`` by ``-0.5 .. columns - 0.5`` (pixel edges).

:func:`reference_line` is the line where another image's plane cuts this image, as Weasis and
Cornerstone3D's ``ReferenceLines`` tool draw it: computed in patient space from the two planes,
then clipped to this image's rectangle (and, by default, to the other image's rectangle, so
the line is only as long as the other picture is wide). Near-parallel planes have no useful
line and give ``None``; frames of reference are checked by the caller (a plane knows none).

Also here: naming a plane (sagittal, coronal, axial, oblique) and a direction ("A", "FA").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Planes closer to parallel than this (degrees) get no reference line: the line would jump
#: wildly for a tiny tilt, and parallel images are linked by position instead.
MIN_REFERENCE_ANGLE_DEG = 15.0

#: A plane is named (sagittal, coronal, axial) when its normal is within ~37 degrees of an axis.
NAMED_PLANE_MIN_COSINE = 0.8

#: A reference line: its two ends as (row, col) pixel coordinates of the image it is drawn on.
ReferenceLine = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True, eq=False)
class ImagePlane:
    """Where one image lies in the patient (LPS, mm)."""

    origin: np.ndarray  # Image Position: centre of the first pixel
    row_direction: np.ndarray  # unit vector along a row: the way `col` grows
    col_direction: np.ndarray  # unit vector down a column: the way `row` grows
    pixel_spacing: tuple[float, float]  # (between rows, between columns), mm
    rows: int
    columns: int

    @property
    def normal(self) -> np.ndarray:
        """Unit normal ``cross(row_direction, col_direction)``."""
        n = np.cross(self.row_direction, self.col_direction)
        return n / np.linalg.norm(n)

    @property
    def centre(self) -> np.ndarray:
        """Patient position of the centre of the image."""
        return self.pixel_to_patient((self.rows - 1) / 2, (self.columns - 1) / 2)

    def pixel_to_patient(self, row: float, col: float) -> np.ndarray:
        """Patient position (mm) of pixel position (row, col) (PS3.3 C.7.6.2.1.1)."""
        rs, cs = self.pixel_spacing
        return self.origin + col * cs * self.row_direction + row * rs * self.col_direction

    def patient_to_pixel(self, point: Sequence[float]) -> tuple[float, float, float]:
        """(row, col) of a point projected onto the plane, and its signed distance (mm)."""
        offset = np.asarray(point, dtype=float) - self.origin
        rs, cs = self.pixel_spacing
        return (float(offset @ self.col_direction) / rs, float(offset @ self.row_direction) / cs,
                float(offset @ self.normal))

    def signed_distance(self, point: Sequence[float]) -> float:
        """Distance (mm) of a point from the plane, positive on the side the normal points to."""
        return float((np.asarray(point, dtype=float) - self.origin) @ self.normal)

    def covers(self, row: float, col: float, margin: float = 0.0) -> bool:
        """True if pixel position (row, col) lies on the picture (edges included)."""
        return (-0.5 - margin <= row <= self.rows - 0.5 + margin
                and -0.5 - margin <= col <= self.columns - 0.5 + margin)

    def corners(self) -> np.ndarray:
        """Patient positions of the picture's four outer corners, (4, 3), in drawing order."""
        r1, c1 = self.rows - 0.5, self.columns - 0.5
        return np.array([self.pixel_to_patient(r, c)
                         for r, c in ((-0.5, -0.5), (-0.5, c1), (r1, c1), (r1, -0.5))])


def slice_normal(orientation: Sequence[float]) -> np.ndarray:
    """Unit normal ``cross(row, col)`` of an Image Orientation (Patient)."""
    row = np.asarray(orientation[:3], dtype=float)
    col = np.asarray(orientation[3:6], dtype=float)
    normal = np.cross(row, col)
    length = np.linalg.norm(normal)
    if length == 0:
        raise ValueError("Image Orientation (Patient) has parallel row and column directions")
    return normal / length


def plane_of_normal(normal: Sequence[float]) -> str:
    """Name the plane a normal looks along: sagittal, coronal, axial or oblique."""
    n = np.abs(np.asarray(normal, dtype=float))
    length = float(np.linalg.norm(n))
    if length == 0:
        return "unknown"
    n = n / length
    axis = int(np.argmax(n))
    if n[axis] < NAMED_PLANE_MIN_COSINE:
        return "oblique"
    return ("sagittal", "coronal", "axial")[axis]


def plane_of(orientation: Sequence[float] | None) -> str:
    """Name the plane of an orientation: sagittal, coronal, axial, oblique (or unknown)."""
    if orientation is None or len(orientation) != 6:
        return "unknown"
    try:
        return plane_of_normal(slice_normal(orientation))
    except ValueError:
        return "unknown"


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


def angle_between(a: ImagePlane, b: ImagePlane) -> float:
    """Angle between two planes in degrees, 0 (parallel) to 90 (perpendicular)."""
    cosine = abs(float(a.normal @ b.normal))
    return math.degrees(math.acos(min(1.0, cosine)))


def reference_line(target: ImagePlane, other: ImagePlane, *,
                   min_angle_deg: float = MIN_REFERENCE_ANGLE_DEG,
                   clip_to_other: bool = True) -> ReferenceLine | None:
    """Where ``other``'s plane cuts ``target``, in ``target``'s (row, col) pixel coordinates.

    The segment is clipped to the target picture and, with ``clip_to_other``, to the part of
    the line that lies on the other picture too. ``None`` when the planes are within
    ``min_angle_deg`` of parallel or the line misses a picture.
    """
    if angle_between(target, other) < min_angle_deg:
        return None
    n1, n2 = target.normal, other.normal
    direction = np.cross(n1, n2)
    direction /= np.linalg.norm(direction)
    # The point of the line nearest the patient origin: solves n1.x = h1, n2.x = h2, d.x = 0.
    h1, h2 = float(n1 @ target.origin), float(n2 @ other.origin)
    start = np.linalg.solve(np.array([n1, n2, direction]), np.array([h1, h2, 0.0]))
    interval = _clip(target, start, direction, (-math.inf, math.inf))
    if interval is not None and clip_to_other:
        interval = _clip(other, start, direction, interval)
    if interval is None:
        return None
    ends = []
    for t in interval:
        row, col, _ = target.patient_to_pixel(start + t * direction)
        ends.append((row, col))
    return ends[0], ends[1]


def _clip(plane: ImagePlane, start: np.ndarray, direction: np.ndarray,
          interval: tuple[float, float]) -> tuple[float, float] | None:
    """The part ``[t0, t1]`` of the line ``start + t * direction`` over the plane's picture.

    Liang-Barsky clipping of the line (as a function of t, in the plane's pixel coordinates)
    against the picture's rectangle; ``None`` when nothing of it is left.
    """
    r0, c0, _ = plane.patient_to_pixel(start)
    rs, cs = plane.pixel_spacing
    dr = float(direction @ plane.col_direction) / rs
    dc = float(direction @ plane.row_direction) / cs
    low, high = interval
    for p, q_low, q_high in ((dr, r0 + 0.5, plane.rows - 0.5 - r0),
                             (dc, c0 + 0.5, plane.columns - 0.5 - c0)):
        # keep t with  -q_low <= p * t <= q_high
        if abs(p) < 1e-12:
            if q_low < 0 or q_high < 0:
                return None
            continue
        a, b = -q_low / p, q_high / p
        low, high = max(low, min(a, b)), min(high, max(a, b))
    if not high > low:
        return None
    return low, high
