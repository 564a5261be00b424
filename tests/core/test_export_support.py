"""Builders for the export tests: a small T1 / T2 / STIR study with stamped pixels.

Each series carries an asymmetric stamp (an "L" whose foot points to the right, at a place
that differs per sequence), so a test can find every panel in the output and tell whether
left and right were swapped. Patient data is set per test (e.g. a Japanese name in a
Japanese character set) to prove that exports leave it out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.uid import generate_uid

from tests.core.dicom_factory import SAGITTAL, mr_dataset, write

ROWS, COLUMNS = 48, 64
BACKGROUND, STAMP = 300, 900
#: (TR, TE, TI, scanning sequence, description) per sequence.
PROTOCOLS = {
    "T1": (500.0, 10.0, None, "SE", "t1_tse_sag"),
    "T2": (3500.0, 100.0, None, "SE", "t2_tse_sag"),
    "STIR": (4000.0, 40.0, 150.0, "IR", "stir_sag"),
}
#: Left column of each sequence's stamp: panels are told apart by where it sits.
STAMP_COLUMN = {"T1": 12, "T2": 20, "STIR": 26}
#: Rows of the stamp: clear of the orientation letters at the edges.
STAMP_ROWS = (14, 26)
JAPANESE_NAME = "ヤマダ^タロウ=山田^太郎"
NAME_PIECES = ("ヤマダ", "タロウ", "山田", "太郎")


def stamped(sequence: str, slice_number: int, rows: int = ROWS, columns: int = COLUMNS
            ) -> np.ndarray:
    """Background with an "L" stamp: a bar down, then a foot to the right (not symmetric)."""
    pixels = np.full((rows, columns), BACKGROUND, dtype=np.uint16)
    left = STAMP_COLUMN[sequence]
    top, bottom = STAMP_ROWS
    pixels[top:bottom, left:left + 3] = STAMP  # the upright
    pixels[bottom - 3:bottom, left:left + 8] = STAMP  # the foot, towards higher columns
    pixels[2 + slice_number % 5, 2] = STAMP + 50  # tells slices apart
    return pixels


def write_study(folder: Path, *, name: str = "Test^Phantom", patient_id: str = "PHANTOM-1",
                birth_date: str = "19700101", accession: str = "", charset: object = None,
                sequences: tuple[str, ...] = ("T1", "T2", "STIR"), count: int = 5,
                spacing: float = 4.0, study_uid: str | None = None,
                sizes: dict[str, tuple[int, int]] | None = None,
                pixel_spacing: tuple[float, float] = (1.0, 1.0)) -> str:
    """Write a sagittal study (one folder per series); returns its Study Instance UID."""
    study_uid = study_uid or generate_uid()
    normal = np.cross(SAGITTAL[:3], SAGITTAL[3:])
    for number, sequence in enumerate(sequences, start=1):
        tr, te, ti, scanning, description = PROTOCOLS[sequence]
        rows, columns = (sizes or {}).get(sequence, (ROWS, COLUMNS))
        series_uid = generate_uid()
        for k in range(count):
            position = np.array([-20.0, -30.0, 40.0]) + k * spacing * normal
            ds = mr_dataset(study_uid=study_uid, series_uid=series_uid, instance=k + 1,
                            position=tuple(position), orientation=SAGITTAL,
                            pixel_spacing=pixel_spacing, series_number=number,
                            description=description,
                            pixels=stamped(sequence, k, rows, columns))
            ds.RepetitionTime, ds.EchoTime, ds.ScanningSequence = tr, te, scanning
            if ti is not None:
                ds.InversionTime = ti
                ds.SequenceVariant = ["SK", "SP", "MP"]
            ds.WindowCenter, ds.WindowWidth = (BACKGROUND + STAMP) / 2, STAMP - BACKGROUND
            if charset is not None:
                ds.SpecificCharacterSet = charset
            ds.PatientName = name
            ds.PatientID = patient_id
            ds.PatientBirthDate = birth_date
            if accession:
                ds.AccessionNumber = accession
            write(ds, folder / f"{number:02d}_{sequence}" / f"IM{k + 1:04d}")
    return study_uid
