"""The 3D label model of the lower back: every point of space gets one tissue label.

Labels are painted onto a regular grid of points (the sub-samples of the images) in layers,
each later layer overwriting the earlier ones where it applies: the belly and back soft
tissues first, then the spinal canal and its contents, the discs, the posterior elements and
finally the vertebral bodies. Each structure is evaluated only inside its bounding box, which
keeps a whole case to a few seconds.

Soft-tissue structures that follow the spine (canal, cord, nerve roots, ligaments, psoas,
vessels) are placed in the *canal frame*: ``u`` is the distance behind the centre line of the
vertebral bodies at that height, measured along the local AP direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ilc_viewer.samples.soft_tissue import paint_soft_tissue
from ilc_viewer.samples.spine import Disc, Segment, Spine
from ilc_viewer.samples.tissues import LABEL

#: Roots of the cauda equina: (name, slot across the sac in mm); the exit level is looked up.
ROOTS = (("L1", 9.0), ("L2", 8.0), ("L3", 7.0), ("L4", 6.0), ("L5", 5.0),
         ("S1", 4.0), ("S2", 3.0), ("S3", 2.0))


@dataclass
class Anatomy:
    """A spine plus the soft-tissue changes of a case."""

    spine: Spine
    #: Extra thickness (mm) of the ligamentum flavum at a disc level (stenosis).
    flavum_thickening: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.line = self.spine.centreline()
        seg = self.spine.segment
        self.z_conus = float(seg("L1").to_patient(0, -seg("L1").height / 2)[1])
        self.z_sac_end = float(seg("S2").centre[1])
        self.z_s1_top = float(seg("S1").to_patient(0, seg("S1").height / 2)[1])
        self.z_l4 = float(seg("L4").centre[1])

    def along(self, name: str, z: np.ndarray) -> np.ndarray:
        """A centre-line quantity (y, theta, depth, width, ap) interpolated at heights z."""
        return np.interp(z, self.line["z"], self.line[name]).astype(np.float32)

    def canal_u(self, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Distance behind the body centre line, along the local AP direction (mm)."""
        return (y - self.along("y", z)) * np.cos(self.along("theta", z))

    def root_exit_z(self, name: str) -> float:
        """Height where a nerve root leaves through its foramen."""
        for disc in self.spine.discs:
            if disc.upper.name == name:
                return float(disc.centre[1]) + 6.0
        return float(self.spine.segment(name).centre[1])


class Canvas:
    """A label grid over the points ``xs x ys x zs`` (patient mm), painted block by block."""

    def __init__(self, xs: np.ndarray, ys: np.ndarray, zs: np.ndarray) -> None:
        self.axes = [np.asarray(a, dtype=np.float32) for a in (xs, ys, zs)]
        self.labels = np.zeros(tuple(len(a) for a in self.axes), dtype=np.uint8)

    def block(self, lo: tuple[float, float, float], hi: tuple[float, float, float]):
        """Index slices and broadcastable X, Y, Z of the grid points inside a box, or None."""
        slices = []
        for axis, low, high in zip(self.axes, lo, hi, strict=True):
            idx = np.nonzero((axis >= low) & (axis <= high))[0]
            if idx.size == 0:
                return None
            slices.append(slice(int(idx[0]), int(idx[-1]) + 1))
        x = self.axes[0][slices[0]][:, None, None]
        y = self.axes[1][slices[1]][None, :, None]
        z = self.axes[2][slices[2]][None, None, :]
        return tuple(slices), x, y, z

    def paint(self, slices: tuple[slice, ...], mask: np.ndarray, tissue: str) -> None:
        """Set the label of the masked points of a block."""
        view = self.labels[slices]
        view[np.broadcast_to(mask, view.shape)] = LABEL[tissue]

    def everywhere(self):
        """The whole grid as a block."""
        big = 1e6
        return self.block((-big, -big, -big), (big, big, big))


class TiltedCanvas(Canvas):
    """A label grid over ``xs`` (left-right) times (y, z) points tilted about the x axis.

    ``ys`` and ``zs`` are shaped ``(n1, n2)`` (in-plane distance down the image, distance
    through the slices): the sub-samples of axial images angled along a disc. A block is the
    smallest index rectangle holding the box's points; painting keeps to the box itself, so
    every structure paints exactly the points it would on a regular grid.
    """

    def __init__(self, xs: np.ndarray, ys: np.ndarray, zs: np.ndarray) -> None:
        self.xs = np.asarray(xs, dtype=np.float32)
        self.ys = np.asarray(ys, dtype=np.float32)
        self.zs = np.asarray(zs, dtype=np.float32)
        self.labels = np.zeros((len(self.xs), *self.ys.shape), dtype=np.uint8)
        self._inside: dict[tuple, np.ndarray] = {}

    def block(self, lo: tuple[float, float, float], hi: tuple[float, float, float]):
        """Index slices and broadcastable X, Y, Z of a box's points, or None."""
        ix = np.nonzero((self.xs >= lo[0]) & (self.xs <= hi[0]))[0]
        inside = ((self.ys >= lo[1]) & (self.ys <= hi[1]) & (self.zs >= lo[2])
                  & (self.zs <= hi[2]))
        rows, cols = np.nonzero(inside.any(axis=1))[0], np.nonzero(inside.any(axis=0))[0]
        if ix.size == 0 or rows.size == 0:
            return None
        slices = (slice(int(ix[0]), int(ix[-1]) + 1), slice(int(rows[0]), int(rows[-1]) + 1),
                  slice(int(cols[0]), int(cols[-1]) + 1))
        self._inside[self._key(slices)] = inside[slices[1], slices[2]][None]
        x = self.xs[slices[0]][:, None, None]
        y = self.ys[slices[1], slices[2]][None]
        z = self.zs[slices[1], slices[2]][None]
        return slices, x, y, z

    def paint(self, slices: tuple[slice, ...], mask: np.ndarray, tissue: str) -> None:
        """Set the label of the masked points of a block (inside its box only)."""
        view = self.labels[slices]
        keep = np.broadcast_to(mask, view.shape) & self._inside[self._key(slices)]
        view[keep] = LABEL[tissue]

    @staticmethod
    def _key(slices: tuple[slice, ...]) -> tuple:
        return tuple((s.start, s.stop) for s in slices)


def _rounded(*terms: np.ndarray, p: float = 4.0) -> np.ndarray:
    """Superellipse value sum(|t|^p): <= 1 inside a rounded box of normalised coordinates."""
    total = np.zeros((), dtype=np.float32)
    for t in terms:
        total = total + np.abs(t) ** p
    return total


def _local_bbox(seg_like: Segment | Disc, xr: float, ur: tuple[float, float],
                vr: tuple[float, float]) -> tuple[tuple[float, float, float], tuple]:
    """Patient bounding box of a box given in a segment's (or disc's) own frame."""
    corners = np.array([seg_like.to_patient(u, v) for u in ur for v in vr])
    lo = (-xr, corners[:, 0].min(), corners[:, 1].min())
    hi = (xr, corners[:, 0].max(), corners[:, 1].max())
    return lo, hi


def paint_labels(anatomy: Anatomy, xs: np.ndarray, ys: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """Tissue labels (uint8, shape ``(len(xs), len(ys), len(zs))``) of the model."""
    canvas = Canvas(xs, ys, zs)
    paint_canvas(canvas, anatomy)
    return canvas.labels


def paint_tilted_labels(anatomy: Anatomy, xs: np.ndarray, ys: np.ndarray,
                        zs: np.ndarray) -> np.ndarray:
    """Tissue labels (uint8, shape ``(len(xs), *ys.shape)``) at tilted points (TiltedCanvas)."""
    canvas = TiltedCanvas(xs, ys, zs)
    paint_canvas(canvas, anatomy)
    return canvas.labels


def paint_canvas(canvas: Canvas, anatomy: Anatomy) -> None:
    """Paint every structure of the model onto a canvas, layer after layer."""
    paint_soft_tissue(canvas, anatomy)
    _paint_canal(canvas, anatomy)
    _paint_anterior_ligament(canvas, anatomy)
    for disc in anatomy.spine.discs:
        _paint_disc(canvas, disc)
    for seg in anatomy.spine.segments:
        _paint_posterior_elements(canvas, anatomy, seg)
    for seg in anatomy.spine.segments:
        _paint_body(canvas, seg)


def _paint_canal(canvas: Canvas, a: Anatomy) -> None:
    """Epidural fat, thecal sac with CSF, cord and conus, cauda equina, flavum, PLL."""
    top = float(a.line["z"].max()) + 40
    bottom = float(a.spine.segments[-1].centre[1])
    block = canvas.block((-40, -1e6, bottom), (40, 1e6, top))
    if block is None:
        return
    sl, x, y, z = block
    ap = a.along("ap", z)
    rel = a.canal_u(y, z) - a.along("depth", z) / 2  # behind the anterior canal wall
    canvas.paint(sl, (rel > -0.5) & (rel < ap + 1) & (np.abs(x) < 28), "fat")
    sac_lo, sac_hi = 1.5, ap - 5.5
    sac_c, sac_h = (sac_lo + sac_hi) / 2, (sac_hi - sac_lo) / 2
    taper = np.clip((z - a.z_sac_end) / 30.0, 0.0, 1.0) ** 0.5
    half_x = 11.0 * taper + 1e-3
    sac = ((x / half_x) ** 2 + ((rel - sac_c) / (sac_h * taper + 1e-3)) ** 2 < 1)
    canvas.paint(sl, sac, "csf")
    cone = np.clip((z - a.z_conus) / 22.0, 0.0, 1.0) ** 0.6
    cord = ((x / (5.5 * cone + 1e-3)) ** 2 + ((rel - sac_c + 0.5) / (4.0 * cone + 1e-3)) ** 2 < 1)
    canvas.paint(sl, cord & (z > a.z_conus), "cord")
    for name, slot in ROOTS:
        _paint_root(canvas, a, sl, x, z, rel, sac_c, sac_h, name, slot)
    filum = (x**2 + (rel - sac_c - 0.3 * sac_h) ** 2 < 0.6) & (z < a.z_conus) & (
        z > a.z_sac_end)
    canvas.paint(sl, filum, "nerve")
    extra = np.zeros_like(z)
    for level, mm in a.flavum_thickening.items():
        extra = extra + mm * np.exp(-(((z - a.spine.disc(level).centre[1]) / 12.0) ** 2))
    flavum = (rel > ap - 3.5 - extra) & (rel < ap + 2) & (np.abs(x) < 18)
    canvas.paint(sl, flavum, "flavum")
    canvas.paint(sl, (rel > -0.5) & (rel < 1.2) & (np.abs(x) < 7), "ligament")


def _paint_root(canvas: Canvas, a: Anatomy, sl, x, z, rel, sac_c, sac_h, name: str,
                slot: float) -> None:
    """One pair of nerve roots: down the back of the sac, then out through the foramina."""
    z_exit = a.root_exit_z(name)
    # Supine patients: the roots lie in the dependent (posterior) part of the sac.
    inside_rel = sac_c + sac_h * (0.5 - 0.55 * (slot / 11.0) ** 2)
    zp = np.array([z_exit - 25, z_exit - 6, z_exit + 12, z_exit + 35, a.z_conus + 15])
    xp = np.array([45.0, 28.0, 13.0, slot, slot])
    rp = np.array([2.0, 2.4, 1.4, 1.2, 1.2])
    zf = z.ravel()
    xr = np.interp(zf, zp, xp).reshape(z.shape)
    radius = np.interp(zf, zp, rp).reshape(z.shape)
    rel_inside = np.broadcast_to(inside_rel, np.broadcast_shapes(z.shape, np.shape(inside_rel)))
    ur_exit = np.interp(zf, zp[:3], [-3.0, 3.0, 3.5]).reshape(z.shape)
    blend = np.clip((z - (z_exit + 12)) / 23.0, 0.0, 1.0)
    ur = blend * rel_inside + (1 - blend) * ur_exit
    alive = (z > zp[0]) & (z < zp[-1])
    for side in (-1.0, 1.0):
        mask = ((x - side * xr) ** 2 + (rel - ur) ** 2 < radius**2) & alive
        canvas.paint(sl, mask, "nerve")


def _paint_anterior_ligament(canvas: Canvas, a: Anatomy) -> None:
    """The anterior longitudinal ligament: a thin dark line on the front of the column."""
    seg = a.spine.segments
    block = canvas.block((-12, -1e6, float(seg[-1].centre[1])),
                         (12, 1e6, float(seg[0].centre[1]) + 20))
    if block is None:
        return
    sl, x, y, z = block
    u = a.canal_u(y, z) + a.along("depth", z) / 2
    canvas.paint(sl, (u > -1.6) & (u < 0.3) & (np.abs(x) < 10), "ligament")


def _paint_disc(canvas: Canvas, disc: Disc) -> None:
    """Annulus and nucleus (with the adult cleft), or a thin remnant between sacral segments."""
    lower, upper = disc.lower, disc.upper
    half_w, half_d = disc.width / 2, disc.depth / 2
    lo, hi = _local_bbox(disc, half_w + disc.bulge + 12, (-half_d - 12, half_d + 22), (-22, 22))
    block = canvas.block(lo, hi)
    if block is None:
        return
    sl, x, y, z = block
    ul, vl = lower.local(y, z)
    uu, vu = upper.local(y, z)
    d_lo = vl - lower.top(ul)
    d_up = upper.bottom(uu) - vu
    gap = np.maximum(d_lo + d_up, 0.1)
    t = d_lo / gap
    ud, vd = disc.local(y, z)
    between = (d_lo > -0.4) & (d_up > -0.4)
    remnant = upper.kind == "sacral"  # fused sacral segments keep only a thin remnant
    bulge = 0.0 if remnant else disc.bulge * np.clip(1 - (2 * t - 1) ** 2, 0, 1)
    foot = (x / (half_w + bulge)) ** 2 + (ud / (half_d + bulge)) ** 2 < (0.8 if remnant else 1)
    canvas.paint(sl, between & foot, "annulus")
    if remnant:
        return
    degenerated = disc.nucleus == "degenerated_nucleus"
    # Healthy: a bright core over ~60 % of the depth and most of the height, a transition zone
    # (inner annulus), the dark outer annulus only a thin rim front and back; the adult
    # intranuclear cleft as a faint line. Degenerated: a small, dark, flattened nucleus.
    core_u = 0.20 if degenerated else 0.31
    core_t = 0.28 if degenerated else 0.40

    def oval(grow: float) -> np.ndarray:
        return _rounded(x / (0.30 * disc.width + grow * 20), (ud - 0.04 * disc.depth)
                        / ((core_u + grow) * disc.depth), (t - 0.5) / (core_t + grow), p=2.6) < 1

    if not degenerated:
        canvas.paint(sl, between & oval(0.07), "inner_annulus")
    canvas.paint(sl, between & oval(0.0), disc.nucleus)
    if not degenerated:
        off = np.abs(ud - 0.04 * disc.depth)
        cleft = (np.abs(t - 0.5 + 0.02 * np.sin(ud * 0.3)) < 0.025) & (off > 5.5) & (
            off < 0.7 * core_u * disc.depth)
        canvas.paint(sl, between & cleft & oval(0.0), "inner_annulus")
    if disc.herniation is not None:
        hx, size = disc.herniation
        centre_u = half_d + disc.bulge + 0.35 * size
        blob = (((x - hx) / (0.9 * size)) ** 2 + ((ud - centre_u) / (0.6 * size)) ** 2
                + ((vd + 1.5) / (0.55 * size)) ** 2 < 1)
        tear = (np.abs(x - hx * 0.6) < 3) & (np.abs(t - 0.5) < 0.18) & (ud > 0.1 * disc.depth) & (
            ud < centre_u)
        canvas.paint(sl, blob | (tear & between), "herniation")


def _paint_part(canvas: Canvas, seg: Segment, sl, x, u, v, centre: tuple[float, float, float],
                half: tuple[float, float, float], p: float = 4.0) -> None:
    """One bony part (a rounded box in the segment frame): cortex outside, marrow inside."""
    cx, cu, cv = centre
    hx, hu, hv = half
    outer = _rounded((x - cx) / hx, (u - cu) / hu, (v - cv) / hv, p=p) < 1
    canvas.paint(sl, outer, "cortical_bone")
    t = 1.0  # cortex: a thin dark line, not a frame
    if min(hx, hu, hv) > t + 0.8:
        inner = _rounded((x - cx) / (hx - t), (u - cu) / (hu - t), (v - cv) / (hv - t), p=p) < 1
        canvas.paint(sl, inner, "marrow")


def _paint_posterior_elements(canvas: Canvas, a: Anatomy, seg: Segment) -> None:
    """Pedicles, laminae, spinous process, transverse and articular processes; sacral wings."""
    h, d, w, ap = seg.height, seg.depth, seg.width, seg.canal_ap
    lo, hi = _local_bbox(seg, w / 2 + 45, (-d / 2 - 2, d / 2 + ap + 50), (-h / 2 - 25, h / 2 + 20))
    block = canvas.block(lo, hi)
    if block is None:
        return
    sl, x, y, z = block
    u, v = seg.local(y, z)
    back = d / 2 + ap  # front of the lamina
    if seg.kind == "sacral":
        wing = 24.0 if seg.name == "S1" else 14.0
        for side in (-1, 1):
            _paint_part(canvas, seg, sl, x, u, v, (side * (w / 2 + wing * 0.6), 2.0, -1.0),
                        (wing, d / 2 + 5, h / 2 + 3))
        _paint_part(canvas, seg, sl, x, u, v, (0.0, back + 3.5, 0.0), (20.0, 3.5, h / 2 + 2.5))
        _paint_part(canvas, seg, sl, x, u, v, (0.0, back + 9.0, 0.0), (3.0, 4.0, h / 2 - 1))
        return
    thoracic = seg.kind == "thoracic"
    hyper = seg.facet_hypertrophy
    for side in (-1, 1):
        _paint_part(canvas, seg, sl, x, u, v, (side * 15.5, d / 2 + ap / 2 - 1, h / 2 - 9),
                    (4.5, ap / 2 + 3, 7.0))  # pedicle
        reach = 20.0 if thoracic else (28.0 if seg.name == "L3" else 24.0)
        _paint_part(canvas, seg, sl, x, u, v, (side * (18 + reach / 2), back - 6, h / 2 - 9),
                    (reach / 2 + 2, 4.0, 5.0))  # transverse process
        _paint_part(canvas, seg, sl, x, u, v, (side * (22.0 - hyper / 2), back, h / 2 + 1),
                    (5.0 + hyper / 2, 5.0 + hyper / 3, 8.5))  # superior articular process
        _paint_part(canvas, seg, sl, x, u, v, (side * (16.5 - hyper / 2), back + 7, -h / 2 - 4),
                    (4.5 + hyper / 2, 5.0 + hyper / 3, 9.0))  # inferior articular process
    _paint_part(canvas, seg, sl, x, u, v, (0.0, back + 3, -1.0), (17.0, 3.2, h / 2 + 1.5))
    length = {"T10": 26.0, "T11": 27.0, "T12": 30.0, "L1": 33.0, "L2": 34.5, "L3": 34.5,
              "L4": 32.5, "L5": 27.0}.get(seg.name, 30.0)
    droop = 0.55 if thoracic else 0.12
    base = back + 4.0
    along = np.clip(u - base, 0, None)
    vc = -2.0 - droop * along
    # Lumbar processes are broad plates (a little taller at the tip); thoracic ones taper.
    hv = (0.34 * h) - 0.2 * along if thoracic else 0.36 * h + 0.04 * along
    # Irregular outline: the height swells and narrows along the process, per level.
    phase = 0.7 * seg.corner
    hv = hv * (1.0 + 0.09 * np.sin(0.23 * along + phase) + 0.05 * np.sin(0.61 * along + 2 * phase))
    tip = base + length
    spinous = _rounded(x / 4.5, (u - base - length / 2) / (length / 2),
                       (v - vc) / np.maximum(hv, 2.0), p=3.0 if thoracic else 4.0) < 1
    canvas.paint(sl, spinous, "cortical_bone")
    inner = _rounded(x / 3.5, (u - base - length / 2 + 0.2) / (length / 2 - 1.0),
                     (v - vc) / np.maximum(hv - 1.0, 0.8), p=3.0 if thoracic else 4.0) < 1
    canvas.paint(sl, inner & (u < tip - 1.0), "marrow")


def _paint_body(canvas: Canvas, seg: Segment) -> None:
    """Vertebral body: cortical shell and endplates, fatty marrow, any oedema or fracture."""
    h, d, w = seg.height, seg.depth, seg.width
    lo, hi = _local_bbox(seg, w / 2 + 1, (-d / 2 - 2, d / 2 + 2), (-h / 2 - 2, h / 2 + 2))
    block = canvas.block(lo, hi)
    if block is None:
        return
    sl, x, y, z = block
    u, v = seg.local(y, z)
    top, bottom = seg.top(u), seg.bottom(u)

    p = seg.corner

    def shape(shrink_side: float, shrink_end: float) -> np.ndarray:
        centre, half = (top + bottom) / 2, (top - bottom) / 2 - shrink_end
        vn = (v - centre) / half
        waist = 1.0 - seg.waist * (1.0 - np.clip(vn**2, 0, 1))  # concave front and sides
        r = np.sqrt((x / (w / 2 - shrink_side)) ** 2 + (u / (d / 2 - shrink_side)) ** 2) / waist
        return (r**p + np.abs(vn) ** p) < 1

    canvas.paint(sl, shape(0.0, 0.0), "cortical_bone")
    # Thin cortex (about 1 mm) and endplates (about 0.8 mm), as on real images.
    marrow = shape(0.9, 0.8)
    canvas.paint(sl, marrow, "marrow")
    if seg.kind != "sacral":
        # Basivertebral vein: a fatty-venous channel entering the back of the body at mid height.
        vein = (np.abs(v - 0.1 * h * np.sin(seg.corner)) < 0.3 + 0.12 * (u - d / 2 + 5)) & (
            u > d / 2 - 5) & (u < d / 2 + 0.5) & (np.abs(x) < 2.5)
        canvas.paint(sl, vein & shape(-0.5, 2.0), "fat")
    wobble = 1.0 + 0.2 * np.sin(u * 0.45 + 1.3 * x / 10.0)
    for where, thickness in seg.oedema:
        if where == "top":
            band = v > top - 1.2 - thickness * wobble
        else:
            band = v < bottom + 1.2 + thickness * wobble
        canvas.paint(sl, marrow & band, "oedematous_marrow")
    if seg.fracture_line:
        line = (v < top - 3.0) & (v > top - 4.3 - 0.4 * np.sin(u * 0.6)) & (np.abs(u) < 0.38 * d)
        canvas.paint(sl, marrow & line, "cortical_bone")

