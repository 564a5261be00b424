"""Slice geometry: planes, sorting along the normal, spacing warnings, pixel <-> patient."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ilc_viewer.study.geometry import (
    build_geometry,
    direction_label,
    plane_of,
    same_orientation,
    slice_normal,
    sort_images,
    spacing_warnings,
)
from ilc_viewer.study.model import ImageRef, ImageSource, Series

SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)  # rows run to the back, columns to the feet
AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
CORONAL = (1.0, 0.0, 0.0, 0.0, 0.0, -1.0)


def oblique(angle_deg: float) -> tuple[float, ...]:
    """A sagittal plane tilted about the left-right axis (as for discs), by ``angle_deg``."""
    a = math.radians(angle_deg)
    row = (0.0, math.cos(a), math.sin(a))
    col = (0.0, math.sin(a), -math.cos(a))
    return (*row, *col)


def stack(orientation: tuple[float, ...], n: int, spacing: float = 4.0,
          origin: tuple[float, float, float] = (-30.0, -100.0, 120.0),
          pixel_spacing: tuple[float, float] | None = (0.5, 0.8), rows: int = 200,
          columns: int = 300) -> list[ImageRef]:
    """``n`` images stepping ``spacing`` mm along the orientation's normal."""
    normal = slice_normal(orientation)
    return [
        ImageRef(source=ImageSource(path=f"/cd/{k}.dcm"), sop_instance_uid=f"1.2.{k}",  # type: ignore[arg-type]
                 rows=rows, columns=columns, instance_number=k + 1,
                 position=tuple(float(v) for v in np.asarray(origin) + k * spacing * normal),  # type: ignore[arg-type]
                 orientation=orientation, pixel_spacing=pixel_spacing)
        for k in range(n)
    ]


@pytest.mark.parametrize(("orientation", "plane"), [
    (SAGITTAL, "sagittal"), (AXIAL, "axial"), (CORONAL, "coronal"),
    (oblique(20), "sagittal"), (oblique(-30), "sagittal"),
    ((0.0, 1.0, 0.0, 0.7071, 0.0, -0.7071), "oblique"),  # normal halfway between x and z
    (None, "unknown"), ((1.0, 0.0, 0.0), "unknown"), ((1.0, 0.0, 0.0, 1.0, 0.0, 0.0), "unknown"),
])
def test_plane_of(orientation, plane: str) -> None:
    assert plane_of(orientation) == plane


def test_slice_normal_is_row_cross_column() -> None:
    np.testing.assert_allclose(slice_normal(AXIAL), [0, 0, 1])
    np.testing.assert_allclose(slice_normal(SAGITTAL), [-1, 0, 0])
    with pytest.raises(ValueError):
        slice_normal((1, 0, 0, 2, 0, 0))
    assert same_orientation(AXIAL, (1.0, 0.0, 0.0, 0.0, 1.0, 0.0001))
    assert not same_orientation(AXIAL, CORONAL)


def test_sort_follows_the_normal_not_instance_number_or_z() -> None:
    images = stack(oblique(25), 9)
    # Scanners number slices in acquisition order (interleaved) and some count backwards.
    for image, number in zip(images, [5, 1, 9, 3, 7, 2, 8, 4, 6], strict=True):
        image.instance_number = number
    shuffled = [images[i] for i in (4, 0, 8, 2, 6, 1, 7, 3, 5)]
    ordered, warnings = sort_images(shuffled)
    assert [im.sop_instance_uid for im in ordered] == [im.sop_instance_uid for im in images]
    assert warnings == []


def test_sort_falls_back_to_instance_number_with_a_warning() -> None:
    images = stack(AXIAL, 4)
    images[2].position = None
    for image, number in zip(images, [3, 1, 4, 2], strict=True):
        image.instance_number = number
    ordered, warnings = sort_images(list(reversed(images)))
    assert [im.instance_number for im in ordered] == [1, 2, 3, 4]
    assert len(warnings) == 1 and "instance number" in warnings[0]
    assert build_geometry(ordered) is None


def test_duplicate_and_uneven_spacing_are_reported() -> None:
    images = stack(AXIAL, 6)
    images[3].position = images[2].position  # a duplicate
    _, warnings = sort_images(images)
    assert any("share a position" in w for w in warnings)
    gaps = [0.0, 4.0, 8.0, 12.0, 20.0, 24.0]  # one slice missing
    warnings = spacing_warnings(gaps)
    assert len(warnings) == 1 and "uneven" in warnings[0] and "8.00" in warnings[0]
    assert spacing_warnings([0.0, 4.0, 8.0001, 12.0]) == []
    assert spacing_warnings([1.0]) == []


def dicom_formula(image: ImageRef, row: float, col: float) -> np.ndarray:
    """PS3.3 C.7.6.2.1.1 written out: P = S + X * dc * col + Y * dr * row."""
    s = np.asarray(image.position)
    x, y = np.asarray(image.orientation[:3]), np.asarray(image.orientation[3:])  # type: ignore[index]
    dr, dc = image.pixel_spacing  # type: ignore[misc]
    return s + x * dc * col + y * dr * row


@pytest.mark.parametrize("orientation", [SAGITTAL, AXIAL, CORONAL, oblique(17)])
def test_pixel_to_patient_matches_the_dicom_formula(orientation) -> None:
    images = stack(orientation, 5)
    geometry = build_geometry(images)
    assert geometry is not None
    for k, row, col in [(0, 0, 0), (2, 10, 250), (4, 199, 3), (3, 17.5, 0.25)]:
        np.testing.assert_allclose(geometry.pixel_to_patient(row, col, k),
                                   dicom_formula(images[k], row, col), atol=1e-9)


def test_sagittal_screen_directions() -> None:
    # Standard sagittal: moving right on the screen goes to the patient's back, down goes to
    # the feet; rows are 0.5 mm apart and columns 0.8 mm (non-square catches a swap).
    geometry = build_geometry(stack(SAGITTAL, 3))
    assert geometry is not None
    step_right = geometry.pixel_to_patient(0, 1, 0) - geometry.pixel_to_patient(0, 0, 0)
    step_down = geometry.pixel_to_patient(1, 0, 0) - geometry.pixel_to_patient(0, 0, 0)
    np.testing.assert_allclose(step_right, [0, 0.8, 0])
    np.testing.assert_allclose(step_down, [0, 0, -0.5])
    assert direction_label(step_right) == "P" and direction_label(step_down) == "F"


@pytest.mark.parametrize("orientation", [SAGITTAL, oblique(-22)])
def test_patient_to_pixel_inverts_pixel_to_patient(orientation) -> None:
    geometry = build_geometry(stack(orientation, 7, spacing=3.3))
    assert geometry is not None
    for row, col, k in [(0, 0, 0), (12.25, 99.5, 2.5), (199, 299, 6), (50, 60, -1.5),
                        (50, 60, 8.25)]:  # the last two lie outside the stack
        point = geometry.pixel_to_patient(row, col, k)
        np.testing.assert_allclose(geometry.patient_to_pixel(point), (row, col, k), atol=1e-9)


def test_slice_lookup_and_containment() -> None:
    geometry = build_geometry(stack(AXIAL, 5, spacing=4.0))
    assert geometry is not None
    assert geometry.slice_count == 5 and geometry.slice_spacing == pytest.approx(4.0)
    centre = geometry.slice_centre(2)
    assert geometry.nearest_slice(centre) == (2, pytest.approx(0.0))
    nudged = centre + np.array([0.0, 0.0, 1.5])
    index, gap = geometry.nearest_slice(nudged)
    assert index == 2 and gap == pytest.approx(1.5)
    assert geometry.contains(nudged)
    assert not geometry.contains(centre + np.array([0.0, 0.0, 30.0]))  # beyond the stack
    assert not geometry.contains(geometry.pixel_to_patient(-3, 10, 2))  # above the image
    assert geometry.contains(geometry.pixel_to_patient(199.4, 299.4, 4))


def test_missing_pixel_spacing_is_flagged() -> None:
    geometry = build_geometry(stack(AXIAL, 2, pixel_spacing=None))
    assert geometry is not None
    assert not geometry.spacing_known and geometry.pixel_spacing == (1.0, 1.0)
    assert build_geometry(stack(AXIAL, 2)).spacing_known  # type: ignore[union-attr]


def test_single_slice_geometry() -> None:
    geometry = build_geometry(stack(SAGITTAL, 1))
    assert geometry is not None
    assert geometry.slice_spacing == 0.0
    point = geometry.pixel_to_patient(10, 20, 0)
    np.testing.assert_allclose(geometry.patient_to_pixel(point), (10, 20, 0), atol=1e-9)
    assert build_geometry([]) is None


@pytest.mark.parametrize(("vector", "label"), [
    ((1, 0, 0), "L"), ((-1, 0, 0), "R"), ((0, 1, 0), "P"), ((0, -1, 0), "A"),
    ((0, 0, 1), "H"), ((0, 0, -1), "F"), ((0, -0.5, -0.866), "FA"), ((0.9, 0.1, 0), "L"),
    ((0, 0, 0), ""),
])
def test_direction_label(vector, label: str) -> None:
    assert direction_label(vector) == label


def test_geometries_compare_by_value() -> None:
    # Regression: the generated __eq__ compared numpy arrays and raised ValueError, which made
    # `series_a == series_b` (and `series in list`) crash for two loads of the same study.
    first, again = build_geometry(stack(AXIAL, 3)), build_geometry(stack(AXIAL, 3))
    moved = build_geometry(stack(AXIAL, 3, origin=(0.0, 0.0, 0.0)))
    assert first is not None and again is not None and moved is not None
    assert first == again and hash(first) == hash(again)
    assert first != moved
    assert len({first, again, moved}) == 2
    a = Series(key="k", series_uid="k", study_uid="s", modality="MR", geometry=first)
    b = Series(key="k", series_uid="k", study_uid="s", modality="MR", geometry=again)
    assert a == b and a in [b]
