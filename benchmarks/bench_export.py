"""Time the exports of the sample study against dcmtk's ``dcmj2pnm`` on the same images.

- PNG: the three panels (T1, T2, STIR at the middle slice) side by side at 2x, with
  annotations, captions, letters and scale bar, written as PNG. Each run starts with an empty
  frame cache, so decoding the three DICOM files is included, as it is for dcmj2pnm.
- Handout: the A4 PDF of the same view.
- Baseline: ``dcmj2pnm +on`` converting the same three files to PNG (plain 1x greyscale,
  one process per file, as a script or a user would run it), in the same run.

Study loading (the header scan) is done once before timing, for both. Prints medians and
the ratios (goal: PNG export <= 3x the dcmj2pnm time).

- Whole process (issue 11's figure): ``ilc-viewer export STUDY --out view.png`` as a new
  process (start-up, imports, header scan, decode, render, PNG) against the three
  ``dcmj2pnm`` processes, interleaved; wall time and CPU time of the child processes.

    python benchmarks/bench_export.py [--study sample_dicoms/case_a] [--repeats 10]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ilc_viewer.export import HandoutOptions, RenderOptions, render, save_image, write_handout
from ilc_viewer.open_study.opened import open_path
from ilc_viewer.storage.resources import default_sample_study

ROOT = Path(__file__).resolve().parent.parent
#: The floor of the stack for a PNG export: Python with numpy, pydicom and Pillow imported.
FLOOR = [sys.executable, "-c", "import numpy, pydicom, PIL.Image, PIL.PngImagePlugin"]


#: As on a user's machine: compiled modules are cached (this workplace sets
#: PYTHONDONTWRITEBYTECODE, which would charge every start for compiling ours again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT)


def median_time(func, repeats: int) -> float:
    """Median wall time of ``repeats`` calls (after one warm-up call)."""
    func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", default=str(default_sample_study()))
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    dcmj2pnm = shutil.which("dcmj2pnm")
    if dcmj2pnm is None:
        print("dcmj2pnm not found: install dcmtk (apt-get install dcmtk)", file=sys.stderr)
        return 1
    opened = open_path(args.study)
    state = opened.state
    panes = [p for p in state.visible_panes if state.panes[p].series is not None]
    files = [state.panes[p].image.source.path for p in panes]  # type: ignore[union-attr]
    out = Path(tempfile.mkdtemp(prefix="bench_export_"))
    options = RenderOptions(scale=2)

    def png() -> None:
        opened.frames.reset()  # decode the three files again, as dcmj2pnm does
        rendering = render(opened, panes, options)
        save_image(rendering.pixels, out / "view.png")

    def handout() -> None:
        opened.frames.reset()
        write_handout(out / "handout.pdf", opened, HandoutOptions(study_date=opened.study.date),
                      panes)

    def baseline() -> None:
        for k, path in enumerate(files):
            subprocess.run([dcmj2pnm, "+on", str(path), str(out / f"dcmtk_{k}.png")],
                           check=True, capture_output=True)

    compileall.compile_dir(ROOT / "ilc_viewer", quiet=1)
    whole, three, floor = [], [], []
    export_command = [sys.executable, "-m", "ilc_viewer", "export", args.study, "--out",
                      str(out / "whole.png"), "--scale", "2"]
    for rep in range(args.repeats + 1):
        for runs, job in ((whole, lambda: subprocess.run(export_command, check=True,
                                                          capture_output=True, cwd=ROOT,
                                                          env=ENV)),
                          (three, baseline),
                          (floor, lambda: subprocess.run(FLOOR, check=True, env=ENV))):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            job()
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if rep:
                runs.append((wall, cpu))
    w_wall, w_cpu = (statistics.median(r[k] for r in whole) for k in (0, 1))
    b_wall, b_cpu = (statistics.median(r[k] for r in three) for k in (0, 1))
    f_wall, f_cpu = (statistics.median(r[k] for r in floor) for k in (0, 1))
    print(f"stack floor (python importing numpy, pydicom, Pillow): {f_wall * 1000:6.0f} ms "
          f"wall, {f_cpu * 1000:6.0f} ms CPU = {f_cpu / b_cpu:5.2f}x the dcmj2pnm CPU; the "
          f"export is {w_cpu / f_cpu:5.2f}x the floor's CPU")
    print(f"whole process: ilc-viewer export PNG {w_wall * 1000:7.0f} ms wall, "
          f"{w_cpu * 1000:7.0f} ms CPU; 3 x dcmj2pnm {b_wall * 1000:6.0f} ms wall, "
          f"{b_cpu * 1000:6.0f} ms CPU; ratio wall {w_wall / b_wall:5.2f}, CPU "
          f"{w_cpu / b_cpu:5.2f}  (goal <= 3)")
    t_base = median_time(baseline, args.repeats)
    t_png = median_time(png, args.repeats)
    t_pdf = median_time(handout, max(3, args.repeats // 3))
    size = render(opened, panes, options).pixels.shape
    print(f"study: {args.study}; panels: {len(panes)}; PNG {size[1]}x{size[0]} px")
    print(f"dcmj2pnm, 3 files -> PNG : {t_base * 1000:8.1f} ms (baseline)")
    print(f"PNG export, 3 panels 2x  : {t_png * 1000:8.1f} ms  ratio {t_png / t_base:5.2f}"
          "  (goal <= 3)")
    print(f"handout PDF (A4)         : {t_pdf * 1000:8.1f} ms  ratio {t_pdf / t_base:5.2f}")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
