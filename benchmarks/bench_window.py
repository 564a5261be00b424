"""Time ``window_to_uint8`` on three 512x512 int16 images against a plain numpy baseline.

The baseline is what one would write without a lookup table: the PS3.3 C.11.2.1.2 linear
formula in float64 over every pixel, clipped and rounded to uint8. Both run in the same
process on the same images; the figure that matters is the ratio (lower is better).

    python benchmarks/bench_window.py [--repeats N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ilc_viewer.display import Window, window_to_uint8


def baseline(values: np.ndarray, window: Window) -> np.ndarray:
    """The float formula, no lookup table."""
    c, w = window.center - 0.5, window.width - 1.0
    y = np.clip(((values.astype(np.float64) - c) / w + 0.5) * 255.0, 0.0, 255.0)
    return np.rint(y).astype(np.uint8)


def best_time(func, images: list[np.ndarray], windows: list[Window], repeats: int) -> float:
    """Best of ``repeats`` runs of windowing all three images with a fresh window each run
    (as during a drag, so the lookup table is rebuilt every time)."""
    best = float("inf")
    for r in range(repeats):
        window = windows[r % len(windows)]
        start = time.perf_counter()
        for image in images:
            func(image, window)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    images = [rng.integers(-200, 4000, size=(512, 512)).astype(np.int16) for _ in range(3)]
    # Distinct windows so no run profits from a cached table built by an earlier run.
    windows = [Window(1000 + 3 * r, 1500 + 7 * r) for r in range(args.repeats)]
    for image in images:  # same result, so the comparison is fair
        assert np.array_equal(window_to_uint8(image, windows[0]), baseline(image, windows[0]))
    base = best_time(baseline, images, windows, args.repeats)
    ours = best_time(window_to_uint8, images, windows, args.repeats)
    cached = best_time(window_to_uint8, images, windows[:1], args.repeats)
    print(f"3 x 512x512 int16, best of {args.repeats}")
    print(f"  numpy float formula (baseline): {base * 1000:8.2f} ms")
    print(f"  window_to_uint8, new window:    {ours * 1000:8.2f} ms  ratio {ours / base:.2f}")
    print(f"  window_to_uint8, same window:   {cached * 1000:8.2f} ms  ratio {cached / base:.2f}")


if __name__ == "__main__":
    main()
