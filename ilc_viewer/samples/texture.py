"""Smooth pseudo-random fields in patient space: bowel loops, organ edges, marrow texture.

A field is a lattice of seeded Gaussian random numbers over a fixed box of patient space,
interpolated with cubic B-splines. Because the lattice lives in patient coordinates (not in
image pixels), the sagittal and axial series see the same loops of bowel, and a given seed
always gives the same field (byte-identical regeneration). Evaluating on a tensor grid is three
small matrix products, so a whole 45 x 512 x 512 label grid takes a fraction of a second.
"""

from __future__ import annotations

import numpy as np

#: The box (patient mm) the lattices cover: every series of the phantom lies inside it.
BOX_LO = np.array([-200.0, -260.0, -320.0])
BOX_HI = np.array([200.0, 260.0, 300.0])
#: Standard deviation of cubic B-spline interpolated unit white noise in 3D (about 0.69^3),
#: used to bring the fields to unit standard deviation.
_SPLINE_STD = 0.33


def _bspline(s: np.ndarray) -> np.ndarray:
    """Cubic B-spline kernel."""
    a = np.abs(s)
    return np.where(a < 1.0, 2.0 / 3.0 - a**2 + a**3 / 2.0,
                    np.where(a < 2.0, (2.0 - a) ** 3 / 6.0, 0.0))


def _weights(coords: np.ndarray, lo: float, spacing: float, n: int) -> np.ndarray:
    """Interpolation matrix (len(coords), n) from lattice values to the coordinates."""
    t = (np.asarray(coords, dtype=np.float64) - lo) / spacing
    return _bspline(t[:, None] - np.arange(n)[None, :]).astype(np.float32)


def _lattice(seed: int, spacing: float) -> np.ndarray:
    shape = tuple(int(np.ceil((hi - lo) / spacing)) + 1 for lo, hi in zip(BOX_LO, BOX_HI,
                                                                            strict=True))
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(np.float32)


def grid_noise(xs: np.ndarray, ys: np.ndarray, zs: np.ndarray, seed: int,
               spacing: float) -> np.ndarray:
    """Unit-variance smooth noise on the tensor grid ``xs x ys x zs`` (feature size ~spacing)."""
    lattice = _lattice(seed, spacing)
    wx, wy, wz = (_weights(c, lo, spacing, n) for c, lo, n in
                  zip((xs, ys, zs), BOX_LO, lattice.shape, strict=True))
    out = np.tensordot(wx, lattice, axes=(1, 0))  # (x, ly, lz)
    out = np.tensordot(out, wy, axes=(1, 1))  # (x, lz, y)
    out = np.tensordot(out, wz, axes=(1, 1))  # (x, y, z)
    return out / _SPLINE_STD


def point_noise(x: np.ndarray, y: np.ndarray, z: np.ndarray, seed: int,
                spacing: float) -> np.ndarray:
    """The same field as :func:`grid_noise`, at scattered points (arrays of one shape)."""
    lattice = _lattice(seed, spacing)
    pts = [(np.asarray(c, dtype=np.float64).ravel() - lo) / spacing
           for c, lo in zip((x, y, z), BOX_LO, strict=True)]
    base = [np.floor(p).astype(np.int64) for p in pts]
    total = np.zeros(pts[0].shape, dtype=np.float64)
    for i in range(-1, 3):
        wi = _bspline(pts[0] - (base[0] + i))
        ii = np.clip(base[0] + i, 0, lattice.shape[0] - 1)
        for j in range(-1, 3):
            wij = wi * _bspline(pts[1] - (base[1] + j))
            jj = np.clip(base[1] + j, 0, lattice.shape[1] - 1)
            for k in range(-1, 3):
                kk = np.clip(base[2] + k, 0, lattice.shape[2] - 1)
                total += wij * _bspline(pts[2] - (base[2] + k)) * lattice[ii, jj, kk]
    return (total / _SPLINE_STD).reshape(np.shape(x)).astype(np.float32)


def line_noise(xs: np.ndarray, ys: np.ndarray, zs: np.ndarray, seed: int,
               spacing: float) -> np.ndarray:
    """The same field on ``xs`` (a line across) times scattered (y, z) points: (len(xs), P).

    For images tilted about the left-right axis (axial blocks angled along a disc): x is a
    tensor axis, y and z go together. Separable in x, so a block of 512 x 6,000 points costs
    one small gather and one matrix product instead of 3 million scattered evaluations.
    """
    lattice = _lattice(seed, spacing)
    wx = _weights(xs, BOX_LO[0], spacing, lattice.shape[0])  # (nx, A)
    ty = (np.asarray(ys, dtype=np.float64).ravel() - BOX_LO[1]) / spacing
    tz = (np.asarray(zs, dtype=np.float64).ravel() - BOX_LO[2]) / spacing
    by, bz = np.floor(ty).astype(np.int64), np.floor(tz).astype(np.int64)
    plane = np.zeros((lattice.shape[0], ty.size), dtype=np.float64)  # (A, P)
    for j in range(-1, 3):
        wy = _bspline(ty - (by + j))
        jj = np.clip(by + j, 0, lattice.shape[1] - 1)
        for k in range(-1, 3):
            kk = np.clip(bz + k, 0, lattice.shape[2] - 1)
            plane += lattice[:, jj, kk] * (wy * _bspline(tz - (bz + k)))[None, :]
    return (wx.astype(np.float64) @ plane / _SPLINE_STD).astype(np.float32)
