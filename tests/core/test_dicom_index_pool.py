"""The worker-process pool: results equal the serial reading, and a broken pool is replaced."""

from __future__ import annotations

import os
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from ilc_viewer.dicom import header_workers
from ilc_viewer.dicom import index as dicom_index
from ilc_viewer.dicom.headers import read_header
from ilc_viewer.dicom.index import ScanCancelled, scan
from ilc_viewer.study.model import ImageSource
from tests.core.dicom_factory import write_series


def test_scan_recovers_from_a_broken_worker_pool(tmp_path: Path, monkeypatch) -> None:
    write_series(tmp_path, 8)
    monkeypatch.setattr(dicom_index, "PROCESS_MIN_FILES", 4)
    pool = header_workers._process_pool(2)
    with pytest.raises(BrokenProcessPool):
        pool.submit(os._exit, 1).result(timeout=60)  # a worker dies, as on out of memory
    index = scan(tmp_path, workers=2)
    assert len(index.all_series()[0].images) == 8
    assert header_workers._process_pool(2) is not pool
    again = scan(tmp_path, workers=2)
    assert again.all_series()[0].images == index.all_series()[0].images


def test_shared_values_in_a_batch_keep_every_record_equal(tmp_path: Path) -> None:
    paths = write_series(tmp_path, 6)
    sources = [ImageSource(p) for p in paths]
    with_sharing = header_workers.read_batch(sources)
    plain = [(s, read_header(s)) for s in sources]
    assert with_sharing == plain
    params = {id(record.params) for _, record in with_sharing}
    assert len(params) == 1  # one object for the series' acquisition values


def test_workers_start_only_for_big_folders_or_when_asked(tmp_path: Path, monkeypatch) -> None:
    write_series(tmp_path, 10)
    monkeypatch.setattr(dicom_index, "RUNNING_POOL_MIN_FILES", 4)
    monkeypatch.setattr(dicom_index, "PROCESS_MIN_FILES", 1000)
    shared: list[int] = []
    real = dicom_index._read_in_processes

    def spy(sources, workers, cancel):
        shared.append(len(sources))
        return real(sources, workers, cancel)

    monkeypatch.setattr(dicom_index, "_read_in_processes", spy)
    header_workers._discard_pool()
    alone = scan(tmp_path)
    assert shared == [] and not header_workers.pool_running(2)  # read here, nothing started
    header_workers.start_workers(2, wait=True)
    assert header_workers.pool_running(2)
    together = scan(tmp_path, workers=2)
    assert shared == [10]
    assert together.all_series()[0].images == alone.all_series()[0].images
    assert together.skipped == alone.skipped


def test_cancel_stops_a_scan_shared_with_workers(tmp_path: Path, monkeypatch) -> None:
    write_series(tmp_path, 40)
    monkeypatch.setattr(dicom_index, "PROCESS_MIN_FILES", 4)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 3:
            cancel.set()

    with pytest.raises(ScanCancelled):
        scan(tmp_path, progress=progress, workers=2, cancel=cancel)
    assert max(seen) < 40
    assert len(scan(tmp_path, workers=2).all_series()[0].images) == 40  # the pool still works
