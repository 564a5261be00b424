"""Turn the label model into MR images: slice geometry, sub-sampling, signal, coil and noise.

Each pixel is the average of sub-samples (2 x 2 in-plane, 3 through the slice thickness) of
the *signed* signal, so edges get partial volume and fat/water mixtures cancel on STIR the way
they do in a real voxel. The sagittal T1, T2 and STIR share one label grid (same geometry),
so they line up exactly, as series of one frame of reference do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ilc_viewer.samples.anatomy import Anatomy, paint_labels, paint_tilted_labels
from ilc_viewer.samples.mri_physics import (
    Protocol,
    coil_sensitivity,
    rician,
    signal_table,
    supersampled_image,
)
from ilc_viewer.samples.soft_tissue import SKIN, SOFT_BACK_LUMBAR
from ilc_viewer.samples.texture import grid_noise, line_noise
from ilc_viewer.samples.tissues import LABEL, TISSUES

SUB_IN_PLANE = 2
SUB_THROUGH = 3
#: Noise standard deviation in units of pure-water proton density.
NOISE_SIGMA = 0.0024
#: Stored values: the brightest tissue maps to about this (12-bit data, max 4095).
BRIGHTEST = 2600.0
MAX_STORED = 4095
#: Point spread of the read-out (k-space filtering) as a 3-tap kernel applied along rows/columns.
PSF = (0.2, 0.6, 0.2)
#: Tissue texture: a fine field (trabecular mottling of marrow, fibre bundles of muscle) and a
#: slow one (gentle heterogeneity everywhere); (seed, feature size mm).
FINE_TEXTURE = (131, 2.6)
SLOW_TEXTURE = (132, 28.0)
SLOW_AMPLITUDE = 0.03
#: Relative strength of the fine texture per tissue (others: none).
FINE_AMPLITUDE = {"marrow": 0.08, "oedematous_marrow": 0.08, "muscle": 0.05, "liver": 0.03,
                  "fat": 0.02, "bowel": 0.10, "bowel_fat": 0.06}


@dataclass(frozen=True)
class Stack:
    """Geometry of one series: orientation, first-pixel positions, matrix and spacing (mm)."""

    plane: str  # "sagittal" or "axial"
    row_direction: tuple[float, float, float]
    col_direction: tuple[float, float, float]
    positions: tuple[tuple[float, float, float], ...]
    rows: int
    columns: int
    pixel_spacing: float
    thickness: float
    spacing_between: float

    @property
    def orientation(self) -> list[float]:
        """Image Orientation (Patient): row direction then column direction."""
        return [*self.row_direction, *self.col_direction]

    @property
    def normal(self) -> tuple[float, float, float]:
        """Unit normal ``cross(row, col)`` of the stack's images."""
        n = np.cross(self.row_direction, self.col_direction)
        return tuple(float(v) for v in n / np.linalg.norm(n))  # type: ignore[return-value]


def sagittal_stack(anatomy: Anatomy, count: int = 15, matrix: int = 256, fov: float = 300.0,
                   thickness: float = 4.0, gap: float = 0.4) -> Stack:
    """Sagittal slices, front of the patient on the left, head up, from right to left."""
    seg = anatomy.spine.segment("T11")
    z_top = float(seg.to_patient(0, seg.height / 2)[1]) + 14.0
    y0 = -140.0
    spacing = fov / matrix
    step = thickness + gap
    xs = [(k - (count - 1) / 2) * step for k in range(count)]
    positions = tuple((round(x, 4), y0 + spacing / 2, z_top - spacing / 2) for x in xs)
    return Stack("sagittal", (0.0, 1.0, 0.0), (0.0, 0.0, -1.0), positions, matrix, matrix,
                 spacing, thickness, step)


#: The axial blocks of the protocol: (disc, images), top down; 3-4 images per disc, more at
#: the lower discs where most trouble is.
AXIAL_BLOCKS = (("L2-L3", 3), ("L3-L4", 3), ("L4-L5", 4), ("L5-S1", 4))
#: Acquisition order of the blocks (instance numbers follow it): from L5/S1 upward, each
#: block from its lowest image up, as a technologist planning from the sacrum would.
AXIAL_ACQUISITION = (3, 2, 1, 0)


def axial_blocks(anatomy: Anatomy, matrix: int = 256, fov: float = 220.0,
                 thickness: float = 3.5, gap: float = 0.5) -> list[Stack]:
    """Axial blocks of 3-4 images angled along the L2/3 to L5/S1 discs, top down.

    Each block's images are parallel to its disc's mid-plane (the disc's tilt turns the
    image's column direction, and so the view, about the left-right axis) and centred on the
    disc; the picture's centre lies 25 mm behind the disc centre, so the canal is in the
    middle. Images within a block run from head to foot.
    """
    spacing = fov / matrix
    step = thickness + gap
    blocks = []
    for name, count in AXIAL_BLOCKS:
        disc = anatomy.spine.disc(name)
        c, s = math.cos(disc.theta), math.sin(disc.theta)
        row, col, up = np.array([1.0, 0.0, 0.0]), np.array([0.0, c, s]), np.array([0.0, -s, c])
        centre = np.array([0.0, *disc.to_patient(25.0, 0.0)])
        first = centre - (matrix - 1) / 2 * spacing * (row + col)
        positions = tuple(
            tuple(round(float(v), 4) for v in first + ((count - 1) / 2 - j) * step * up)
            for j in range(count))
        blocks.append(Stack("axial", (1.0, 0.0, 0.0), (0.0, round(c, 6), round(s, 6)),
                            positions, matrix, matrix, spacing, thickness, step))
    return blocks


def _sub_offsets(n: int, size: float) -> np.ndarray:
    """Centres of ``n`` equal parts of an interval of ``size`` around 0."""
    return (np.arange(n) - (n - 1) / 2) * size / n


def _pixel_axis(start: float, step: float, count: int, sign: float) -> np.ndarray:
    """Sub-sample coordinates along one image axis (pixel centres +- quarter pixels)."""
    centres = start + sign * step * np.arange(count)
    return (centres[:, None] + sign * _sub_offsets(SUB_IN_PLANE, step)[None, :]).ravel()


def label_volume(anatomy: Anatomy, stack: Stack) -> np.ndarray:
    """Labels of all sub-samples of a stack, ordered (slice, row, col) in sub-sample units."""
    first = np.array(stack.positions[0])
    ps, n = stack.pixel_spacing, len(stack.positions)
    through = _sub_offsets(SUB_THROUGH, stack.thickness)
    if stack.plane == "sagittal":
        xs = (np.array([p[0] for p in stack.positions])[:, None] + through[None, :]).ravel()
        ys = _pixel_axis(first[1], ps, stack.columns, 1.0)
        zs = _pixel_axis(first[2], ps, stack.rows, -1.0)
        labels = paint_labels(anatomy, xs, ys, zs)  # (slice, col, row)
        return labels.transpose(0, 2, 1)
    # Axial images, possibly tilted about the left-right axis: x across, (y, z) together.
    xs = _pixel_axis(first[0], ps, stack.columns, 1.0)
    down = _pixel_axis(0.0, ps, stack.rows, 1.0)  # mm down the image from the first row
    normal = np.array(stack.normal)
    offsets = np.array([(np.array(p) - first) @ normal for p in stack.positions])
    along = (offsets[:, None] + through[None, :]).ravel()  # mm along the normal
    col = np.array(stack.col_direction)
    ys = first[1] + down[:, None] * col[1] + along[None, :] * normal[1]
    zs = first[2] + down[:, None] * col[2] + along[None, :] * normal[2]
    labels = paint_tilted_labels(anatomy, xs, ys, zs)  # (col, row, slice)
    assert labels.shape[2] == n * SUB_THROUGH
    return labels.transpose(2, 1, 0)


def pixel_centres(stack: Stack, index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patient x, y, z of every pixel centre of one slice, each shaped (rows, columns)."""
    rows, cols = np.mgrid[0:stack.rows, 0:stack.columns].astype(np.float32)
    origin = np.array(stack.positions[index], dtype=np.float32)
    row_dir = np.array(stack.row_direction, dtype=np.float32)
    col_dir = np.array(stack.col_direction, dtype=np.float32)
    ps = stack.pixel_spacing
    return tuple(origin[i] + cols * ps * row_dir[i] + rows * ps * col_dir[i] for i in range(3))


def _stack_field(stack: Stack, seed: int, spacing: float) -> np.ndarray:
    """A smooth noise field sampled at every pixel centre, shaped (slices, rows, columns)."""
    first, ps = np.array(stack.positions[0]), stack.pixel_spacing
    if stack.plane == "sagittal":
        field = grid_noise(np.array([p[0] for p in stack.positions]),
                           first[1] + ps * np.arange(stack.columns),
                           first[2] - ps * np.arange(stack.rows), seed, spacing)
        return field.transpose(0, 2, 1)  # (slice, col, row) -> (slice, row, col)
    xs = first[0] + ps * np.arange(stack.columns)
    col = np.array(stack.col_direction)
    down = ps * np.arange(stack.rows)
    origins = np.array(stack.positions)  # (slice, 3)
    ys = origins[:, 1][:, None] + down[None, :] * col[1]  # (slice, row)
    zs = origins[:, 2][:, None] + down[None, :] * col[2]
    field = line_noise(xs, ys, zs, seed, spacing)  # (col, slice * row)
    return field.reshape(stack.columns, len(origins), stack.rows).transpose(1, 2, 0)


def render(anatomy: Anatomy, stack: Stack, labels: np.ndarray, protocol: Protocol,
           seed: int) -> np.ndarray:
    """Stored pixel values (uint16, shape (slices, rows, columns)) of one series."""
    table = signal_table(protocol)
    factors = (SUB_THROUGH, SUB_IN_PLANE, SUB_IN_PLANE)
    magnitude = supersampled_image(labels, table, factors)
    strength = np.zeros(len(TISSUES), dtype=np.float32)
    for name, amplitude in FINE_AMPLITUDE.items():
        strength[LABEL[name]] = amplitude
    fine = supersampled_image(labels, strength, factors) * _stack_field(stack, *FINE_TEXTURE)
    texture = 1.0 + fine + SLOW_AMPLITUDE * _stack_field(stack, *SLOW_TEXTURE)
    rng = np.random.default_rng(seed)
    scale = BRIGHTEST / float(np.abs(table).max())
    out = np.empty(magnitude.shape, dtype=np.uint16)
    for k in range(magnitude.shape[0]):
        _, y, z = pixel_centres(stack, k)
        y_c = anatomy.along("y", z)
        y_back = y_c + anatomy.along("depth", z) / 2 + SOFT_BACK_LUMBAR - SKIN
        coil = coil_sensitivity(y, z, y_back, -130.0, 0.0)
        noisy = rician(_blur(magnitude[k] * texture[k]) * coil, NOISE_SIGMA, rng)
        out[k] = np.clip(np.rint(noisy * scale), 0, MAX_STORED).astype(np.uint16)
    return out


def _blur(image: np.ndarray) -> np.ndarray:
    """Apply the read-out point spread along both image axes (edges keep their value)."""
    out = image
    for axis in (0, 1):
        padded = np.pad(out, [(1, 1) if a == axis else (0, 0) for a in (0, 1)], mode="edge")
        lo = padded[:-2] if axis == 0 else padded[:, :-2]
        mid = padded[1:-1] if axis == 0 else padded[:, 1:-1]
        hi = padded[2:] if axis == 0 else padded[:, 2:]
        out = PSF[0] * lo + PSF[1] * mid + PSF[2] * hi
    return out.astype(np.float32)


def auto_window(image: np.ndarray) -> tuple[float, float]:
    """A scanner-like window (centre, width): black at the air, white near the brightest tissue.

    The lower end is the noise floor of the air, the upper end the 99.7th percentile of the
    body's pixels, so every tissue keeps its grey (muscle dark grey, not black).
    """
    body = image[image > np.percentile(image, 40)]
    low = float(np.percentile(image, 10))
    high = float(np.percentile(body, 99.7))
    return float(round((low + high) / 2)), float(round(max(high - low, 1.0)))
