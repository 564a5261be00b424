"""Lumbar MRI studies as clinic scanners write them, for the tests.

A real lumbar protocol: sagittal T1, T2 and STIR (11 images each), then axial T2 and T1
acquired in **blocks** of 3-4 images, each block angled along one disc (L2/3 to L5/S1), with
gaps between the blocks and a different number of images per block. Scanners number images
in the order they acquire them, which need not be head to foot: a block from the other end
may come first, and inside a block the images may run either way. CDs name files with no
regard to geometry, so the files are written under shuffled names.

The disc centres and tilts are those of the bundled phantom (:mod:`ilc_viewer.samples`):
a tilt of ``theta`` degrees turns a disc's upward normal ``(0, -sin, cos)`` forward, as
lordosis does at the lower lumbar levels.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydicom.uid import generate_uid

from ilc_viewer.study.model import ImageRef, ImageSource
from tests.core.dicom_factory import mr_dataset, write

#: Mid-sagittal (y, z) centres (mm) and tilts (degrees) of the discs.
DISCS: dict[str, tuple[tuple[float, float], float]] = {
    "L1/2": ((-2.3, 52.3), -1.0),
    "L2/3": ((-1.6, 17.2), 3.5),
    "L3/4": ((2.2, -17.5), 9.5),
    "L4/5": ((9.7, -50.3), 17.5),
    "L5/S1": ((22.2, -80.9), 27.5),
}
#: Mid-sagittal (y, z) centres of the vertebral bodies.
VERTEBRAE: dict[str, tuple[float, float]] = {
    "L1": (-1.6, 68.7), "L2": (-2.1, 35.0), "L3": (0.0, 0.0), "L4": (5.9, -35.0),
    "L5": (15.4, -65.9), "S1": (30.0, -95.0),
}
SAGITTAL_ORIENTATION = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)


@dataclass(frozen=True)
class Block:
    """One block of parallel axial images along a disc."""

    disc: str
    count: int
    step: float = 4.0  # mm between images
    #: Where the scanner starts inside the block: "head" or "feet".
    numbered_from: str = "head"

    @property
    def tilt(self) -> float:
        """Tilt in radians."""
        return math.radians(DISCS[self.disc][1])

    @property
    def orientation(self) -> tuple[float, ...]:
        """Rows to the patient's left, columns to the back tilted along the disc."""
        c, s = math.cos(self.tilt), math.sin(self.tilt)
        return (1.0, 0.0, 0.0, 0.0, c, s)

    @property
    def normal(self) -> np.ndarray:
        """Unit normal ``cross(row, col)``: the disc's upward direction."""
        return np.array([0.0, -math.sin(self.tilt), math.cos(self.tilt)])


#: The usual protocol: 3-4 images per disc from L2/3 to L5/S1, counts differing per block.
DEFAULT_BLOCKS = (Block("L2/3", 3), Block("L3/4", 4), Block("L4/5", 3), Block("L5/S1", 4))


@dataclass
class AxialTruth:
    """What a correct reader must find in an axial series built here."""

    #: Image k in head-to-foot order: (block index in DEFAULT order, position in block).
    order: list[tuple[int, int]] = field(default_factory=list)
    #: Images as built, in head-to-foot order.
    images: list[ImageRef] = field(default_factory=list)
    blocks: tuple[Block, ...] = ()


def axial_images(blocks: Sequence[Block] = DEFAULT_BLOCKS, *, acquisition_order: Sequence[int]
                 | None = None, rows: int = 48, columns: int = 40,
                 pixel_spacing: tuple[float, float] = (4.5, 5.0), seed: int = 0,
                 source: str = "/cd") -> AxialTruth:
    """ImageRefs of an angled-block axial series (no files), shuffled, with the truth.

    ``acquisition_order`` gives the order the blocks were acquired in (instance numbers
    follow it); ``None`` = the last block (L5/S1) first, then from the top.
    """
    order = list(acquisition_order) if acquisition_order is not None else [
        len(blocks) - 1, *range(len(blocks) - 1)]
    truth = AxialTruth(blocks=tuple(blocks))
    by_acquisition: dict[tuple[int, int], ImageRef] = {}
    for b, block in enumerate(blocks):
        (y, z), _ = DISCS[block.disc]
        orientation = block.orientation
        row, col = np.array(orientation[:3]), np.array(orientation[3:])
        for j in range(block.count):
            offset = ((block.count - 1) / 2 - j) * block.step  # j = 0 is the highest
            centre = np.array([0.0, y, z]) + 22.0 * col + offset * block.normal
            position = (centre - (columns - 1) / 2 * pixel_spacing[1] * row
                        - (rows - 1) / 2 * pixel_spacing[0] * col)
            image = ImageRef(
                source=ImageSource(path=Path(f"{source}/{b}_{j}.dcm")),
                sop_instance_uid=f"1.2.826.0.1.3680043.9.{seed}.{b}.{j}",
                rows=rows, columns=columns,
                position=tuple(float(v) for v in position),  # type: ignore[arg-type]
                orientation=orientation,  # type: ignore[arg-type]
                pixel_spacing=pixel_spacing, slice_thickness=3.5, acquisition_number=1,
            )
            truth.order.append((b, j))
            truth.images.append(image)
            by_acquisition[(b, j)] = image
    number = 1
    for b in order:
        block = blocks[b]
        inside = range(block.count) if block.numbered_from == "head" else reversed(
            range(block.count))
        for j in inside:
            by_acquisition[(b, j)].instance_number = number
            number += 1
    return truth


def shuffled(images: Sequence[ImageRef], seed: int = 0) -> list[ImageRef]:
    """The images in a random (seeded) order, as files come off a CD."""
    out = list(images)
    random.Random(seed).shuffle(out)
    return out


@dataclass
class LumbarStudy:
    """A written study and what a reader must find in it."""

    folder: Path
    study_uid: str
    series_uids: dict[str, str]
    axial: AxialTruth


SERIES = {  # key: (number, description, TR, TE, TI, plane)
    "T1": (1, "t1_tse_sag", 550.0, 11.0, None, "sagittal"),
    "T2": (2, "t2_tse_sag", 3500.0, 98.0, None, "sagittal"),
    "STIR": (3, "t2_tirm_sag", 4000.0, 45.0, 150.0, "sagittal"),
    "AX_T2": (4, "t2_tse_tra", 4000.0, 98.0, None, "axial"),
    "AX_T1": (5, "t1_tse_tra", 600.0, 12.0, None, "axial"),
}


def write_lumbar_study(folder: Path, *, blocks: Sequence[Block] = DEFAULT_BLOCKS,
                       acquisition_order: Sequence[int] | None = None, seed: int = 0,
                       keys: Sequence[str] = tuple(SERIES), sagittal_count: int = 11,
                       contrast_agent: str = "off", study_uid: str | None = None,
                       patient: tuple[str, str] = ("Test^Phantom", "PHANTOM-1"),
                       sex: str = "", age: str = "", accession: str = "") -> LumbarStudy:
    """Write a lumbar study (files under shuffled names in one folder) and return its truth."""
    study_uid = study_uid or generate_uid()
    rng = random.Random(seed)
    uids = {key: generate_uid() for key in keys}
    axial = axial_images(blocks, acquisition_order=acquisition_order, seed=seed)
    for key in keys:
        number, description, tr, te, ti, plane = SERIES[key]
        images = _sagittal_images(sagittal_count) if plane == "sagittal" else axial.images
        for image in images:
            ds = mr_dataset(study_uid=study_uid, series_uid=uids[key],
                            instance=image.instance_number or 1, rows=image.rows,
                            columns=image.columns, position=image.position,
                            orientation=image.orientation, pixel_spacing=image.pixel_spacing,
                            series_number=number, description=description)
            ds.RepetitionTime, ds.EchoTime = tr, te
            if ti is not None:
                ds.ScanningSequence = ["SE", "IR"]
                ds.InversionTime = ti
            ds.ContrastBolusAgent = contrast_agent
            ds.ContrastBolusVolume = 0
            ds.PatientName, ds.PatientID = patient
            ds.PatientSex, ds.PatientAge, ds.AccessionNumber = sex, age, accession
            write(ds, folder / f"{rng.getrandbits(40):010X}")
    return LumbarStudy(folder, study_uid, uids, axial)


def _sagittal_images(count: int, step: float = 4.0) -> list[ImageRef]:
    """A sagittal stack centred on the midline, 300 mm square, numbered right to left."""
    rows = columns = 32
    spacing = 300.0 / rows
    images = []
    for k in range(count):
        x = ((count - 1) / 2 - k) * step
        position = (x, -150.0 + spacing / 2, 150.0 - spacing / 2)
        images.append(ImageRef(
            source=ImageSource(path=Path(f"/cd/sag{k}")), sop_instance_uid=f"sag.{k}",
            rows=rows, columns=columns, instance_number=k + 1, position=position,
            orientation=SAGITTAL_ORIENTATION,  # type: ignore[arg-type]
            pixel_spacing=(spacing, spacing)))
    return images


def head_to_foot(truth: AxialTruth) -> list[tuple[int, int]]:
    """The (block, position) order a correct reader shows: blocks top down, each top down."""
    return sorted(truth.order)
