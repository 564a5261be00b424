"""Decoders per transfer syntax: speed (CPU per frame) and safety on damaged streams.

For each compressed syntax the viewer reads (JPEG Lossless, JPEG Extended, JPEG-LS,
JPEG 2000, RLE) it times every decoder pydicom can use for it (pylibjpeg's libjpeg,
openjpeg and rle; pyjpegls's CharLS; GDCM; pydicom's own RLE) on the fuzzer's seeds
(``tests/fuzz/seeds``: slices of the sample study, 256 x 256 at 12 bits), interleaved,
repeated, median of ``time.process_time``; and the viewer's own decode (``decode_image``: the
decoder chosen for that syntax plus the damage checks of issue 18).

``--safety N`` also decodes N damaged copies per syntax (the fuzzer's fragment damage) with
each decoder, each decoder in a child process that is restarted when it dies, and counts
what the decoder did: **refused** (an exception: the damage is found), **wrong** (a picture
that differs from the undamaged one, without a word), **same** (the damage did not change
the picture) and **crashed** (the process died: abort, segfault). The viewer's column shows
the same with its checks.

``--tree N`` decodes a tree of N compressed files (copies of one seed per syntax) with the
viewer (``SeriesVolume.preload``, one thread) against a plain pydicom loop with the same
decoder: the 1,000-file compressed decode figure.

Usage: ``python benchmarks/bench_decoders.py [--repeats R] [--safety N] [--tree N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "tests" / "fuzz" / "seeds"
#: syntax -> (seed file, decoders pydicom can use for it)
SYNTAXES: dict[str, tuple[str, list[str]]] = {
    "JPEG Lossless SV1": ("sample_t2_jpeg_lossless_sv1.dcm", ["pylibjpeg", "gdcm"]),
    "JPEG Lossless P14": ("sample_stir_jpeg_lossless_sv6.dcm", ["pylibjpeg", "gdcm"]),
    "JPEG Extended": ("sample_t1_jpeg_extended.dcm", ["pylibjpeg", "gdcm", "pillow"]),
    "JPEG-LS lossless": ("sample_t2_jpeg_ls_lossless.dcm", ["pylibjpeg", "pyjpegls", "gdcm"]),
    "JPEG 2000 lossless": ("sample_t2_axial_j2k_lossless.dcm", ["pylibjpeg", "gdcm"]),
    "RLE lossless": ("sample_t1_rle.dcm", ["pylibjpeg", "pydicom", "gdcm"]),
}
VIEWER = "viewer (checked)"


def _works(plugin: str, path: Path) -> bool:
    """Installed, and decodes the undamaged seed."""
    if not _available(plugin):
        return False
    try:
        _decode_with(path, plugin)
    except Exception:
        return False
    return True


def _available(plugin: str) -> bool:
    try:
        if plugin == "gdcm":
            import gdcm  # noqa: F401
        elif plugin == "pyjpegls":
            import jpeg_ls  # noqa: F401
        elif plugin == "pillow":
            import PIL  # noqa: F401
    except ImportError:
        return False
    return True


def _decode_with(path: Path, plugin: str):
    from pydicom.pixels import pixel_array

    if plugin == VIEWER:
        from ilc_viewer.dicom.index import scan

        (series,) = scan(path.parent, workers=1).all_series()
        from ilc_viewer.study.pixels import decode_image

        return decode_image(series.images[0])
    return pixel_array(path, decoding_plugin=plugin)


def speed(repeats: int) -> dict[str, dict[str, float]]:
    """syntax -> decoder -> median CPU ms per frame."""
    from ilc_viewer.dicom.index import scan
    from ilc_viewer.study.pixels import decode_image

    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for syntax, (seed, plugins) in SYNTAXES.items():
            folder = Path(tmp) / seed
            folder.mkdir()
            path = folder / seed
            shutil.copy(SEEDS / seed, path)
            (series,) = scan(folder, workers=1).all_series()
            image = series.images[0]
            runs: dict[str, list[float]] = {}
            jobs = {p: (lambda p=p, path=path: _decode_with(path, p))
                    for p in plugins if _works(p, path)}
            jobs[VIEWER] = lambda image=image: decode_image(image)
            for job in jobs.values():
                job()  # warm: imports, file cache
            for _ in range(repeats):
                for name, job in jobs.items():
                    start = time.process_time()
                    for _ in range(10):
                        job()
                    runs.setdefault(name, []).append((time.process_time() - start) * 100)
            out[syntax] = {name: statistics.median(times) for name, times in runs.items()}
    return out


# ----- safety: damaged streams decoded in child processes --------------------------------
_CHILD = r"""
import json, sys, warnings, os
warnings.simplefilter("ignore")
os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
sys.path.insert(0, sys.argv[1])
import numpy as np
from benchmarks.bench_decoders import _decode_with
from pathlib import Path
plugin = sys.argv[2]
original = np.asarray(_decode_with(Path(sys.argv[3]), plugin))
for line in sys.stdin:
    path = Path(line.strip())
    try:
        picture = np.asarray(_decode_with(path, plugin))
        same = picture.shape == original.shape and np.array_equal(picture, original)
        print("same" if same else "wrong", flush=True)
    except BaseException:
        print("refused", flush=True)
"""


def safety(cases: int) -> dict[str, dict[str, dict[str, int]]]:
    """syntax -> decoder -> {refused, wrong, same, crashed} over ``cases`` damaged copies."""
    from tests.fuzz.mutate import fragment_damage

    out: dict[str, dict[str, dict[str, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for syntax, (seed, plugins) in SYNTAXES.items():
            original = (SEEDS / seed).read_bytes()
            rng = random.Random(seed)
            paths = []
            for k in range(cases):
                damaged = fragment_damage(original, rng)
                if damaged is None:
                    continue
                folder = Path(tmp) / f"{syntax}-{k}".replace(" ", "_")
                folder.mkdir()
                (folder / seed).write_bytes(damaged)
                paths.append(folder / seed)
            out[syntax] = {}
            reference = Path(tmp) / f"{syntax}-original".replace(" ", "_")
            reference.mkdir()
            shutil.copy(SEEDS / seed, reference / seed)
            for plugin in [p for p in plugins if _works(p, reference / seed)] + [VIEWER]:
                out[syntax][plugin] = _run_child(plugin, reference / seed, paths)
    return out


def _run_child(plugin: str, seed: Path, paths: list[Path]) -> dict[str, int]:
    counts = {"refused": 0, "wrong": 0, "same": 0, "crashed": 0}
    pending = list(paths)
    while pending:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(ROOT), plugin, str(seed)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdin and proc.stdout
        while pending:
            try:
                proc.stdin.write(f"{pending[0]}\n")
                proc.stdin.flush()
            except BrokenPipeError:
                break
            answer = proc.stdout.readline().strip()
            if not answer:
                break
            counts[answer] += 1
            pending.pop(0)
        else:
            proc.stdin.close()
            proc.wait()
            break
        proc.kill()
        proc.wait()
        counts["crashed"] += 1  # the case that took the process down
        pending.pop(0)
    return counts


# ----- a tree of compressed files -----------------------------------------------------------
def _copies(seed: Path, folder: Path, files: int) -> None:
    """``files`` slices of one series: the seed's pixels, each its own instance and place."""
    from pydicom import dcmread
    from pydicom.uid import generate_uid

    ds = dcmread(seed)
    position = [float(v) for v in ds.get("ImagePositionPatient", [0.0, 0.0, 0.0])]
    for k in range(files):
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [position[0] + 0.1 * k, position[1], position[2]]
        ds.save_as(folder / f"IM{k:05d}.dcm", enforce_file_format=True)


def tree(files: int, repeats: int) -> dict[str, tuple[float, float]]:
    """syntax -> (viewer CPU s, plain pydicom loop CPU s) decoding ``files`` files."""
    from pydicom.pixels import pixel_array

    from ilc_viewer.dicom.index import scan
    from ilc_viewer.study.pixels import _PLUGINS, FrameCache, SeriesVolume

    out = {}
    for syntax, (seed, _plugins) in SYNTAXES.items():
        with tempfile.TemporaryDirectory() as tmp:
            _copies(SEEDS / seed, Path(tmp), files)
            index = scan(tmp, workers=1)
            assert sum(len(s.images) for s in index.all_series()) == files
            paths = sorted(Path(tmp).glob("*.dcm"))
            uid = index.all_series()[0].images[0].transfer_syntax_uid
            plugin = _PLUGINS.get(uid, "pylibjpeg")
            ours, plain = [], []
            for _ in range(repeats):
                start = time.process_time()
                for series in index.all_series():
                    SeriesVolume(series, FrameCache(64 << 20)).preload(workers=1)
                ours.append(time.process_time() - start)
                start = time.process_time()
                for path in paths:
                    pixel_array(path, decoding_plugin=plugin)
                plain.append(time.process_time() - start)
            out[syntax] = (statistics.median(ours), statistics.median(plain))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--safety", type=int, default=0, help="damaged copies per syntax")
    parser.add_argument("--tree", type=int, default=0, help="files per syntax")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    result: dict = {"speed_ms_per_frame": speed(args.repeats)}
    print("CPU ms per 256 x 256 frame (median of interleaved runs):")
    for syntax, times in result["speed_ms_per_frame"].items():
        fastest = min(v for k, v in times.items() if k != VIEWER)
        cells = ", ".join(f"{k} {v:.2f} ({v / fastest:.2f}x)" for k, v in times.items())
        print(f"  {syntax}: {cells}")
    if args.safety:
        result["safety"] = safety(args.safety)
        print(f"Damaged streams ({args.safety} per syntax): refused / wrong / same / crashed")
        for syntax, by_plugin in result["safety"].items():
            cells = "; ".join(f"{k} {c['refused']}/{c['wrong']}/{c['same']}/{c['crashed']}"
                              for k, c in by_plugin.items())
            print(f"  {syntax}: {cells}")
    if args.tree:
        result["tree"] = tree(args.tree, max(1, args.repeats // 2))
        print(f"Decoding {args.tree} files, CPU s: viewer (checked, 1 thread) vs pydicom loop")
        for syntax, (ours, plain) in result["tree"].items():
            print(f"  {syntax}: {ours:.2f} vs {plain:.2f} ({ours / plain:.2f}x)")
    if args.json:
        print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
