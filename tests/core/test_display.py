"""Window / level: the DICOM linear formula against pydicom, LUT vs float, presets, drag."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.dataset import Dataset
from pydicom.pixels import apply_windowing

from ilc_viewer.display import (
    Window,
    auto_window,
    default_window,
    histogram,
    series_presets,
    window_from_drag,
    window_to_uint8,
)
from ilc_viewer.study.model import ImageRef, ImageSource, Series, WindowValue

RNG = np.random.default_rng(20240601)


def pydicom_reference(values: np.ndarray, center: float, width: float) -> np.ndarray:
    """pydicom's PS3.3 linear windowing into 0..255, rounded: the reference we must match."""
    ds = Dataset()
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsStored = 8  # output range 0..255
    ds.PixelRepresentation = 0
    ds.WindowCenter = center
    ds.WindowWidth = width
    return np.rint(apply_windowing(values.copy(), ds)).astype(np.uint8)


WINDOWS = [(40.0, 400.0), (600.0, 1200.0), (0.0, 1.0), (-1000.5, 1.0), (10.0, 2.0),
           (123.4, 56.7), (30000.0, 70000.0), (-500.0, 3.0)]


@pytest.mark.parametrize(("center", "width"), WINDOWS)
@pytest.mark.parametrize("dtype", [np.int16, np.uint16, np.float32, np.float64, np.uint8,
                                   np.int32])
def test_matches_pydicom(dtype: type, center: float, width: float) -> None:
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    low, high = (max(info.min, -40000), min(info.max, 40000)) if info else (-3000.0, 3000.0)
    values = RNG.uniform(low, high, size=(64, 80)).astype(dtype)
    # Values right at the window's ends exercise the "<=" and ">" cases of the formula.
    w = Window(center, width)
    edges = np.array([w.low, w.low + 1, w.high, w.high + 1, center, center - 0.5])
    if info:
        edges = np.clip(np.round(edges), info.min, info.max)
    values.ravel()[: edges.size] = edges.astype(dtype)
    got = window_to_uint8(values, w)
    assert got.dtype == np.uint8 and got.shape == values.shape
    assert got.flags["C_CONTIGUOUS"]
    np.testing.assert_array_equal(got, pydicom_reference(values, center, width))


@pytest.mark.parametrize("dtype", [np.int16, np.uint16, np.int8, np.int32, np.int64])
def test_lut_path_equals_float_path(dtype: type) -> None:
    info = np.iinfo(dtype)
    values = RNG.integers(max(info.min, -5000), min(info.max, 5000), size=(50, 70),
                          endpoint=True).astype(dtype)
    for window in (Window(100, 800), Window(-20, 5), Window(0, 1)):
        for invert in (False, True):
            lut = window_to_uint8(values, window, invert)
            float_path = window_to_uint8(values.astype(np.float64), window, invert)
            np.testing.assert_array_equal(lut, float_path)


def test_signed_values_use_their_sign() -> None:
    # -1 and 65535 share their bits; a LUT indexed by the unsigned view must not confuse them.
    values = np.array([[-1, 0, 1, -32768, 32767]], dtype=np.int16)
    got = window_to_uint8(values, Window.from_range(-32768, 32767))
    in_value_order = list(got[0][[3, 0, 1, 2, 4]])  # -32768, -1, 0, 1, 32767
    assert in_value_order == sorted(in_value_order)
    assert got[0, 3] == 0 and got[0, 4] == 255 and 120 <= got[0, 1] <= 135


def test_invert() -> None:
    values = np.arange(0, 1000, dtype=np.uint16).reshape(25, 40)
    window = Window(500, 600)
    plain = window_to_uint8(values, window)
    inverted = window_to_uint8(values, window, invert=True)
    np.testing.assert_array_equal(inverted.astype(int), 255 - plain.astype(int))
    assert inverted[0, 0] == 255 and inverted[-1, -1] == 0


def test_extreme_windows() -> None:
    values = np.array([[-5, 0, 9, 10, 11, 1000]], dtype=np.int16)
    # Width 1 is a hard threshold at centre - 0.5.
    np.testing.assert_array_equal(window_to_uint8(values, Window(10.5, 1)),
                                  [[0, 0, 0, 0, 255, 255]])
    # A huge window keeps everything mid-grey; a far-away one makes all black or all white.
    huge = window_to_uint8(values, Window(0, 1e9))
    assert set(huge.ravel()) <= {127, 128}
    assert not window_to_uint8(values, Window(1e6, 10)).any()
    assert (window_to_uint8(values, Window(-1e6, 10)) == 255).all()


def test_float_nan_is_black_and_non_contiguous_input() -> None:
    values = np.array([[np.nan, 0.0, 100.0], [np.inf, -np.inf, 50.0]])
    got = window_to_uint8(values, Window(50, 100))
    assert got[0, 0] == 0 and got[1, 0] == 255 and got[1, 1] == 0
    big = RNG.integers(0, 4000, size=(40, 60)).astype(np.int16)
    view = big[::2, ::-3]  # strided, reversed: still windowed correctly
    np.testing.assert_array_equal(window_to_uint8(view, Window(2000, 3000)),
                                  window_to_uint8(np.ascontiguousarray(view), Window(2000, 3000)))
    assert window_to_uint8(view, Window(2000, 3000)).flags["C_CONTIGUOUS"]


def test_window_validation_and_range() -> None:
    with pytest.raises(ValueError):
        Window(40, 0.5)
    with pytest.raises(ValueError):
        Window(float("nan"), 100)
    w = Window.from_range(100, 300)
    values = np.array([99, 100, 300, 301], dtype=np.int16)
    assert list(window_to_uint8(values, w)) == [0, 0, 255, 255]
    assert w.low == pytest.approx(100) and w.high == pytest.approx(300)


def padded_image() -> np.ndarray:
    """A small bright 'spine' in a big frame: 80% zero padding, noisy air, tissue 300..900."""
    image = np.zeros((256, 256), dtype=np.int16)
    image[40:216, 70:186] = RNG.integers(5, 25, size=(176, 116))  # air noise inside the FOV
    image[80:180, 100:160] = RNG.integers(300, 900, size=(100, 60))  # tissue
    return image


def test_auto_window_ignores_black_border_and_air() -> None:
    image = padded_image()
    window = auto_window(image)
    assert 280 <= window.low <= 330
    assert 860 <= window.high <= 905
    # Naive percentiles over all pixels put black at the padding and waste the grey levels.
    naive_low = np.percentile(image, 1)
    assert naive_low == 0 and window.low > 200
    shown = window_to_uint8(image, window)
    tissue = shown[80:180, 100:160]
    assert tissue.min() < 20 and tissue.max() > 235  # tissue spans the full grey range


def test_auto_window_degenerate_images() -> None:
    assert auto_window(np.zeros((8, 8), dtype=np.uint16)).width >= 1
    assert auto_window(np.full((8, 8), 700.0)).width >= 1
    assert auto_window(np.array([[np.nan]])).width >= 1
    tiny = auto_window(np.linspace(0, 0.001, 100).reshape(10, 10))  # e.g. an ADC map in mm²/s
    assert tiny.width >= 1


def test_histogram_ignores_padding() -> None:
    image = padded_image()
    counts, edges = histogram(image, bins=64)
    assert counts.shape == (64,) and edges.shape == (65,)
    assert counts.sum() == np.count_nonzero(image)
    assert edges[0] >= 5
    counts, edges = histogram(np.full((4, 4), np.nan))
    assert counts.sum() == 0 and len(edges) == 129


def series_with(windows: tuple[WindowValue, ...], sequence: str = "T2", n: int = 5) -> Series:
    images = [
        ImageRef(source=ImageSource(path=f"/cd/{i}"), sop_instance_uid=str(i), rows=8,  # type: ignore[arg-type]
                 columns=8, windows=windows if i == n // 2 else (WindowValue(1, 1),))
        for i in range(n)
    ]
    return Series(key="s", series_uid="s", study_uid="t", modality="MR", images=images,
                  sequence=sequence)


def test_presets_from_multi_valued_dicom_windows() -> None:
    windows = (WindowValue(600, 1200, "NORMAL"), WindowValue(500, 800), WindowValue(400, 0),
               WindowValue(600, 1200, "duplicate"))
    presets = series_presets(series_with(windows), padded_image())
    dicom = [p for p in presets if p.source == "dicom"]
    # The middle image's values, named; the invalid width 0 and the duplicate are dropped.
    assert [(p.name, p.window) for p in dicom] == [("NORMAL", Window(600, 1200)),
                                                   ("Scanner 2", Window(500, 800))]
    assert [p.name for p in presets if p.source == "auto"] == ["Automatic"]
    names = [p.name for p in presets if p.source == "sequence"]
    assert "Fluid bright" in names and "Disc detail" in names


def test_sequence_presets_differ_by_sequence_and_are_ordered() -> None:
    image = padded_image()
    t2 = {p.name: p.window for p in series_presets(series_with((), "T2"), image)}
    stir = {p.name: p.window for p in series_presets(series_with((), "STIR"), image)}
    t1 = {p.name for p in series_presets(series_with((), "T1"), image)}
    assert "Oedema (high contrast)" in stir and "Anatomy" in t1
    # Fluid bright darkens soft tissue (higher black point) compared with disc detail.
    assert t2["Fluid bright"].low > t2["Disc detail"].low
    assert t2["Fluid bright"].high > t2["Disc detail"].high
    # The oedema preset is narrower and brighter-floored than the automatic window.
    assert stir["Oedema (high contrast)"].low > stir["Automatic"].low


def test_default_window_uses_sane_dicom_else_auto() -> None:
    image = padded_image()
    good = series_with((WindowValue(600, 700),))
    assert default_window(good, image) == Window(600, 700)
    # Stored in the wrong units (far outside the image values): automatic instead.
    wrong = series_with((WindowValue(40000, 400),))
    assert default_window(wrong, image) == auto_window(image)
    none = series_with(())
    assert default_window(none, image) == auto_window(image)
    # A bad first value does not hide a good second one.
    mixed = series_with((WindowValue(40000, 400), WindowValue(550, 600)))
    assert default_window(mixed, image) == Window(550, 600)


def test_window_from_drag_directions() -> None:
    start = Window(500, 400)
    right = window_from_drag(start, 50, 0)
    left = window_from_drag(start, -50, 0)
    down = window_from_drag(start, 0, 50)
    up = window_from_drag(start, 0, -50)
    assert right.width > start.width > left.width and right.center == start.center
    assert down.center > start.center > up.center and down.width == start.width
    # Dragging up makes the image brighter (lower centre): a mid value gets lighter.
    mid = np.array([500], dtype=np.int16)
    assert window_to_uint8(mid, up)[0] > window_to_uint8(mid, start)[0]
    # Speed proportional to the current width: the same drag moves a wide window further.
    wide = Window(500, 4000)
    assert (window_from_drag(wide, 0, 10).center - wide.center) == pytest.approx(
        10 * (window_from_drag(start, 0, 10).center - start.center))
    # Never below width 1, however far one drags.
    assert window_from_drag(Window(10, 1), -10_000, 0).width >= 1
    # Drag out and back returns to the start.
    back = window_from_drag(window_from_drag(start, 80, 0), -80, 0)
    assert back.width == pytest.approx(start.width)


def test_large_images_get_their_window_from_an_even_sample_of_pixels() -> None:
    from ilc_viewer.display import window as window_module

    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:1024, 0:1024]
    body = ((x - 512) / 420.0) ** 2 + ((y - 512) / 480.0) ** 2 < 1
    image = np.where(body, 800 + 0.6 * x + rng.normal(0, 50, x.shape), 10).astype(np.uint16)
    assert image.size > 4 * window_module.MAX_SAMPLES
    sampled = window_module.auto_window(image)
    tissue = image[image > 10].astype(float)
    tissue = tissue[tissue > tissue.min() + 0.05 * (np.percentile(tissue, 99.5) - tissue.min())]
    low, high = np.percentile(tissue, [1.0, 99.5])
    exact = Window.from_range(low, high)
    assert abs(sampled.center - exact.center) < 0.01 * exact.width
    assert abs(sampled.width - exact.width) < 0.01 * exact.width
    assert window_module._sample(image).size <= window_module.MAX_SAMPLES
