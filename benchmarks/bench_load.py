"""Load benchmark: header indexing and pixel decoding against a plain pydicom loop and GDCM.

Builds two trees in a temporary folder and measures both in one run:

* **real-like**: files as scanners write them (``tests/vendor_headers.py``: Siemens CSA
  headers past the first read, Philips private sequences of undefined length, GE implicit
  VR, Hitachi functional groups on classic images with ISO 2022 Japanese names, IR 13 and
  UTF-8 names), in series of 20 with shuffled file names;
* **synthetic**: one series of short, tidy headers (our own generator's kind).

For each tree it prints the median CPU time (``time.process_time``, this process and its
threads) and wall time of

* our index, read serially in this process (``scan(workers=1)``): the figure to compare,
* a plain ``dcmread(stop_before_pixels=True)`` loop (the peer; goal: ours <= 0.5x CPU),
* GDCM's ``Scanner`` (python-gdcm, when installed) reading the same top-level tags as
  strings; our index also builds records, groups and sorts series (goal: ours faster),

then the decode of one whole series by ``SeriesVolume.preload`` (1, 2 and 4 threads) against a
plain ``dcmread(...).pixel_array`` loop (goal <= 1.0x). Runs are interleaved, repeated, and
the median taken; one untimed run of each first warms the file cache.
Usage: ``python benchmarks/bench_load.py [--files N] [--size PIXELS] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from pydicom import dcmread
from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ilc_viewer.dicom import headers  # noqa: E402
from ilc_viewer.dicom.index import scan  # noqa: E402
from ilc_viewer.study.pixels import FrameCache, SeriesVolume  # noqa: E402
from tests.vendor_headers import FAST_VENDORS, write_tree  # noqa: E402


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


def top_level_tags() -> list[int]:
    """The top-level (non-sequence) tags our header reader asks for, for GDCM to read too."""
    source = Path(headers.__file__).read_text()
    tags = []
    for keyword in sorted(set(re.findall(r'"([A-Z][A-Za-z]+)"', source))):
        tag = tag_for_keyword(keyword)
        if tag is None or dictionary_VR(tag) == "SQ" or tag >> 16 == 2:
            continue
        tags.append(int(tag))
    return tags


def gdcm_scanner(paths: list[str], tags: list[int]) -> Callable[[], object] | None:
    """GDCM's Scanner over ``paths`` reading ``tags`` and every value as a string."""
    try:
        import gdcm
    except ImportError:
        return None
    gdcm.Trace.WarningOff()

    def run() -> object:
        scanner = gdcm.Scanner()
        gdcm_tags = [gdcm.Tag(t >> 16, t & 0xFFFF) for t in tags]
        for tag in gdcm_tags:
            scanner.AddTag(tag)
        scanner.Scan(paths)
        return [[scanner.GetValue(p, t) for t in gdcm_tags] for p in paths]

    return run


def measure(repeats: int, runs: dict[str, Callable[[], object]]) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) seconds of each run; repetitions interleaved after one warm-up."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for rep in range(repeats + 1):
        for name, run in runs.items():
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            run()
            if rep:
                times[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    return {
        name: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v))
        for name, v in times.items()
    }


def report(title: str, files: int, results: dict[str, tuple[float, float]], peer: str) -> None:
    base_cpu, base_wall = results[peer]
    print(f"{title} ({files} files), median CPU / wall, ratio to {peer}:")
    for name, (cpu, wall) in results.items():
        print(
            f"  {name:<28} CPU {cpu:7.3f} s ({cpu / files * 1e6:5.0f} us/file) "
            f"wall {wall:7.3f} s   CPU {cpu / base_cpu:5.2f}x  wall {wall / base_wall:5.2f}x"
        )


def bench_tree(title: str, folder: Path, repeats: int) -> None:
    paths = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    runs: dict[str, Callable[[], object]] = {
        "plain pydicom loop": lambda: [dcmread(p, stop_before_pixels=True) for p in paths],
        "ours (index, serial)": lambda: scan(folder, workers=1),
    }
    gdcm_run = gdcm_scanner(paths, top_level_tags())
    if gdcm_run is not None:
        runs["GDCM Scanner (same tags)"] = gdcm_run
    else:
        print("  (python-gdcm not installed: no GDCM figure)")
    report(f"header index, {title}", len(paths), measure(repeats, runs), "plain pydicom loop")
    index = scan(folder, workers=1)
    series = max(index.all_series(), key=lambda s: len(s.images))
    files = [str(im.source.path) for im in series.images]

    def ours(workers: int) -> Callable[[], object]:
        def run() -> None:
            errors = SeriesVolume(series, FrameCache()).preload(workers=workers)
            assert not errors, errors

        return run

    runs = {
        "plain pydicom loop": lambda: [dcmread(p).pixel_array for p in files],
        "ours (preload, 1 thread)": ours(1),
        "ours (preload, 2 threads)": ours(2),
        "ours (preload, 4 threads)": ours(4),
    }
    report(f"decode one series, {title}", len(files), measure(repeats, runs), "plain pydicom loop")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1200, help="files in each tree")
    parser.add_argument("--size", type=int, default=256, help="image rows and columns")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="ilc-bench-") as tmp:
        real, synthetic = Path(tmp) / "real", Path(tmp) / "synthetic"
        synthetic.mkdir()
        start = time.perf_counter()
        write_tree(real, args.files, FAST_VENDORS, size=args.size)
        build_study(synthetic, args.files, args.size)
        print(
            f"built 2 x {args.files} files of {args.size}x{args.size} in "
            f"{time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs"
        )
        bench_tree("real-like tree", real, args.repeats)
        bench_tree("synthetic tree", synthetic, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
