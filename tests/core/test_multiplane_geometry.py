"""Geometry of angled axial blocks: own plane per image, nearest image, reference lines.

Every expectation is computed here a second, independent way: the DICOM formula written out,
brute-force sampling of pixel centres, and the line-plane intersection of picture edges.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ilc_viewer.study.geometry import (
    SeriesGeometry,
    build_geometry,
    series_nearest_image,
    series_reference_line,
    series_reference_lines,
    sort_images,
)
from ilc_viewer.study.model import ImageRef, Series
from ilc_viewer.study.planes import angle_between
from tests.core.lumbar_protocol import DISCS, VERTEBRAE, _sagittal_images, axial_images, shuffled


def dicom_point(image: ImageRef, row: float, col: float) -> np.ndarray:
    """PS3.3 C.7.6.2.1.1 written out: P = S + X * dc * col + Y * dr * row."""
    s = np.asarray(image.position)
    x, y = np.asarray(image.orientation[:3]), np.asarray(image.orientation[3:])  # type: ignore[index]
    dr, dc = image.pixel_spacing  # type: ignore[misc]
    return s + x * dc * col + y * dr * row


def plane_distance(image: ImageRef, point: np.ndarray) -> float:
    """Unsigned distance of a point from an image's plane, from first principles."""
    x, y = np.asarray(image.orientation[:3]), np.asarray(image.orientation[3:])  # type: ignore[index]
    n = np.cross(x, y)
    return abs(float((point - np.asarray(image.position)) @ n / np.linalg.norm(n)))


def on_picture(image: ImageRef, point: np.ndarray) -> bool:
    x, y = np.asarray(image.orientation[:3]), np.asarray(image.orientation[3:])  # type: ignore[index]
    dr, dc = image.pixel_spacing  # type: ignore[misc]
    offset = point - np.asarray(image.position)
    row, col = offset @ y / dr, offset @ x / dc
    return -0.5 <= row <= image.rows - 0.5 and -0.5 <= col <= image.columns - 0.5


@pytest.fixture(scope="module")
def axial() -> tuple[list[ImageRef], SeriesGeometry]:
    ordered, warnings = sort_images(shuffled(axial_images().images, seed=3))
    assert warnings == []
    geometry = build_geometry(ordered)
    assert geometry is not None
    return ordered, geometry


@pytest.fixture(scope="module")
def sagittal() -> tuple[list[ImageRef], SeriesGeometry]:
    ordered, _ = sort_images(_sagittal_images(11))
    geometry = build_geometry(ordered)
    assert geometry is not None
    return ordered, geometry


def test_every_image_uses_its_own_plane(axial) -> None:
    images, geometry = axial
    assert geometry.is_multi_plane and geometry.block_count == 4
    blocks = [geometry.block_of(k) for k in range(len(images))]
    assert blocks == [0] * 3 + [1] * 4 + [2] * 3 + [3] * 4
    for k, image in enumerate(images):
        for row, col in [(0, 0), (47, 39), (12.5, 30.25)]:
            np.testing.assert_allclose(geometry.pixel_to_patient(row, col, k),
                                       dicom_point(image, row, col), atol=1e-9)
            point = dicom_point(image, row, col)
            got_row, got_col, index = geometry.patient_to_pixel(point, k)
            assert (got_row, got_col) == (pytest.approx(row), pytest.approx(col))
            assert index == pytest.approx(k)
            assert geometry.patient_to_pixel(point)[:2] == (pytest.approx(row),
                                                            pytest.approx(col))
        assert geometry.nearest_slice(geometry.slice_centre(k)) == (k, pytest.approx(0.0))


def test_spacing_is_the_step_inside_blocks_and_positions_grow_head_to_foot(axial) -> None:
    images, geometry = axial
    assert geometry.slice_spacing == pytest.approx(4.0)
    distances = geometry.slice_distances
    assert np.all(np.diff(distances) > 0)
    np.testing.assert_allclose(distances, [geometry.slice_centre(k) @ geometry.normal
                                           for k in range(len(images))])
    assert geometry.normal[2] < -0.9  # the series axis runs to the feet


def brute_force_nearest(images: list[ImageRef], point: np.ndarray) -> tuple[int, float]:
    candidates = [k for k, im in enumerate(images) if on_picture(im, point)] or list(
        range(len(images)))
    k = min(candidates, key=lambda i: plane_distance(images[i], point))
    return k, plane_distance(images[k], point)


@pytest.mark.parametrize("where", ["L2/3", "L3/4", "L4/5", "L5/S1", "L3", "L4", "L5"])
def test_nearest_image_to_a_point_matches_brute_force(axial, where: str) -> None:
    images, geometry = axial
    y, z = DISCS[where][0] if "/" in where else VERTEBRAE[where]
    point = np.array([3.0, y + 5.0, z])
    nearest = geometry.nearest_image(point)
    index, distance = brute_force_nearest(images, point)
    assert nearest.index == index and nearest.inside
    assert nearest.distance_mm == pytest.approx(distance, abs=1e-9)
    if "/" in where:  # on a disc the plane passes right through it
        assert distance < 2.5
    else:  # a vertebral body lies between blocks: say how far the nearest image is
        assert distance > 5.0


def test_points_off_every_picture_still_find_the_nearest_plane(axial) -> None:
    images, geometry = axial
    point = np.array([400.0, 0.0, -50.0])  # far to the patient's left of every picture
    nearest = geometry.nearest_image(point)
    assert not nearest.inside
    distances = [plane_distance(im, point) for im in images]
    assert nearest.distance_mm == pytest.approx(min(distances))
    assert not geometry.contains(point)


def test_contains_uses_the_nearest_images_plane(axial) -> None:
    _, geometry = axial
    k = 5
    centre = geometry.slice_centre(k)
    normal = geometry.image_normal(k)
    assert geometry.contains(centre + 1.5 * normal)
    assert not geometry.contains(centre + 12.0 * geometry.plane(k).row_direction * 100)


def edge_crossings(target: ImageRef, other: ImageRef) -> list[tuple[float, float]]:
    """Where the four picture edges of ``target`` cross ``other``'s plane, as (row, col)."""
    x, y = np.asarray(other.orientation[:3]), np.asarray(other.orientation[3:])  # type: ignore[index]
    n = np.cross(x, y)
    h = float(n @ np.asarray(other.position))
    r1, c1 = target.rows - 0.5, target.columns - 0.5
    corners = [(-0.5, -0.5), (-0.5, c1), (r1, c1), (r1, -0.5)]
    out = []
    for (ra, ca), (rb, cb) in zip(corners, corners[1:] + corners[:1], strict=True):
        a, b = dicom_point(target, ra, ca), dicom_point(target, rb, cb)
        da, db = float(n @ a) - h, float(n @ b) - h
        if da * db <= 0 and da != db:
            t = da / (da - db)
            out.append((ra + t * (rb - ra), ca + t * (cb - ca)))
    return out


def same_segment(got, expected, tolerance: float) -> bool:
    a, b = (np.asarray(p) for p in got)
    c, d = (np.asarray(p) for p in expected)
    forward = max(np.abs(a - c).max(), np.abs(b - d).max())
    backward = max(np.abs(a - d).max(), np.abs(b - c).max())
    return min(forward, backward) <= tolerance


def test_axial_lines_on_the_sagittal_match_the_edge_plane_intersections(axial, sagittal) -> None:
    axials, ax = axial
    sagittals, sag = sagittal
    middle = len(sagittals) // 2
    for k, image in enumerate(axials):
        # unclipped by the axial picture: the line crosses the whole sagittal picture
        line = sag.reference_line(middle, ax, k, clip_to_other=False)
        assert line is not None
        assert same_segment(line, edge_crossings(sagittals[middle], image), 1e-6)


def test_axial_lines_on_the_sagittal_match_brute_force_sampling(axial, sagittal) -> None:
    axials, ax = axial
    sagittals, sag = sagittal
    target = sagittals[4]
    step = 1 / 20  # sample the sagittal picture every 1/20 pixel (0.47 mm)
    rows, cols = np.mgrid[-0.5:target.rows - 0.5:step, -0.5:target.columns - 0.5:step]
    x, y = np.asarray(target.orientation[:3]), np.asarray(target.orientation[3:])  # type: ignore[index]
    dr, dc = target.pixel_spacing  # type: ignore[misc]
    points = (np.asarray(target.position) + cols[..., None] * dc * x
              + rows[..., None] * dr * y)
    for k in (0, 5, 9, 13):
        other = axials[k]
        ox, oy = np.asarray(other.orientation[:3]), np.asarray(other.orientation[3:])  # type: ignore[index]
        n = np.cross(ox, oy)
        offset = points - np.asarray(other.position)
        odr, odc = other.pixel_spacing  # type: ignore[misc]
        orow, ocol = offset @ oy / odr, offset @ ox / odc
        hit = ((np.abs(offset @ n) < 0.3) & (orow >= -0.5) & (orow <= other.rows - 0.5)
               & (ocol >= -0.5) & (ocol <= other.columns - 0.5))
        hits = np.stack([rows[hit], cols[hit]], axis=1)
        assert len(hits) > 50
        line = sag.reference_line(4, ax, k)
        assert line is not None
        (r0, c0), (r1, c1) = line
        direction = np.array([r1 - r0, c1 - c0])
        length = float(np.linalg.norm(direction))
        unit = direction / length
        rel = hits - np.array([r0, c0])
        along = rel @ unit
        across = np.abs(rel[:, 0] * unit[1] - rel[:, 1] * unit[0])
        # every sampled point on the axial plane (and picture) lies on the segment ...
        assert across.max() < 0.05 and along.min() > -0.1 and along.max() < length + 0.1
        # ... and the segment reaches the last such points at both ends
        assert along.min() < 0.1 and along.max() > length - 0.1


def test_sagittal_line_on_an_axial_image_runs_front_to_back(axial, sagittal) -> None:
    axials, ax = axial
    sagittals, sag = sagittal
    line = ax.reference_line(8, sag, 5, clip_to_other=False)
    assert line is not None
    assert same_segment(line, edge_crossings(axials[8], sagittals[5]), 1e-6)
    (_, c0), (_, c1) = line
    assert abs(c1 - c0) < 1e-6  # x = 0 is one column of the axial picture


def test_no_line_between_near_parallel_planes_or_other_frames(axial, sagittal) -> None:
    _, ax = axial
    _, sag = sagittal
    # L2/3 (3.5 deg) and L3/4 (9.5 deg) blocks: 6 degrees apart
    assert ax.reference_line(0, ax, 4) is None
    # L2/3 and L5/S1 are 24 degrees apart, but their planes meet far behind both pictures
    assert angle_between(ax.plane(0), ax.plane(12)) == pytest.approx(24.0)
    assert ax.reference_line(0, ax, 12) is None
    assert sag.reference_line(5, sag, 6) is None
    a = Series(key="a", series_uid="a", study_uid="s", modality="MR", geometry=sag,
               frame_of_reference_uid="1.2.3")
    b = Series(key="b", series_uid="b", study_uid="s", modality="MR", geometry=ax,
               frame_of_reference_uid="1.2.3")
    other_frame = Series(key="c", series_uid="c", study_uid="s", modality="MR", geometry=ax,
                         frame_of_reference_uid="9.9.9")
    assert series_reference_line(a, 5, b, 7) is not None
    assert series_reference_line(a, 5, other_frame, 7) is None


def test_a_line_that_misses_the_picture_is_none(axial, sagittal) -> None:
    _, ax = axial
    sagittals, _ = sagittal
    far = sagittals[0]
    assert far.position[0] == pytest.approx(20.0)
    moved = build_geometry([
        ImageRef(source=far.source, sop_instance_uid="far", rows=far.rows, columns=far.columns,
                 position=(500.0, *far.position[1:]), orientation=far.orientation,  # type: ignore[arg-type]
                 pixel_spacing=far.pixel_spacing)])
    assert moved is not None
    assert ax.reference_line(3, moved, 0) is None  # the sagittal plane x = 500 misses it


def test_single_block_geometry_is_unchanged_by_blocks() -> None:
    images = _sagittal_images(5)
    geometry = build_geometry(sort_images(images)[0])
    assert geometry is not None
    assert not geometry.is_multi_plane and geometry.block_count == 1
    assert geometry.blocks == (range(5),)
    assert math.isclose(geometry.slice_spacing, 4.0)


def test_all_axial_lines_on_a_sagittal_image_grouped_by_block(axial, sagittal) -> None:
    axials, ax = axial
    sagittals, sag = sagittal
    a = Series(key="a", series_uid="a", study_uid="s", modality="MR", images=sagittals,
               geometry=sag, frame_of_reference_uid="1.2.3")
    b = Series(key="b", series_uid="b", study_uid="s", modality="MR", images=axials,
               geometry=ax, frame_of_reference_uid="1.2.3")
    lines = series_reference_lines(a, 5, b)
    assert [k for k, _, _ in lines] == list(range(14))
    assert [block for _, block, _ in lines] == [0] * 3 + [1] * 4 + [2] * 3 + [3] * 4
    other = Series(key="c", series_uid="c", study_uid="s", modality="MR", images=axials,
                   geometry=ax, frame_of_reference_uid="9.9")
    assert series_reference_lines(a, 5, other) == []
    # clicking on the sagittal at the L4/5 disc brings the axial pane to that block
    y, z = DISCS["L4/5"][0]
    nearest = series_nearest_image(b, (0.0, y, z), "1.2.3")
    assert nearest is not None and b.block_of(nearest.index) == 2
    assert nearest.distance_mm < 2.5
    assert series_nearest_image(b, (0.0, y, z), "9.9") is None
