"""What the doctor feels: one window change on three 512x512 panels, and time to first image.

1. Window change: for three 512x512 MR-like panels, the core function (stored values -> uint8,
   ``display.window_to_uint8``) plus building the QImage on its buffer, with a new window each
   time (as during a right-drag). Goal: <= 2 ms per panel. Also the full offscreen repaint of
   the three panes, and a plain float formula as the in-process baseline.
2. Start-up: time from process start to the first painted image of the sample study, against
   the floor of the stack (a script that imports numpy, pydicom and PySide6.QtWidgets and
   shows an empty window), started the same way in the same run (separate processes,
   interleaved, median of several). Goal: first image <= 1.3x the floor. ``--large N`` also
   times a real-like study of N files (tests/vendor_headers.py: CSA, private sequences,
   functional groups, Japanese names; series of 20), built in a temporary folder.
3. A 3000x3000 16-bit detector X-ray in the window: one window change (the core state set,
   the pane repainted), zoomed out to fit (windowed on a reduced pyramid level) and zoomed in
   (full resolution), against the same change with the pyramid switched off (every change
   windows and scales all nine million values), interleaved, CPU time of the process
   (``time.process_time``), median. Goal: <= 30 ms per window change.

    python benchmarks/bench_display.py [--repeats N] [--starts N] [--study PATH] [--large N]
    [--only window|startup|detector]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# The floor of the stack (issue 11): the libraries every image needs, and an empty window.
EMPTY_WINDOW = """
import sys
import numpy
import pydicom
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
app = QApplication(sys.argv[:1])
class Canvas(QWidget):
    def paintEvent(self, event):
        print("painted", flush=True)
        app.quit()
window = QMainWindow()
window.setCentralWidget(Canvas())
window.resize(1280, 720)
window.show()
app.exec()
"""

#: As ``ilc-viewer PATH`` starts (cli/window.py): the study's scan begins before the
#: window's modules load, and the window takes its result.
VIEWER = """
import sys
from ilc_viewer.open_study.early_scan import start_early_scan
early = start_early_scan(sys.argv[1])
from ilc_viewer.ui.app import build_window
app, window = build_window(sys.argv[1], early=early)
window.resize(1280, 720)
def done():
    print("painted", flush=True)
    app.quit()
window.firstImagePainted.connect(done)
window.loadFailed.connect(lambda message: (print("failed", message, flush=True), app.quit()))
window.show()
app.exec()
"""


def mr_like(seed: int) -> np.ndarray:
    """A 512x512 uint16 image with MR-like values (0..~3000, noisy body, dark air)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:512, 0:512]
    body = ((x - 256) / 200.0) ** 2 + ((y - 256) / 240.0) ** 2 < 1
    image = np.where(body, 900 + 600 * np.sin(x / 40.0) ** 2, 20) + rng.normal(0, 40, (512, 512))
    return np.clip(image, 0, 4095).astype(np.uint16)


def baseline(values: np.ndarray, window) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The float formula without a lookup table (what one writes first)."""
    c, w = window.center - 0.5, window.width - 1.0
    y = np.clip(((values.astype(np.float64) - c) / w + 0.5) * 255.0, 0.0, 255.0)
    return np.rint(y).astype(np.uint8)


def bench_window_change(repeats: int) -> None:
    """Per-panel time of one window change: core + QImage, and a full offscreen repaint."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ilc_viewer.display import Window, window_to_uint8
    from ilc_viewer.ui.scene_painter import to_qimage

    def render(values, window, invert):  # type: ignore[no-untyped-def]
        """The screen's display path: core windowing, then a QImage on its buffer."""
        return to_qimage(window_to_uint8(values, window, invert))

    QApplication.instance() or QApplication([])
    images = [mr_like(seed) for seed in range(3)]
    windows = [Window(center=1000.0 + k, width=1500.0 + 3 * k) for k in range(repeats)]

    def per_panel(func) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        times = []
        for window in windows:
            start = time.perf_counter()
            for image in images:
                func(image, window)
            times.append((time.perf_counter() - start) / len(images))
        return statistics.median(times) * 1e3, min(times) * 1e3

    keep = []
    core_med, core_best = per_panel(lambda v, w: keep.append(render(v, w, False)) or keep.pop())
    base_med, base_best = per_panel(baseline)
    print("Window change, three 512x512 panels (per panel, median / best of "
          f"{repeats} new windows):")
    print(f"  core + QImage          {core_med:7.3f} ms / {core_best:.3f} ms   (goal <= 2 ms)")
    print(f"  float formula baseline {base_med:7.3f} ms / {base_best:.3f} ms")
    print(f"  ratio core / baseline  {core_med / base_med:7.2f}")
    repaint = repaint_time(windows)
    print(f"  same, each pane repainted (picture + overlays) {repaint:7.3f} ms")


def repaint_time(windows: list) -> float:  # type: ignore[type-arg]
    """Median per-panel time of a window change painted as the window paints a pane.

    Each change goes through the window's real path on the bundled sample: three pane views
    (their size is printed), the core state's window set, each pane repainted (new grey
    levels placed on the pane, the overlays and labels of its scene drawn over them).
    """
    from PySide6.QtWidgets import QApplication

    from ilc_viewer.storage.resources import default_sample_study
    from ilc_viewer.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1800, 760)  # three panes of about 520x640
    window.show()
    window.opener.open_path(default_sample_study())
    while window.viewer.opened is None:
        QApplication.processEvents()
    views = [window.grid.panes[pane].view for pane in range(3)]
    for view in views:
        view.repaint()
    painted = []
    for view in views:
        view.painted.connect(lambda: painted.append(1))
    times = []
    for change in windows:
        start = time.perf_counter()
        for pane, view in enumerate(views):
            window.state.set_window(pane, change)
            view.repaint()
        times.append((time.perf_counter() - start) / 3)
    window.close()
    if len(painted) < 3 * len(windows):
        raise RuntimeError("the panes did not repaint every window change")
    print(f"  (pane size {views[0].width()}x{views[0].height()})")
    return statistics.median(times) * 1e3


def detector_image(size: int = 3000) -> Path:
    """A CR file of ``size`` x ``size`` 12-bit values (a smooth body with noise) in a temporary
    folder, written as a CR reader writes it (MONOCHROME1, Imager Pixel Spacing, VOI LUT)."""
    from ilc_viewer.samples import pictures
    from ilc_viewer.samples.dicom_writer import uid

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:size, 0:size] / size
    body = 1500 + 1200 * np.exp(-((x - 0.5) / 0.25) ** 2) * (0.8 + 0.2 * np.sin(y * 40))
    values = np.clip(body + rng.normal(0, 60, body.shape), 0, 4095).astype(np.uint16)
    folder = Path(tempfile.mkdtemp(prefix="ilc-bench-xray-"))
    ds = pictures.radiograph(values, pictures.Patient(uid("bench", "xray")), view="PA",
                             orientation=["L", "F"], spacing_mm=0.143, series_uid=uid(
                                 "bench", "xray", "series"), key="bench-xray",
                             window=(2100.0, 2000.0), lut_inputs=(900, 2600))
    pictures.write(ds, folder / "chest.dcm")
    return folder


def bench_detector(repeats: int) -> None:
    """Per-change CPU time of a window change on a 3000x3000 X-ray, pyramid on and off."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ilc_viewer.display import Window
    from ilc_viewer.open_study import pictures
    from ilc_viewer.ui.main_window import MainWindow

    QApplication.instance() or QApplication([])
    folder = detector_image()
    window = MainWindow()
    window.resize(1280, 900)
    window.show()
    window.opener.open_path(folder)
    while window.viewer.opened is None:
        QApplication.processEvents()
    view = window.grid.panes[0].view
    view.repaint()
    pyramid = pictures.level_for
    flat = lambda shape, magnification: 0  # noqa: E731 - every change at full resolution

    def change(k: int) -> float:
        start = time.process_time()
        window.state.set_window(0, Window(2000.0 + k, 1800.0 + 2 * k))
        view.repaint()
        return time.process_time() - start

    results: dict[str, list[float]] = {}
    for zoom in (1.0, 8.0):
        window.state.set_zoom(0, zoom)
        view.repaint()
        scene = view.scene()
        shown = scene.view.magnification if scene is not None and scene.view else 0.0
        on, off = [], []
        for k in range(repeats):  # interleaved: the machine's noise falls on both alike
            pictures.level_for = pyramid
            on.append(change(2 * k))
            pictures.level_for = flat
            off.append(change(2 * k + 1))
        pictures.level_for = pyramid
        name = "fitted" if zoom == 1.0 else "zoomed in"
        results[f"{name} ({shown:.2f} px/px)"] = [statistics.median(on) * 1e3,
                                                  statistics.median(off) * 1e3]
    window.close()
    print(f"Window change on a 3000x3000 16-bit X-ray (pane {view.width()}x{view.height()}, "
          f"CPU time, median of {repeats}, interleaved):")
    for name, (on_ms, off_ms) in results.items():
        print(f"  {name:24s} pyramid {on_ms:6.1f} ms   full resolution {off_ms:6.1f} ms   "
              f"ratio {on_ms / off_ms:5.2f}   (goal <= 30 ms)")
    print("  (zoomed in, the pyramid gives way to the full resolution: the same work)")


def start_time(code: str, args: list[str], env: dict[str, str]) -> float:
    """Seconds from starting a Python process until it prints that it painted.

    The clock stops at the printed line, not at process exit, so neither side is charged for
    shutting down (the viewer's exit takes longer than an empty window's).
    """
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    elapsed, seen = None, []
    for line in process.stdout:
        seen.append(line)
        if line.startswith("painted"):
            elapsed = time.perf_counter() - start
            break
    try:
        _, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    if elapsed is None:
        raise RuntimeError(f"no paint reported: {''.join(seen)} {err[-2000:]}")
    return elapsed


def bench_startup(study: Path, starts: int) -> None:
    """Median start-up to first painted image against an empty window."""
    # as on a user's machine: compiled modules cached (this workplace sets
    # PYTHONDONTWRITEBYTECODE, which would charge every start for compiling ours again)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "ilc_viewer", quiet=1)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    start_time(EMPTY_WINDOW, [], env)  # warm the disk cache for both
    start_time(VIEWER, [str(study)], env)
    empty, viewer = [], []
    for _ in range(starts):
        empty.append(start_time(EMPTY_WINDOW, [], env))
        viewer.append(start_time(VIEWER, [str(study)], env))
    e, v = statistics.median(empty), statistics.median(viewer)
    platform = env.get("QT_QPA_PLATFORM", "xcb (DISPLAY " + env.get("DISPLAY", "") + ")")
    files = sum(1 for p in study.rglob("*") if p.is_file())
    print(f"Start-up to first painted image ({platform}, median of {starts}):")
    print(f"  stack floor (numpy, pydicom, empty PySide6 window) {e * 1e3:7.0f} ms")
    print(f"  ILC Viewer, {study.name} ({files} files) {v * 1e3:7.0f} ms")
    print(f"  ratio viewer / floor   {v / e:7.2f}   (goal <= 1.3)")


def default_study() -> Path:
    """The bundled sample study, or a generated one in a temporary folder if it is missing."""
    from ilc_viewer.storage.resources import default_sample_study

    study = default_sample_study()
    if study.is_dir() and any(study.rglob("*")):
        return study
    from ilc_viewer.samples import generate

    out = Path(tempfile.mkdtemp(prefix="ilc-bench-"))
    print(f"(sample study missing: generating it in {out})")
    return generate(out, ["case_a"])[0]


def main() -> None:
    """Run both benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--study", type=Path, default=None)
    parser.add_argument("--only", choices=("window", "startup", "detector"), default=None)
    parser.add_argument("--large", type=int, default=0, help="files of a real-like study")
    args = parser.parse_args()
    if args.only in (None, "window"):
        bench_window_change(args.repeats)
    if args.only in (None, "detector"):
        bench_detector(max(5, args.repeats // 10))
    if args.only in (None, "startup"):
        bench_startup(args.study or default_study(), args.starts)
        if args.large:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.vendor_headers import FAST_VENDORS, write_tree

            with tempfile.TemporaryDirectory(prefix="ilc-bench-large-") as tmp:
                write_tree(Path(tmp) / "study", args.large, FAST_VENDORS, size=256)
                bench_startup(Path(tmp) / "study", args.starts)


if __name__ == "__main__":
    main()
