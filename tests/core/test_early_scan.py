"""The scan started before the window's modules load hands over the same index."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ilc_viewer.dicom.index import ScanCancelled, scan
from ilc_viewer.errors import StudyLoadError
from ilc_viewer.open_study.early_scan import EarlyScan, start_early_scan
from tests.core.test_export_support import write_study


def test_the_early_scan_gives_the_index_a_scan_gives(tmp_path: Path) -> None:
    write_study(tmp_path)
    early = EarlyScan(tmp_path)
    seen: list[tuple[int, int]] = []
    index = early.wait(lambda done, total: seen.append((done, total)))
    direct = scan(tmp_path)
    assert [s.key for s in index.all_series()] == [s.key for s in direct.all_series()]
    assert index.image_count == direct.image_count
    assert early.is_for(str(tmp_path)) and not early.is_for(tmp_path / "other")


def test_its_error_reaches_whoever_waits(tmp_path: Path) -> None:
    early = EarlyScan(tmp_path / "missing")
    with pytest.raises(StudyLoadError):
        early.wait()
    assert start_early_scan(tmp_path / "missing") is None  # nothing to start


def test_waiting_with_a_set_cancel_event_stops_it(tmp_path: Path) -> None:
    write_study(tmp_path)
    stop = threading.Event()
    stop.set()
    early = EarlyScan(tmp_path)
    try:
        early.wait(cancel=stop)
    except ScanCancelled:
        assert early.cancelled.is_set()
    else:  # the scan may finish before the cancel is seen; it was asked to stop all the same
        assert early.cancelled.is_set()
