"""The fuzzer's worker process: runs ``ilc-viewer info --decode`` on each case it is sent.

Reads one JSON request per line on stdin (``{"case": folder, "seed": original file}``),
runs the command-line program in this process (``ilc_viewer.cli.main``, as the
``ilc-viewer`` script does) under a memory limit, then decodes every image of the damaged
file and compares it with the undamaged seed's pixels, and answers one JSON line on
stdout. A hang or a crash of this process is seen by the parent (:mod:`tests.fuzz.run`).
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import traceback
import warnings
from pathlib import Path

import numpy as np

#: Address space limit: a damaged header must never make us allocate gigabytes.
MEMORY_LIMIT = 3 << 30
_originals: dict[str, list[np.ndarray | None]] = {}


def _stored(path: str) -> list[np.ndarray | None]:
    """The undamaged seed's stored pixel values, frame by frame (pydicom's reading)."""
    if path not in _originals:
        from pydicom import dcmread

        ds = dcmread(path)
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        array = ds.pixel_array  # colour: RGB, as the viewer shows it
        if ds.get("PhotometricInterpretation") == "PALETTE COLOR":
            from pydicom.pixels import apply_color_lut

            array = apply_color_lut(array, ds)
        _originals[path] = [array] if frames == 1 else list(array)
    return _originals[path]


def _images_shown(case: str) -> list[tuple[str, int, np.ndarray | None, str | None]]:
    """(file, frame, stored values or None, damage) of every image the viewer indexes."""
    from ilc_viewer.dicom.index import scan
    from ilc_viewer.errors import DecodeError
    from ilc_viewer.study.pixels import FrameCache, SeriesVolume

    out = []
    for series in scan(case, workers=1).all_series():
        volume = SeriesVolume(series, FrameCache(64 << 20))
        for k, image in enumerate(series.images):
            try:
                values = np.asarray(volume.frame(k), dtype=np.float64)
                values = (values - image.rescale_intercept) / (image.rescale_slope or 1.0)
                out.append((image.source.display_name, image.frame or 0, values, None))
            except DecodeError as exc:
                out.append((image.source.display_name, image.frame or 0, None, str(exc)))
    return out


def _silent_wrong(seed: str, shown: list) -> list[str]:
    """Images shown as normal whose values differ from the undamaged seed's."""
    try:
        originals = _stored(seed)
    except Exception:
        return []
    wrong = []
    for name, frame, values, damage in shown:
        if values is None or damage is not None:
            continue
        original = originals[frame] if frame < len(originals) else None
        if original is None or original.shape != values.shape:
            wrong.append(f"{name} frame {frame}: shape {values.shape} instead of "
                         f"{None if original is None else original.shape}")
            continue
        differ = float(np.mean(np.abs(values - original.astype(np.float64)) > 0.5))
        if differ > 0.01:
            wrong.append(f"{name} frame {frame}: {differ:.0%} of pixels differ")
    return wrong


def _shown_damaged(case: str) -> bool | None:
    """Whether a slice the export shows cannot be shown (None: nothing to export)."""
    from ilc_viewer.errors import ViewerError
    from ilc_viewer.open_study.opened import open_path

    try:
        opened = open_path(Path(case))
    except ViewerError:
        return None
    return bool(opened.decode_failures())


def run_case(request: dict) -> dict:
    from ilc_viewer.cli import main

    out, err = io.StringIO(), io.StringIO()
    result: dict = {"case": request["case"]}
    with warnings.catch_warnings(), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        warnings.simplefilter("ignore")
        try:
            result["exit"] = main(["info", "--decode", "--json", request["case"]])
        except SystemExit as exc:
            result["exit"] = exc.code
        except BaseException:  # the point of fuzzing: any escape is a failure
            result["traceback"] = traceback.format_exc()
        if request.get("export"):
            # beside the case's folder: the export never writes into a study's folder
            target = str(Path(request["case"]).with_name("export.png"))
            try:
                result["export_exit"] = main(["export", request["case"], "--out", target])
            except SystemExit as exc:
                result["export_exit"] = exc.code
            except BaseException:
                result["traceback"] = traceback.format_exc()
            try:
                result["export_damaged"] = _shown_damaged(request["case"])
            except BaseException:
                result["traceback"] = result.get("traceback") or traceback.format_exc()
        try:
            result["silent_wrong"] = _silent_wrong(request["seed"], _images_shown(request["case"]))
        except BaseException:
            result["traceback"] = result.get("traceback") or traceback.format_exc()
    text = err.getvalue()
    if "Traceback (most recent call last)" in text:
        result["traceback"] = result.get("traceback") or text
    result["stderr"] = text[-400:]
    result["report"] = out.getvalue()[-20000:]
    result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def main() -> int:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    for line in sys.stdin:
        reply = run_case(json.loads(line))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
