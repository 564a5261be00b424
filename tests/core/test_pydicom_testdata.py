"""pydicom's own test files (only those installed locally; nothing is downloaded)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from pydicom.data import get_testdata_files

from ilc_viewer.dicom.index import scan
from ilc_viewer.study.pixels import FrameCache, SeriesVolume

FILES = sorted(p for p in get_testdata_files() if os.path.isfile(p))
ROOT = Path(os.path.commonpath(FILES)) if FILES else None

pytestmark = pytest.mark.skipif(not FILES, reason="pydicom test files are not installed")


@pytest.fixture(scope="module")
def index():
    return scan(ROOT)


def test_every_file_is_an_image_or_skipped_with_a_reason(index) -> None:
    image_files = {im.source.display_name for s in index.all_series() for im in s.images}
    skipped = {s.path: s.reason for s in index.skipped}
    for path in FILES:
        assert path in image_files or path in skipped, f"{path} was lost"
        if path in skipped:
            assert skipped[path].strip(), f"{path} skipped without a reason"
    assert image_files.isdisjoint(skipped)
    # Not everything may be skipped: the MR, CT and NM images there must load.
    assert {"MR", "CT", "NM"} <= {s.modality for s in index.all_series()}


def test_multi_file_series_sort_along_the_slice_normal(index) -> None:
    stacks = [s for s in index.all_series() if len(s.images) > 1 and s.geometry is not None]
    assert stacks, "expected multi-image series with positions in pydicom's test data"
    for series in stacks:
        d = [float(np.dot(im.position, series.geometry.normal)) for im in series.images]
        assert d == sorted(d), series.key


def test_mixed_orientation_mr_series_are_split(index) -> None:
    # dicomdirtests/98892003/MR2: two series UIDs of three scout images in three planes each.
    parts: dict[str, set[str]] = {}
    for s in index.all_series():
        if s.images[0].source.path.parent.name == "MR2":
            parts.setdefault(s.series_uid, set()).add(s.plane)
    split = {uid: planes for uid, planes in parts.items() if len(planes) > 1}
    assert len(split) == 2
    assert all(planes == {"sagittal", "coronal", "axial"} for planes in split.values())


def test_image_series_decode_or_name_their_transfer_syntax(index) -> None:
    failures = {}
    decoded = 0
    for series in index.all_series():
        volume = SeriesVolume(series, FrameCache(16 << 20))
        volume.preload(workers=1)
        decoded += len(series.images) - len(volume.decode_errors())
        failures.update(
            {series.images[k].display_name: m for k, m in volume.decode_errors().items()}
        )
    assert decoded > 30
    for name, message in failures.items():
        assert "cannot decode pixels (" in message and name in message
