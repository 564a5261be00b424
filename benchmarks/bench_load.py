"""Load benchmark: our header index and pixel decode against a plain serial pydicom loop.

Builds a study of 1,000 MR files of 512 x 512 (uint16) in a temporary folder, then prints, in
one run:

* header indexing time of ``dicom_index.scan`` / a serial ``dcmread(stop_before_pixels=True)``
  loop (goal <= 1.0),
* full decode time of ``SeriesVolume.preload`` / a serial ``dcmread`` + ``pixel_array`` loop
  (goal <= 1.0),
* peak memory (tracemalloc) while decoding the whole series into the cache, relative to the
  decoded pixel bytes (goal <= 1.3).

Each timing is the best of a few interleaved repetitions after one untimed run of each, so
both sides see the same warm file cache and our worker processes are already started (as the
window starts them ahead; a first scan without them is timed and printed apart).
Usage: ``python benchmarks/bench_load.py [--files N] [--size PIXELS]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
from pydicom import dcmread
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

from ilc_viewer.dicom.index import scan, start_workers
from ilc_viewer.study.pixels import FrameCache, SeriesVolume


def build_study(folder: Path, files: int, size: int) -> None:
    """Write ``files`` sagittal MR slices of ``size`` x ``size`` uint16 pixels."""
    study, series, frame_of_reference = generate_uid(), generate_uid(), generate_uid()
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 4096, size=(size, size), dtype=np.uint16)
    for k in range(files):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = MRImageStorage
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID = MRImageStorage
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.Modality = "MR"
        ds.SeriesNumber, ds.InstanceNumber = 1, k + 1
        ds.SeriesDescription = ds.ProtocolName = "t2_tse_sag"
        ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND"]
        ds.ScanningSequence, ds.SequenceVariant = "SE", ["SK", "SP"]
        ds.RepetitionTime, ds.EchoTime, ds.MagneticFieldStrength = 3500.0, 100.0, 1.5
        ds.FrameOfReferenceUID = frame_of_reference
        ds.ImagePositionPatient = [k * 0.5, -100.0, 100.0]
        ds.ImageOrientationPatient = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]
        ds.PixelSpacing = [0.5, 0.5]
        ds.SliceThickness = 0.5
        ds.WindowCenter, ds.WindowWidth = 2048, 4096
        ds.Rows = ds.Columns = size
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        ds.PixelData = np.roll(pixels, k, axis=0).tobytes()
        ds.save_as(folder / f"IM{k:05d}", enforce_file_format=True)


def best_of(repeats: int, *runs: Callable[[], object]) -> list[float]:
    """Best wall time of each run, repetitions interleaved so caches treat them alike."""
    best = [float("inf")] * len(runs)
    for _ in range(repeats):
        for i, run in enumerate(runs):
            gc.collect()
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def index_modes(folder: Path, repeats: int) -> dict[str, float]:
    """Index time read serially, by a thread pool, and shared with the worker processes."""
    from ilc_viewer.dicom import index as dicom_index

    thresholds = dicom_index.PROCESS_MIN_FILES, dicom_index.RUNNING_POOL_MIN_FILES
    try:
        # Never processes: threads (or serial).
        dicom_index.PROCESS_MIN_FILES = dicom_index.RUNNING_POOL_MIN_FILES = 1 << 30
        serial, threads = best_of(
            repeats, lambda: scan(folder, workers=1), lambda: scan(folder, workers=4)
        )
    finally:
        dicom_index.PROCESS_MIN_FILES, dicom_index.RUNNING_POOL_MIN_FILES = thresholds
    (processes,) = best_of(repeats, lambda: scan(folder, workers=os.cpu_count() or 2))
    return {
        "serial": serial,
        "4 threads": threads,
        f"here + {os.cpu_count()} processes": processes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="reader threads")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ilc-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        build_study(folder, args.files, args.size)
        print(
            f"built {args.files} files of {args.size}x{args.size} in "
            f"{time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs"
        )
        paths = sorted(folder.iterdir())

        def plain_headers() -> None:
            for p in paths:
                dcmread(p, stop_before_pixels=True)

        def our_index() -> None:
            scan(folder, workers=args.workers)

        def plain_decode() -> None:
            for p in paths:
                dcmread(p).pixel_array  # noqa: B018 - the decode is the point

        # A first scan reads in this process (starting the workers would cost more than
        # it saves); the window starts them ahead for later scans. Time both apart, then
        # warm both sides once more so every timed run sees warm caches and workers.
        start = time.perf_counter()
        index = scan(folder, workers=args.workers)
        first_scan = time.perf_counter() - start
        start = time.perf_counter()
        start_workers(args.workers, wait=True)
        workers_start = time.perf_counter() - start
        plain_headers()
        our_index()
        series = index.all_series()[0]
        assert len(series.images) == args.files, "the benchmark study did not load whole"

        def our_decode() -> None:
            errors = SeriesVolume(series, FrameCache()).preload(workers=args.workers)
            assert not errors, errors

        plain_h, ours_h = best_of(args.repeats, plain_headers, our_index)
        modes = index_modes(folder, args.repeats)
        plain_d, ours_d = best_of(args.repeats, plain_decode, our_decode)

        decoded_bytes = args.files * args.size * args.size * 2
        gc.collect()
        tracemalloc.start()
        volume = SeriesVolume(series, FrameCache())
        volume.preload(workers=args.workers)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del volume

    per_file = 1e6 / args.files
    print(
        f"header index : ours {ours_h:6.3f} s, plain loop {plain_h:6.3f} s, "
        f"ratio {ours_h / plain_h:5.2f}x (goal <= 1.0); per file ours "
        f"{ours_h * per_file:.0f} us, plain {plain_h * per_file:.0f} us"
    )
    print(
        "  index by mode: "
        + ", ".join(f"{k} {v:.3f} s ({v * per_file:.0f} us/file)" for k, v in modes.items())
    )
    print(
        f"  first scan of the run (workers not started): {first_scan:.3f} s; "
        f"starting {os.cpu_count()} workers: {workers_start:.3f} s"
    )
    print(
        f"full decode  : ours {ours_d:6.3f} s, plain loop {plain_d:6.3f} s, "
        f"ratio {ours_d / plain_d:5.2f}x (goal <= 1.0)"
    )
    print(
        f"peak memory  : {peak / 2**20:7.1f} MiB for {decoded_bytes / 2**20:.1f} MiB of pixels, "
        f"ratio {peak / decoded_bytes:5.2f}x (goal <= 1.3)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
