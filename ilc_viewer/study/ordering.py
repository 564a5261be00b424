"""Put the images of one series in order along the body, in blocks of parallel images.

A lumbar axial series is usually acquired in *blocks* of 3-4 parallel images, each block
angled along one disc; the blocks differ in angle and leave gaps between them. Such a series
stays one series here (RadiAnt and Horos keep it whole; Weasis splitting it is its issue
#442). Each image keeps its own plane; the images are ordered as follows:

1. images with the same Image Orientation (Patient) form a group; when a series has several
   orientations, a group is cut into blocks where its gaps are much wider than its slice step;
2. the **series axis** is the mean of the groups' normals; for a series looking along the
   body (axial) it points from head to foot, so the first image is the highest;
3. blocks are ordered by where their centres lie along that axis, and images inside a block
   by their position along the block's own normal (as 3D Slicer's ``getSortedImageFiles`` does
   for one stack: distance of each Image Position along ``cross(row, col)``).

Uneven spacing *inside* a block is a warning; gaps between angled blocks are normal and are
not. A series with a single orientation keeps one block, so a missing slice still shows as
uneven spacing.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from ilc_viewer.study.model import ImageRef
from ilc_viewer.study.planes import slice_normal
from ilc_viewer.words.catalogue import _

#: Two slices closer than this along the normal are at the same position (mm).
SAME_POSITION_MM = 1e-3
#: Spacing may differ from the median by this much before we call it uneven (mm, relative).
SPACING_TOLERANCE_MM = 0.01
SPACING_TOLERANCE_RELATIVE = 0.01
#: Direction cosines closer than this belong to one orientation.
ORIENTATION_TOLERANCE = 1e-3
#: In a series of several orientations, a gap this many times the smallest step of a group
#: of parallel images starts a new block.
BLOCK_GAP_FACTOR = 2.5


def same_orientation(a: Sequence[float], b: Sequence[float],
                     tolerance: float = ORIENTATION_TOLERANCE) -> bool:
    """True if two Image Orientation (Patient) values describe the same plane direction."""
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def image_centre(image: ImageRef) -> np.ndarray:
    """Patient position of the centre of an image (its position, orientation and spacing)."""
    orientation = np.asarray(image.orientation, dtype=float)
    row, col = orientation[:3], orientation[3:]
    spacing = image.pixel_spacing if image.pixel_spacing and min(image.pixel_spacing) > 0 else (
        1.0, 1.0)
    return (np.asarray(image.position, dtype=float)
            + (image.columns - 1) / 2 * spacing[1] * row
            + (image.rows - 1) / 2 * spacing[0] * col)


def series_axis(normals: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """The main axis of a series from its groups' normals (largest group first).

    Normals are turned to agree with the first before they are averaged. An axis that runs
    mostly head-foot points to the feet; any other keeps the first normal's sense.
    """
    reference = np.asarray(normals[0], dtype=float)
    total = np.zeros(3)
    for normal, weight in zip(normals, weights, strict=True):
        n = np.asarray(normal, dtype=float)
        total += weight * (n if n @ reference >= 0 else -n)
    axis = total / np.linalg.norm(total)
    if int(np.argmax(np.abs(axis))) == 2 and axis[2] > 0:
        axis = -axis
    return axis


def orientation_groups(images: Sequence[ImageRef]) -> list[list[ImageRef]]:
    """Images grouped by Image Orientation (Patient), largest group first (stable)."""
    groups: list[tuple[tuple[float, ...], list[ImageRef]]] = []
    for image in images:
        for orientation, members in groups:
            if same_orientation(orientation, image.orientation):  # type: ignore[arg-type]
                members.append(image)
                break
        else:
            groups.append((tuple(image.orientation), [image]))  # type: ignore[arg-type]
    return [members for _, members in sorted(groups, key=lambda g: -len(g[1]))]


def split_at_gaps(distances: Sequence[float]) -> list[int]:
    """Indices (into ascending ``distances``) where a new block starts after a wide gap."""
    gaps = np.diff(np.asarray(distances, dtype=float))
    steps = gaps[gaps >= SAME_POSITION_MM]
    if steps.size == 0:
        return []
    unit = float(steps.min())
    return [i + 1 for i, gap in enumerate(gaps) if gap > BLOCK_GAP_FACTOR * unit]


def order_in_blocks(images: Sequence[ImageRef]) -> tuple[list[ImageRef], list[int]]:
    """Images (all with position and orientation) ordered along the body, and block sizes."""
    groups = orientation_groups(images)
    normals = [slice_normal(group[0].orientation) for group in groups]  # type: ignore[arg-type]
    if len(groups) == 1:
        normal = normals[0]
        axis = -normal if int(np.argmax(np.abs(normal))) == 2 and normal[2] > 0 else normal
        ordered = sorted(images, key=lambda im: (float(np.dot(im.position, axis)),  # type: ignore[arg-type]
                                                 _instance_key(im)))
        return ordered, [len(ordered)]
    axis = series_axis(normals, [len(g) for g in groups])
    blocks: list[list[ImageRef]] = []
    for group, normal in zip(groups, normals, strict=True):
        along = normal if normal @ axis >= 0 else -normal
        members = sorted(group, key=lambda im, n=along: (float(np.dot(im.position, n)),
                                                          _instance_key(im)))
        distances = [float(np.dot(im.position, along)) for im in members]  # type: ignore[arg-type]
        starts = [0, *split_at_gaps(distances), len(members)]
        blocks.extend(members[a:b] for a, b in pairwise(starts))

    def where(block: list[ImageRef]) -> tuple[float, tuple[int, str]]:
        centre = float(np.mean([image_centre(im) @ axis for im in block]))
        return centre, min(_instance_key(im) for im in block)

    blocks.sort(key=where)
    return [im for block in blocks for im in block], [len(block) for block in blocks]


def find_blocks(ordered: Sequence[ImageRef]) -> list[range]:
    """The blocks of an ordered series: runs of one orientation, cut at wide gaps when the
    series has several orientations (the same rule :func:`order_in_blocks` uses)."""
    if not ordered:
        return []
    runs: list[range] = []
    start = 0
    for k in range(1, len(ordered) + 1):
        if k == len(ordered) or not same_orientation(ordered[start].orientation,  # type: ignore[arg-type]
                                                     ordered[k].orientation):  # type: ignore[arg-type]
            runs.append(range(start, k))
            start = k
    if len(runs) == 1 and len(orientation_groups(ordered)) == 1:
        return runs
    blocks: list[range] = []
    for run in runs:
        normal = slice_normal(ordered[run.start].orientation)  # type: ignore[arg-type]
        distances = [float(np.dot(ordered[k].position, normal)) for k in run]  # type: ignore[arg-type]
        if len(distances) > 1 and distances[-1] < distances[0]:
            distances = [-d for d in distances]
        cuts = [run.start, *(run.start + i for i in split_at_gaps(distances)), run.stop]
        blocks.extend(range(a, b) for a, b in pairwise(cuts))
    return blocks


def sort_images(images: Sequence[ImageRef]) -> tuple[list[ImageRef], list[str]]:
    """Sort the images of one series along the body (see the module doc); return warnings.

    Falls back to instance number (with a warning) when any position or orientation is
    missing. Reports duplicate positions and uneven spacing inside a block, never raises.
    """
    images = list(images)
    warnings: list[str] = []
    if len(images) < 2:
        return images, warnings
    if any(im.position is None or im.orientation is None for im in images):
        warnings.append(
            _("Image Position/Orientation (Patient) missing: slices sorted by instance "
              "number, so linked scrolling and annotations cannot use patient position")
        )
        return sorted(images, key=_instance_key), warnings
    ordered, _blocks = order_in_blocks(images)
    for block in find_blocks(ordered):
        members = [ordered[k] for k in block]
        normal = slice_normal(members[0].orientation)  # type: ignore[arg-type]
        distances = [float(np.dot(im.position, normal)) for im in members]  # type: ignore[arg-type]
        if len(distances) > 1 and distances[-1] < distances[0]:
            distances = [-d for d in distances]
        for warning in spacing_warnings(distances):
            if warning not in warnings:
                warnings.append(warning)
    return ordered, warnings


def spacing_warnings(distances: Sequence[float]) -> list[str]:
    """Warnings for duplicate positions and uneven spacing in sorted slice distances (mm)."""
    if len(distances) < 2:
        return []
    gaps = np.diff(np.asarray(distances, dtype=float))
    warnings = []
    duplicates = int(np.sum(gaps < SAME_POSITION_MM))
    if duplicates:
        warnings.append(_("{count} slice(s) share a position with another slice",
                          count=duplicates))
    real_gaps = gaps[gaps >= SAME_POSITION_MM]
    if real_gaps.size >= 2:
        median = float(np.median(real_gaps))
        tolerance = SPACING_TOLERANCE_MM + SPACING_TOLERANCE_RELATIVE * median
        worst = float(np.max(np.abs(real_gaps - median)))
        if worst > tolerance:
            warnings.append(
                _("uneven slice spacing: gaps from {least:.2f} to {most:.2f} mm (median "
                  "{median:.2f} mm)", least=float(real_gaps.min()),
                  most=float(real_gaps.max()), median=median)
            )
    return warnings


def _instance_key(image: ImageRef) -> tuple[int, str]:
    number = image.instance_number if image.instance_number is not None else 1 << 30
    return number, image.sop_instance_uid
