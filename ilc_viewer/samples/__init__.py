"""The bundled sample studies: a physically simulated lumbar spine MRI (T1, T2, STIR, axial T2).

The axial T2 is acquired as real lumbar protocols are: blocks of 3-4 images, each angled along
one disc from L2/3 to L5/S1, numbered in acquisition order and written under shuffled names.

``generate(outdir)`` writes ``case_a`` and ``case_b`` into ``outdir``: one folder per series of
MR Image Storage files, plus ``truth.json`` (where the levels, findings and test ROIs are).
Run it as ``python -m ilc_viewer.samples OUTDIR``. The same inputs always give byte-identical
files (fixed UIDs, fixed noise seeds).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ilc_viewer.samples.cases import CASES, CaseSpec, build_anatomy
from ilc_viewer.samples.dicom_writer import StudyUids, series_uid, write_blocks, write_series
from ilc_viewer.samples.render import (
    AXIAL_ACQUISITION,
    auto_window,
    axial_blocks,
    label_volume,
    render,
    sagittal_stack,
)
from ilc_viewer.samples.truth import build_truth

__all__ = ["CASES", "generate", "generate_case"]


def generate_case(case: CaseSpec, outdir: Path) -> Path:
    """Simulate and write one case into ``outdir/<case.key>``; return that folder."""
    folder = Path(outdir) / case.key
    folder.mkdir(parents=True, exist_ok=True)
    anatomy = build_anatomy(case)
    sagittal, blocks = sagittal_stack(anatomy), axial_blocks(anatomy)
    sagittal_labels = label_volume(anatomy, sagittal)
    block_labels = [label_volume(anatomy, block) for block in blocks]
    for number, protocol in enumerate(case.protocols, start=1):
        target = folder / f"{number:02d}_{protocol.description}"
        if protocol.key.startswith("AX"):
            images = [render(anatomy, block, labels, protocol, (case.seed + number) * 10 + b)
                      for b, (block, labels) in enumerate(zip(blocks, block_labels, strict=True))]
            stacked = np.concatenate(images)
            window = auto_window(stacked[stacked.shape[0] // 2])
            write_blocks(target, case, protocol, blocks, number, images, window,
                         AXIAL_ACQUISITION)
            continue
        images = render(anatomy, sagittal, sagittal_labels, protocol, case.seed + number)
        window = auto_window(images[images.shape[0] // 2])
        write_series(target, case, protocol, sagittal, number, images, window)
    uids = StudyUids.for_case(case)
    truth = build_truth(case, anatomy, uids.study, uids.frame_of_reference,
                        {p.key: series_uid(case, p) for p in case.protocols})
    (folder / "truth.json").write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    return folder


def generate(outdir: Path, cases: Iterable[str] | None = None) -> list[Path]:
    """Write the named cases (default: all) into ``outdir``; return their folders."""
    keys = list(cases) if cases is not None else list(CASES)
    return [generate_case(CASES[key], Path(outdir)) for key in keys]
