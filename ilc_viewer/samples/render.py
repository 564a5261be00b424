"""Turn the label model into MR images: slice geometry, sub-sampling, signal, coil and noise.

Each pixel is the average of sub-samples (2 x 2 in-plane, 3 through the slice thickness) of
the *signed* signal, so edges get partial volume and fat/water mixtures cancel on STIR the way
they do in a real voxel. The sagittal T1, T2 and STIR share one label grid (same geometry),
so they line up exactly, as series of one frame of reference do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ilc_viewer.samples.anatomy import Anatomy, paint_labels
from ilc_viewer.samples.mri_physics import (
    Protocol,
    coil_sensitivity,
    rician,
    signal_table,
    supersampled_image,
)
from ilc_viewer.samples.soft_tissue import SKIN, SOFT_BACK_LUMBAR
from ilc_viewer.samples.texture import grid_noise
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


def axial_stack(anatomy: Anatomy, matrix: int = 256, fov: float = 220.0,
                thickness: float = 4.0, gap: float = 0.4) -> Stack:
    """Axial slices from above the L4/5 disc to below the L5/S1 disc, seen from the feet."""
    top = float(anatomy.spine.disc("L4-L5").centre[1]) + 12.0
    bottom = float(anatomy.spine.disc("L5-S1").centre[1]) - 12.0
    step = thickness + gap
    count = int(np.floor((top - bottom) / step)) + 1
    spacing = fov / matrix
    y_centre = float(anatomy.spine.segment("L5").centre[0]) + 25.0
    x0, y0 = -fov / 2 + spacing / 2, y_centre - fov / 2 + spacing / 2
    positions = tuple((x0, round(y0, 4), round(top - k * step, 4)) for k in range(count))
    return Stack("axial", (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), positions, matrix, matrix,
                 spacing, thickness, step)


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
    xs = _pixel_axis(first[0], ps, stack.columns, 1.0)
    ys = _pixel_axis(first[1], ps, stack.rows, 1.0)
    zs = (np.array([p[2] for p in stack.positions])[:, None] + through[None, :]).ravel()
    labels = paint_labels(anatomy, xs, ys, zs)  # (col, row, slice)
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


def _stack_axes(stack: Stack) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patient x, y, z of the pixel centres along each axis of a (axis-aligned) stack."""
    first, ps = np.array(stack.positions[0]), stack.pixel_spacing
    if stack.plane == "sagittal":
        return (np.array([p[0] for p in stack.positions]),
                first[1] + ps * np.arange(stack.columns), first[2] - ps * np.arange(stack.rows))
    return (first[0] + ps * np.arange(stack.columns), first[1] + ps * np.arange(stack.rows),
            np.array([p[2] for p in stack.positions]))


def _stack_field(stack: Stack, seed: int, spacing: float) -> np.ndarray:
    """A smooth noise field sampled at every pixel centre, shaped (slices, rows, columns)."""
    field = grid_noise(*_stack_axes(stack), seed, spacing)
    if stack.plane == "sagittal":
        return field.transpose(0, 2, 1)  # (slice, col, row) -> (slice, row, col)
    return field.transpose(2, 1, 0)  # (col, row, slice) -> (slice, row, col)


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
