"""The skeleton of the phantom: vertebrae T11 to S4 stacked with a lordotic curve, and discs.

Coordinates are DICOM patient coordinates (LPS, mm): +x to the patient's left, +y to the back,
+z to the head. The spine lies in the mid-sagittal plane (x = 0). Each segment has its own
rigid frame in the sagittal plane: ``up`` (its long axis, pointing to the head) and ``post``
(pointing to its back). A positive tilt ``theta`` leans the top of a segment forward, which is
what the lower lumbar vertebrae and the sacrum do in lordosis.

Typical adult sizes (body height, depth, width, disc height) follow the usual anatomical
ranges: lumbar bodies about 26-28 mm high, 35-40 mm deep and 42-50 mm wide; discs (measured in
the middle, with concave endplates) growing from about 7 mm at T11/12 to about 11-12 mm at
L4/5 and L5/S1, about a third of a body's height, wedge-shaped (taller in front) where the
lordosis bends; lordosis L1-S1 about 40 degrees. Each vertebra gets a small fixed shape jitter
(endplate concavity, waist, corner roundness) so no two levels look stamped from one mould.
"""

from __future__ import annotations

import itertools
import math
import zlib
from dataclasses import dataclass, field

import numpy as np

#: name: (height, depth, width, tilt in degrees). Top to bottom. Not a smooth progression on
#: purpose: real neighbouring vertebrae differ by a millimetre here and there.
SEGMENT_SIZES: dict[str, tuple[float, float, float, float]] = {
    "T10": (21.5, 28.0, 36.0, -7.0),
    "T11": (22.5, 29.5, 38.0, -7.0),
    "T12": (24.0, 31.5, 40.0, -6.0),
    "L1": (26.0, 35.0, 42.0, -3.0),
    "L2": (27.5, 37.0, 45.0, 1.0),
    "L3": (27.0, 39.0, 47.0, 6.0),
    "L4": (27.5, 40.0, 49.0, 13.0),
    "L5": (26.5, 39.0, 50.0, 22.0),
    "S1": (26.0, 40.0, 46.0, 33.0),
    "S2": (20.0, 30.0, 38.0, 30.0),
    "S3": (17.0, 24.0, 30.0, 22.0),
    "S4": (14.0, 18.0, 22.0, 12.0),
}
#: Healthy disc heights (mm) between the endplate rims at mid depth, keyed "upper-lower". The
#: endplates are concave, so the middle of a disc is about ``2 * CONCAVITY`` taller, and the
#: lordotic tilt between neighbours makes the lower lumbar discs taller in front.
DISC_HEIGHTS: dict[str, float] = {
    "T10-T11": 4.5, "T11-T12": 5.0, "T12-L1": 6.0, "L1-L2": 7.0, "L2-L3": 7.8, "L3-L4": 8.3,
    "L4-L5": 9.2, "L5-S1": 8.8, "S1-S2": 2.5, "S2-S3": 2.0, "S3-S4": 1.5,
}
#: Mean depth (mm) of the endplate concavity at the middle of a body.
CONCAVITY = 1.2
#: Anteroposterior size of the bony canal (mm) behind the body, by segment kind.
CANAL_AP = {"thoracic": 17.0, "lumbar": 19.0, "sacral": 12.0}


@dataclass
class Segment:
    """One vertebra: body size, rigid frame, and what is wrong with it (if anything)."""

    name: str
    height: float
    depth: float
    width: float
    theta: float  # radians; positive leans the top forward
    centre: np.ndarray = field(default_factory=lambda: np.zeros(2))  # (y, z)
    #: Fraction of the anterior height lost at the top (compression fracture wedge).
    wedge: float = 0.0
    #: Oedema bands in the marrow: (where, thickness mm), where is "top" or "bottom".
    oedema: list[tuple[str, float]] = field(default_factory=list)
    #: A fracture line under the top endplate (fresh compression fracture).
    fracture_line: bool = False
    #: Extra size of the facets (mm) from degeneration (narrows the lateral recess).
    facet_hypertrophy: float = 0.0
    #: Depth of the endplate concavity (mm) and shape jitter: front waist, corner roundness.
    concavity: float = CONCAVITY
    waist: float = 0.05
    corner: float = 6.0

    @property
    def kind(self) -> str:
        """thoracic, lumbar or sacral."""
        return {"T": "thoracic", "L": "lumbar", "S": "sacral"}[self.name[0]]

    @property
    def up(self) -> np.ndarray:
        """Unit (y, z) vector of the long axis, towards the head."""
        return np.array([-math.sin(self.theta), math.cos(self.theta)])

    @property
    def post(self) -> np.ndarray:
        """Unit (y, z) vector towards the back of the segment."""
        return np.array([math.cos(self.theta), math.sin(self.theta)])

    @property
    def canal_ap(self) -> float:
        """AP size of the bony canal behind this body (mm)."""
        return CANAL_AP[self.kind]

    def local(self, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(u, v): distance towards the back and towards the head from the body centre."""
        dy, dz = y - self.centre[0], z - self.centre[1]
        c, s = math.cos(self.theta), math.sin(self.theta)
        return dy * c + dz * s, -dy * s + dz * c

    def to_patient(self, u: float, v: float) -> np.ndarray:
        """Patient (y, z) of a point given in this segment's frame."""
        return self.centre + u * self.post + v * self.up

    def _dish(self, u: np.ndarray | float) -> np.ndarray:
        """How far a concave endplate dips into the body at depth ``u`` (0 at the rims)."""
        r = 2.0 * np.asarray(u, dtype=float) / self.depth
        return self.concavity * np.clip(1.0 - r**2, 0.0, 1.0)

    def top(self, u: np.ndarray | float) -> np.ndarray | float:
        """Height of the upper endplate above the centre at depth ``u`` (wedge lowers the front)."""
        front = np.clip(0.5 - np.asarray(u) / self.depth, 0.0, 1.0)
        return self.height / 2 - self.wedge * self.height * front - self._dish(u)

    def bottom(self, u: np.ndarray | float) -> np.ndarray | float:
        """Height of the lower endplate (negative: below the centre)."""
        return -self.height / 2 + self._dish(u)


@dataclass
class Disc:
    """The disc between two segments, with its nucleus type and any herniation."""

    upper: Segment
    lower: Segment
    nucleus: str = "healthy_nucleus"
    bulge: float = 1.0  # mm beyond the endplates at mid-height
    #: Herniation: (x offset mm, size mm) of a posterior paracentral protrusion, or None.
    herniation: tuple[float, float] | None = None

    @property
    def name(self) -> str:
        """Level name, e.g. ``L4-L5``."""
        return f"{self.upper.name}-{self.lower.name}"

    @property
    def theta(self) -> float:
        """Tilt of the disc's mid-plane (mean of its neighbours)."""
        return (self.upper.theta + self.lower.theta) / 2

    @property
    def centre(self) -> np.ndarray:
        """(y, z) midpoint between the two endplate centres."""
        top = self.lower.to_patient(0.0, float(self.lower.top(0.0)))
        bottom = self.upper.to_patient(0.0, float(self.upper.bottom(0.0)))
        return (top + bottom) / 2

    @property
    def width(self) -> float:
        """Mean width of the neighbouring bodies (mm)."""
        return (self.upper.width + self.lower.width) / 2

    @property
    def depth(self) -> float:
        """Mean depth of the neighbouring bodies (mm)."""
        return (self.upper.depth + self.lower.depth) / 2

    def local(self, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(u, v) in the disc's frame centred on its middle."""
        c, s = math.cos(self.theta), math.sin(self.theta)
        dy, dz = y - self.centre[0], z - self.centre[1]
        return dy * c + dz * s, -dy * s + dz * c

    def to_patient(self, u: float, v: float) -> np.ndarray:
        """Patient (y, z) of a point in the disc's frame."""
        c, s = math.cos(self.theta), math.sin(self.theta)
        return self.centre + u * np.array([c, s]) + v * np.array([-s, c])


@dataclass
class Spine:
    """The segments (top to bottom) and discs of one case."""

    segments: list[Segment]
    discs: list[Disc]

    def segment(self, name: str) -> Segment:
        """The segment with this name."""
        return next(s for s in self.segments if s.name == name)

    def disc(self, name: str) -> Disc:
        """The disc with this level name, e.g. ``L4-L5``."""
        return next(d for d in self.discs if d.name == name)

    def centreline(self) -> dict[str, np.ndarray]:
        """Samples along the spine by ascending z: z, y, theta, depth, width, ap (canal)."""
        rows = []
        for seg in self.segments:
            rows.append((seg.centre[1], seg.centre[0], seg.theta, seg.depth, seg.width,
                         seg.canal_ap))
        for disc in self.discs:
            ap = (disc.upper.canal_ap + disc.lower.canal_ap) / 2
            rows.append((disc.centre[1], disc.centre[0], disc.theta, disc.depth, disc.width, ap))
        rows.sort()
        cols = [np.array(col) for col in zip(*rows, strict=True)]
        return dict(zip(("z", "y", "theta", "depth", "width", "ap"), cols, strict=True))


def build_spine(disc_heights: dict[str, float] | None = None,
                slips: dict[str, float] | None = None) -> Spine:
    """Stack the segments from S1 up and down, then centre L3 at y = 0, z = 0.

    ``slips`` moves everything above a disc forward by so many mm (anterolisthesis of the
    upper vertebra on the lower, e.g. ``{"L4-L5": 8}``).
    """
    heights = {**DISC_HEIGHTS, **(disc_heights or {})}
    slips = slips or {}
    segments = {
        name: _jittered(Segment(name, h, d, w, math.radians(t)))
        for name, (h, d, w, t) in SEGMENT_SIZES.items()
    }
    names = list(SEGMENT_SIZES)
    s1 = names.index("S1")
    for lower_name, upper_name in zip(names[s1::-1], names[s1 - 1::-1], strict=False):
        lower, upper = segments[lower_name], segments[upper_name]
        level = f"{upper_name}-{lower_name}"
        mid = (lower.theta + upper.theta) / 2
        disc_up = np.array([-math.sin(mid), math.cos(mid)])
        disc_post = np.array([math.cos(mid), math.sin(mid)])
        end = lower.centre + lower.up * lower.height / 2 + disc_up * heights[level]
        end = end - disc_post * slips.get(level, 0.0)
        upper.centre = end + upper.up * upper.height / 2
    for upper_name, lower_name in zip(names[s1:], names[s1 + 1:], strict=False):
        upper, lower = segments[upper_name], segments[lower_name]
        mid = (lower.theta + upper.theta) / 2
        disc_up = np.array([-math.sin(mid), math.cos(mid)])
        end = upper.centre - upper.up * upper.height / 2 - disc_up * heights[
            f"{upper_name}-{lower_name}"]
        lower.centre = end - lower.up * lower.height / 2
    shift = segments["L3"].centre.copy()
    for seg in segments.values():
        seg.centre = seg.centre - shift
    ordered = [segments[n] for n in names]
    discs = [Disc(a, b) for a, b in itertools.pairwise(ordered)]
    return Spine(ordered, discs)


def _jittered(seg: Segment) -> Segment:
    """Give a segment its own small shape differences (fixed per name, so reproducible)."""
    rng = np.random.default_rng(zlib.crc32(seg.name.encode()))
    seg.concavity = CONCAVITY * float(rng.uniform(0.75, 1.25))
    seg.waist = float(rng.uniform(0.03, 0.07))
    seg.corner = float(rng.uniform(5.0, 7.5))
    if seg.kind == "sacral":
        seg.concavity = 0.3
    return seg
