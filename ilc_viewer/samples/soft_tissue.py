"""The soft tissues around the spine: body outline, belly, vessels, psoas, back muscles, fat, skin.

Painted first, so the canal, discs and bones drawn later overwrite them. Everything irregular
(bowel loops, the liver edge, fat thickness, muscle boundaries) comes from the smooth seeded
fields of :mod:`ilc_viewer.samples.texture`, so there is no repeating pattern, and the
sagittal and axial series see the same loops.

Layout, from the front: skin, subcutaneous fat, rectus muscle, a little preperitoneal fat,
the peritoneal cavity (liver above L1, bowel loops with walls and mesenteric fat between them,
reaching down in front of the sacrum), the retroperitoneal fat with the aorta and vena cava
in front of the spine and the psoas beside it; behind the spine the erector spinae and
multifidus (with thin fatty streaks), the interspinous ligaments in the midline, the
thoracolumbar fascia, subcutaneous fat and skin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ilc_viewer.samples.texture import grid_noise, line_noise, point_noise

if TYPE_CHECKING:
    from ilc_viewer.samples.anatomy import Anatomy, Canvas

#: Posterior soft tissue (body surface to skin, mm) in the lumbar region and over the sacrum.
SOFT_BACK_LUMBAR = 80.0
SOFT_BACK_SACRAL = 50.0
FAT_BACK = 22.0
FAT_FRONT = 18.0
SKIN = 2.0
RECTUS = 11.0
FASCIA = 1.2
#: Slow variation (mm, about one standard deviation) of fat thickness and outline.
FAT_VARIATION = 2.5
#: Seeds of the fields; changing one changes that structure's pattern only.
SEED_BACK, SEED_FRONT, SEED_FAT_B, SEED_FAT_F = 101, 102, 103, 104
SEED_LOOPS, SEED_LOOPS_FINE, SEED_CONTENT, SEED_LIVER = 111, 112, 113, 114
SEED_MUSCLE, SEED_MIDLINE, SEED_CAVITY = 121, 122, 123


def _field(x: np.ndarray, y: np.ndarray, z: np.ndarray, seed: int,
           spacing: float) -> np.ndarray:
    """Smooth noise at broadcastable coordinates: fast on a tensor grid, else point by point."""
    axes = (np.shape(x), np.shape(y), np.shape(z))
    if all(len(s) == 3 for s in axes) and all(
            s[i] == 1 for k, s in enumerate(axes) for i in range(3) if i != k):
        return grid_noise(np.ravel(x), np.ravel(y), np.ravel(z), seed, spacing)
    if (all(len(s) == 3 for s in axes) and axes[0][1:] == (1, 1) and axes[0][0] > 1
            and axes[1][0] == 1 and axes[2][0] == 1):
        # x across, (y, z) together: the points of images tilted about the x axis
        by, bz = np.broadcast_arrays(y, z)
        out = line_noise(np.ravel(x), by, bz, seed, spacing)
        return out.reshape((axes[0][0], *by.shape[1:]))
    bx, by, bz = np.broadcast_arrays(x, y, z)
    return point_noise(bx, by, bz, seed, spacing)


def _flat(z: np.ndarray) -> np.ndarray:
    """A y coordinate of 0 shaped to go with ``z`` (for fields over x and z only)."""
    return np.zeros((1, 1, 1)) if np.ndim(z) == 3 else np.zeros_like(np.asarray(z, float))


def back_surface(a: Anatomy, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """y of the skin of the back (a midline furrow, rounder at the sides)."""
    soft = np.interp(z, [a.z_sac_end, a.z_s1_top], [SOFT_BACK_SACRAL, SOFT_BACK_LUMBAR])
    wobble = 1.5 * _field(x, _flat(z), z, SEED_BACK, 40.0)
    return (a.along("y", z) + a.along("depth", z) / 2 + soft - 0.0015 * x**2
            - 5.0 * np.exp(-((x / 14.0) ** 2)) + wobble)


def front_surface(a: Anatomy, x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """y of the skin of the belly (most forward at the navel, near L4)."""
    wobble = 2.0 * _field(x, _flat(z), z, SEED_FRONT, 45.0)
    return -128.0 - 14.0 * np.exp(-(((z - a.z_l4) / 90.0) ** 2)) + 0.004 * x**2 + wobble


def fat_back(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Thickness (mm) of the subcutaneous fat of the back."""
    return FAT_BACK + FAT_VARIATION * _field(x, _flat(z), z, SEED_FAT_B, 50.0)


def fat_front(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Thickness (mm) of the subcutaneous fat of the belly."""
    return FAT_FRONT + FAT_VARIATION * _field(x, _flat(z), z, SEED_FAT_F, 50.0)


def _outline(a: Anatomy, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, ...]:
    """Depth under the back skin, depth under the belly skin, inside-the-body mask."""
    d_back, d_front = back_surface(a, x, z) - y, y - front_surface(a, x, z)
    return d_back, d_front, (d_back > 0) & (d_front > 0) & (np.abs(x) < 150)


def paint_soft_tissue(canvas: Canvas, a: Anatomy) -> None:
    """Paint all soft tissue of the body; what is left unpainted inside the body is fat."""
    block = canvas.everywhere()
    assert block is not None
    sl, x, y, z = block
    depth = a.along("depth", z)
    u = a.canal_u(y, z)
    f_back, f_front = fat_back(x, z), fat_front(x, z)
    d_back, d_front, inside = _outline(a, x, y, z)
    canvas.paint(sl, inside, "fat")
    # The belly lies in front of the spine and the back muscles behind it: paint each inside
    # its own box (the 3D fields are the slow part).
    ys, zs = a.line["y"], a.line["depth"]
    _paint_belly(canvas, a, float((ys - zs / 2).max()) - 15.0)
    _paint_vessels_and_psoas(canvas, a, sl, x, u, z, depth, inside)
    _paint_back_muscles(canvas, a, float((ys + zs / 2).min()) - 5.0)
    canvas.paint(sl, inside & (d_back < SKIN + f_back + FASCIA) & (d_back > SKIN + f_back),
                 "ligament")  # thoracolumbar fascia
    canvas.paint(sl, inside & (d_back < SKIN + f_back), "fat")
    rectus = inside & (d_front > SKIN + f_front) & (d_front < SKIN + f_front + RECTUS)
    canvas.paint(sl, rectus, "muscle")
    canvas.paint(sl, inside & (d_front < SKIN + f_front), "fat")
    canvas.paint(sl, inside & ((d_back < SKIN) | (d_front < SKIN)), "skin")


def _paint_belly(canvas: Canvas, a: Anatomy, y_max: float) -> None:
    """Liver high up, then bowel loops (wall, content, fluid or gas) in mesenteric fat."""
    block = canvas.block((-125.0, -1e6, -1e6), (125.0, y_max, 1e6))
    if block is None:
        return
    sl, x, y, z = block
    depth = a.along("depth", z)
    u = a.canal_u(y, z)
    _, d_front, inside = _outline(a, x, y, z)
    # The peritoneal cavity reaches further back beside the spine (colon, small bowel).
    retro = 26.0 + 5.0 * _field(x, _flat(z), z, SEED_CAVITY, 30.0)
    retro = retro - 0.9 * np.clip(np.abs(x) - 45.0, 0.0, None)
    cavity = (inside & (d_front > SKIN + fat_front(x, z) + RECTUS + 2.5)
              & (u < -depth / 2 - retro))
    loops = (0.85 * _field(x, y, z, SEED_LOOPS, 9.5)
             + 0.45 * _field(x, y, z, SEED_LOOPS_FINE, 4.5))
    content = _field(x, y, z, SEED_CONTENT, 18.0)
    lumen = loops > 0.1
    canvas.paint(sl, cavity & (loops <= -0.25), "bowel_fat")
    canvas.paint(sl, cavity & (loops > -0.25) & ~lumen, "bowel_wall")
    canvas.paint(sl, cavity & lumen, "bowel")
    canvas.paint(sl, cavity & lumen & (content < -0.7), "bowel_fluid")
    canvas.paint(sl, cavity & lumen & (content > 1.0), "gas")
    # The liver's lower edge: lowest in front and on the right, irregular.
    z_l1 = float(a.spine.segment("L1").centre[1])
    edge = (z_l1 + 18.0 + 0.25 * (u + depth / 2) + 0.12 * x
            + 8.0 * _field(x, y, _flat(z), SEED_LIVER, 35.0))
    back_edge = -depth / 2 - 38 + 6.0 * _field(_flat(z), y, z, SEED_LIVER + 1, 25.0)
    canvas.paint(sl, cavity & (z > edge) & (u < back_edge), "liver")


def _paint_vessels_and_psoas(canvas: Canvas, a: Anatomy, sl, x, u, z, depth, inside) -> None:
    """Aorta and vena cava (flow voids with a wall) in front of the spine, iliacs, psoas."""
    seg = a.spine.segment
    z_bif, z_ivc = float(seg("L4").centre[1]), float(seg("L5").centre[1])
    front = u + depth / 2  # negative in front of the vertebral bodies
    x_aorta = 6.0 + 2.5 * _field(_flat(z), _flat(z), z, SEED_CAVITY + 1, 60.0)
    # The aorta narrows just above its bifurcation into the iliac arteries.
    taper = np.clip((z - z_bif) / 25.0, 0.0, 1.0) ** 0.5
    r2_aorta = ((x - x_aorta) ** 2 + (front + 13) ** 2) / np.maximum(taper, 0.3) ** 2
    ivc = ((x + 16) / 11) ** 2 + ((front + 12) / 7) ** 2
    below = np.clip(z_bif - z, 0, None)
    r2_iliac = (np.abs(x) - 10 - 0.5 * below) ** 2 + (front + 12) ** 2
    iliac_z = (z <= z_bif) & (z > z_bif - 60)
    canvas.paint(sl, inside & (((r2_aorta < 121) & (z > z_bif)) | ((r2_iliac < 49) & iliac_z)),
                 "bowel_wall")
    canvas.paint(sl, inside & (((r2_aorta < 92) & (z > z_bif)) | ((ivc < 1) & (z > z_ivc))
                               | ((r2_iliac < 30) & iliac_z)), "flowing_blood")
    z_pts = [float(seg(n).centre[1]) for n in ("S1", "L5", "L4", "L2", "T12")]
    radius = np.interp(z, z_pts, [18.0, 22.0, 19.0, 11.0, 3.0])
    width = a.along("width", z)
    psoas = ((np.abs(x) - width / 2 - 0.85 * radius) ** 2 + ((u + 0.15 * depth) * 1.1) ** 2
             < radius**2) & (z < float(seg("T12").centre[1]))
    canvas.paint(sl, inside & psoas, "muscle")


def _paint_back_muscles(canvas: Canvas, a: Anatomy, y_min: float) -> None:
    """Erector spinae and multifidus, quadratus lumborum, interspinous ligaments (midline)."""
    block = canvas.block((-150.0, y_min, -1e6), (150.0, 1e6, 1e6))
    if block is None:
        return
    sl, x, y, z = block
    depth = a.along("depth", z)
    u = a.canal_u(y, z)
    d_back, _, inside = _outline(a, x, y, z)
    under_fat = inside & (d_back > SKIN + fat_back(x, z))
    behind_lamina = u - depth / 2 - a.along("ap", z)
    lateral = 66.0 + 6.0 * _field(_flat(z), y, z, SEED_MUSCLE, 30.0)
    # The muscle mass wraps forward around the transverse processes at the sides.
    erector = (under_fat & (u > depth / 2 + 2 - 0.35 * np.clip(np.abs(x) - 20, 0, None))
               & (np.abs(x) < lateral))
    canvas.paint(sl, erector, "muscle")
    streaks = np.abs(_field(x, y, z, SEED_MUSCLE + 1, 7.0)) < 0.05
    canvas.paint(sl, erector & streaks & (np.abs(x) > 6), "fat")
    quadratus = ((np.abs(x) - a.along("width", z) / 2 - 38) / 20) ** 2 + (
        (u - depth / 2 - 4) / 13) ** 2 < 1
    canvas.paint(sl, under_fat & quadratus, "muscle")
    half = 1.0 + 0.5 * _field(_flat(z), y, z, SEED_MIDLINE, 12.0)
    canvas.paint(sl, under_fat & (behind_lamina > 1.0) & (np.abs(x) < half), "interspinous")
