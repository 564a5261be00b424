"""The answer key of a sample study (``truth.json``): where every level, finding and ROI is.

All positions are patient coordinates (LPS, mm) of the same frame of reference as the images.
ROIs are boxes (centre and half sizes) of pure tissue on the middle sagittal slice (x = 0),
used by the tests to measure contrast on the written files.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ilc_viewer.samples.anatomy import Anatomy
from ilc_viewer.samples.cases import CaseSpec
from ilc_viewer.samples.render import AXIAL_BLOCKS
from ilc_viewer.samples.soft_tissue import (
    RECTUS,
    SKIN,
    back_surface,
    fat_back,
    fat_front,
    front_surface,
)
from ilc_viewer.samples.spine import Disc, Segment

LEVELS = ("T11-T12", "T12-L1", "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")
VERTEBRAE = ("T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1")
#: Half size across the slice of every ROI: inside the 4 mm middle slice.
ROI_HALF_X = 1.0


def _point(yz: np.ndarray, x: float = 0.0) -> list[float]:
    return [round(float(x), 2), round(float(yz[0]), 2), round(float(yz[1]), 2)]


def _roi(yz: np.ndarray, half_y: float, half_z: float) -> dict[str, list[float]]:
    return {"center_mm": _point(yz), "half_size_mm": [ROI_HALF_X, half_y, half_z]}


def _nucleus(disc: Disc) -> np.ndarray:
    """Centre of a disc's nucleus (slightly behind the disc centre)."""
    return disc.to_patient(0.05 * disc.depth, 0.0)


def _oedema_centre(seg: Segment, where: str, thickness: float) -> np.ndarray:
    """Middle of an oedema band just inside an endplate, at mid depth."""
    if where == "top":
        return seg.to_patient(0.0, float(seg.top(0.0)) - 1.2 - 0.45 * thickness)
    return seg.to_patient(0.0, float(seg.bottom(0.0)) + 1.2 + 0.45 * thickness)


def _finding(fid: str, kind: str, level: str, centre: list[float], series: list[str],
             phrase: str) -> dict[str, Any]:
    return {"id": fid, "kind": kind, "level": level, "center_mm": centre, "series": series,
            "phrase_id": phrase}


def build_truth(case: CaseSpec, anatomy: Anatomy, study_uid: str, frame_uid: str,
                series_uids: dict[str, str]) -> dict[str, Any]:
    """The truth dictionary of a case (written as ``truth.json``)."""
    spine = anatomy.spine
    seg, disc = spine.segment, spine.disc
    rois: dict[str, Any] = {}
    findings: list[dict[str, Any]] = []
    l2, l3 = seg("L2"), seg("L3")
    # CSF in the front half of the sac behind L2 (the roots lie at the back when supine).
    rois["csf"] = _roi(l2.to_patient(l2.depth / 2 + 4.5, 0.0), 1.6, 6.0)
    t12 = seg("T12")
    rois["cord"] = _roi(t12.to_patient(t12.depth / 2 + t12.canal_ap / 2 - 2.5, 0.0), 1.8, 6.0)
    # Subcutaneous fat of the back at L3 and the rectus muscle at L4/5, from the model's outline.
    z3 = np.array(float(l3.centre[1]))
    fat_b = float(fat_back(np.array(0.0), z3))
    y_fat = float(back_surface(anatomy, np.array(0.0), z3)) - SKIN - fat_b / 2
    rois["subcutaneous_fat"] = _roi(np.array([y_fat, float(z3)]), min(5.0, fat_b / 2 - 3.0), 8.0)
    z45 = np.array(float(disc("L4-L5").centre[1]))
    y_rectus = (float(front_surface(anatomy, np.array(0.0), z45)) + SKIN
                + float(fat_front(np.array(0.0), z45)) + RECTUS / 2)
    rois["muscle"] = _roi(np.array([y_rectus, float(z45)]), 2.5, 8.0)

    if case.key == "case_a":
        healthy, dark = disc("L3-L4"), disc("L4-L5")
        rois["healthy_nucleus"] = _roi(_nucleus(healthy), 4.0, 1.5)
        rois["degenerated_nucleus"] = _roi(_nucleus(dark), 3.0, 0.8)
        l5 = seg("L5")
        rois["oedematous_marrow"] = _roi(_oedema_centre(l5, "top", 9.0), 4.0, 1.2)
        rois["normal_marrow"] = _roi(l2.centre, 6.0, 6.0)
        hx, size = disc("L5-S1").herniation or (0.0, 0.0)
        hern = disc("L5-S1")
        hern_centre = hern.to_patient(hern.depth / 2 + hern.bulge + 0.35 * size, -1.5)
        findings += [
            _finding("A1", "degenerated_disc", "L4-L5", _point(_nucleus(dark)), ["T2"],
                     "dark_disc"),
            _finding("A2", "healthy_disc", "L3-L4", _point(_nucleus(healthy)), ["T2"],
                     "healthy_disc"),
            _finding("A3", "disc_herniation", "L5-S1", _point(hern_centre, hx),
                     ["T2", "T1", "AX_T2"], "herniation_nerve"),
            _finding("A4", "modic_type_1", "L4-L5", rois["oedematous_marrow"]["center_mm"],
                     ["STIR", "T2", "T1"], "marrow_oedema"),
        ]
    else:
        healthy, slipped = disc("L2-L3"), disc("L4-L5")
        rois["healthy_nucleus"] = _roi(_nucleus(healthy), 4.0, 1.5)
        l1 = seg("L1")
        rois["oedematous_marrow"] = _roi(l1.to_patient(0.0, float(l1.top(0.0)) - 7.5), 4.0, 1.0)
        rois["normal_marrow"] = _roi(l3.centre, 6.0, 6.0)
        canal = slipped.to_patient(slipped.depth / 2 + 8.0, 0.0)
        findings += [
            _finding("B1", "spondylolisthesis", "L4-L5", _point(slipped.centre),
                     ["T1", "T2", "STIR"], "spondylolisthesis"),
            _finding("B2", "canal_stenosis", "L4-L5", _point(canal), ["T2", "AX_T2"],
                     "stenosis"),
            _finding("B3", "compression_fracture", "L1", _point(l1.centre), ["T1", "T2"],
                     "compression_fracture"),
            _finding("B4", "fracture_oedema", "L1", rois["oedematous_marrow"]["center_mm"],
                     ["STIR", "T2"], "marrow_oedema"),
            _finding("B5", "degenerated_disc", "L4-L5", _point(_nucleus(slipped)), ["T2"],
                     "dark_disc"),
            _finding("B6", "healthy_disc", "L2-L3", _point(_nucleus(healthy)), ["T2"],
                     "healthy_disc"),
        ]
    return {
        "case": case.key,
        "title": case.title,
        "study_uid": study_uid,
        "frame_of_reference_uid": frame_uid,
        "series": series_uids,
        "levels": {name: _point(disc(name).centre) for name in LEVELS},
        "vertebrae": {name: _point(seg(name).centre) for name in VERTEBRAE},
        "axial_blocks": [{"level": name, "images": count,
                          "tilt_deg": round(math.degrees(disc(name).theta), 2)}
                         for name, count in AXIAL_BLOCKS],
        "findings": findings,
        "rois": rois,
    }
